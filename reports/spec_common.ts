/**
 * What every chart builder shares: the trials as charts see them, the report's internal field
 * names, sizes, labels for param values and panels, aggregates over seeds (the same numbers in a
 * chart and in the sweep table beside it), reading the payloads of result.json's outputs (each
 * checked, a malformed one a note in place of its panel), the frame of the charts drawn from
 * those outputs, and the loose JSON type the composite builders assemble.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Json, MetricRow, OutputChart, Params, ParamValue } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";
import type { Bar, DecisionBoundary, FunctionPlot, ImageGrid } from "../schema/payloads.ts";

/** What a chart needs of one trial. */
export interface ChartTrial {
  key: string;
  params: Params;
  status: TrialStatus;
  rows: readonly MetricRow[];
  /** The manifest's step at which a cost first became non-finite, if any. */
  divergedAt?: number;
  seed?: number;
  /** The backend the trial ran on (a series may differ only by it). */
  backend?: string;
  /** result.json's outputs, for the charts drawn from them. */
  outputs?: Json;
  /**
   * The run store it came from, in a comparison ("A" or "B"): lines are dashed by it. The key
   * is then unique over both stores (charts key lines by it).
   */
  store?: string;
}

/** One inlined data value: metric fields plus the report's own `__` fields (a list: text lines). */
export type ChartDatum = Record<string, number | string | boolean | null | string[]>;

/** Internal field names; the `__` prefix keeps them apart from metric columns and params. */
export const FIELD = {
  trial: "__trial",
  status: "__status",
  /** True on the last finite point of a diverged trial: where the cross goes. */
  end: "__end",
  note: "__note",
  /** The trial's key as its store names it: one line per key (and store, in a comparison). */
  key: "__key",
  /** The run store of a comparison. */
  store: "__store",
} as const;

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Chart size in pixels; shared by the SVG and the interactive view so both look the same. */
export const CHART_SIZE = { width: 480, height: 300 } as const;

/** One panel of a faceted or concatenated chart. */
export const PANEL_SIZE = { width: 300, height: 210 } as const;

/**
 * A Vega-Lite fragment as plain JSON. The composite builders (facets, concats, layers with
 * independent scales) assemble these; `topLevel` types the finished spec, and the tests compile
 * and render every kind, which is what validates the structure.
 */
export type Vl = { [key: string]: VlValue };
export type VlValue = string | number | boolean | null | Vl | VlValue[];

/** Adds the schema and the chart title to a finished spec. */
export function topLevel(title: string | Vl, spec: Vl): TopLevelSpec {
  return { $schema: SCHEMA, title, ...spec } as unknown as TopLevelSpec;
}

/**
 * Escapes a field name for a Vega-Lite `field`: a `.` or `[` would mean a nested property, a
 * quote the start of a quoted path.
 */
export function fieldRef(name: string): string {
  return name.replace(/[\\.[\]"']/g, (c) => "\\" + c);
}

/** A param value as a nominal label: "0.01", "true", "zeros" read the same everywhere. */
export function paramLabel(value: ParamValue | undefined): string {
  return value === undefined ? "(unset)" : String(value);
}

/** The trial's value of a param, or the experiment's default when its manifest predates it. */
export function paramOf(trial: ChartTrial, name: string, defaults: Params): ParamValue | undefined {
  return trial.params[name] ?? defaults[name];
}

/**
 * Labels in display order: numbers ascending when every label reads as a number, booleans
 * false before true, anything else in order of first appearance.
 */
export function sortLabels(labels: readonly string[]): string[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => l !== "" && Number.isFinite(Number(l)))) {
    return distinct.sort((a, b) => Number(a) - Number(b));
  }
  if (distinct.every((l) => l === "false" || l === "true")) return distinct.sort();
  return distinct;
}

/** At most `max` items, evenly spaced over the sorted list (first and last included). */
export function evenlySpaced<T>(sorted: readonly T[], max: number): T[] {
  if (sorted.length <= max) return [...sorted];
  if (max <= 1) return sorted.slice(0, max);
  return Array.from(
    { length: max },
    (_, i) => sorted[Math.round(i * (sorted.length - 1) / (max - 1))],
  );
}

/** Most colours one chart uses; past it, a subset (lines) or one panel per value (summaries). */
export const MAX_SERIES = 10;

/** Most panels an output chart draws (one per trial); past it, an evenly spaced subset. */
export const MAX_PANELS = 12;

/** Params in reading order: by each named param in turn, numbers ascending, text by code point. */
export function compareParams(a: Params, b: Params, names: readonly string[]): number {
  for (const p of names) {
    const x = a[p];
    const y = b[p];
    if (x === y) continue;
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    const [sx, sy] = [String(x), String(y)];
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

/** Whether every label reads as a finite number (a quantitative axis). */
export function allNumeric(labels: readonly string[]): boolean {
  return labels.length > 0 && labels.every((l) => l !== "" && Number.isFinite(Number(l)));
}

/** Where a field named by a chart comes from: a logged metric column if any trial has it. */
export type FieldSource = { kind: "metric" | "param"; name: string };

/** Resolves a name to a metric column (when logged by some trial) or else a param. */
export function fieldSource(name: string, trials: readonly ChartTrial[]): FieldSource {
  const logged = trials.some((t) => t.rows.some((r) => name in r));
  return { kind: logged ? "metric" : "param", name };
}

/** The last logged value of a metric (the last row that has it), if numeric. */
export function finalMetric(trial: ChartTrial, metric: string): number | undefined {
  for (let i = trial.rows.length - 1; i >= 0; i--) {
    const v = trial.rows[i][metric];
    if (v !== undefined) return typeof v === "number" ? v : undefined;
  }
  return undefined;
}

/** Params whose values differ across the trials (what tells their panels apart). */
export function varyingParams(trials: readonly ChartTrial[], defaults: Params): string[] {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  return names.filter((n) =>
    new Set(trials.map((t) => paramLabel(paramOf(t, n, defaults)))).size > 1
  );
}

/** A param and its value as a legend names a line: "lr = 0.01". */
function named(name: string, value: string): string {
  return `${name} = ${value}`;
}

/** The trials in reading order: by the varying params (numbers ascending), backend, seed. */
export function orderTrials(
  trials: readonly ChartTrial[],
  varying: readonly string[],
  defaults: Params,
): ChartTrial[] {
  const params = (t: ChartTrial) => ({ ...defaults, ...t.params });
  const rank = (b: string | undefined) => b === "cpu" ? 0 : b === "webgpu" ? 1 : 2;
  return [...trials].sort((a, b) =>
    compareParams(params(a), params(b), varying) || rank(a.backend) - rank(b.backend) ||
    (a.seed ?? 0) - (b.seed ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * What a series is called, in legend order (the map's order, trial key → name): what differs
 * between the trials — the param that varies most always ("hidden = 4"), another varying param
 * only where a trial leaves its most common value ("hidden = 4, logistic = true"), the backend
 * when several ran. Seeds of one setup share a name (one colour, a line each) unless `perTrial`
 * (a panel per trial), or nothing else differs; the trial keys only when nothing tells the trials
 * apart. In a comparison, what varies within a store names the series (what differs only
 * between the stores, e.g. a quick profile's iterations, is the dash's to show), and the same
 * setup in both stores shares its name.
 */
export function lineNames(
  trials: readonly ChartTrial[],
  defaults: Params,
  opts: { perTrial?: boolean } = {},
): Map<string, string> {
  const stores = [...new Set(trials.map((t) => t.store))];
  const varying = stores.length > 1
    ? [
      ...new Set(
        stores.flatMap((s) => varyingParams(trials.filter((t) => t.store === s), defaults)),
      ),
    ]
    : varyingParams(trials, defaults);
  const values = (n: string) => trials.map((t) => paramLabel(paramOf(t, n, defaults)));
  const distinctCount = (n: string) => new Set(values(n)).size;
  const main = [...varying].sort((a, b) => distinctCount(b) - distinctCount(a))[0];
  const mode = new Map(varying.map((n) => {
    const counts = new Map<string, number>();
    for (const v of values(n)) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [n, [...counts].sort((a, b) => b[1] - a[1])[0][0]];
  }));
  const ordered = orderTrials(
    trials,
    main ? [main, ...varying.filter((n) => n !== main)] : [],
    defaults,
  );
  const backends = new Set(trials.map((t) => t.backend ?? ""));
  const seeds = new Set(trials.map((t) => t.seed));
  const label = (t: ChartTrial, full: boolean) => {
    const parts = varying.flatMap((n) => {
      const v = paramLabel(paramOf(t, n, defaults));
      return full || n === main || v !== mode.get(n) ? [named(n, v)] : [];
    });
    if (backends.size > 1 && t.backend) parts.push(t.backend);
    const seed = (opts.perTrial && seeds.size > 1) || parts.length === 0;
    if (seed && t.seed !== undefined) parts.push(`seed ${t.seed}`);
    return parts.join(", ");
  };
  const usable = (labels: string[]) =>
    labels.every((l) => l !== "") &&
    (!opts.perTrial ||
      new Set(labels.map((l, i) => `${ordered[i].store ?? ""}\u0000${l}`)).size === labels.length);
  for (const full of [false, true]) {
    const labels = ordered.map((t) => label(t, full));
    if (usable(labels)) return new Map(ordered.map((t, i) => [t.key, labels[i]]));
  }
  return new Map(ordered.map((t) => [t.key, t.key]));
}

/** A panel title naming the trial: its label, with the key beneath for the trials table. */
export function panelTitle(label: string, key: string): Vl {
  return label === key
    ? { text: label, fontSize: 11 }
    : { text: label, subtitle: key, fontSize: 11, subtitleFontSize: 9, subtitleColor: "#5f6368" };
}

/** A panel that says why there is nothing to draw (a missing or malformed output). */
export function notePanel(message: string, width: number = PANEL_SIZE.width): Vl {
  return {
    width,
    height: 40,
    data: { values: [{ [FIELD.note]: message }] },
    mark: { type: "text", align: "left", baseline: "middle", color: "#5f6368", limit: width },
    encoding: {
      text: { field: FIELD.note, type: "nominal" },
      x: { value: 0 },
      y: { value: 20 },
    },
  };
}

/** A whole chart that is only a note. */
export function noteSpec(title: string, message: string): TopLevelSpec {
  return topLevel(title, notePanel(message, CHART_SIZE.width));
}

/**
 * Panels (one per trial) as one chart: the panel itself when there is one, else a wrapped
 * concatenation. `columns` is how many panels sit side by side; `subtitle` explains a mark.
 */
export function combinePanels(
  title: string,
  panels: readonly Vl[],
  columns: number,
  subtitle?: string,
): TopLevelSpec {
  const lines = (...l: (string | undefined)[]) => l.filter((s): s is string => s !== undefined);
  if (panels.length === 1) {
    // A single panel carries the chart title; its own (trial) title becomes the subtitle.
    const { title: own, ...rest } = panels[0];
    const label = isVl(own) && typeof own.text === "string" ? own.text : undefined;
    const sub = lines(label, subtitle);
    return topLevel(sub.length > 0 ? { text: title, subtitle: sub } : title, rest);
  }
  const sub = lines(subtitle);
  return topLevel(sub.length > 0 ? { text: title, subtitle: sub } : title, {
    columns: Math.min(columns, panels.length),
    concat: [...panels],
    spacing: 24,
  });
}

function isVl(v: VlValue | undefined): v is Vl {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// --- Aggregates over seeds ---

/** Mean and sample standard deviation of the finite values; the rest are counted, not mixed in. */
export interface Aggregate {
  /** Values given. */
  n: number;
  /** Finite values among them (the ones in the mean). */
  finite: number;
  /** Mean of the finite values; null when there are none. */
  mean: number | null;
  /** Sample standard deviation (n − 1) of the finite values; null with fewer than two. */
  sd: number | null;
  /** The non-finite values (a diverged cost: Infinity or NaN), in order. */
  nonFinite: number[];
}

/** Aggregates values; a non-finite one (a diverged run) is reported apart, never averaged in. */
export function aggregate(values: readonly number[]): Aggregate {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonFinite = values.filter((v) => !Number.isFinite(v));
  if (finite.length === 0) return { n: values.length, finite: 0, mean: null, sd: null, nonFinite };
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const sd = finite.length < 2
    ? null
    : Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1));
  return { n: values.length, finite: finite.length, mean, sd, nonFinite };
}

/** Groups items by a string key, keeping first-appearance order of the keys. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

// --- Payloads of result.json's outputs ---

/** A payload, or why there is none. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): Read<never> => ({ ok: false, error });

/** `outputs[field]`, or undefined when outputs is not an object or lacks it. */
export function outputField(outputs: Json | undefined, field: string): Json | undefined {
  if (outputs === null || typeof outputs !== "object" || Array.isArray(outputs)) return undefined;
  return outputs[field];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A list of numbers; null (how JSON stores NaN and ±Infinity) is allowed where `nulls`. */
function numbers(v: unknown, nulls: boolean): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  const ok = v.every((x) => (typeof x === "number" && Number.isFinite(x)) || (nulls && x === null));
  return ok ? v as (number | null)[] : null;
}

function axis(v: unknown): { min: number; max: number; n: number } | null {
  if (!isRecord(v)) return null;
  const { min, max, n } = v;
  if (typeof min !== "number" || typeof max !== "number" || !Number.isFinite(min)) return null;
  if (!Number.isFinite(max) || max < min) return null;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) return null;
  return { min, max, n };
}

/** Reads a DecisionBoundary: grid axes, one value per grid point, labelled points. */
export function readBoundary(v: Json | undefined): Read<DecisionBoundary> {
  if (!isRecord(v)) return fail("not a decision boundary (an object with x, y, value, points)");
  const x = axis(v.x);
  const y = axis(v.y);
  if (!x || !y) return fail("decision boundary: x and y need numeric min ≤ max and an integer n");
  const value = numbers(v.value, true);
  if (!value || value.length !== x.n * y.n) {
    return fail(`decision boundary: value needs x.n × y.n = ${x.n * y.n} numbers`);
  }
  const p = v.points;
  if (!isRecord(p)) return fail("decision boundary: points needs x, y and label lists");
  const px = numbers(p.x, false);
  const py = numbers(p.y, false);
  const label = numbers(p.label, false);
  if (!px || !py || !label || px.length !== py.length || px.length !== label.length) {
    return fail("decision boundary: points.x, points.y and points.label need equal-length lists");
  }
  const out: DecisionBoundary = {
    x,
    y,
    // null stands for a non-finite model output: the cell is left empty.
    value: value.map((z) => z ?? NaN),
    points: { x: px as number[], y: py as number[], label: label as number[] },
  };
  if (typeof v.xTitle === "string") out.xTitle = v.xTitle;
  if (typeof v.yTitle === "string") out.yTitle = v.yTitle;
  return { ok: true, value: out };
}

/** Reads a FunctionPlot: a shared x and named series of the same length (null: undefined). */
export function readFunctionPlot(v: Json | undefined): Read<FunctionPlot> {
  if (!isRecord(v)) return fail("not a function plot (an object with x and series)");
  const x = numbers(v.x, false);
  if (!x || x.length === 0) return fail("function plot: x needs a list of finite numbers");
  if (!Array.isArray(v.series) || v.series.length === 0) {
    return fail("function plot: series needs a list of { name, y }");
  }
  const series: FunctionPlot["series"] = [];
  for (const s of v.series) {
    const y = isRecord(s) ? numbers(s.y, true) : null;
    if (!isRecord(s) || typeof s.name !== "string" || !y || y.length !== x.length) {
      return fail(`function plot: each series needs a name and ${x.length} y values`);
    }
    series.push({ name: s.name, y: y.map((z) => z ?? NaN) });
  }
  return { ok: true, value: { x: x as number[], series } };
}

/** Reads a list of Bar. */
export function readBars(v: Json | undefined): Read<Bar[]> {
  if (!Array.isArray(v) || v.length === 0) return fail("not a list of bars ({ label, value })");
  const bars: Bar[] = [];
  for (const b of v) {
    if (!isRecord(b) || typeof b.label !== "string" || typeof b.value !== "number") {
      return fail("bars: each needs a string label and a numeric value");
    }
    const bar: Bar = { label: b.label, value: b.value };
    if (typeof b.group === "string") bar.group = b.group;
    if (typeof b.note === "string") bar.note = b.note;
    bars.push(bar);
  }
  return { ok: true, value: bars };
}

/** Reads an ImageGrid; each image's pixels must decode to width × height × channels bytes. */
export function readImageGrid(v: Json | undefined): Read<ImageGrid> {
  if (!isRecord(v)) return fail("not an image grid (an object with width, height, images)");
  const { width, height, channels } = v;
  const dims = [width, height].every((d) => typeof d === "number" && Number.isInteger(d) && d > 0);
  if (!dims || (width as number) * (height as number) > 4096 * 4096) {
    return fail("image grid: width and height need positive integers");
  }
  if (channels !== 1 && channels !== 3) return fail("image grid: channels needs 1 or 3");
  if (!Array.isArray(v.images) || v.images.length === 0) {
    return fail("image grid: images needs a list of { pixels, title }");
  }
  const images: ImageGrid["images"] = [];
  for (const im of v.images) {
    if (!isRecord(im) || typeof im.pixels !== "string" || typeof im.title !== "string") {
      return fail("image grid: each image needs base64 pixels and a title");
    }
    images.push({ pixels: im.pixels, title: im.title, highlight: im.highlight === true });
  }
  return {
    ok: true,
    value: { width: width as number, height: height as number, channels, images },
  };
}

// --- Charts drawn from outputs ---

/** How one kind turns a payload into a panel. */
export interface PanelKind<T> {
  /** What the payload is called in notes, e.g. "a DecisionBoundary". */
  what: string;
  read(value: Json | undefined): Read<T>;
  /** The panel for one payload; `single` when it is the chart's only panel (drawn larger). */
  panel(payload: T, chart: OutputChart, single: boolean): Vl;
  /** Panels per row when there are several. */
  columns: number;
}

const MISSING = "missing";

/**
 * Builds an output chart: one panel per trial that has the payload (a trial whose output is
 * null or absent made none, e.g. a variant that has no boundary, and is left out); a malformed
 * payload gets a panel saying what is wrong. With `firstTrialOnly`, the first trial (in key
 * order) with a valid payload. With no valid payload at all, the chart is a note saying why.
 */
export function outputSpec<T>(
  kind: PanelKind<T>,
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params,
  subtitle?: (payloads: readonly T[]) => string | undefined,
): TopLevelSpec {
  const all = trials.map((trial) => {
    const value = outputField(trial.outputs, chart.field);
    const read: Read<T> = value === undefined || value === null
      ? { ok: false, error: MISSING }
      : kind.read(value);
    return { trial, read };
  });
  const present = all.filter((c) => c.read.ok || c.read.error !== MISSING);
  const valid = present.filter((c) => c.read.ok);
  if (valid.length === 0) {
    const why = present.find((c): c is { trial: ChartTrial; read: { ok: false; error: string } } =>
      !c.read.ok
    )?.read.error ?? MISSING;
    return noteSpec(
      chart.title,
      trials.length === 0
        ? "No finished trial to draw."
        : `No trial's outputs.${chart.field} is ${kind.what} (${why}).`,
    );
  }
  // The params that vary across all the trials (even for a firstTrialOnly chart's one panel)
  // name the panels and order them: hidden 1, 2, 5, 20 rather than 1, 20, 2, 5.
  const varying = varyingParams(trials, defaults);
  const byParams = (a: { trial: ChartTrial }, b: { trial: ChartTrial }) =>
    compareParams(withDefaults(a.trial, defaults), withDefaults(b.trial, defaults), varying) ||
    (a.trial.seed ?? 0) - (b.trial.seed ?? 0);
  const sorted = chart.firstTrialOnly ? valid.slice(0, 1) : present.sort(byParams);
  const chosen = evenlySpaced(sorted, MAX_PANELS);
  const names = lineNames(trials, defaults, { perTrial: true });
  const single = chosen.length === 1;
  const panels = chosen.map(({ trial, read }) => {
    const body = read.ok
      ? kind.panel(read.value, chart, single)
      : notePanel(`outputs.${chart.field}: ${read.error}`);
    return { title: panelTitle(names.get(trial.key) ?? trial.key, trial.key), ...body };
  });
  const payloads = chosen.flatMap(({ read }) => read.ok ? [read.value] : []);
  const subset = chosen.length < sorted.length
    ? `${chosen.length} of ${sorted.length} trials shown, evenly spaced in the sweep's order`
    : undefined;
  const sub = [subtitle?.(payloads), subset].filter((s): s is string => s !== undefined);
  return combinePanels(
    chart.title,
    panels,
    kind.columns,
    sub.length > 0 ? sub.join("; ") : undefined,
  );
}

function withDefaults(trial: ChartTrial, defaults: Params): Params {
  return { ...defaults, ...trial.params };
}

/** What the final-value helpers need of a trial: its logged rows and their columns. */
export interface Logged {
  columns: readonly string[];
  rows: readonly MetricRow[];
}

/** Columns whose every present value is a number (the ones that have a "final value"). */
export function numericColumns(t: Logged): string[] {
  return t.columns.filter((c) =>
    t.rows.some((r) => c in r) && t.rows.every((r) => !(c in r) || typeof r[c] === "number")
  );
}

/** The last logged value of each column (the last row that has it). */
export function finalValues(t: Logged): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const row of t.rows) Object.assign(out, row);
  return out;
}
