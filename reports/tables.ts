/**
 * The tables a page shows besides the claims, as plain data shared by the HTML and markdown
 * writers: the sweep — one row per trial with the params that vary as columns and each final
 * metric, and, where several seeds ran one setting, one row per setting with each final metric
 * as mean ± sd over its seeds (the best row is the lowest final cost when a cost column exists,
 * else the highest accuracy; only trials that finished ok with finite values compete) — and the
 * facts of how the trials ran.
 */
import type { Params, ParamValue } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";
import { formatNumber } from "./html.ts";
import type { Trial } from "./runstore.ts";
import {
  type Aggregate,
  aggregate,
  compareParams,
  finalValues,
  groupBy,
  numericColumns,
} from "./spec_common.ts";

/** One trial in the sweep table. */
export interface SweepRow {
  key: string;
  params: Params;
  seed: number;
  finals: Record<string, number | string>;
  status: TrialStatus;
  seconds: number;
}

/** One setting (the varying params' values) over its trials, usually one per seed. */
export interface SweepGroup {
  params: Params;
  keys: string[];
  seeds: number[];
  statuses: TrialStatus[];
  /** Each numeric final metric over the group's trials. */
  finals: Record<string, Aggregate>;
  seconds: number;
}

/** Which metric picks the best row, and which way. */
export interface BestBy {
  metric: string;
  goal: "min" | "max";
}

/** The sweep comparison: which params vary, which metrics have a final value, the best rows. */
export interface SweepTable {
  paramColumns: string[];
  metricColumns: string[];
  rows: SweepRow[];
  /** Lowest final cost, else highest accuracy; null when neither column exists. */
  bestBy: BestBy | null;
  /** The best trial (finished ok, finite value). */
  bestKey: string | null;
  /** The trials grouped by setting, in first-appearance order. */
  groups: SweepGroup[];
  /** Whether some setting ran several trials (seeds), so the table shows mean ± sd. */
  aggregated: boolean;
  /** Index in `groups` of the best setting (every trial ok and finite). */
  bestGroup: number | null;
}

/** The metric that ranks rows: `cost` (lower is better), else an accuracy column (higher). */
export function bestCriterion(metricColumns: readonly string[]): BestBy | null {
  if (metricColumns.includes("cost")) return { metric: "cost", goal: "min" };
  const accuracy = metricColumns.find((c) => c === "accuracy") ??
    metricColumns.find((c) => /^(test|val|valid|validation)[_ -]?acc/i.test(c)) ??
    metricColumns.find((c) => /acc/i.test(c));
  return accuracy ? { metric: accuracy, goal: "max" } : null;
}

const better = (goal: "min" | "max", a: number, b: number) => goal === "min" ? a < b : a > b;

/** Builds the sweep table: params shown only where trials differ, groups by those params. */
export function sweepTable(trials: readonly Trial[]): SweepTable {
  const paramNames = unique(trials.flatMap((t) => Object.keys(t.manifest.params)));
  const paramColumns = paramNames.filter((p) =>
    new Set(trials.map((t) => JSON.stringify(t.manifest.params[p] ?? null))).size > 1
  );
  const metricColumns = unique(trials.flatMap((t) => numericColumns(t)));
  const rows: SweepRow[] = trials.map((t) => ({
    key: t.key,
    params: t.manifest.params,
    seed: t.manifest.seed,
    finals: finalValues(t),
    status: t.manifest.status,
    seconds: t.manifest.seconds,
  }));
  const bestBy = bestCriterion(metricColumns);

  let bestKey: string | null = null;
  let bestValue = NaN;
  for (const row of bestBy ? rows : []) {
    const v = row.finals[bestBy!.metric];
    if (typeof v !== "number" || !Number.isFinite(v) || row.status !== "ok") continue;
    if (bestKey === null || better(bestBy!.goal, v, bestValue)) [bestKey, bestValue] = [row.key, v];
  }

  const setting = (r: SweepRow) => JSON.stringify(paramColumns.map((p) => r.params[p] ?? null));
  const groups: SweepGroup[] = [...groupBy(rows, setting).values()].sort((a, b) =>
    compareParams(a[0].params, b[0].params, paramColumns)
  ).map((members) => ({
    params: Object.fromEntries(
      paramColumns.flatMap((p) =>
        members[0].params[p] === undefined ? [] : [[p, members[0].params[p]]]
      ),
    ),
    keys: members.map((r) => r.key),
    seeds: members.map((r) => r.seed),
    statuses: members.map((r) => r.status),
    finals: Object.fromEntries(metricColumns.map((c) => [
      c,
      aggregate(members.flatMap((r) => typeof r.finals[c] === "number" ? [r.finals[c]] : [])),
    ])),
    seconds: members.reduce((s, r) => s + (r.seconds || 0), 0),
  }));

  let bestGroup: number | null = null;
  groups.forEach((g, i) => {
    if (!bestBy || g.statuses.some((s) => s !== "ok")) return;
    const a = g.finals[bestBy.metric];
    if (!a || a.mean === null || a.finite !== g.keys.length) return;
    const current = bestGroup === null ? null : groups[bestGroup].finals[bestBy.metric].mean!;
    if (current === null || better(bestBy.goal, a.mean, current)) bestGroup = i;
  });

  return {
    paramColumns,
    metricColumns,
    rows,
    bestBy,
    bestKey,
    groups,
    aggregated: groups.some((g) => g.keys.length > 1),
    bestGroup,
  };
}

/** What the ★ marks, in a sentence under the table. */
export function bestNote(table: SweepTable, aggregated: boolean): string | null {
  if (!table.bestBy) return null;
  const { metric, goal } = table.bestBy;
  const which = goal === "min" ? "lowest" : "highest";
  return aggregated
    ? `★ ${which} mean final ${metric} over seeds, among settings whose trials all finished ok.`
    : `★ ${which} final ${metric} among trials that finished ok.`;
}

/** Four significant digits: enough to compare settings, short enough to read mean ± sd. */
function short(v: number): string {
  return formatNumber(Number(v.toPrecision(4)));
}

/**
 * A final metric over seeds: "0.2734 ± 0.0121", a lone value as it is, and the non-finite ones
 * counted rather than averaged in ("0.25 (1 of 2 non-finite)"); all non-finite reads e.g. "NaN".
 */
export function formatAggregate(a: Aggregate | undefined): string {
  if (!a || a.n === 0) return "—";
  if (a.mean === null) {
    const kinds = unique(a.nonFinite.map(formatNumber));
    return kinds.length === 1 ? kinds[0] : "non-finite";
  }
  const base = a.sd === null ? short(a.mean) : `${short(a.mean)} ± ${short(a.sd)}`;
  return a.nonFinite.length > 0 ? `${base} (${a.nonFinite.length} of ${a.n} non-finite)` : base;
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
export function experimentFacts(trials: readonly Trial[]): Fact[] {
  const ms = trials.map((t) => t.manifest);
  const distinct = (f: (t: Trial) => string) => unique(trials.map(f)).join("; ") || "—";
  const started = ms.map((m) => m.started).filter(Boolean).sort();
  const finished = ms.map((m) => m.finished).filter(Boolean).sort();
  return [
    { label: "trials", value: String(ms.length) },
    { label: "profile", value: profileText(trials) },
    { label: "backend", value: distinct((t) => t.manifest.backend) },
    { label: "adapter", value: distinct((t) => adapterText(t)) },
    { label: "deno", value: distinct((t) => t.manifest.deno ?? "—") },
    {
      label: "os",
      value: distinct((t) => `${t.manifest.os ?? "—"}, ${t.manifest.cpus ?? "?"} cpus`),
    },
    { label: "git", value: distinct((t) => gitText(t)) },
    { label: "code hash", value: distinct((t) => t.manifest.codeHash.slice(0, 12)) },
    { label: "ran", value: started.length ? `${started[0]} → ${finished.at(-1)}` : "—" },
    { label: "seconds", value: String(round(ms.reduce((s, m) => s + (m.seconds || 0), 0))) },
  ];
}

/**
 * Which `--quick`/full profile produced the experiment's trials: "full", "quick", "mixed" when
 * both, "—" with no trials. A manifest from before profiles existed was a full run.
 */
export function profileText(trials: readonly Trial[]): "full" | "quick" | "mixed" | "—" {
  const profiles = new Set(trials.map((t) => t.manifest.profile === "quick" ? "quick" : "full"));
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

/** Trial statuses counted, e.g. "3 ok, 1 diverged". */
export function statusSummary(trials: readonly Trial[]): string {
  return statusCounts(trials.map((t) => t.manifest.status));
}

function rank(order: string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

/** Total seconds over some trials. */
export function totalSeconds(trials: readonly Trial[]): number {
  return trials.reduce((s, t) => s + (t.manifest.seconds || 0), 0);
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
