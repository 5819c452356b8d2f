/**
 * Learning curves (kind "line"): one line per trial with points, coloured by a metric column, a
 * param or the trial key, optionally one panel per value of a second field (`facet`); log10
 * charts transform y in the data; a diverged trial is drawn up to its last finite value and
 * marked there with a cross.
 */
import type { TopLevelSpec } from "vega-lite";
import type { LineChart, Params } from "../harness/experiment.ts";
import {
  CHART_SIZE,
  type ChartDatum,
  type ChartTrial,
  FIELD,
  fieldRef,
  fieldSource,
  PANEL_SIZE,
  paramLabel,
  paramOf,
  SCHEMA,
  sortLabels,
  varyingParams,
} from "./spec_common.ts";

/** Where a chart's colour comes from. */
export type ColorSource =
  | { kind: "trial"; name: "trial"; field: string }
  | { kind: "metric"; name: string; field: string }
  | { kind: "param"; name: string; field: string };

/** Resolves `chart.color`: "trial" (default), else a metric column if logged, else a param. */
export function colorSource(chart: LineChart, trials: readonly ChartTrial[]): ColorSource {
  const name = chart.color ?? "trial";
  if (name === "trial") return { kind: "trial", name, field: FIELD.trial };
  return { ...fieldSource(name, trials), field: name };
}

/** Most lines one chart colours; past it, an evenly spaced subset is drawn (and said so). */
export const MAX_SERIES = 10;
/** Most points one line keeps; a longer series is thinned (its first and last kept). */
export const MAX_POINTS = 300;

/** A param and its value as a legend names a line: "lr = 0.01". */
function named(name: string, value: string): string {
  return `${name} = ${value}`;
}

/**
 * What a line is called in the legend: what differs between the trials — the varying params
 * ("lr = 0.01"), else the backend ("webgpu"), with the seed when several seeds ran; the trial
 * keys only when nothing else tells the lines apart.
 */
export function lineNames(trials: readonly ChartTrial[], defaults: Params): Map<string, string> {
  const varying = varyingParams(trials, defaults);
  const backends = new Set(trials.map((t) => t.backend ?? ""));
  const seeds = new Set(trials.map((t) => t.seed));
  const label = (t: ChartTrial, withSeed: boolean) => {
    const parts = varying.map((n) => named(n, paramLabel(paramOf(t, n, defaults))));
    if (backends.size > 1 && t.backend) parts.push(t.backend);
    if (withSeed && t.seed !== undefined) parts.push(`seed ${t.seed}`);
    return parts.join(", ");
  };
  const distinct = (labels: string[]) =>
    labels.every((l) => l !== "") && new Set(labels).size === labels.length;
  for (const withSeed of [seeds.size > 1, true]) {
    const labels = trials.map((t) => label(t, withSeed));
    if (distinct(labels)) return new Map(trials.map((t, i) => [t.key, labels[i]]));
  }
  return new Map(trials.map((t) => [t.key, t.key]));
}

/** At most `max` items, evenly spaced over the sorted list (first and last included). */
export function evenlySpaced<T>(sorted: readonly T[], max: number): T[] {
  if (sorted.length <= max) return [...sorted];
  return Array.from(
    { length: max },
    (_, i) => sorted[Math.round(i * (sorted.length - 1) / (max - 1))],
  );
}

/** A series thinned to at most `max` points by a fixed stride, keeping its last point. */
export function thin<T>(points: readonly T[], max = MAX_POINTS): T[] {
  if (points.length <= max) return [...points];
  const stride = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % stride === 0);
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!);
  return out;
}

/**
 * The chart's data values, one per plotted step. Each trial's line stops before its first
 * non-finite y (JSON cannot carry NaN/Infinity, and the curve is undefined there); a trial that
 * diverged gets `__end` on its last finite point. `defaults` fills a param a manifest lacks.
 */
export function chartData(
  chart: LineChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): ChartDatum[] {
  // Colour and facet fields each come from the step's row (a metric) or the trial's params.
  const color = colorSource(chart, trials);
  const extra = color.kind === "trial" ? [] : [color];
  const facet = chart.facet === undefined ? undefined : fieldSource(chart.facet, trials);
  const out: ChartDatum[] = [];
  const names = lineNames(trials, defaults);
  for (const trial of shownTrials(chart, trials, defaults).shown) {
    const points: ChartDatum[] = [];
    let brokeAt: number | string | undefined;
    for (const row of trial.rows) {
      const x = row[chart.x];
      const y = row[chart.y];
      // A step without both figures (another series' row, a label) is not on this line.
      if (typeof x !== "number" || !Number.isFinite(x) || typeof y !== "number") continue;
      if (!Number.isFinite(y)) {
        brokeAt = x;
        break;
      }
      const datum: ChartDatum = {
        [chart.x]: x,
        [chart.y]: y,
        [FIELD.trial]: names.get(trial.key)!,
        [FIELD.status]: trial.status,
      };
      for (const source of extra) {
        if (source.kind === "metric" && row[source.name] !== undefined) {
          datum[source.name] = row[source.name];
        }
        if (source.kind === "param") {
          datum[source.name] = paramLabel(paramOf(trial, source.name, defaults));
        }
      }
      // Facet values are labels, so the panels' sort order matches them whatever their type.
      if (facet?.kind === "metric" && row[facet.name] !== undefined) {
        datum[facet.name] = String(row[facet.name]);
      }
      if (facet?.kind === "param") {
        datum[facet.name] = paramLabel(paramOf(trial, facet.name, defaults));
      }
      points.push(datum);
    }
    const diverged = trial.status === "diverged" || brokeAt !== undefined;
    const kept = thin(points);
    points.length = 0;
    points.push(...kept);
    const last = points.at(-1);
    if (diverged && last) {
      last[FIELD.status] = "diverged";
      last[FIELD.end] = true;
      last[FIELD.note] = divergenceNote(chart, brokeAt, trial.divergedAt);
      for (const p of points) p[FIELD.status] = "diverged";
    }
    out.push(...points);
  }
  return out;
}

/**
 * The trials whose lines are drawn: all of them up to MAX_SERIES lines, else an evenly spaced
 * subset in legend order (a sweep of 1,500 trials draws 10, and the chart says so).
 */
export function shownTrials(
  chart: LineChart,
  trials: readonly ChartTrial[],
  defaults: Params,
): { shown: ChartTrial[]; of: number } {
  const color = colorSource(chart, trials);
  if (color.kind === "metric" || trials.length <= MAX_SERIES) {
    return { shown: [...trials], of: trials.length };
  }
  const names = lineNames(trials, defaults);
  const byLabel = new Map<string, ChartTrial[]>();
  for (const t of trials) {
    const label = color.kind === "param"
      ? paramLabel(paramOf(t, color.name, defaults))
      : names.get(t.key)!;
    byLabel.set(label, [...byLabel.get(label) ?? [], t]);
  }
  if (byLabel.size <= MAX_SERIES) return { shown: [...trials], of: trials.length };
  const labels = evenlySpaced(sortLabels([...byLabel.keys()]), MAX_SERIES);
  return { shown: labels.flatMap((l) => byLabel.get(l)!), of: trials.length };
}

function divergenceNote(
  chart: LineChart,
  brokeAt: number | string | undefined,
  divergedAt: number | undefined,
): string {
  if (brokeAt !== undefined) return `${chart.y} non-finite at ${chart.x} ${brokeAt}`;
  if (divergedAt !== undefined) return `diverged at step ${divergedAt}`;
  return "diverged";
}

/** The y field as plotted: `log10(<y>)` for log charts, else y itself. */
export function plottedField(chart: LineChart): string {
  return chart.log10 ? `log10(${chart.y})` : chart.y;
}

/**
 * Axis titles: the chart's own, verbatim (an author who sets `yTitle` on a log chart writes the
 * log into it); else the field names, with `log10(<y>)` on log charts.
 */
export function axisTitles(chart: LineChart): { x: string; y: string } {
  return {
    x: chart.xTitle ?? chart.x,
    y: chart.yTitle ?? (chart.log10 ? `log10(${chart.y})` : chart.y),
  };
}

/** Builds the Vega-Lite spec for a line chart, data inlined. */
export function lineSpec(
  chart: LineChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  const values = chartData(chart, trials, defaults);
  const color = colorSource(chart, trials);
  const titles = axisTitles(chart);
  const yField = plottedField(chart);
  const tooltip = [
    { field: fieldRef(chart.x), type: "quantitative" as const, title: titles.x },
    { field: fieldRef(chart.y), type: "quantitative" as const, title: chart.y },
    ...(chart.log10
      ? [{ field: fieldRef(yField), type: "quantitative" as const, title: yField, format: ".4f" }]
      : []),
    ...(color.kind === "trial"
      ? []
      : [{ field: fieldRef(color.field), type: "nominal" as const, title: color.name }]),
    ...(chart.facet && chart.facet !== color.name
      ? [{ field: fieldRef(chart.facet), type: "nominal" as const, title: chart.facet }]
      : []),
    { field: FIELD.trial, type: "nominal" as const, title: "trial" },
    { field: FIELD.status, type: "nominal" as const, title: "status" },
  ];
  const anyDiverged = values.some((d) => d[FIELD.end] === true);
  const integers = (field: string) =>
    values.length > 0 && values.every((d) => Number.isInteger(d[field]));
  const colorLabels = sortLabels(values.map((d) => String(d[color.field] ?? "")));
  const ys = values.map((d) => d[chart.y]).filter((v): v is number => typeof v === "number");
  const positive = ys.length > 0 && ys.every((v) => v > 0);
  // A y that spans decades gets a log-scale toggle on the page (assets/charts.js reads it).
  const spansDecades = !chart.log10 && positive &&
    Math.max(...ys) / Math.min(...ys) >= 100;
  const encoding = {
    x: {
      field: fieldRef(chart.x),
      type: "quantitative" as const,
      title: titles.x,
      axis: integers(chart.x) ? { tickMinStep: 1, format: "d" } : {},
    },
    y: {
      field: fieldRef(yField),
      type: "quantitative" as const,
      title: titles.y,
      scale: { zero: !chart.log10 && !spansDecades },
      axis: integers(yField) ? { tickMinStep: 1, format: "d" } : {},
    },
    color: {
      field: fieldRef(color.field),
      type: "nominal" as const,
      title: color.kind === "trial" ? "series" : color.name,
      sort: colorLabels,
      legend: { labelLimit: 0, symbolLimit: 0 },
    },
    // Click a legend entry to bring its line forward and fade the others; click again to reset.
    opacity: { condition: { param: "series", value: 1 }, value: 0.12 },
  };
  const layer = [
    {
      params: [{
        name: "series",
        select: { type: "point" as const, fields: [fieldRef(color.field)] },
        bind: "legend" as const,
      }],
      mark: { type: "line" as const, point: true },
      // detail keeps trials that share a colour (same lr, another seed) on separate lines.
      encoding: { detail: { field: FIELD.trial, type: "nominal" as const }, tooltip },
    },
    ...(anyDiverged
      ? [{
        transform: [{ filter: `datum[${JSON.stringify(FIELD.end)}] === true` }],
        mark: { type: "point" as const, shape: "cross", size: 180, filled: true, opacity: 1 },
        encoding: {
          shape: {
            field: FIELD.status,
            type: "nominal" as const,
            title: "status",
            scale: { domain: ["diverged"], range: ["cross"] },
          },
          tooltip: [...tooltip, {
            field: FIELD.note,
            type: "nominal" as const,
            title: "diverged",
          }],
        },
      }]
      : []),
  ];
  // log10 is computed in the data, not by a log scale, so the axis reads in decades as taught.
  const transform = chart.log10
    ? [
      { calculate: `log(datum[${JSON.stringify(chart.y)}]) / LN10`, as: yField },
      { filter: `isFinite(datum[${JSON.stringify(yField)}])` },
    ]
    : [];
  const { shown, of } = shownTrials(chart, trials, defaults);
  const title = shown.length < of
    ? {
      text: chart.title,
      subtitle:
        `${colorLabels.length} of the sweep's series shown, evenly spaced (all ${of} trials are in the sweep table)`,
    }
    : chart.title;
  const usermeta = spansDecades ? { logToggle: true } : {};
  if (!chart.facet) {
    return {
      $schema: SCHEMA,
      title,
      usermeta,
      width: CHART_SIZE.width,
      height: CHART_SIZE.height,
      data: { values },
      transform,
      encoding,
      layer,
    };
  }
  const panels = sortLabels(values.map((d) => String(d[chart.facet!] ?? "")));
  return {
    $schema: SCHEMA,
    title,
    usermeta,
    data: { values },
    transform,
    facet: {
      field: fieldRef(chart.facet),
      type: "ordinal",
      title: chart.facet,
      sort: panels,
      header: { labelFontSize: 12, titleFontSize: 11 },
    },
    columns: Math.min(panels.length, 3),
    spec: { width: PANEL_SIZE.width, height: PANEL_SIZE.height, encoding, layer },
  };
}
