/**
 * Two-parameter sweeps (kind "heatmap"): one cell per (x, y) param combination coloured by the
 * mean final value of a metric over the cell's trials (seeds), with the value written in the
 * cell. Non-finite finals (diverged runs) stay out of the mean; a cell whose every trial ended
 * non-finite is grey and says so, one with some is starred.
 */
import type { TopLevelSpec } from "vega-lite";
import type { HeatmapChart, Params } from "../harness/experiment.ts";
import { formatNumber } from "./html.ts";
import {
  type ChartDatum,
  type ChartTrial,
  FIELD,
  fieldRef,
  finalMetric,
  noteSpec,
  paramLabel,
  paramOf,
  sortLabels,
  topLevel,
  type Vl,
} from "./spec_common.ts";
import { aggregate, groupBy } from "./spec_common.ts";

/** The heatmap's own data fields. */
export const HEATMAP = {
  mean: "__mean",
  label: "__label",
  dark: "__dark",
  n: "__n",
} as const;

/** A figure short enough for a cell: three significant digits. */
export function cellText(v: number): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  return String(Number(v.toPrecision(3)));
}

/** A cell's side in px: the room over the count, between 44 and 96. */
function step(n: number, max: number): number {
  return Math.round(Math.max(44, Math.min(96, max / n)));
}

/** One datum per (x, y) cell that has trials with the metric. */
export function heatmapData(
  chart: HeatmapChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): ChartDatum[] {
  const label = (t: ChartTrial, p: string) => paramLabel(paramOf(t, p, defaults));
  const measured = trials.filter((t) => finalMetric(t, chart.value) !== undefined);
  const cells = groupBy(measured, (t) => JSON.stringify([label(t, chart.x), label(t, chart.y)]));
  const out: ChartDatum[] = [];
  for (const group of cells.values()) {
    const a = aggregate(group.map((t) => finalMetric(t, chart.value)!));
    const nonFinite = [...new Set(a.nonFinite.map(formatNumber))];
    out.push({
      [chart.x]: label(group[0], chart.x),
      [chart.y]: label(group[0], chart.y),
      [HEATMAP.mean]: a.mean,
      [HEATMAP.label]: a.mean === null
        ? (nonFinite.length === 1 ? nonFinite[0] : "non-finite")
        : cellText(a.mean) + (a.nonFinite.length > 0 ? "*" : ""),
      [HEATMAP.n]: `${a.finite} of ${a.n}`,
      [FIELD.note]: a.nonFinite.length > 0
        ? `${a.nonFinite.length} of ${a.n} non-finite (${nonFinite.join(", ")}), not in the mean`
        : "all finite",
      [FIELD.trial]: group.map((t) => t.key).join(", "),
    });
  }
  // Text on the dark half of the colour scale is white.
  const means = out.map((d) => d[HEATMAP.mean]).filter((m): m is number => typeof m === "number");
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  for (const d of out) {
    const m = d[HEATMAP.mean];
    d[HEATMAP.dark] = typeof m === "number" && (hi === lo ? true : (m - lo) / (hi - lo) < 0.55);
  }
  return out;
}

/** Builds the heatmap chart. */
export function heatmapSpec(
  chart: HeatmapChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  const values = heatmapData(chart, trials, defaults);
  if (values.length === 0) {
    return noteSpec(chart.title, `No trial logged ${chart.value}: nothing to draw.`);
  }
  const xs = sortLabels(values.map((d) => String(d[chart.x])));
  const ys = sortLabels(values.map((d) => String(d[chart.y])));
  const valueTitle = `mean final ${chart.value}`;
  const cellWidth = step(xs.length, 480);
  const tooltip: Vl[] = [
    { field: fieldRef(chart.x), type: "ordinal", title: chart.xTitle ?? chart.x },
    { field: fieldRef(chart.y), type: "ordinal", title: chart.yTitle ?? chart.y },
    { field: HEATMAP.mean, type: "quantitative", title: valueTitle, format: ".4~g" },
    { field: HEATMAP.n, type: "nominal", title: "finite trials" },
    { field: FIELD.note, type: "nominal", title: "note" },
    { field: FIELD.trial, type: "nominal", title: "trials" },
  ];
  const isMissing = `datum[${JSON.stringify(HEATMAP.mean)}] === null`;
  const layer: Vl[] = [
    {
      transform: [{ filter: `!(${isMissing})` }],
      mark: { type: "rect", stroke: "white", strokeWidth: 1 },
      encoding: {
        color: {
          field: HEATMAP.mean,
          type: "quantitative",
          title: valueTitle,
          scale: { scheme: "viridis" },
        },
        tooltip,
      },
    },
    ...(values.some((d) => d[HEATMAP.mean] === null)
      ? [{
        transform: [{ filter: isMissing }],
        mark: { type: "rect", stroke: "white", strokeWidth: 1, color: "#d5d7db" },
        encoding: { tooltip },
      }]
      : []),
    {
      mark: { type: "text", fontSize: Math.min(12, Math.max(9, cellWidth / 5)) },
      encoding: {
        text: { field: HEATMAP.label, type: "nominal" },
        color: {
          condition: { test: `datum[${JSON.stringify(HEATMAP.dark)}]`, value: "white" },
          value: "black",
        },
        tooltip,
      },
    },
  ];
  const starred = values.some((d) => String(d[HEATMAP.label]).endsWith("*"));
  return topLevel(
    starred
      ? { text: chart.title, subtitle: "* some trials ended non-finite; mean of the rest" }
      : chart.title,
    {
      width: { step: step(xs.length, 480) },
      height: { step: step(ys.length, 300) },
      data: { values },
      encoding: {
        x: {
          field: fieldRef(chart.x),
          type: "ordinal",
          title: chart.xTitle ?? chart.x,
          sort: xs,
          // Labels read level while they fit their cell, else slanted; never cut short.
          axis: {
            labelAngle: xs.every((l) => l.length * 7 <= step(xs.length, 480)) ? 0 : -40,
            labelLimit: 0,
            labelFontSize: 11,
          },
        },
        y: {
          field: fieldRef(chart.y),
          type: "ordinal",
          title: chart.yTitle ?? chart.y,
          sort: ys,
          axis: { labelLimit: 0, labelFontSize: 11 },
        },
      },
      layer,
    },
  );
}
