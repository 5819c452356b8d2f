/**
 * An experiment's charts: one Vega-Lite spec builder per chart kind of harness/experiment.ts
 * (spec_<kind>.ts, data inlined), each spec rendered to SVG headlessly, named for the site, and
 * described in a sentence (its text alternative):
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
import type { ExperimentRecord } from "../harness/records.ts";
import { safeFileName } from "./html.ts";
import type { Trial } from "./runstore.ts";
import { barsSpec } from "./spec_bars.ts";
import { boundarySpec } from "./spec_boundary.ts";
import { type ChartTrial, noteSpec } from "./spec_common.ts";
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

/** Headless SVG: Vega-Lite compiles to Vega, and a Vega view with the "none" renderer draws. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return compactGeometry(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Rounds the numbers in path data and transforms to 1/100 px: Vega writes full doubles, which
 * more than doubles the size of charts with thousands of marks (a decision boundary's cells) for
 * no visible difference. Text, labels and data stay as they are.
 */
export function compactGeometry(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_, name: string, value: string) => {
    const rounded = value.replace(
      /-?(?:\d+\.\d*|\.\d+|\d+(?=e))(?:e[-+]?\d+)?/gi,
      (n) => String(Math.round(Number(n) * 100) / 100),
    );
    return ` ${name}="${rounded}"`;
  });
}

/** A chart ready to write: its file stem under `<site>/<id>/`, spec, SVG and description. */
export interface RenderedChart {
  chart: ChartSpec;
  /** File stem: `<file>.vl.json` and `<file>.svg`. */
  file: string;
  spec: TopLevelSpec;
  svg: string;
  description: string;
}

/** The trials as the spec builders see them. */
export function chartTrials(trials: readonly Trial[]): ChartTrial[] {
  return trials.map((t) => ({
    key: t.key,
    params: t.manifest.params,
    status: t.manifest.status,
    rows: t.rows,
    divergedAt: t.manifest.divergedAt,
    seed: t.manifest.seed,
    backend: t.manifest.backend,
    outputs: t.result.outputs,
  }));
}

/** Each param's default, for trials whose manifest predates the param. */
export function paramDefaults(record: ExperimentRecord): Params {
  return Object.fromEntries(Object.entries(record.params).map(([k, p]) => [k, p.default]));
}

/** Builds one chart's spec over `trials` (a malformed record becomes a note) and renders it. */
export async function renderChart(
  chart: ChartSpec,
  trials: readonly ChartTrial[],
  defaults: Params,
  file: string,
): Promise<RenderedChart> {
  let spec: TopLevelSpec;
  try {
    spec = buildChartSpec(chart, trials, defaults);
  } catch (e) {
    // A malformed chart record (from an older or newer runner) costs that chart, not the site.
    spec = noteSpec(
      typeof chart.title === "string" ? chart.title : chart.name,
      `This chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // The description travels in the spec: vega writes it as the chart's aria-label, so the
  // interactive view has the same text alternative as the static SVG.
  const description = describeChart(chart, trials);
  spec = { ...spec, description } as TopLevelSpec;
  let svg: string;
  try {
    svg = await renderSvg(spec);
  } catch (e) {
    // A spec vega cannot compile or draw costs that chart, not the site.
    spec = {
      ...noteSpec(
        typeof chart.title === "string" ? chart.title : chart.name,
        `This chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`,
      ),
      description,
    } as TopLevelSpec;
    svg = await renderSvg(spec);
  }
  return { chart, file, spec, svg, description };
}

/** Builds and renders every chart of an experiment over `trials`; `prefix` names their files. */
export async function renderCharts(
  record: ExperimentRecord,
  trials: readonly Trial[],
  prefix = "",
): Promise<RenderedChart[]> {
  const chartData = chartTrials(trials);
  const defaults = paramDefaults(record);
  const taken = new Set<string>();
  const out: RenderedChart[] = [];
  for (const chart of record.charts) {
    out.push(
      await renderChart(chart, chartData, defaults, safeFileName(prefix + chart.name, taken)),
    );
  }
  return out;
}
