/**
 * Function plots (kind "function"): curves over a shared x, one per series — e.g. g(z) and
 * g′(z) of each activation — coloured by series name; an undefined value breaks its curve.
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputChart, Params } from "../harness/experiment.ts";
import type { FunctionPlot } from "../schema/payloads.ts";
import { readFunctionPlot } from "./spec_common.ts";
import {
  CHART_SIZE,
  type ChartDatum,
  type ChartTrial,
  PANEL_SIZE,
  type Vl,
} from "./spec_common.ts";
import { outputSpec, type PanelKind } from "./spec_common.ts";

/** The function plot's own data fields. */
export const FUNCTION = { x: "__x", y: "__y", series: "__series" } as const;

/** One datum per (series, x); y is null where the function is undefined (breaks the line). */
export function functionData(plot: FunctionPlot): ChartDatum[] {
  return plot.series.flatMap((s) =>
    plot.x.map((x, i) => ({
      [FUNCTION.x]: x,
      [FUNCTION.y]: Number.isFinite(s.y[i]) ? s.y[i] : null,
      [FUNCTION.series]: s.name,
    }))
  );
}

function panel(plot: FunctionPlot, chart: OutputChart, single: boolean): Vl {
  const xTitle = chart.xTitle ?? "z";
  const yTitle = chart.yTitle ?? "value";
  return {
    ...(single ? CHART_SIZE : PANEL_SIZE),
    data: { values: functionData(plot) },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: FUNCTION.x, type: "quantitative", title: xTitle },
      y: { field: FUNCTION.y, type: "quantitative", title: yTitle },
      color: {
        field: FUNCTION.series,
        type: "nominal",
        title: "series",
        sort: [...new Set(plot.series.map((s) => s.name))],
      },
      tooltip: [
        { field: FUNCTION.series, type: "nominal", title: "series" },
        { field: FUNCTION.x, type: "quantitative", title: xTitle, format: ".3~g" },
        { field: FUNCTION.y, type: "quantitative", title: yTitle, format: ".4~g" },
      ],
    },
  };
}

const FUNCTION_KIND: PanelKind<FunctionPlot> = {
  what: "a FunctionPlot",
  read: readFunctionPlot,
  panel,
  columns: 2,
};

/** Builds a function-plot chart. */
export function functionSpec(
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  return outputSpec(FUNCTION_KIND, chart, trials, defaults);
}
