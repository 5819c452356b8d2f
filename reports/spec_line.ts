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
  evenlySpaced,
  FIELD,
  fieldRef,
  fieldSource,
  lineNames,
  MAX_SERIES,
  orderTrials,
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

/** Most lines one chart draws (several seeds of a colour each get a line, up to this many). */
export const MAX_LINES = 30;
/** Most points one line keeps; a longer series is thinned (its first and last kept). */
export const MAX_POINTS = 300;
/** Most points one chart inlines, over all its lines: each line is thinned to its share. */
export const MAX_CHART_POINTS = 12_000;

/** Most points a chart marks with a symbol on its lines; past it, lines only. */
export const MAX_MARKED_POINTS = 2_000;

/** A series thinned to at most `max` points by a fixed stride, keeping its last point. */
export function thin<T>(points: readonly T[], max = MAX_POINTS): T[] {
  if (points.length <= max) return [...points];
  const stride = Math.ceil(points.length / Math.max(1, max - 1));
  const out = points.filter((_, i) => i % stride === 0);
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!);
  return out;
}

/**
 * The chart's data values, one per plotted step. Each trial's line stops before its first
 * non-finite y (JSON cannot carry NaN/Infinity, and the curve is undefined there); a trial that
 * diverged gets `__end` on its last finite point. `defaults` fills a param a manifest lacks.
 * Only the trials `shownTrials` picks are read, each thinned to its share of the chart's points.
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
  const { shown } = shownTrials(chart, trials, defaults);
  const perLine = Math.max(2, Math.min(MAX_POINTS, Math.floor(MAX_CHART_POINTS / shown.length)));
  for (const trial of shown) {
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
        [FIELD.key]: trial.store === undefined
          ? trial.key
          : trial.key.slice(trial.store.length + 1),
        [FIELD.status]: trial.status,
      };
      if (trial.store !== undefined) datum[FIELD.store] = trial.store;
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
    const kept = thin(points, perLine);
    const last = kept.at(-1);
    if (diverged && last) {
      last[FIELD.status] = "diverged";
      last[FIELD.end] = true;
      last[FIELD.note] = divergenceNote(chart, brokeAt, trial.divergedAt);
      for (const p of kept) p[FIELD.status] = "diverged";
    }
    for (const p of kept) out.push(p);
  }
  return out;
}

/** The legend's labels in order: the colour field's values as `lineNames` or `sortLabels` orders them. */
function colourLabels(
  color: ColorSource,
  trials: readonly ChartTrial[],
  defaults: Params,
): string[] {
  if (color.kind === "trial") return [...new Set(lineNames(trials, defaults).values())];
  if (color.kind === "param") {
    return sortLabels(trials.map((t) => paramLabel(paramOf(t, color.name, defaults))));
  }
  return [];
}

/**
 * The trials whose lines are drawn: at most MAX_SERIES colours (an evenly spaced subset of the
 * legend's labels past it) and at most MAX_LINES lines (the seeds of a colour evenly spaced past
 * it); `of` counts every trial, `series` the colours there were before the subset.
 */
export function shownTrials(
  chart: LineChart,
  trials: readonly ChartTrial[],
  defaults: Params,
): { shown: ChartTrial[]; of: number; series: number } {
  const color = colorSource(chart, trials);
  if (color.kind === "metric") {
    const shown = evenlySpaced(
      orderTrials(trials, varyingParams(trials, defaults), defaults),
      MAX_LINES,
    );
    return { shown, of: trials.length, series: 0 };
  }
  const names = lineNames(trials, defaults);
  const labelOf = (t: ChartTrial) =>
    color.kind === "param" ? paramLabel(paramOf(t, color.name, defaults)) : names.get(t.key)!;
  const byKey = new Map(trials.map((t) => [t.key, t]));
  const byLabel = new Map<string, ChartTrial[]>();
  for (const t of [...names.keys()].map((k) => byKey.get(k)!)) {
    const label = labelOf(t);
    byLabel.set(label, [...byLabel.get(label) ?? [], t]);
  }
  const labels = evenlySpaced(
    colourLabels(color, trials, defaults).filter((l) => byLabel.has(l)),
    MAX_SERIES,
  );
  const perLabel = Math.max(1, Math.floor(MAX_LINES / Math.max(1, labels.length)));
  const shown = labels.flatMap((l) => evenlySpaced(byLabel.get(l)!, perLabel));
  return { shown, of: trials.length, series: byLabel.size };
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
    { field: FIELD.trial, type: "nominal" as const, title: "series" },
    { field: FIELD.key, type: "nominal" as const, title: "trial" },
    { field: FIELD.status, type: "nominal" as const, title: "status" },
    ...(trials.some((t) => t.store !== undefined)
      ? [{ field: FIELD.store, type: "nominal" as const, title: "run store" }]
      : []),
  ];
  const anyDiverged = values.some((d) => d[FIELD.end] === true);
  const integers = (field: string) =>
    values.length > 0 && values.every((d) => Number.isInteger(d[field]));
  const present = new Set(values.map((d) => String(d[color.field] ?? "")));
  const colorLabels = color.kind === "metric"
    ? sortLabels([...present])
    : colourLabels(color, trials, defaults).filter((l) => present.has(l));
  const stores = [...new Set(values.flatMap((d) => d[FIELD.store] ?? []))].map(String).sort();
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
    // A comparison draws each store's lines in its own dash, as `dvc plots diff` does.
    ...(stores.length > 0
      ? {
        strokeDash: {
          field: FIELD.store,
          type: "nominal" as const,
          title: "run store",
          sort: stores,
          scale: { domain: stores, range: [[1, 0], [6, 4], [2, 2], [8, 3, 2, 3]] },
          legend: { labelLimit: 0, symbolStrokeWidth: 2 },
        },
      }
      : {}),
  };
  const layer = [
    {
      params: [{
        name: "series",
        select: { type: "point" as const, fields: [fieldRef(color.field)] },
        bind: "legend" as const,
      }],
      // Points mark the logged steps while they stay few enough to read (and to draw).
      mark: { type: "line" as const, point: values.length <= MAX_MARKED_POINTS },
      // detail keeps trials that share a colour (same lr, another seed) on separate lines.
      encoding: {
        detail: [
          { field: FIELD.key, type: "nominal" as const },
          ...(stores.length > 0 ? [{ field: FIELD.store, type: "nominal" as const }] : []),
        ],
        tooltip,
      },
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
  const { shown, of, series } = shownTrials(chart, trials, defaults);
  const subset = [
    ...(series > colorLabels.length && color.kind !== "metric"
      ? [`${colorLabels.length} of ${series} series shown, evenly spaced`]
      : []),
    ...(shown.length < of
      ? [`${shown.length} of ${of} trials drawn (all are in the sweep table)`]
      : []),
  ];
  const title = subset.length > 0 ? { text: chart.title, subtitle: subset } : chart.title;
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
