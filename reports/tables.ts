/**
 * The tables a page shows, as plain data shared by the markdown and HTML writers: claims (one
 * row per claim per trial it was measured on), the run's facts and the scoreboard figures (the
 * sweep table is sweep.ts's, re-exported here).
 */
import type { Json, Tolerance } from "../harness/experiment.ts";
import { formatNumber } from "./format.ts";
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

export {
  formatParam,
  type SweepGroup,
  type SweepRow,
  type SweepTable,
  sweepTable,
} from "./sweep.ts";

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
    { label: "profile", value: profileText(exp) },
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

/**
 * Which `--quick`/full profile produced the experiment's trials: "full", "quick", "mixed" when
 * both, "—" with no trials. A manifest from before profiles existed was a full run.
 */
export function profileText(exp: ExperimentData): "full" | "quick" | "mixed" | "—" {
  const profiles = new Set(
    exp.trials.map((t) => t.manifest.profile === "quick" ? "quick" : "full"),
  );
  if (profiles.size === 0) return "—";
  return profiles.size > 1 ? "mixed" : [...profiles][0];
}

/** What a profile means, for the page that names it. */
export function profileNote(profile: ReturnType<typeof profileText>): string {
  switch (profile) {
    case "quick":
      return "the --quick profile: shortened runs, fewer iterations, same code";
    case "mixed":
      return "some trials ran with the --quick profile (shortened), others in full";
    case "full":
      return "full runs, as the lecture sets them";
    default:
      return "no trials";
  }
}

/** Trial statuses counted over some trials, e.g. "3 ok, 1 diverged". */
export function statusCounts(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  const order = ["ok", "diverged", "failed"];
  const keys = [...counts.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  return keys.map((k) => `${counts.get(k)} ${k}`).join(", ") || "no trials";
}

/** The adapter as one line: its description, vendor and whether it is a fallback. */
export function adapterText(trial: Trial): string {
  const a = trial.manifest.adapter;
  if (!a) return trial.manifest.backend === "cpu" ? "none (cpu)" : "—";
  return describeAdapter(a);
}

/**
 * Adapter facts as one line, for a trial's manifest and the benchmark results alike (the latter
 * read from JSON, hence the loose type: a field of another type counts as absent).
 */
export function describeAdapter(adapter: object): string {
  const a = adapter as Record<string, unknown>;
  const text = (k: string) => typeof a[k] === "string" ? a[k] as string : "";
  const parts = [text("description") || text("device") || text("architecture") || "unknown"];
  if (text("vendor")) parts.push(`vendor ${text("vendor")}`);
  if (a.isFallbackAdapter === true) parts.push("fallback adapter");
  return parts.join(", ");
}

/** The git commit (short) with "+dirty" when the tree had changes. */
export function gitText(trial: Trial): string {
  const g = trial.manifest.git;
  if (!g?.commit) return "unknown";
  return g.commit.slice(0, 12) + (g.dirty ? " +dirty" : "");
}

/** The experiment's trial statuses counted, e.g. "3 ok, 1 diverged". */
export function statusSummary(exp: ExperimentData): string {
  return statusCounts(exp.trials.map((t) => t.manifest.status));
}

function rank(order: string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

/** Total seconds over the experiment's trials. */
export function totalSeconds(exp: ExperimentData): number {
  return exp.trials.reduce((s, t) => s + (t.manifest.seconds || 0), 0);
}

/** Distinct values joined for one table cell ("webgpu; cpu"), "—" when there are none. */
export function distinct(values: readonly string[]): string {
  return unique(values).join("; ") || "—";
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
