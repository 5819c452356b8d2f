/**
 * The sweep table: one row per trial, and — where several seeds ran the same setting — one row
 * per setting (sorted by the varying params) with each final metric as mean ± sd over its seeds. The best row is the lowest
 * final cost when a cost column exists, else the highest accuracy; only settings (trials) that
 * finished ok with finite values compete.
 */
import type { Params, ParamValue } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";
import { formatNumber } from "./format.ts";
import { finalValues, numericColumns } from "./metrics.ts";
import type { ExperimentData } from "./runstore.ts";
import { compareParams } from "./spec_common.ts";
import { type Aggregate, aggregate, groupBy } from "./stats.ts";

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
export function sweepTable(exp: ExperimentData): SweepTable {
  const trials = exp.trials;
  const paramNames = unique(trials.flatMap((t) => Object.keys(t.manifest.params)));
  const paramColumns = paramNames.filter((p) =>
    new Set(trials.map((t) => JSON.stringify(t.manifest.params[p] ?? null))).size > 1
  );
  const metricColumns = unique(trials.flatMap((t) => numericColumns(t.metrics)));
  const rows: SweepRow[] = trials.map((t) => ({
    key: t.key,
    params: t.manifest.params,
    seed: t.manifest.seed,
    finals: finalValues(t.metrics),
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

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
