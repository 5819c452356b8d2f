/**
 * Sweep summaries (kind "summary"): the final value of a metric (its last logged value) of each
 * trial against a param, the mean over seeds as a line with points and a ± one standard
 * deviation band, each seed's value as a faint dot, optionally one line per value of a second
 * param. Trials whose final value is not finite (diverged) stay out of the mean and are marked by
 * a cross at the top of the plot instead.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Params, SummaryChart } from "../harness/experiment.ts";
import {
  allNumeric,
  CHART_SIZE,
  type ChartDatum,
  type ChartTrial,
  FIELD,
  fieldRef,
  finalMetric,
  MAX_SERIES,
  noteSpec,
  PANEL_SIZE,
  paramLabel,
  paramOf,
  sortLabels,
  topLevel,
  type Vl,
} from "./spec_common.ts";
import { aggregate, groupBy } from "./spec_common.ts";

/** The summary's own data fields. */
export const SUMMARY = {
  kind: "__kind",
  mean: "__mean",
  lo: "__lo",
  hi: "__hi",
  sd: "__sd",
  n: "__n",
  value: "__value",
} as const;

/** The rows a summary plots: one "mean" row per group, one "trial" row per finite final value. */
export function summaryData(
  chart: SummaryChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): ChartDatum[] {
  const xLabel = (t: ChartTrial) => paramLabel(paramOf(t, chart.x, defaults));
  const colorLabel = (t: ChartTrial) =>
    chart.color ? paramLabel(paramOf(t, chart.color, defaults)) : "";
  const measured = trials.filter((t) => finalMetric(t, chart.y) !== undefined);
  const numericX = allNumeric(measured.map(xLabel));
  const xValue = (label: string) => numericX ? Number(label) : label;
  const plotted = (t: ChartTrial) => {
    const v = finalMetric(t, chart.y)!;
    return chart.log10 ? Math.log10(v) : v;
  };
  const usable = numericX && chart.logX
    ? measured.filter((t) => Number(xLabel(t)) > 0) // a log axis has no place for x ≤ 0
    : measured;
  const out: ChartDatum[] = [];
  // A comparison keeps each run store's trials apart: one mean line per store.
  const groups = groupBy(
    usable,
    (t) => JSON.stringify([xLabel(t), colorLabel(t), t.store ?? ""]),
  );
  for (const group of groups.values()) {
    const base: ChartDatum = { [chart.x]: xValue(xLabel(group[0])) };
    if (chart.color) base[chart.color] = colorLabel(group[0]);
    if (group[0].store !== undefined) base[FIELD.store] = group[0].store;
    const values = group.map(plotted);
    const a = aggregate(values);
    if (a.mean !== null) {
      const sd = a.sd ?? 0;
      out.push({
        ...base,
        [SUMMARY.kind]: "mean",
        [SUMMARY.mean]: a.mean,
        [SUMMARY.lo]: a.mean - sd,
        [SUMMARY.hi]: a.mean + sd,
        [SUMMARY.sd]: a.sd,
        [SUMMARY.n]: `${a.finite} of ${a.n}`,
      });
    }
    group.forEach((t, i) => {
      if (Number.isFinite(values[i])) {
        out.push({
          ...base,
          [SUMMARY.kind]: "trial",
          [SUMMARY.value]: values[i],
          [FIELD.trial]: t.key,
        });
      }
    });
    if (a.nonFinite.length > 0) {
      out.push({
        ...base,
        [SUMMARY.kind]: "nonfinite",
        [FIELD.status]: "non-finite",
        [FIELD.note]: `${a.nonFinite.length} of ${a.n} trials ended non-finite (` +
          group.filter((_, i) => !Number.isFinite(values[i])).map((t) => t.key).join(", ") + ")",
      });
    }
  }
  return out;
}

/** Builds the summary chart. */
export function summarySpec(
  chart: SummaryChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  const values = summaryData(chart, trials, defaults);
  if (values.length === 0) {
    return noteSpec(chart.title, `No trial logged ${chart.y}: nothing to summarise.`);
  }
  const numericX = values.every((d) => typeof d[chart.x] === "number");
  const yTitle = chart.yTitle ?? (chart.log10 ? `log10(final ${chart.y})` : `final ${chart.y}`);
  const xTitle = chart.xTitle ?? chart.x;
  const x: Vl = numericX
    ? {
      field: fieldRef(chart.x),
      type: "quantitative",
      title: xTitle,
      scale: chart.logX ? { type: "log" } : { zero: false },
      ...(chart.logX ? { axis: { format: "~g" } } : {}),
    }
    : {
      field: fieldRef(chart.x),
      type: "ordinal",
      title: xTitle,
      sort: sortLabels(values.map((d) => String(d[chart.x]))),
    };
  // Counts (every final value an integer) read on integer ticks.
  const integers = (field: string) =>
    values.every((d) => d[field] === undefined || Number.isInteger(d[field]));
  if (numericX && !chart.logX && integers(chart.x)) x.axis = { tickMinStep: 1, format: "d" };
  const encoding: Vl = { x };
  const stores = [...new Set(values.flatMap((d) => d[FIELD.store] ?? []))].map(String).sort();
  const dash: Vl = {};
  if (stores.length > 0) {
    // Each run store's mean line in its own dash, as `dvc plots diff` overlays revisions.
    dash.strokeDash = {
      field: FIELD.store,
      type: "nominal",
      title: "run store",
      sort: stores,
      scale: { domain: stores, range: [[1, 0], [6, 4], [2, 2], [8, 3, 2, 3]] },
      legend: { labelLimit: 0, symbolStrokeWidth: 2 },
    };
  }
  const colours = chart.color ? sortLabels(values.map((d) => String(d[chart.color!]))) : [];
  // Past MAX_SERIES colours repeat: one panel per value instead, each with its own line.
  const faceted = colours.length > MAX_SERIES;
  if (chart.color && !faceted) {
    encoding.color = {
      field: fieldRef(chart.color),
      type: "nominal",
      title: chart.color,
      sort: colours,
      // The band's pale fill would otherwise set the legend's symbols.
      legend: { symbolOpacity: 1, labelLimit: 0, symbolLimit: 0 },
    };
  }
  const colorTip: Vl[] = chart.color
    ? [{ field: fieldRef(chart.color), type: "nominal", title: chart.color }]
    : [];
  const xTip: Vl = {
    field: fieldRef(chart.x),
    type: numericX ? "quantitative" : "nominal",
    title: xTitle,
  };
  const only = (kind: string): Vl[] => [{
    filter: `datum[${JSON.stringify(SUMMARY.kind)}] === ${JSON.stringify(kind)}`,
  }];
  const countAxis: Vl = !chart.log10 && integers(SUMMARY.value)
    ? { tickMinStep: 1, format: "d" }
    : {};
  const y = (field: string): Vl => ({
    field,
    type: "quantitative",
    title: yTitle,
    scale: { zero: false },
    axis: countAxis,
  });
  const layer: Vl[] = [
    {
      transform: only("mean"),
      mark: { type: "area", opacity: 0.2 },
      encoding: { y: y(SUMMARY.lo), y2: { field: SUMMARY.hi } },
    },
    {
      transform: only("trial"),
      mark: { type: "point", opacity: 0.5, size: 28 },
      encoding: {
        y: y(SUMMARY.value),
        tooltip: [
          xTip,
          ...colorTip,
          { field: SUMMARY.value, type: "quantitative", title: yTitle },
          {
            field: FIELD.trial,
            type: "nominal",
            title: "trial",
          },
        ],
      },
    },
    {
      transform: only("mean"),
      mark: { type: "line", point: { filled: true, size: 50 } },
      encoding: {
        ...dash,
        y: y(SUMMARY.mean),
        tooltip: [
          xTip,
          ...colorTip,
          { field: SUMMARY.mean, type: "quantitative", title: `mean ${yTitle}`, format: ".4~g" },
          { field: SUMMARY.sd, type: "quantitative", title: "sd", format: ".3~g" },
          { field: SUMMARY.n, type: "nominal", title: "finite trials" },
        ],
      },
    },
  ];
  if (values.some((d) => d[SUMMARY.kind] === "nonfinite")) {
    layer.push({
      transform: only("nonfinite"),
      mark: { type: "point", shape: "cross", size: 160, filled: true, opacity: 1 },
      encoding: {
        y: { value: 6 },
        color: { value: "#c62828" },
        shape: {
          field: FIELD.status,
          type: "nominal",
          title: "status",
          scale: { domain: ["non-finite"], range: ["cross"] },
        },
        tooltip: [xTip, ...colorTip, { field: FIELD.note, type: "nominal", title: "non-finite" }],
      },
    });
  }
  if (faceted) {
    return topLevel(chart.title, {
      data: { values },
      facet: {
        field: fieldRef(chart.color!),
        type: "ordinal",
        title: chart.color!,
        sort: colours,
        header: { labelFontSize: 12, titleFontSize: 11, labelLimit: 0 },
      },
      columns: 3,
      spec: { width: PANEL_SIZE.width, height: PANEL_SIZE.height, encoding, layer },
    });
  }
  return topLevel(chart.title, {
    width: CHART_SIZE.width,
    height: CHART_SIZE.height,
    data: { values },
    encoding,
    layer,
  });
}
