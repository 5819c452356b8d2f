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
  panelLabel,
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

/**
 * What a line is called in the legend: the params that differ between the trials and the seed
 * (e.g. "lr=0.0001, seed 1"); the trial keys when those names would not tell the lines apart
 * (the same trial on two backends).
 */
function lineNames(trials: readonly ChartTrial[], defaults: Params): Map<string, string> {
  const varying = varyingParams(trials, defaults);
  const byParams = trials.map((t) =>
    varying.map((n) => `${n}=${paramLabel(paramOf(t, n, defaults))}`).join(", ")
  );
  const withSeed = trials.map((t) => panelLabel(t, varying, defaults));
  const distinct = (labels: string[]) =>
    labels.every((l) => l !== "") && new Set(labels).size === labels.length;
  const labels = distinct(byParams) ? byParams : distinct(withSeed) ? withSeed : null;
  return new Map(trials.map((t, i) => [t.key, labels ? labels[i] : t.key]));
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
  for (const trial of trials) {
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
  const encoding = {
    x: { field: fieldRef(chart.x), type: "quantitative" as const, title: titles.x },
    y: {
      field: fieldRef(yField),
      type: "quantitative" as const,
      title: titles.y,
      scale: { zero: !chart.log10 },
    },
    color: { field: fieldRef(color.field), type: "nominal" as const, title: color.name },
  };
  const layer = [
    {
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
  if (!chart.facet) {
    return {
      $schema: SCHEMA,
      title: chart.title,
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
    title: chart.title,
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
