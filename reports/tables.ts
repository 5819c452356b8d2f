/**
 * The tables a page shows, as plain data shared by the markdown and HTML writers: claims (one
 * row per claim per trial it was measured on), the sweep (one row per trial), the run's facts and
 * the scoreboard figures.
 */
import type { Json, Params, ParamValue, Tolerance } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";
import { formatNumber } from "./format.ts";
import { finalValues, numericColumns } from "./metrics.ts";
import type { ExperimentData, Trial } from "./runstore.ts";

/** One claim as measured on one trial (or not measured at all: `trial` null). */
export interface ClaimRow {
  id: string;
  text: string;
  source: string;
  expected: Json;
  /** The bound applied on that trial; unmeasured rows show the record's (maybe per arithmetic). */
  tolerance?: Tolerance;
  /** The trial key it was measured on; null when no finished trial measured it. */
  trial: string | null;
  observed?: Json;
  /** null when not measured. */
  pass: boolean | null;
}

/** Claims in the record's order, each followed by its measurements in trial order. */
export function claimRows(exp: ExperimentData): ClaimRow[] {
  const ids = exp.record.claims.map((c) => c.id);
  for (const t of exp.trials) {
    for (const c of t.result.claims) if (!ids.includes(c.id)) ids.push(c.id);
  }
  const rows: ClaimRow[] = [];
  for (const id of ids) {
    const declared = exp.record.claims.find((c) => c.id === id);
    const measured = exp.trials.flatMap((t) =>
      t.result.claims.filter((c) => c.id === id).map((c) => ({ trial: t.key, claim: c }))
    );
    if (measured.length === 0 && declared) {
      rows.push({ ...staticPart(declared, declared.tolerance), trial: null, pass: null });
    }
    for (const { trial, claim } of measured) {
      // The lecture's words come from the record when it has them: one wording per claim.
      const base = staticPart(declared ?? claim, claim.tolerance ?? declared?.tolerance);
      rows.push({ ...base, trial, observed: claim.observed, pass: claim.pass === true });
    }
  }
  return rows;
}

function staticPart(
  c: { id: string; text: string; source: string; expected: Json },
  tolerance: Tolerance | undefined,
): Omit<ClaimRow, "trial" | "pass"> {
  const part: Omit<ClaimRow, "trial" | "pass"> = {
    id: c.id,
    text: c.text,
    source: c.source,
    expected: c.expected,
  };
  if (tolerance !== undefined) part.tolerance = tolerance;
  return part;
}

/** A tolerance as the claims table shows it: "1e-6", or "float32 1e-4, float64 1e-9". */
export function formatTolerance(tolerance: Tolerance | undefined): string {
  if (tolerance === undefined) return "—";
  if (typeof tolerance === "number") return formatNumber(tolerance);
  return `float32 ${formatNumber(tolerance.float32)}, float64 ${formatNumber(tolerance.float64)}`;
}

/** Claim counts for the scoreboard. */
export interface ClaimTally {
  /** Distinct claims. */
  claims: number;
  /** Claims measured on at least one trial and passing on every trial that measured them. */
  reproduced: number;
  /** Measurements (claim × trial) and how many passed. */
  checks: number;
  passed: number;
}

/** Counts claims reproduced and checks passed. */
export function claimTally(rows: readonly ClaimRow[]): ClaimTally {
  const byClaim = new Map<string, boolean[]>();
  for (const r of rows) {
    const list = byClaim.get(r.id) ?? [];
    if (r.pass !== null) list.push(r.pass);
    byClaim.set(r.id, list);
  }
  let reproduced = 0;
  for (const passes of byClaim.values()) {
    if (passes.length > 0 && passes.every((p) => p)) reproduced++;
  }
  const measured = rows.filter((r) => r.pass !== null);
  return {
    claims: byClaim.size,
    reproduced,
    checks: measured.length,
    passed: measured.filter((r) => r.pass).length,
  };
}

/** One trial in the sweep table. */
export interface SweepRow {
  key: string;
  params: Params;
  seed: number;
  finals: Record<string, number | string>;
  status: TrialStatus;
  seconds: number;
}

/** The sweep comparison: which params vary, which metrics have a final value, the best trial. */
export interface SweepTable {
  paramColumns: string[];
  metricColumns: string[];
  rows: SweepRow[];
  /** The trial with the lowest finite final `cost`, when a cost column exists. */
  bestKey: string | null;
}

/** Builds the sweep table: one row per trial, params shown only where trials differ. */
export function sweepTable(exp: ExperimentData): SweepTable {
  const trials = exp.trials;
  const paramNames = unique(trials.flatMap((t) => Object.keys(t.manifest.params)));
  const paramColumns = paramNames.filter((p) =>
    new Set(trials.map((t) => JSON.stringify(t.manifest.params[p] ?? null))).size > 1
  );
  const metricColumns = unique(trials.flatMap((t) => numericColumns(t.metrics)));
  const rows = trials.map((t) => ({
    key: t.key,
    params: t.manifest.params,
    seed: t.manifest.seed,
    finals: finalValues(t.metrics),
    status: t.manifest.status,
    seconds: t.manifest.seconds,
  }));
  return { paramColumns, metricColumns, rows, bestKey: bestByCost(rows) };
}

function bestByCost(rows: readonly SweepRow[]): string | null {
  let best: SweepRow | null = null;
  for (const row of rows) {
    const cost = row.finals.cost;
    if (typeof cost !== "number" || !Number.isFinite(cost) || row.status !== "ok") continue;
    if (best === null || cost < (best.finals.cost as number)) best = row;
  }
  return best?.key ?? null;
}

/** A param value as a table shows it. */
export function formatParam(value: ParamValue | undefined): string {
  return value === undefined ? "—" : String(value);
}

/** One labelled fact about how the trials ran (distinct values across trials joined). */
export interface Fact {
  label: string;
  value: string;
}

/** Backend, adapter, Deno, OS, git and timing facts, each listing every distinct value. */
export function experimentFacts(exp: ExperimentData): Fact[] {
  const ms = exp.trials.map((t) => t.manifest);
  const distinct = (f: (t: Trial) => string) => unique(exp.trials.map(f)).join("; ") || "—";
  const started = ms.map((m) => m.started).filter(Boolean).sort();
  const finished = ms.map((m) => m.finished).filter(Boolean).sort();
  return [
    { label: "trials", value: String(ms.length) },
    { label: "backend", value: distinct((t) => t.manifest.backend) },
    { label: "adapter", value: distinct((t) => adapterText(t)) },
    { label: "deno", value: distinct((t) => t.manifest.deno ?? "—") },
    {
      label: "os",
      value: distinct((t) => `${t.manifest.os ?? "—"}, ${t.manifest.cpus ?? "?"} cpus`),
    },
    { label: "git", value: distinct((t) => gitText(t)) },
    { label: "module hash", value: distinct((t) => t.manifest.moduleHash ?? "—") },
    { label: "ran", value: started.length ? `${started[0]} → ${finished.at(-1)}` : "—" },
    { label: "seconds", value: String(round(ms.reduce((s, m) => s + (m.seconds || 0), 0))) },
  ];
}

/** The adapter as one line: its description, vendor and whether it is a fallback. */
export function adapterText(trial: Trial): string {
  const a = trial.manifest.adapter;
  if (!a) return trial.manifest.backend === "cpu" ? "none (cpu)" : "—";
  const parts = [a.description || a.device || a.architecture || "unknown"];
  if (a.vendor) parts.push(`vendor ${a.vendor}`);
  if (a.isFallbackAdapter) parts.push("fallback adapter");
  return parts.join(", ");
}

/** The git commit (short) with "+dirty" when the tree had changes. */
export function gitText(trial: Trial): string {
  const g = trial.manifest.git;
  if (!g?.commit) return "unknown";
  return g.commit.slice(0, 12) + (g.dirty ? " +dirty" : "");
}

/** Trial statuses counted, e.g. "3 ok, 1 diverged". */
export function statusSummary(exp: ExperimentData): string {
  const counts = new Map<string, number>();
  for (const t of exp.trials) {
    counts.set(t.manifest.status, (counts.get(t.manifest.status) ?? 0) + 1);
  }
  const order = ["ok", "diverged", "failed"];
  const keys = [...counts.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  return keys.map((k) => `${counts.get(k)} ${k}`).join(", ") || "no trials";
}

function rank(order: string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

/** Total seconds over the experiment's trials. */
export function totalSeconds(exp: ExperimentData): number {
  return exp.trials.reduce((s, t) => s + (t.manifest.seconds || 0), 0);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
