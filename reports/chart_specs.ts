/**
 * The Vega-Lite spec of a chart of any kind, and the sentence that describes it: pure functions
 * of the chart's declaration and its trials, with no renderer, so the site (charts.ts) and a page
 * re-running its experiment (web/page.ts) build the same specs.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartSpec, Params } from "../harness/experiment.ts";
import { barsSpec } from "./spec_bars.ts";
import { boundarySpec } from "./spec_boundary.ts";
import { type ChartTrial, isBoundarySnapshots, noteSpec, outputField } from "./spec_common.ts";
import { functionSpec } from "./spec_function.ts";
import { heatmapSpec } from "./spec_heatmap.ts";
import { imagesSpec } from "./spec_images.ts";
import { lineSpec } from "./spec_line.ts";
import { summarySpec } from "./spec_summary.ts";

/** Builds the Vega-Lite spec for one chart of any kind. */
export function buildChartSpec(
  chart: ChartSpec,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  switch (chart.kind) {
    case "line":
      return lineSpec(chart, trials, defaults);
    case "summary":
      return summarySpec(chart, trials, defaults);
    case "heatmap":
      return heatmapSpec(chart, trials, defaults);
    case "boundary":
      return boundarySpec(chart, trials, defaults);
    case "function":
      return functionSpec(chart, trials, defaults);
    case "bars":
      return barsSpec(chart, trials, defaults);
    case "images":
      return imagesSpec(chart, trials, defaults);
    default: {
      const unknown = chart as { kind?: unknown; title?: unknown };
      return noteSpec(
        typeof unknown.title === "string" ? unknown.title : "chart",
        `This report cannot draw charts of kind ${JSON.stringify(unknown.kind)}.`,
      );
    }
  }
}

/** What a chart shows, in a sentence: its text alternative on the page. */
export function describeChart(chart: ChartSpec, trials: readonly ChartTrial[]): string {
  const n = trials.length;
  const of = `${n} trial${n === 1 ? "" : "s"}`;
  switch (chart.kind) {
    case "line":
      return `${chart.yTitle ?? chart.y} against ${chart.xTitle ?? chart.x}${
        chart.log10 ? " (log10)" : ""
      }, one line per ${chart.color ?? "trial"}, over ${of}.`;
    case "summary":
      return `The final ${chart.yTitle ?? chart.y} of each trial against ${
        chart.xTitle ?? chart.x
      }: the mean over seeds, with ± one standard deviation, over ${of}.`;
    case "heatmap":
      return `The mean final ${chart.value} for each ${chart.x} and ${chart.y}, over ${of}.`;
    case "boundary":
      if (trials.some((t) => isBoundarySnapshots(outputField(t.outputs, chart.field)))) {
        return `The model's output over the plane of the two input features, with the labelled ` +
          `points on top, at several points of its training (${
            chart.firstTrialOnly ? "one trial" : `a row per trial, ${of}`
          }), left to right.`;
      }
      return `The model's output over the plane of the two input features, with the labelled ` +
        `points on top (${chart.firstTrialOnly ? "one trial" : `one panel per trial, ${of}`}).`;
    case "function":
      return "Each function and its derivative over z.";
    case "bars":
      return "One bar per item, labelled with its value.";
    case "images":
      return "Example images with their labels.";
    default:
      return "A chart of a kind this report does not know.";
  }
}
