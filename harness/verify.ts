/**
 * `--verify`: reruns every trial of a run store from its manifest (params, seed, and the backend
 * it records, or the one `--backend` names) into a scratch store and compares. On the same
 * backend metrics.csv must be byte-identical and outputs, observations and verdicts equal; across
 * backends (only when asked) the metrics must agree within float32 tolerance. A trial that cannot
 * be verified — corrupt, from an experiment this code lacks, or failing to rerun — is named and
 * counts against the store.
 */
import { join } from "node:path";
import type { Backend } from "../kernels/backend.ts";
import type { BackendName } from "../kernels/select.ts";
import { type Catalog, codeHashOf, findExperiment } from "./catalog.ts";
import type { Json, MetricRow } from "./experiment.ts";
import type { Manifest, TrialResult } from "./records.ts";
import { runTrial, runTrialBatch } from "./runner.ts";
import { RunStore, type TrialFiles } from "./store.ts";
import { parseMetricsCsv } from "./trial_files.ts";
import { jsonEqual } from "./verdict.ts";

/** Relative difference allowed between float32 and float64 runs of the same trial. */
export const CROSS_BACKEND_TOLERANCE = 1e-3;

export type VerifyOutcome = "identical" | "within" | "differs" | "unverifiable";

export interface VerifyLine {
  experiment: string;
  trialKey: string;
  outcome: VerifyOutcome;
  detail: string;
}

/** Largest relative difference between two metric tables of the same columns and length. */
export function metricsDifference(a: readonly MetricRow[], b: readonly MetricRow[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((row, i) => {
    const other = b[i];
    if (Object.keys(row).length !== Object.keys(other).length) worst = Infinity;
    for (const [k, v] of Object.entries(row)) {
      const w = other[k];
      if (typeof v !== "number" || typeof w !== "number") {
        if (v !== w) worst = Infinity;
        continue;
      }
      if (Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w))) continue;
      const d = Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w), 1e-12);
      worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
    }
  });
  return worst;
}

/** A group of stored trials to rerun together: one trial, or a batch's stored members. */
interface Unit {
  experiment: string;
  trials: { key: string; files: TrialFiles }[];
}

/** Opens each backend once, on first use. */
class Backends {
  #open = new Map<string, Backend>();
  constructor(readonly open: (name: BackendName) => Promise<Backend>) {}
  async get(name: BackendName): Promise<Backend> {
    let b = this.#open.get(name);
    if (!b) {
      b = await this.open(name);
      this.#open.set(name, b);
    }
    return b;
  }
  destroy(): void {
    for (const b of this.#open.values()) b.destroy();
  }
}

/**
 * Verifies the store at `root` (experiments `ids`, or all). `backend`, when given, reruns every
 * trial there instead of on the backend its manifest records. Returns one line per trial.
 */
export async function verifyStore(
  catalog: Catalog,
  root: string,
  ids: readonly string[],
  opts: {
    backend?: BackendName;
    open: (name: BackendName) => Promise<Backend>;
    say: (line: string) => void;
  },
): Promise<VerifyLine[]> {
  const store = new RunStore(root);
  const lines: VerifyLine[] = [];
  const report = (line: VerifyLine) => {
    const tag = { identical: "ok", within: "ok", differs: "MISMATCH", unverifiable: "UNVERIFIED" }[
      line.outcome
    ];
    opts.say(`${tag} ${line.experiment} ${line.trialKey}: ${line.detail}`);
    lines.push(line);
  };
  const units: Unit[] = [];
  const readable = new Map<string, TrialFiles>();
  for (const [exp, key] of store.listTrials(ids)) {
    const read = store.readTrial(exp, key);
    if (read.kind === "ok") readable.set(`${exp}/${key}`, read.files);
    else if (read.kind === "corrupt") {
      report({
        experiment: exp,
        trialKey: key,
        outcome: "unverifiable",
        detail: `corrupt: ${read.problems.join("; ")}`,
      });
    }
  }
  const seen = new Set<string>();
  for (const [id, files] of readable) {
    if (seen.has(id)) continue;
    const exp = files.manifest.experiment;
    const keys = files.manifest.batch?.filter((k) => readable.has(`${exp}/${k}`)) ??
      [files.manifest.trialKey];
    for (const k of keys) seen.add(`${exp}/${k}`);
    units.push({
      experiment: exp,
      trials: keys.map((key) => ({ key, files: readable.get(`${exp}/${key}`)! })),
    });
  }
  // Scratch space inside the store, where the task may write; removed at the end.
  const scratch = new RunStore(join(root, `.verify-${Deno.pid}`));
  const backends = new Backends(opts.open);
  try {
    for (const unit of units) {
      for (const line of await verifyUnit(catalog, unit, scratch, backends, opts.backend)) {
        report(line);
      }
    }
  } finally {
    backends.destroy();
    await Deno.remove(scratch.root, { recursive: true }).catch(() => {});
  }
  return lines;
}

async function verifyUnit(
  catalog: Catalog,
  unit: Unit,
  scratch: RunStore,
  backends: Backends,
  override: BackendName | undefined,
): Promise<VerifyLine[]> {
  const entry = findExperiment(catalog, unit.experiment);
  const unverifiable = (detail: string) =>
    unit.trials.map(({ key }): VerifyLine => ({
      experiment: unit.experiment,
      trialKey: key,
      outcome: "unverifiable",
      detail,
    }));
  if (!entry) return unverifiable("no such experiment in this code");
  const first = unit.trials[0].files.manifest;
  const backend = await backends.get(override ?? first.backend);
  const hash = codeHashOf(entry);
  const trials = unit.trials.map(({ key, files }) => ({
    experiment: unit.experiment,
    params: files.manifest.params,
    seed: files.manifest.seed,
    key,
    configHash: files.manifest.configHash,
  }));
  const runner = {
    store: scratch,
    backend,
    force: true,
    codeHash: hash,
    profile: first.profile,
    plan: first.plan,
  };
  try {
    if (trials.length > 1 && entry.experiment.batch) {
      await runTrialBatch(entry.experiment, trials, runner);
    } else {
      for (const t of trials) await runTrial(entry.experiment, t, runner);
    }
  } catch (e) {
    return unverifiable(`rerun failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return unit.trials.map(({ key, files }) => {
    const rerun = scratch.readTrial(unit.experiment, key);
    if (rerun.kind !== "ok") {
      return {
        experiment: unit.experiment,
        trialKey: key,
        outcome: "unverifiable",
        detail: "the rerun wrote no readable trial",
      };
    }
    return compareTrial(unit, key, files, rerun.files, backend.name, hash);
  });
}

/** Claims as compared: each claim's id, observation and verdict (a timed claim: its id). */
function claimsOf(r: TrialResult): Json {
  return r.claims.map((c): Json =>
    c.timed ? { id: c.id } : { id: c.id, observed: c.observed, verdict: c.verdict }
  );
}

/** Outputs without their wall-clock measurements (fields named `timing` or `timings`). */
export function withoutTimings(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutTimings);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).filter(([k]) => k !== "timing" && k !== "timings").map((
        [k, x],
      ) => [k, withoutTimings(x)]),
    );
  }
  return v;
}

function compareTrial(
  unit: Unit,
  key: string,
  stored: TrialFiles,
  rerun: TrialFiles,
  backend: string,
  hash: string,
): VerifyLine {
  const m: Manifest = stored.manifest;
  const notes = (hash === m.codeHash ? "" : " (the code changed since this run)") +
    (m.batch === undefined
      ? ""
      : unit.trials.length === m.batch.length
      ? ` (rerun in its batch of ${unit.trials.length})`
      : ` (ran in a batch of ${m.batch.length}, rerun with the ${unit.trials.length} in the store)`);
  const line = (outcome: VerifyOutcome, detail: string): VerifyLine => ({
    experiment: unit.experiment,
    trialKey: key,
    outcome,
    detail: detail + notes,
  });
  const diff = metricsDifference(stored.metrics, parseMetricsCsv(rerun.texts.metrics));
  if (backend === m.backend) {
    if (stored.texts.metrics !== rerun.texts.metrics) {
      return line(
        "differs",
        `metrics differ: largest relative difference ${diff.toExponential(2)}`,
      );
    }
    if (!jsonEqual(withoutTimings(stored.result.outputs), withoutTimings(rerun.result.outputs))) {
      return line("differs", "outputs differ");
    }
    if (!jsonEqual(claimsOf(stored.result), claimsOf(rerun.result))) {
      return line("differs", "claims differ (observed value or verdict)");
    }
    return line("identical", `identical on ${backend}`);
  }
  const ok = diff <= CROSS_BACKEND_TOLERANCE;
  return line(
    ok ? "within" : "differs",
    `${m.backend} vs ${backend}: largest relative difference ${diff.toExponential(2)} ` +
      `(tolerance ${CROSS_BACKEND_TOLERANCE})`,
  );
}
