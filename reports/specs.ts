/**
 * Vega-Lite specs for an experiment's charts (pure functions, data inlined), one builder per
 * chart kind of harness/experiment.ts:
 *
 * - line      learning curves from metrics.csv, one line per trial (spec_line.ts)
 * - summary   final metric against a param, mean ± sd over seeds (spec_summary.ts)
 * - heatmap   mean final metric per cell of a two-param sweep (spec_heatmap.ts)
 * - boundary  model output on a grid with the data points (spec_boundary.ts)
 * - function  g(z), g′(z) curves per series (spec_function.ts)
 * - bars      horizontal bars with notes (spec_bars.ts)
 * - images    image grids drawn from pixels (spec_images.ts)
 *
 * A record written by a newer runner may name a kind this report does not know: it gets a note
 * in place of the chart rather than failing the site.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartSpec, Params } from "../harness/experiment.ts";
import { barsSpec } from "./spec_bars.ts";
import { boundarySpec } from "./spec_boundary.ts";
import { type ChartTrial, noteSpec } from "./spec_common.ts";
import { functionSpec } from "./spec_function.ts";
import { heatmapSpec } from "./spec_heatmap.ts";
import { imagesSpec } from "./spec_images.ts";
import { lineSpec } from "./spec_line.ts";
import { summarySpec } from "./spec_summary.ts";

export {
  CHART_SIZE,
  type ChartDatum,
  type ChartTrial,
  FIELD,
  fieldRef,
  PANEL_SIZE,
} from "./spec_common.ts";
export { axisTitles, chartData, type ColorSource, colorSource, plottedField } from "./spec_line.ts";

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
