/**
 * What the page's bundle does (web/page.ts is its entry): in a page, the API the panel
 * (reports/assets/run.js) drives as `globalThis.labRun`; in a worker, running the trials the page
 * sends it.
 *
 * A trial runs in a dedicated worker made from the bundle's own source (a blob: URL, which
 * file:// pages may start), so the page stays responsive and its charts fill while the trial
 * computes; where a worker cannot be had it runs in the page. Either way it is web/trial.ts
 * `runPageTrial`: the module's `run` with the seeded context, on the WebGPU backend where the
 * browser has an adapter (else the cpu backend), its claims judged there.
 */
import { catalog } from "../experiments/index.ts";
import { applies } from "../harness/claims.ts";
import type { Experiment, MetricRow, Params } from "../harness/experiment.ts";
import { defaults, describe, parseValue } from "../harness/params.ts";
import type { ClaimResult } from "../harness/records.ts";
import { isReproduced, VERDICT_WORDS } from "../harness/verdict.ts";
import type { AdapterFacts, Backend } from "../kernels/backend.ts";
import { openBackend } from "../kernels/select.ts";
import { buildChartSpec, describeChart } from "../reports/chart_specs.ts";
import { checkWords, readable } from "../reports/html.ts";
import type { ChartTrial } from "../reports/spec_common.ts";
import { describeAdapter } from "../reports/tables.ts";
import { type PageOutcome, runPageTrial, type Setup, setups } from "./trial.ts";

/** Which backend a reader asks for: WebGPU where the browser has it, else cpu ("auto"). */
export type BackendChoice = "auto" | "webgpu" | "cpu";

/** A run the panel asks for: param values as typed, the seed, the backend. */
export interface RunRequest {
  id: string;
  params: Params;
  seed: number;
  backend: BackendChoice;
}

/** The backend a run got, for the panel's status line. */
export interface BackendReport {
  name: "webgpu" | "cpu";
  adapter: AdapterFacts | null;
  /** "Google SwiftShader, vendor google" or "none (cpu backend)". */
  adapterText: string;
  /** Why "auto" fell back to the cpu backend, if it did. */
  notice?: string;
  /** Where the trial runs: a worker, or the page itself. */
  thread: "worker" | "page";
}

/** What the panel hears while a run goes on. */
export interface RunCallbacks {
  onBackend(b: BackendReport): void;
  onRows(rows: MetricRow[]): void;
  onDone(outcome: PageOutcome): void;
  onError(message: string): void;
}

/** A claim's row in the page's live claims table. */
export interface ClaimRow {
  id: string;
  text: string;
  expected: string;
  observed: string;
  verdict: string;
  verdictWords: string;
  pass: boolean;
  reproduced: boolean;
  /** The claim is declared not to reproduce in this arithmetic (with its reason). */
  declared?: string;
  note?: string;
  error?: string;
}

/** A chart as the page draws it: its declaration's name and kind, title, spec, description. */
export interface PageChart {
  name: string;
  kind: string;
  title: string;
  description: string;
  spec: unknown;
}

const experiments = new Map<string, Experiment>(
  catalog.entries.map((e) => [e.experiment.id, e.experiment]),
);

function experimentOf(id: string): Experiment {
  const exp = experiments.get(id);
  if (!exp) throw new Error(`no experiment ${id} in this bundle`);
  return exp;
}

const message = (e: unknown) => e instanceof Error ? e.message : String(e);

/** The backend as the status line names it. */
function backendReport(b: Backend, notice: string | undefined, thread: "worker" | "page") {
  const report: BackendReport = {
    name: b.name,
    adapter: b.adapter,
    adapterText: b.adapter ? describeAdapter(b.adapter) : "none (cpu backend, float64)",
    thread,
  };
  if (notice !== undefined) report.notice = notice;
  return report;
}

/** Opens the backend a run asks for; "auto" falls back to cpu, with the notice. */
async function open(choice: BackendChoice): Promise<{ backend: Backend; notice?: string }> {
  let notice: string | undefined;
  const backend = await openBackend(choice === "auto" ? undefined : choice, (line) => {
    notice = line.replace(/^notice: /, "");
  });
  return { backend, notice };
}

/** Rows go to the page at most every `every` ms (and all at the end): a message per row is slow. */
function rowBatcher(send: (rows: MetricRow[]) => void, every = 100) {
  let pending: MetricRow[] = [];
  let last = 0;
  return {
    add(row: MetricRow) {
      pending.push({ ...row });
      const now = performance.now();
      if (now - last >= every) this.flush(now);
    },
    flush(now = performance.now()) {
      last = now;
      if (pending.length === 0) return;
      send(pending);
      pending = [];
    },
  };
}

/** Runs a request in this thread, reporting to `cb`. */
async function runHere(
  req: RunRequest,
  cb: RunCallbacks,
  thread: "worker" | "page",
): Promise<void> {
  try {
    const exp = experimentOf(req.id);
    const { backend, notice } = await open(req.backend);
    cb.onBackend(backendReport(backend, notice, thread));
    const rows = rowBatcher((r) => cb.onRows(r));
    const outcome = await runPageTrial(
      exp,
      { params: req.params, seed: req.seed },
      backend,
      (row) => rows.add(row),
    );
    rows.flush();
    cb.onDone(outcome);
  } catch (e) {
    cb.onError(message(e));
  }
}

// --- In a worker ------------------------------------------------------------------------------

/** The little of a worker's global scope used here. */
export interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: WorkerRequest }) => void) | null;
}

/** What the page sends a worker: the run, and the data files its scripts registered. */
interface WorkerRequest {
  run: RunRequest;
  data: Record<string, string>;
}

/** What a worker sends back: one callback's name and its argument. */
type WorkerMessage =
  | { kind: "backend"; value: BackendReport }
  | { kind: "rows"; value: MetricRow[] }
  | { kind: "done"; value: PageOutcome }
  | { kind: "error"; value: string };

/** Serves the runs a page sends this worker. */
export function serveInWorker(scope: WorkerScope): void {
  const post = (m: WorkerMessage) => scope.postMessage(m);
  scope.onmessage = (e) => {
    (globalThis as { labData?: Record<string, string> }).labData = e.data.data;
    void runHere(e.data.run, {
      onBackend: (value) => post({ kind: "backend", value }),
      onRows: (value) => post({ kind: "rows", value }),
      onDone: (value) => post({ kind: "done", value }),
      onError: (value) => post({ kind: "error", value }),
    }, "worker");
  };
}

// --- In the page ------------------------------------------------------------------------------

/** The global functions the bundles are wrapped in (web/build.ts): a worker is made of them. */
interface BundleGlobals {
  labBundle?: () => void;
  labH5wasmBundle?: () => void;
  labData?: Record<string, string>;
}

/** A running trial: `stop` ends a worker's run (a run in the page cannot be stopped). */
export interface RunHandle {
  thread: "worker" | "page";
  stop(): void;
}

/**
 * Starts a run in a worker made of the bundles' sources, or in the page when no worker can be
 * made (no Worker, no blob: URLs, or `inPage`).
 */
export function start(req: RunRequest, cb: RunCallbacks, inPage = false): RunHandle {
  const g = globalThis as BundleGlobals;
  let worker: Worker | undefined;
  if (!inPage && typeof Worker === "function" && typeof g.labBundle === "function") {
    try {
      const parts = [];
      if (typeof g.labH5wasmBundle === "function") {
        parts.push(`${g.labH5wasmBundle.toString()}\nlabH5wasmBundle();\n`);
      }
      parts.push(`globalThis.labWorker = true;\n${g.labBundle.toString()}\nlabBundle();\n`);
      const url = URL.createObjectURL(new Blob(parts, { type: "text/javascript" }));
      worker = new Worker(url, { type: "classic" });
      URL.revokeObjectURL(url);
    } catch {
      worker = undefined;
    }
  }
  if (!worker) {
    void runHere(req, cb, "page");
    return { thread: "page", stop() {} };
  }
  const w = worker;
  let over = false;
  const end = () => {
    over = true;
    w.terminate();
  };
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    if (over) return;
    const m = e.data;
    if (m.kind === "backend") cb.onBackend(m.value);
    else if (m.kind === "rows") cb.onRows(m.value);
    else if (m.kind === "done") {
      end();
      cb.onDone(m.value);
    } else {
      end();
      cb.onError(m.value);
    }
  };
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    if (over) return;
    end();
    cb.onError(e.message || "the worker stopped");
  };
  w.postMessage({ run: req, data: g.labData ?? {} } satisfies WorkerRequest);
  return { thread: "worker", stop: end };
}

/** What the panel needs to know of an experiment: its params, setups and charts. */
export function experimentInfo(id: string): {
  id: string;
  title: string;
  params: Experiment["params"];
  setups: Setup[];
  charts: { name: string; kind: string; title: string }[];
} | null {
  const exp = experiments.get(id);
  if (!exp) return null;
  return {
    id,
    title: exp.title,
    params: exp.params,
    setups: setups(exp),
    charts: exp.charts.map((c) => ({ name: c.name, kind: c.kind, title: c.title })),
  };
}

/**
 * The params typed in the panel, read as `--set NAME=VALUE` reads them (harness/params.ts):
 * the values, or one message per bad input.
 */
export function parseParams(
  id: string,
  texts: Record<string, string>,
): { params: Params; errors: string[] } {
  const exp = experimentOf(id);
  const params = defaults(exp.params);
  const errors: string[] = [];
  for (const [name, spec] of Object.entries(exp.params)) {
    const text = texts[name];
    if (text === undefined) continue;
    try {
      params[name] = parseValue(id, name, spec, String(text));
    } catch (e) {
      errors.push(message(e));
    }
  }
  return { params, errors };
}

/** A param's accepted values in words (the input's hint). */
export function paramHint(id: string, name: string): string {
  const spec = experimentOf(id).params[name];
  return spec ? `${spec.doc} (${describe(spec)})` : "";
}

/** The trial as the chart builders take it (reports/spec_common.ts ChartTrial). */
export interface LiveTrial {
  params: Params;
  seed: number;
  rows: readonly MetricRow[];
  status?: PageOutcome["status"];
  outputs?: PageOutcome["outputs"];
  backend?: string;
  divergedAt?: number;
}

/**
 * The experiment's charts over the one trial of the page, built by the report's own builders
 * (reports/chart_specs.ts), each with its description in the spec as the site puts it. Charts
 * drawn from outputs wait for the outputs (`only` picks charts by kind while rows stream in).
 */
export function charts(id: string, trial: LiveTrial, only?: readonly string[]): PageChart[] {
  const exp = experimentOf(id);
  const t: ChartTrial = {
    key: "this-browser",
    params: trial.params,
    seed: trial.seed,
    status: trial.status ?? "ok",
    rows: trial.rows,
    backend: trial.backend,
  };
  if (trial.outputs !== undefined) t.outputs = trial.outputs;
  if (trial.divergedAt !== undefined) t.divergedAt = trial.divergedAt;
  const dflt = defaults(exp.params);
  return exp.charts.filter((c) => !only || only.includes(c.kind)).map((c) => {
    const description = describeChart(c, [t]);
    let spec: unknown;
    try {
      spec = { ...buildChartSpec(c, [t], dflt) as object, description };
    } catch (e) {
      spec = null;
      return { name: c.name, kind: c.kind, title: c.title, description: message(e), spec };
    }
    return { name: c.name, kind: c.kind, title: c.title, description, spec };
  });
}

/** The rows of the live claims table: each judged claim in words, as the site states it. */
export function claimRows(claims: readonly ClaimResult[]): ClaimRow[] {
  return claims.map((c) => {
    const row: ClaimRow = {
      id: c.id,
      text: c.text,
      expected: checkWords(c.check, c.expected, c.tolerance),
      observed: readable(c.observed),
      verdict: c.verdict,
      verdictWords: VERDICT_WORDS[c.verdict],
      pass: c.pass,
      reproduced: isReproduced(c.verdict),
    };
    if (c.diverges) row.declared = c.diverges.reason;
    if (c.note !== undefined) row.note = c.note;
    if (c.error !== undefined) row.error = c.error;
    return row;
  });
}

/** The claims of an experiment that a trial with these params does not judge (their `when`). */
export function claimsNotApplying(id: string, params: Params): { id: string; text: string }[] {
  const exp = experimentOf(id);
  return exp.claims.filter((c) => !applies(c, params)).map((c) => ({ id: c.id, text: c.text }));
}

/** The page's API (`globalThis.labRun`). */
export const api = {
  experimentInfo,
  parseParams,
  paramHint,
  start,
  charts,
  claimRows,
  claimsNotApplying,
};
