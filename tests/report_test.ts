/**
 * The report generator: spec builders for every chart kind, headless SVG, escaping, tables (sweep
 * aggregated over seeds, the profile), the site on the fixture run store
 * (tests/fixtures/runstore: perceptron-iris; adaline-learning-rate with a diverged trial and a
 * half-written one; init-lr-sweep, a learning rate × initialisation sweep over two seeds with
 * line/summary/heatmap charts; shallow-net-outputs with boundary/function/bars/images charts —
 * the last two written by make_chart_kinds.ts), merging shards, incremental rebuilds, the CLI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Buffer } from "node:buffer";
import { decode as decodePng } from "fast-png";
import type { ChartSpec, HeatmapChart, Json, LineChart, OutputChart, SummaryChart } from "../harness/experiment.ts";
import type { Bar, DecisionBoundary } from "../schema/payloads.ts";
import { parseReportArgs } from "../reports/cli.ts";
import {
  escapeHtml,
  escapeMarkdown,
  jsonForScript,
  markdownCode,
  relativeUrl,
} from "../reports/escape.ts";
import { ReportInputError } from "../reports/errors.ts";
import { formatNumber } from "../reports/format.ts";
import { scopeSvgIds } from "../reports/html_page.ts";
import { parseMetrics } from "../reports/metrics.ts";
import { compactGeometry, renderSvg } from "../reports/render.ts";
import { type ExperimentData, loadRunStores } from "../reports/runstore.ts";
import { buildReport } from "../reports/site.ts";
import { readBars, readBoundary, readFunctionPlot, readImageGrid } from "../reports/payloads.ts";
import { boundaryData, gridAxis, MAX_CELLS } from "../reports/spec_boundary.ts";
import { displaySize, wrapTitle } from "../reports/spec_images.ts";
import { buildChartSpec, type ChartTrial, fieldRef, PANEL_SIZE } from "../reports/specs.ts";
import { chartTrials, paramDefaults, renderCharts } from "../reports/charts.ts";
import { copyTree } from "../reports/staging.ts";
import { bestCriterion, bestNote, formatAggregate } from "../reports/sweep.ts";
import { claimRows, claimTally, sweepTable } from "../reports/tables.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/runstore", import.meta.url));
const XSS = "<script>alert(1)</script>";

const ERRORS_CHART: ChartSpec = {
  name: "errors",
  kind: "line",
  x: "epoch",
  y: "errors",
  title: "Misclassifications per epoch",
};
const COST_CHART: ChartSpec = {
  name: "cost",
  kind: "line",
  x: "epoch",
  y: "cost",
  log10: true,
  color: "lr",
  title: "log10(SSE/2) per epoch",
};

/** The spec as plain JSON, for asserting on its structure without vega-lite's unions. */
// deno-lint-ignore no-explicit-any
type Loose = any;
const plain = (spec: unknown): Loose => JSON.parse(JSON.stringify(spec));

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "report_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

async function fixtureExperiment(experiment: string): Promise<ExperimentData> {
  const store = await loadRunStores([FIXTURE]);
  return store.experiments.find((e) => e.id === experiment)!;
}

async function fixtureTrials(experiment: string): Promise<ChartTrial[]> {
  return chartTrials(await fixtureExperiment(experiment));
}

type ChartOf<K> = K extends "line" ? LineChart
  : K extends "summary" ? SummaryChart
  : K extends "heatmap" ? HeatmapChart
  : OutputChart;

/** The fixture's chart of that name and kind, with its experiment's trials and defaults. */
async function fixtureChart<K extends ChartSpec["kind"]>(
  experiment: string,
  name: string,
  kind: K,
) {
  const exp = await fixtureExperiment(experiment);
  const chart = exp.record.charts.find((c) => c.name === name)!;
  assert.equal(chart.kind, kind);
  return {
    exp,
    chart: chart as ChartOf<K>,
    trials: chartTrials(exp),
    defaults: paramDefaults(exp.record),
  };
}

/** Vega's SVG: how many items a mark type drew (paths, images or texts in its group). */
function drawn(svg: string, mark: string): number {
  const groups = svg.split(`class="mark-${mark} role-mark`).slice(1);
  return groups.reduce((n, g) => {
    const body = g.slice(0, g.indexOf("</g>"));
    return n + (body.match(/<(path|image|text|line)\b/g)?.length ?? 0);
  }, 0);
}

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps;

// ---- metrics.csv ----------------------------------------------------------------------------

Deno.test("parseMetrics reads numbers, NaN/Infinity, labels and empty cells", () => {
  const t = parseMetrics("epoch,cost,series\r\n1,51.08,train\r\n2,Infinity,test\r\n3,NaN,\r\n");
  assert.deepEqual(t.columns, ["epoch", "cost", "series"]);
  assert.deepEqual(t.rows[0], { epoch: 1, cost: 51.08, series: "train" });
  assert.equal(t.rows[1].cost, Infinity);
  assert.ok(Number.isNaN(t.rows[2].cost));
  assert.equal("series" in t.rows[2], false);
  assert.equal(parseMetrics("a\n-1e+21\n").rows[0].a, -1e21);
});

// ---- spec builders --------------------------------------------------------------------------

Deno.test("line spec: points on lines, quantitative axes, a colour per trial", async () => {
  const spec = plain(buildChartSpec(ERRORS_CHART, await fixtureTrials("perceptron-iris")));
  assert.equal(spec.title, "Misclassifications per epoch");
  assert.deepEqual(spec.layer[0].mark, { type: "line", point: true });
  assert.deepEqual(spec.encoding.x, { field: "epoch", type: "quantitative", title: "epoch" });
  assert.equal(spec.encoding.y.field, "errors");
  assert.equal(spec.encoding.y.title, "errors");
  assert.equal(spec.encoding.color.field, "__trial");
  assert.equal(spec.encoding.color.title, "trial");
  assert.deepEqual(spec.layer[0].encoding.detail, { field: "__trial", type: "nominal" });
  assert.deepEqual(spec.transform, []);
  assert.equal(spec.layer.length, 1, "no diverged layer when nothing diverged");
  assert.deepEqual(
    spec.data.values.map((d: Loose) => d.errors),
    [2, 2, 3, 2, 1, 0, 0, 0, 0, 0],
  );
  const tips = spec.layer[0].encoding.tooltip.map((t: Loose) => t.title);
  assert.deepEqual(tips, ["epoch", "errors", "trial", "status"]);
});

Deno.test("log10 spec: transform in the data, axis log10(y), colour by a param", async () => {
  const spec = plain(buildChartSpec(COST_CHART, await fixtureTrials("adaline-learning-rate")));
  assert.deepEqual(spec.transform, [
    { calculate: 'log(datum["cost"]) / LN10', as: "log10(cost)" },
    { filter: 'isFinite(datum["log10(cost)"])' },
  ]);
  assert.equal(spec.encoding.y.field, "log10(cost)");
  assert.equal(spec.encoding.y.title, "log10(cost)");
  assert.equal(spec.encoding.y.scale.zero, false);
  assert.deepEqual(spec.encoding.color, { field: "lr", type: "nominal", title: "lr" });
  const lrs = new Set(spec.data.values.map((d: Loose) => d.lr));
  assert.deepEqual([...lrs].sort(), ["0.0001", "0.01", "0.1"]);
  // The raw cost stays in the data: the tooltip shows both.
  const tips = spec.layer[0].encoding.tooltip.map((t: Loose) => t.title);
  assert.deepEqual(tips, ["epoch", "cost", "log10(cost)", "lr", "trial", "status"]);
});

Deno.test("diverged trial: drawn to its last finite value, marked with a cross there", async () => {
  const spec = plain(buildChartSpec(COST_CHART, await fixtureTrials("adaline-learning-rate")));
  // Lines are named by the params that differ between the trials.
  const label = "lr=0.1, epochs=20, standardize=false";
  const points = spec.data.values.filter((d: Loose) => d.__trial === label);
  assert.deepEqual(points.map((d: Loose) => d.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(points.every((d: Loose) => Number.isFinite(d.cost) && d.__status === "diverged"));
  const ends = spec.data.values.filter((d: Loose) => d.__end === true);
  assert.equal(ends.length, 1);
  assert.equal(ends[0].__trial, label);
  assert.equal(ends[0].epoch, 8);
  assert.equal(ends[0].__note, "cost non-finite at epoch 9");
  const cross = spec.layer[1];
  assert.deepEqual(cross.transform, [{ filter: 'datum["__end"] === true' }]);
  assert.equal(cross.mark.type, "point");
  assert.equal(cross.mark.shape, "cross");
  assert.deepEqual(cross.encoding.shape.scale, { domain: ["diverged"], range: ["cross"] });
  assert.equal(cross.encoding.shape.title, "status");
  assert.equal(cross.encoding.tooltip.at(-1).title, "diverged");
  // The large-but-finite lr = 0.01 trial is not marked.
  const big = spec.data.values.filter((d: Loose) =>
    d.__trial === "lr=0.01, epochs=10, standardize=false"
  );
  assert.equal(big.length, 10);
  assert.ok(big.every((d: Loose) => d.__status === "ok" && d.__end === undefined));
});

Deno.test("colour by a metric column; dotted field names are escaped", async () => {
  const trials: ChartTrial[] = [{
    key: "k",
    params: {},
    status: "ok",
    rows: [
      { "step.n": 1, "loss.v": 0.5, series: "train" },
      { "step.n": 1, "loss.v": 0.7, series: "test" },
      { "step.n": 2, "loss.v": 0.4, series: "train" },
      { "step.n": 2, "loss.v": 0.6, series: "test" },
    ],
  }];
  const chart: ChartSpec = {
    name: "loss",
    kind: "line",
    x: "step.n",
    y: "loss.v",
    color: "series",
    title: "Loss",
    xTitle: "step",
    yTitle: "loss",
  };
  const spec = plain(buildChartSpec(chart, trials));
  assert.equal(fieldRef("a.b[0]"), "a\\.b\\[0\\]");
  assert.equal(spec.encoding.x.field, "step\\.n");
  assert.equal(spec.encoding.x.title, "step");
  assert.equal(spec.encoding.y.title, "loss");
  assert.equal(spec.encoding.color.field, "series");
  assert.deepEqual(spec.data.values.map((d: Loose) => d.series), [
    "train",
    "test",
    "train",
    "test",
  ]);
  // An author's y title is used as written, also on a log chart (it already says log10).
  const log = plain(buildChartSpec({ ...chart, log10: true, yTitle: "log10(SSE/2)" }, trials));
  assert.equal(log.encoding.y.title, "log10(SSE/2)");
  assert.equal(log.encoding.y.field, "log10(loss\\.v)");
  assert.equal(log.transform[0].as, "log10(loss.v)");
  const svg = await renderSvg(buildChartSpec({ ...chart, log10: true }, trials));
  const lines = svg.match(/aria-roledescription="line mark" d="M[-\d.,]+L[-\d.,]+"/g) ?? [];
  assert.equal(lines.length, 2, "one line per series, dotted fields resolved");
});

// ---- spec builders: every chart kind ---------------------------------------------------------

Deno.test("line spec with facet: one panel per init, colour by lr, cross on the diverged", async () => {
  const { chart, trials, defaults } = await fixtureChart("init-lr-sweep", "cost", "line");
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.deepEqual(spec.facet, {
    field: "init",
    type: "ordinal",
    title: "init",
    sort: ["zeros", "he"],
    header: { labelFontSize: 12, titleFontSize: 11 },
  });
  assert.equal(spec.columns, 2);
  assert.equal(spec.spec.width, PANEL_SIZE.width);
  assert.deepEqual(spec.spec.layer[0].mark, { type: "line", point: true });
  assert.equal(spec.spec.encoding.color.field, "lr");
  assert.equal(spec.spec.encoding.y.field, "log10(cost)");
  assert.equal(spec.transform[0].as, "log10(cost)");
  assert.equal(spec.data.values.length, 12 * 10 - 5, "the diverged trial stops at its NaN");
  assert.ok(spec.data.values.every((d: Loose) => d.init === "zeros" || d.init === "he"));
  const ends = spec.data.values.filter((d: Loose) => d.__end === true);
  assert.deepEqual(ends.map((d: Loose) => [d.__trial, d.iteration, d.init]), [
    ["lr=1, init=he, seed 2", 400, "he"],
  ]);
  assert.equal(spec.spec.layer[1].mark.shape, "cross");
  // A facet on a metric column (e.g. a series label) uses its values as panel labels.
  const series: ChartTrial[] = [{
    key: "k",
    params: {},
    status: "ok",
    rows: [{ step: 1, loss: 2, split: "train" }, { step: 1, loss: 3, split: "test" }],
  }];
  const byRow = plain(
    buildChartSpec({ ...ERRORS_CHART, x: "step", y: "loss", facet: "split" }, series),
  );
  assert.deepEqual(byRow.facet.sort, ["train", "test"]);
  assert.deepEqual(byRow.data.values.map((d: Loose) => d.split), ["train", "test"]);
});

Deno.test("summary spec: final cost against lr on a log axis, mean ± sd over seeds", async () => {
  const { chart, trials, defaults } = await fixtureChart("init-lr-sweep", "final-cost", "summary");
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.equal(spec.title, "Final cost against the learning rate (mean ± sd over seeds)");
  assert.deepEqual(spec.encoding.x, {
    field: "lr",
    type: "quantitative",
    title: "learning rate α",
    scale: { type: "log" },
    axis: { format: "~g" },
  });
  assert.equal(spec.encoding.color.field, "init");
  assert.deepEqual(spec.encoding.color.sort, ["zeros", "he"]);
  assert.deepEqual(spec.layer.map((l: Loose) => l.mark.type), ["area", "point", "line", "point"]);
  assert.deepEqual(spec.layer[0].encoding.y2, { field: "__hi" });
  assert.equal(spec.layer[0].encoding.y.field, "__lo");
  assert.equal(spec.layer[2].encoding.y.field, "__mean");
  assert.equal(spec.layer[3].mark.shape, "cross");
  const means = spec.data.values.filter((d: Loose) => d.__kind === "mean");
  assert.equal(means.length, 6, "one per (lr, init)");
  const he01 = means.find((d: Loose) => d.lr === 0.1 && d.init === "he");
  // Finals of the two seeds: 0.2878 and 0.2666.
  assert.ok(close(he01.__mean, (0.2878 + 0.2666) / 2));
  assert.ok(close(he01.__sd, Math.abs(0.2878 - 0.2666) / Math.SQRT2));
  assert.ok(close(he01.__lo, he01.__mean - he01.__sd));
  assert.ok(close(he01.__hi, he01.__mean + he01.__sd));
  assert.equal(he01.__n, "2 of 2");
  // lr = 1 with He: one seed diverged (final cost NaN), so the mean is the other seed's.
  const he1 = means.find((d: Loose) => d.lr === 1 && d.init === "he");
  assert.equal(he1.__mean, 0.2757);
  assert.equal(he1.__sd, null);
  assert.equal(he1.__n, "1 of 2");
  const crosses = spec.data.values.filter((d: Loose) => d.__kind === "nonfinite");
  assert.equal(crosses.length, 1);
  assert.match(crosses[0].__note, /^1 of 2 trials ended non-finite \(lr-1_seed-2_7b5a2a9f\)$/);
  assert.equal(spec.data.values.filter((d: Loose) => d.__kind === "trial").length, 11);
  // Without logX the x scale is linear; log10 transforms the finals before averaging.
  const lin = plain(buildChartSpec({ ...chart, logX: false, log10: true }, trials, defaults));
  assert.deepEqual(lin.encoding.x.scale, { zero: false });
  assert.equal(lin.layer[2].encoding.y.title, "log10(final cost)");
  const m = lin.data.values.find((d: Loose) =>
    d.__kind === "mean" && d.lr === 0.1 && d.init === "he"
  );
  assert.ok(close(m.__mean, (Math.log10(0.2878) + Math.log10(0.2666)) / 2));
  // A param with text values gives an ordinal axis in order of appearance.
  const byInit = plain(buildChartSpec({ ...chart, x: "init", color: undefined }, trials, defaults));
  assert.equal(byInit.encoding.x.type, "ordinal");
  assert.deepEqual(byInit.encoding.x.sort, ["zeros", "he"]);
  assert.equal(byInit.encoding.color, undefined);
});

Deno.test("heatmap spec: mean final accuracy per (lr, init) cell, labelled", async () => {
  const { chart, trials, defaults } = await fixtureChart("init-lr-sweep", "accuracy", "heatmap");
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.deepEqual(spec.encoding.x.sort, ["0.01", "0.1", "1"]);
  assert.deepEqual(spec.encoding.y.sort, ["zeros", "he"]);
  assert.equal(spec.encoding.x.type, "ordinal");
  assert.equal(spec.encoding.x.title, "learning rate α");
  assert.equal(spec.encoding.y.title, "initialisation");
  assert.deepEqual(spec.layer.map((l: Loose) => l.mark.type), ["rect", "text"]);
  assert.equal(spec.layer[0].encoding.color.field, "__mean");
  assert.equal(spec.layer[0].encoding.color.scale.scheme, "viridis");
  assert.equal(spec.layer[1].encoding.text.field, "__label");
  assert.equal(spec.layer[1].encoding.color.condition.value, "white");
  const cells = spec.data.values;
  assert.equal(cells.length, 6);
  const cell = (lr: string, init: string) =>
    cells.find((d: Loose) => d.lr === lr && d.init === init);
  assert.ok(close(cell("0.1", "he").__mean, (0.8849 + 0.8934) / 2));
  assert.equal(cell("0.1", "he").__label, "0.889");
  assert.equal(cell("0.1", "he").__dark, false, "the bright end of viridis takes black text");
  assert.equal(cell("0.01", "zeros").__label, "0.5");
  assert.equal(cell("0.01", "zeros").__dark, true);
  assert.equal(cell("1", "he").__n, "2 of 2");
  // A metric that is non-finite in every trial of a cell: a grey cell saying so.
  const costMap = plain(buildChartSpec({ ...chart, value: "cost" }, trials, defaults));
  const grey = costMap.data.values.find((d: Loose) => d.lr === "1" && d.init === "he");
  assert.equal(grey.__label, "0.276*", "the finite seed's mean, starred");
  assert.match(costMap.title.subtitle, /some trials ended non-finite/);
  const nan = trials.map((t) =>
    t.key === "lr-1_seed-1_7c5a2c32" ? { ...t, rows: [...t.rows, { cost: NaN }] } : t
  );
  const allNaN = plain(buildChartSpec({ ...chart, value: "cost" }, nan, defaults));
  const missing = allNaN.data.values.find((d: Loose) => d.lr === "1" && d.init === "he");
  assert.equal(missing.__mean, null);
  assert.equal(missing.__label, "NaN");
  assert.deepEqual(allNaN.layer.map((l: Loose) => l.mark.type), ["rect", "rect", "text"]);
  assert.equal(allNaN.layer[1].mark.color, "#d5d7db");
});

Deno.test("boundary spec: a raster of rects per trial with the labelled points on top", async () => {
  const { chart, trials, defaults } = await fixtureChart(
    "shallow-net-outputs",
    "boundary",
    "boundary",
  );
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.equal(spec.title, "Decision boundary");
  assert.equal(spec.concat.length, 2, "one panel per trial");
  assert.equal(spec.columns, 2);
  const [panel] = spec.concat;
  assert.deepEqual(panel.title, {
    text: "hidden=2, seed 1",
    subtitle: "hidden-2_seed-1_8f3b33ff",
    fontSize: 11,
    subtitleFontSize: 9,
    subtitleColor: "#5f6368",
  });
  const [cells, points] = panel.layer;
  assert.equal(cells.mark.type, "rect");
  assert.deepEqual(Object.keys(cells.encoding).sort(), ["color", "tooltip", "x", "x2", "y", "y2"]);
  assert.equal(cells.encoding.x.title, "x₁", "axis titles from the payload");
  assert.equal(cells.encoding.y.title, "x₂");
  // A 30-point grid from −4 to 4: cells 8/29 wide, centred on the grid points.
  const h = 8 / 29;
  assert.ok(close(cells.encoding.x.scale.domain[0], -4 - h / 2));
  assert.ok(close(cells.encoding.x.scale.domain[1], 4 + h / 2));
  assert.deepEqual(cells.encoding.color.scale, {
    scheme: "blueorange",
    domain: [0, 1],
    domainMid: 0.5,
  });
  assert.equal(points.mark.type, "point");
  assert.equal(points.encoding.fill.field, "label");
  assert.equal(points.encoding.shape.field, "label");
  assert.deepEqual(points.encoding.shape.scale.range.slice(0, 2), ["circle", "square"]);
  // Cells and points are each layer's own data.
  assert.equal(cells.data.values.length, 900);
  assert.deepEqual(Object.keys(cells.data.values[0]), ["i", "j", "v"]);
  assert.equal(points.data.values.length, 40);
  assert.deepEqual(Object.keys(points.data.values[0]), ["x", "y", "label"]);
  // The cell edges come from (i, j) in the spec: the first cell spans [−4 − h/2, −4 + h/2].
  const x0 = cells.transform.find((t: Loose) => t.as === "x0").calculate;
  assert.equal(x0, `${-4 - h / 2} + datum["i"] * ${h}`);
  // The stored points, rounded to four significant digits.
  const stored = (trials[0].outputs as Loose).boundary.points;
  assert.equal(points.data.values[0].x, Number(stored.x[0].toPrecision(4)));
  assert.equal(points.data.values[0].label, String(stored.label[0]));
});

Deno.test("boundary data: fine grids averaged in blocks, non-finite cells left out", () => {
  const n = 100;
  const b: DecisionBoundary = {
    x: { min: 0, max: 99, n },
    y: { min: 0, max: 0, n: 1 },
    value: Array.from({ length: n }, (_, i) => (i === 98 ? NaN : i)),
    points: { x: [], y: [], label: [] },
  };
  const axis = gridAxis(b.x);
  assert.deepEqual(axis, { lo: -0.5, width: 3, cells: 34, hi: 99.5, block: 3 });
  assert.ok(MAX_CELLS >= axis.cells);
  const { cells } = boundaryData(b);
  assert.equal(cells.length, 34);
  assert.deepEqual(cells[0], { i: 0, j: 0, v: 1 });
  assert.equal(cells[32].v, 96.5, "block 96..98 without the NaN at 98");
  assert.deepEqual(cells[33], { i: 33, j: 0, v: 99 }, "partial block");
  // A cell whose every output is non-finite is not drawn.
  const holes = boundaryData({ ...b, x: { min: 0, max: 3, n: 4 }, value: [0, NaN, 2, 3] });
  assert.deepEqual(holes.cells.map((d) => d.i), [0, 2, 3]);
});

Deno.test("function spec: g(z), g′(z) per series on a shared x, a gap where undefined", async () => {
  const { chart, trials, defaults } = await fixtureChart(
    "shallow-net-outputs",
    "activations",
    "function",
  );
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.equal(spec.concat, undefined, "firstTrialOnly: one panel");
  assert.deepEqual(spec.title, {
    text: "Activation functions and their derivatives",
    subtitle: ["hidden=2, seed 1"],
  });
  assert.equal(spec.mark.type, "line");
  assert.equal(spec.encoding.x.title, "z");
  assert.equal(spec.encoding.y.title, "g(z), g′(z)");
  assert.equal(spec.encoding.color.field, "__series");
  assert.deepEqual(spec.encoding.color.sort, [
    "sigmoid g(z)",
    "sigmoid g′(z)",
    "tanh g(z)",
    "tanh g′(z)",
    "ReLU g(z)",
    "ReLU g′(z)",
  ]);
  assert.equal(spec.data.values.length, 6 * 81);
  const reluPrime = spec.data.values.filter((d: Loose) => d.__series === "ReLU g′(z)");
  assert.equal(reluPrime.find((d: Loose) => d.__x === 0).__y, null);
  assert.equal(reluPrime.find((d: Loose) => d.__x === 1).__y, 1);
});

Deno.test("bars spec: horizontal, notes written on the bars, one block per group", async () => {
  const { chart, trials, defaults } = await fixtureChart(
    "shallow-net-outputs",
    "vectorisation",
    "bars",
  );
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.equal(spec.vconcat.length, 2, "two groups");
  const [dot, outer] = spec.vconcat;
  assert.equal(dot.title.text, "dot product (10⁶)");
  assert.equal(outer.title.text, "outer product (10³×10³)");
  assert.deepEqual(spec.resolve.scale, { x: "shared", y: "independent", color: "shared" });
  assert.equal(dot.encoding.y.field, "__label");
  assert.equal(dot.encoding.y.type, "nominal");
  assert.equal(dot.encoding.y.sort, null, "the payload's order");
  assert.equal(dot.encoding.x.field, "__value");
  assert.equal(dot.encoding.x.title, "milliseconds");
  assert.deepEqual(dot.layer.map((l: Loose) => l.mark.type), ["bar", "text", "text"]);
  assert.equal(dot.layer[1].mark.align, "right");
  assert.equal(dot.layer[1].encoding.text.condition.field, "__note");
  assert.deepEqual(dot.data.values, [
    {
      __label: "for loop",
      __value: 412.5,
      __group: "dot product (10⁶)",
      __note: "350×",
      __inside: true,
    },
    {
      __label: "vectorised",
      __value: 1.18,
      __group: "dot product (10⁶)",
      __note: "1×",
      __inside: false,
    },
  ]);
  // Without groups: one layered view.
  const bars: Bar[] = [{ label: "a", value: 2, note: "2×" }, { label: "b", value: 1 }];
  const single: ChartTrial[] = [{
    key: "k",
    params: {},
    status: "ok",
    rows: [],
    outputs: { t: bars as unknown as Json },
  }];
  const flat = plain(buildChartSpec({ ...chart, field: "t" }, single));
  assert.equal(flat.vconcat, undefined);
  assert.equal(flat.data.values.length, 2);
  assert.equal(flat.data.values[1].__note, undefined);
  assert.deepEqual(flat.layer.map((l: Loose) => l.mark.type), ["bar", "text", "text"]);
});

Deno.test("images spec: PNG data URLs decoded back to the pixels, titles, red frames", async () => {
  const { exp, chart, trials, defaults } = await fixtureChart(
    "shallow-net-outputs",
    "examples",
    "images",
  );
  const spec = plain(buildChartSpec(chart, trials, defaults));
  assert.deepEqual(spec.title.subtitle, ["framed in red: highlighted (e.g. misclassified)"]);
  assert.equal(spec.concat.length, 2);
  const digits = spec.concat[1];
  assert.equal(digits.title.text, "hidden=4, seed 1");
  assert.deepEqual(digits.layer.map((l: Loose) => l.mark.type), ["image", "rect", "text"]);
  assert.equal(digits.layer[0].mark.width, 64, "8×8 drawn at 8×");
  assert.equal(digits.layer[0].encoding.url.field, "__url");
  assert.equal(digits.layer[0].encoding.x.scale, null, "positions in pixels");
  assert.equal(digits.layer[2].encoding.text.field, "__lines");
  assert.deepEqual(wrapTitle("#6: is cat, predicted non-cat", 18), [
    "#6: is cat,",
    "predicted non-cat",
  ]);
  assert.deepEqual(wrapTitle("a b c d", 1), ["a", "b", "c d"], "three lines at most");
  const images = digits.data.values;
  assert.equal(images.length, 6);
  assert.deepEqual(images.map((d: Loose) => d.__title), [
    "y=0 ŷ=0",
    "y=1 ŷ=1",
    "y=0 ŷ=0",
    "y=1 ŷ=0",
    "y=0 ŷ=1",
    "y=1 ŷ=1",
  ]);
  assert.deepEqual(images.map((d: Loose) => d.__highlight), [
    false,
    false,
    false,
    true,
    true,
    false,
  ]);
  // Each URL is a PNG of exactly the stored pixels.
  const stored = exp.trials.find((t) => t.key === "seed-1_8d3b30d9")!.result.outputs as Loose;
  for (const [i, d] of images.entries()) {
    assert.match(d.__url, /^data:image\/png;base64,/);
    const png = decodePng(Buffer.from(d.__url.slice(22), "base64"));
    assert.deepEqual([png.width, png.height, png.channels, png.depth], [8, 8, 1, 8]);
    assert.deepEqual([...png.data], [...Buffer.from(stored.examples.images[i].pixels, "base64")]);
  }
  const rgb = decodePng(Buffer.from(spec.concat[0].data.values[0].__url.slice(22), "base64"));
  assert.deepEqual([rgb.width, rgb.height, rgb.channels], [6, 6, 3]);
  assert.deepEqual(displaySize(64, 64), { width: 64, height: 64 });
  assert.deepEqual(displaySize(28, 28), { width: 56, height: 56 });
  assert.deepEqual(displaySize(128, 96), { width: 64, height: 48 });
});

Deno.test("output charts: a missing or malformed payload becomes a note, not a crash", async () => {
  const { chart, trials, defaults } = await fixtureChart(
    "shallow-net-outputs",
    "boundary",
    "boundary",
  );
  const broken = trials.map((t, i) =>
    i === 0 ? { ...t, outputs: { boundary: { x: { min: 0, max: 1, n: 2 } } } } : t
  );
  const spec = plain(buildChartSpec(chart, broken, defaults));
  assert.equal(spec.concat.length, 2);
  assert.equal(spec.concat[0].mark.type, "text");
  assert.match(
    spec.concat[0].data.values[0].__note,
    /^outputs\.boundary: decision boundary: x and y need numeric min ≤ max and an integer n$/,
  );
  // A null output (a variant that makes no boundary) is left out, not a note; firstTrialOnly
  // takes the first trial whose payload is valid.
  const partial = trials.map((t, i) => i === 0 ? { ...t, outputs: { boundary: null } } : t);
  const one = plain(buildChartSpec(chart, partial, defaults));
  assert.equal(one.concat, undefined, "one panel left");
  assert.deepEqual(one.title.subtitle, ["hidden=4, seed 1"]);
  const first = plain(buildChartSpec({ ...chart, firstTrialOnly: true }, partial, defaults));
  assert.deepEqual(first.title.subtitle, ["hidden=4, seed 1"]);
  const none = plain(buildChartSpec({ ...chart, field: "nope" }, trials, defaults));
  assert.equal(
    none.data.values[0].__note,
    "No trial's outputs.nope is a DecisionBoundary (missing).",
  );
  const images = plain(buildChartSpec(
    { name: "i", kind: "images", title: "I", field: "g" },
    [{
      key: "k",
      params: {},
      status: "ok",
      rows: [],
      outputs: {
        g: { width: 2, height: 2, channels: 1, images: [{ pixels: "AAA=", title: "short" }] },
      },
    }],
  ));
  assert.match(
    images.data.values[0].__note,
    /^not drawn: pixels decode to 2 bytes; 2×2×1 needs 4$/,
  );
  assert.equal(images.data.values[0].__url, undefined);
  await renderSvg(buildChartSpec(chart, broken, defaults));
  const unknown = plain(
    buildChartSpec({ name: "x", kind: "pie", title: "Pie" } as unknown as ChartSpec, []),
  );
  assert.equal(unknown.data.values[0].__note, 'This report cannot draw charts of kind "pie".');
  assert.equal(readBars([{ label: "a", value: "1" }] as unknown as Json).ok, false);
  assert.equal(readFunctionPlot({ x: [1, 2], series: [{ name: "s", y: [1] }] }).ok, false);
  assert.equal(readImageGrid({ width: 1, height: 1, channels: 2, images: [] }).ok, false);
  assert.equal(readBoundary({ ...(trials[0].outputs as Loose).boundary, value: [1] }).ok, false);
});

Deno.test("SVG geometry is rounded to 1/100 px, text left alone", () => {
  assert.equal(
    compactGeometry(
      '<path d="M69.00000000000001,193.33333333333334h7.666666666666671v-1e-7Z" ' +
        'transform="translate(0.5,-12.345678)"/><text>0.123456</text>',
    ),
    '<path d="M69,193.33h7.67v0Z" transform="translate(0.5,-12.35)"/><text>0.123456</text>',
  );
});

Deno.test("every kind renders headless to an SVG with its marks drawn", async () => {
  const svgs: Record<string, string> = {};
  for (const id of ["init-lr-sweep", "shallow-net-outputs"]) {
    for (const c of await renderCharts(await fixtureExperiment(id))) svgs[c.chart.kind] = c.svg;
  }
  assert.deepEqual(Object.keys(svgs).sort(), [
    "bars",
    "boundary",
    "function",
    "heatmap",
    "images",
    "line",
    "summary",
  ]);
  assert.equal(drawn(svgs.line, "line"), 12, "one line per trial");
  assert.ok(drawn(svgs.line, "symbol") >= 115, "points and the cross");
  assert.equal(drawn(svgs.summary, "area"), 2, "a band per init");
  assert.equal(drawn(svgs.summary, "line"), 2);
  assert.equal(drawn(svgs.summary, "symbol"), 11 + 6 + 1, "seeds, means, one cross");
  assert.equal(drawn(svgs.heatmap, "rect"), 6);
  assert.equal(drawn(svgs.heatmap, "text"), 6);
  assert.match(svgs.heatmap, />0\.889</);
  assert.equal(drawn(svgs.boundary, "rect"), 2 * 900);
  assert.equal(drawn(svgs.boundary, "symbol"), 2 * 40);
  assert.equal(drawn(svgs.function, "line"), 6);
  assert.equal(drawn(svgs.bars, "rect"), 4);
  assert.match(svgs.bars, />350×</);
  assert.equal(drawn(svgs.images, "image"), 10);
  assert.equal(svgs.images.match(/<image [^>]*href="data:image\/png;base64,/g)?.length, 10);
  assert.ok(!/href="(?!data:|#)/.test(svgs.images), "the SVG needs no other file");
  assert.equal(drawn(svgs.images, "rect"), 3, "three highlighted frames");
  assert.match(svgs.images, />y=1 ŷ=0</);
});

// ---- SVG ------------------------------------------------------------------------------------

Deno.test("renderSvg draws lines, points and the diverged cross headlessly", async () => {
  const svg = await renderSvg(
    buildChartSpec(COST_CHART, await fixtureTrials("adaline-learning-rate")),
  );
  assert.match(svg, /^<svg /);
  assert.match(svg, /class="mark-line role-mark/);
  assert.match(svg, /class="mark-symbol role-mark/);
  const lines = svg.match(/aria-roledescription="line mark" d="M[-\d.,L]+"/g) ?? [];
  assert.equal(lines.length, 4, "one drawn line per trial");
  assert.match(svg, /Symbol legend titled 'status' for shape with 1 value: diverged/);
  assert.match(svg, /log10\(SSE\/2\) per epoch/);
  // The scoped copy for inlining keeps ids unique across charts on one page.
  const scoped = scopeSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', "c0-");
  assert.equal(scoped, '<clipPath id="c0-clip1"/><g clip-path="url(#c0-clip1)"/>');
});

// ---- escaping -------------------------------------------------------------------------------

Deno.test("escaping: HTML text, script JSON, markdown text and code, URLs", () => {
  assert.equal(escapeHtml(`${XSS}"'&`), "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
  const json = jsonForScript({ t: `</script>${XSS}`, amp: "&" });
  assert.ok(!json.includes("<") && !json.includes(">"));
  assert.deepEqual(JSON.parse(json), { t: `</script>${XSS}`, amp: "&" });
  assert.equal(escapeMarkdown("a|b <i>_x_</i>"), "a\\|b &lt;i&gt;\\_x\\_&lt;/i&gt;");
  assert.equal(markdownCode("lr-0.01_seed-1"), "`lr-0.01_seed-1`");
  assert.equal(markdownCode("a`b|c"), "``a`b\\|c``");
  assert.equal(relativeUrl("id", "k#1 (x)"), "id/k%231%20%28x%29");
  assert.equal(formatNumber(Infinity), "Infinity");
  assert.equal(formatNumber(1.1251866000232848e29), "1.12519e+29");
});

// ---- tables ---------------------------------------------------------------------------------

Deno.test("claims aggregate per trial; sweep shows varying params, finals, best", async () => {
  const store = await loadRunStores([FIXTURE]);
  const adaline = store.experiments.find((e) => e.id === "adaline-learning-rate")!;
  const rows = claimRows(adaline);
  assert.equal(rows.filter((r) => r.id === "first-epoch-cost").length, 4);
  assert.deepEqual(claimTally(rows), { claims: 4, reproduced: 3, checks: 7, passed: 4 });
  const sweep = sweepTable(adaline);
  assert.deepEqual(sweep.paramColumns, ["lr", "epochs", "standardize"]);
  assert.deepEqual(sweep.metricColumns, ["epoch", "cost"]);
  assert.equal(sweep.bestKey, "standardize-true_epochs-15_seed-1_9c0d1e2f");
  const diverged = sweep.rows.find((r) => r.status === "diverged")!;
  assert.equal(diverged.finals.cost, Infinity);

  const perceptron = store.experiments.find((e) => e.id === "perceptron-iris")!;
  const weights = claimRows(perceptron).find((r) => r.id === "final-weights")!;
  assert.equal(weights.tolerance, 1e-6, "the bound applied on the trial, not the record's pair");
  assert.deepEqual(weights.observed, [
    -0.4000000059604645,
    -0.6800000071525574,
    1.8200000524520874,
  ]);
  assert.equal(sweepTable(perceptron).bestKey, null, "no cost column, no best row");
});

// ---- the site -------------------------------------------------------------------------------

Deno.test("buildReport on the fixture writes pages, charts, trial files, scripts", async () => {
  await withTemp(async (tmp) => {
    const out = join(tmp, "site");
    const result = await buildReport({ runs: [FIXTURE], out });
    assert.equal(result.index, join(out, "index.html"));
    assert.deepEqual(result.experiments, [
      "adaline-learning-rate",
      "init-lr-sweep",
      "perceptron-iris",
      "shallow-net-outputs",
    ]);
    assert.deepEqual(result.rendered, result.experiments);
    assert.equal(result.skipped.length, 1);
    assert.match(result.skipped[0], /lr-0\.001_seed-1_0badf00d: incomplete \(no result\.json\)/);

    const files = [
      "index.html",
      "index.md",
      "adaline-learning-rate.html",
      "adaline-learning-rate.md",
      "adaline-learning-rate/cost.vl.json",
      "adaline-learning-rate/cost.svg",
      "perceptron-iris.html",
      "perceptron-iris.md",
      "perceptron-iris/errors.vl.json",
      "perceptron-iris/errors.svg",
      "perceptron-iris/trials/seed-1_3f9a1c2e/metrics.csv",
      "perceptron-iris/trials/seed-1_3f9a1c2e/manifest.json",
      "perceptron-iris/trials/seed-1_3f9a1c2e/result.json",
      "assets/report.css",
      "assets/charts.js",
    ];
    for (const f of files) assert.ok(await exists(join(out, f)), f);
    assert.ok(!await exists(join(out, "adaline-learning-rate/trials/lr-0.001_seed-1_0badf00d")));

    // The vendored UMD builds define the globals the pages use.
    const globals = {
      "vega.min.js": ".vega=",
      "vega-lite.min.js": ".vegaLite=",
      "vega-embed.min.js": ".vegaEmbed=",
    };
    for (const [file, global] of Object.entries(globals)) {
      const text = await Deno.readTextFile(join(out, "assets", file));
      assert.ok(text.length > 50_000 && text.includes(global), file);
    }

    const page = await Deno.readTextFile(join(out, "adaline-learning-rate.html"));
    for (const s of ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "charts.js"]) {
      assert.ok(page.includes(`<script src="assets/${s}"></script>`), s);
    }
    assert.ok(!/src="https?:|href="https?:/.test(page), "no network resources");
    assert.match(page, /<div id="chart-0-static"><svg /);
    assert.match(
      page,
      /<script type="application\/json" class="vl-spec"\s+data-target="chart-0-live"/,
    );
    assert.match(
      page,
      /href="adaline-learning-rate\/trials\/lr-0.01_seed-1_ab12cd34\/metrics.csv"/,
    );
    assert.match(page, /3 of 4 claims reproduced \(4 of 7 checks passed\)/);
    assert.match(page, /<tr class="best">.*standardize-true_epochs-15_seed-1_9c0d1e2f/);
    assert.match(page, /llvmpipe \(LLVM 19\.1\.7, 256 bits\)/);
    assert.match(page, /3c9d2e1f0a7b \+dirty/);

    const md = await Deno.readTextFile(join(out, "adaline-learning-rate.md"));
    assert.match(md, /!\[log10\(SSE\/2\) per epoch\]\(adaline-learning-rate\/cost\.svg\)/);
    assert.match(md, /\| ★ `standardize-true_epochs-15_seed-1_9c0d1e2f` \| 0\.01 \| 15 \|/);
    assert.match(
      md,
      /\| `lr-0.1_epochs-20_seed-1_7d41c0aa` \| 0\.1 \| 20 \| false \| 1 \| 9 \| Infinity \|/,
    );

    const index = await Deno.readTextFile(join(out, "index.html"));
    assert.match(index, /href="adaline-learning-rate\.html"/);
    assert.match(index, /href="perceptron-iris\.html"/);
    assert.match(index, /7 of 8 claims reproduced across 4 experiments/);
    assert.match(index, /3 ok, 1 diverged/);

    const spec = JSON.parse(await Deno.readTextFile(join(out, "perceptron-iris/errors.vl.json")));
    assert.equal(spec.title, "Misclassifications per epoch");
    assert.deepEqual(await listDir(tmp), ["site"], "no staging folder left behind");
  });
});

Deno.test("rebuilds re-render only experiments whose inputs changed", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    await copyTree(FIXTURE, runs);
    const out = join(tmp, "site");
    await buildReport({ runs: [runs], out });
    const again = await buildReport({ runs: [runs], out });
    assert.deepEqual(again.rendered, []);
    assert.ok(await exists(join(out, "perceptron-iris/errors.svg")), "unchanged pages kept");

    const csv = join(runs, "perceptron-iris/seed-1_3f9a1c2e/metrics.csv");
    await Deno.writeTextFile(csv, (await Deno.readTextFile(csv)).replace("\n10,0", "\n10,1"));
    const changed = await buildReport({ runs: [runs], out });
    assert.deepEqual(changed.rendered, ["perceptron-iris"]);
    const md = await Deno.readTextFile(join(out, "perceptron-iris.md"));
    assert.match(md, /\| `seed-1_3f9a1c2e` \| 1 \| 10 \| 1 \| ok \|/);
  });
});

Deno.test("run stores merge: union of trials, a repeated key counted once (newest)", async () => {
  await withTemp(async (tmp) => {
    const a = join(tmp, "a");
    const b = join(tmp, "b");
    await copyTree(FIXTURE, a);
    // Shard b: a newer rerun of one trial with other numbers, and a trial a lacks.
    const id = "adaline-learning-rate";
    const rerun = "lr-0.0001_seed-1_5e6f7a8b";
    await copyTree(join(FIXTURE, id, "experiment.json"), join(b, id, "experiment.json"));
    await copyTree(join(FIXTURE, id, rerun), join(b, id, rerun));
    const manifestPath = join(b, id, rerun, "manifest.json");
    const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
    manifest.finished = "2025-11-22T09:00:00.000Z";
    await Deno.writeTextFile(manifestPath, JSON.stringify(manifest));
    await Deno.writeTextFile(join(b, id, rerun, "metrics.csv"), "epoch,cost\n1,51\n2,39.5\n");
    const extra = "lr-0.001_seed-2_12345678";
    await copyTree(join(FIXTURE, id, rerun), join(b, id, extra));
    const extraManifest = {
      ...manifest,
      trialKey: extra,
      params: { ...manifest.params, lr: 0.001 },
    };
    await Deno.writeTextFile(join(b, id, extra, "manifest.json"), JSON.stringify(extraManifest));

    const store = await loadRunStores([a, b]);
    const adaline = store.experiments.find((e) => e.id === id)!;
    assert.deepEqual(adaline.trials.map((t) => t.key), [
      "lr-0.0001_seed-1_5e6f7a8b",
      "lr-0.001_seed-2_12345678",
      "lr-0.01_seed-1_ab12cd34",
      "lr-0.1_epochs-20_seed-1_7d41c0aa",
      "standardize-true_epochs-15_seed-1_9c0d1e2f",
    ]);
    const merged = adaline.trials.find((t) => t.key === rerun)!;
    assert.equal(merged.dir, join(b, id, rerun), "the newest finished copy wins");
    assert.deepEqual(merged.metrics.rows.at(-1), { epoch: 2, cost: 39.5 });
    assert.equal(store.experiments.length, 4, "the other three from shard a alone");

    // Order of the shards does not matter: the newest still wins.
    const reversed = await loadRunStores([b, a]);
    const again = reversed.experiments.find((e) => e.id === id)!.trials.find((t) =>
      t.key === rerun
    )!;
    assert.equal(again.dir, join(b, id, rerun));

    const out = join(tmp, "site");
    const result = await buildReport({ runs: [a, b], out, compare: [a, b] });
    assert.deepEqual(result.experiments, [
      id,
      "init-lr-sweep",
      "perceptron-iris",
      "shallow-net-outputs",
    ]);
    const compare = await Deno.readTextFile(join(out, "compare.md"));
    // 40.6081 (a) against 39.5 (b): B − A = -1.10806.
    assert.match(
      compare,
      /\| `lr-0\.0001_seed-1_5e6f7a8b` \| final cost \| 40\.6081 \| 39\.5 \| -1\.10806 \|/,
    );
    assert.match(
      compare,
      /Experiments only in A: init-lr-sweep, perceptron-iris, shallow-net-outputs/,
    );
    assert.match(compare, /\| `lr-0\.0001_seed-1_5e6f7a8b` \| profile \| full \| full \| same \|/);
    assert.ok(await exists(join(out, "compare.html")));
    assert.match(await Deno.readTextFile(join(out, "index.html")), /href="compare\.html"/);
  });
});

Deno.test("strings from the run store stay text in HTML and markdown", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    const id = "perceptron-iris";
    await copyTree(join(FIXTURE, id), join(runs, id));
    const recordPath = join(runs, id, "experiment.json");
    const record = JSON.parse(await Deno.readTextFile(recordPath));
    record.title = `Perceptron ${XSS}`;
    record.description = `</script><img src=x onerror=alert(1)>`;
    record.charts[0].title = `Errors ${XSS}`;
    await Deno.writeTextFile(recordPath, JSON.stringify(record));
    const manifestPath = join(runs, id, "seed-1_3f9a1c2e", "manifest.json");
    const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
    manifest.params.init = XSS;
    await Deno.writeTextFile(manifestPath, JSON.stringify(manifest));

    const out = join(tmp, "site");
    await buildReport({ runs: [runs], out });
    const page = await Deno.readTextFile(join(out, `${id}.html`));
    assert.ok(!page.includes(XSS), "no live script from the data");
    assert.ok(!page.includes("<img src=x"), "no live element from the data");
    assert.match(page, /<h1>Perceptron &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
    assert.match(page, /&lt;\/script&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    // Only the page's own script elements end in </script>: 1 spec + 4 loaded scripts.
    assert.equal(page.match(/<\/script>/g)?.length, 5);
    assert.match(page, /\\u003cscript\\u003ealert\(1\)\\u003c\/script\\u003e/);
    const index = await Deno.readTextFile(join(out, "index.html"));
    assert.ok(!index.includes(XSS));
    const md = await Deno.readTextFile(join(out, `${id}.md`));
    assert.ok(!md.includes("<script>") && !md.includes("<img"));
    assert.match(md, /^# Perceptron &lt;script&gt;alert\(1\)&lt;\/script&gt;$/m);
    assert.match(md, /!\[Errors &lt;script&gt;alert\(1\)&lt;\/script&gt;\]/);
  });
});

Deno.test("sweep over seeds: mean ± sd per setting, best row by cost, else accuracy", async () => {
  const sweepExp = await fixtureExperiment("init-lr-sweep");
  const sweep = sweepTable(sweepExp);
  assert.deepEqual(sweep.paramColumns, ["lr", "init"]);
  assert.equal(sweep.aggregated, true);
  assert.deepEqual(sweep.bestBy, { metric: "cost", goal: "min" });
  assert.deepEqual(
    sweep.groups.map((g) => `${g.params.lr}/${g.params.init}:${g.seeds.join(",")}`),
    ["0.01/he:1,2", "0.01/zeros:1,2", "0.1/he:1,2", "0.1/zeros:1,2", "1/he:1,2", "1/zeros:1,2"],
  );
  const best = sweep.groups[sweep.bestGroup!];
  assert.deepEqual(best.params, { lr: 0.1, init: "he" });
  assert.ok(close(best.finals.cost.mean!, (0.2878 + 0.2666) / 2));
  assert.equal(formatAggregate(best.finals.cost), "0.2772 ± 0.01499");
  const diverged = sweep.groups.find((g) => g.params.lr === 1 && g.params.init === "he")!;
  assert.deepEqual(diverged.statuses, ["ok", "diverged"]);
  assert.equal(formatAggregate(diverged.finals.cost), "0.2757 (1 of 2 non-finite)");
  assert.equal(
    sweep.bestKey,
    "seed-2_138aa289",
    "per trial: the lowest cost that finished ok",
  );
  assert.equal(
    formatAggregate({ n: 2, finite: 0, mean: null, sd: null, nonFinite: [NaN, NaN] }),
    "NaN",
  );
  assert.equal(formatAggregate(undefined), "—");

  // No cost column: the highest accuracy wins.
  assert.deepEqual(bestCriterion(["epoch", "test_accuracy", "train_accuracy"]), {
    metric: "test_accuracy",
    goal: "max",
  });
  assert.equal(bestCriterion(["epoch", "errors"]), null);
  const noCost: ExperimentData = {
    ...sweepExp,
    trials: sweepExp.trials.map((t) => ({
      ...t,
      metrics: {
        columns: t.metrics.columns.filter((c) => c !== "cost"),
        rows: t.metrics.rows.map(({ cost: _, ...rest }) => rest),
      },
    })),
  };
  const byAccuracy = sweepTable(noCost);
  assert.deepEqual(byAccuracy.bestBy, { metric: "accuracy", goal: "max" });
  assert.deepEqual(byAccuracy.groups[byAccuracy.bestGroup!].params, { lr: 0.1, init: "he" });
  assert.equal(byAccuracy.bestKey, "seed-2_138aa289");
  assert.equal(
    bestNote(byAccuracy, true),
    "★ highest mean final accuracy over seeds, among settings whose trials all finished ok.",
  );

  await withTemp(async (tmp) => {
    const out = join(tmp, "site");
    await buildReport({ runs: [FIXTURE], out });
    const page = await Deno.readTextFile(join(out, "init-lr-sweep.html"));
    assert.match(page, /<table class="sweep aggregated">/);
    assert.match(
      page,
      /<tr class="best"><td>0\.1 <span class="best-mark"[^>]*>★ best<\/span><\/td><td>he<\/td><td>1, 2<\/td>/,
    );
    assert.match(page, /<td>0\.2772 ± 0\.01499<\/td>/);
    assert.match(page, /<details><summary>Per trial \(12\)<\/summary>/);
    const md = await Deno.readTextFile(join(out, "init-lr-sweep.md"));
    assert.match(
      md,
      /\| ★ 0\.1 \| he \| 1, 2 \| 900 ± 0 \| 0\.2772 ± 0\.01499 \| 0\.8891 ± 0\.00601 \| 2 ok \|/,
    );
    assert.match(md, /\| 1 \| he \| 1, 2 \| 700 ± 282\.8 \| 0\.2757 \(1 of 2 non-finite\) \|/);
    assert.match(md, /### Per trial/);
    // One seed per setting: the per-trial table alone, as before.
    const adaline = await Deno.readTextFile(join(out, "adaline-learning-rate.html"));
    assert.ok(!adaline.includes("aggregated") && !adaline.includes("<details>"));
  });
});

Deno.test("the profile that produced each experiment: scoreboard, pages, mixed", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    await copyTree(FIXTURE, runs);
    const out = join(tmp, "site");
    await buildReport({ runs: [runs], out });
    const index = await Deno.readTextFile(join(out, "index.html"));
    assert.match(index, /<th>Profile<\/th>/);
    assert.match(index, /init-lr-sweep\.html.*<span class="profile-quick"[^>]*>quick<\/span>/s);
    assert.match(index, /1 of 4 experiments ran \(in part\) with the --quick profile/);
    // perceptron-iris's manifest predates profiles: a full run.
    assert.match(
      index,
      /perceptron-iris\.html(?:(?!<\/tr>).)*<span class="profile-full"[^>]*>full<\/span>/s,
    );
    const indexMd = await Deno.readTextFile(join(out, "index.md"));
    assert.match(indexMd, /\| Status \| Seconds \| Backend \| Adapter \| Profile \|/);
    assert.match(
      indexMd,
      /\(init-lr-sweep\.md\) \| 1 \/ 1 \| 6 \/ 6 \| 11 ok, 1 diverged \| 5\.94 s \| webgpu \| .* \| quick \|/,
    );
    const page = await Deno.readTextFile(join(out, "init-lr-sweep.html"));
    assert.match(page, /<p class="profile">Profile: <strong class="profile-quick">quick<\/strong>/);
    assert.match(page, /<dt>profile<\/dt><dd>quick<\/dd>/);
    assert.match(
      await Deno.readTextFile(join(out, "shallow-net-outputs.md")),
      /^Profile: \*\*full\*\*/m,
    );

    // One trial rerun in full: the experiment is "mixed"; an unknown value reads as full.
    const dir = join(runs, "init-lr-sweep");
    const path = join(dir, "seed-1_108a9dd0", "manifest.json");
    const manifest = JSON.parse(await Deno.readTextFile(path));
    await Deno.writeTextFile(path, JSON.stringify({ ...manifest, profile: "full" }));
    const other = join(runs, "perceptron-iris", "seed-1_3f9a1c2e", "manifest.json");
    const m2 = JSON.parse(await Deno.readTextFile(other));
    await Deno.writeTextFile(other, JSON.stringify({ ...m2, profile: XSS }));
    const result = await buildReport({ runs: [runs], out });
    assert.deepEqual(result.rendered, ["init-lr-sweep", "perceptron-iris"]);
    const mixed = await Deno.readTextFile(join(out, "init-lr-sweep.html"));
    assert.match(mixed, /Profile: <strong class="profile-mixed">mixed<\/strong>/);
    assert.match(
      await Deno.readTextFile(join(out, "init-lr-sweep.md")),
      /^Profile: \*\*mixed\*\*/m,
    );
    const after = await Deno.readTextFile(join(out, "index.html"));
    assert.match(after, />mixed<\/span>/);
    assert.ok(!after.includes(XSS));
    assert.match(await Deno.readTextFile(join(out, "perceptron-iris.html")), /profile-full">full</);
  });
});

Deno.test("strings in chart payloads, params and records stay text in every new place", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    for (const id of ["init-lr-sweep", "shallow-net-outputs"]) {
      await copyTree(join(FIXTURE, id), join(runs, id));
    }
    const edit = async (path: string, change: (value: Loose) => void) => {
      const value = JSON.parse(await Deno.readTextFile(path));
      change(value);
      await Deno.writeTextFile(path, JSON.stringify(value));
    };
    const outputs = join(runs, "shallow-net-outputs");
    await edit(join(outputs, "experiment.json"), (r) => {
      for (const c of r.charts) c.title = `${c.title} ${XSS}`;
    });
    for (const key of ["seed-1_8d3b30d9", "hidden-2_seed-1_8f3b33ff"]) {
      await edit(join(outputs, key, "result.json"), (r) => {
        const o = r.outputs;
        o.boundary.xTitle = `x ${XSS}`;
        o.activations.series[0].name = `g ${XSS}`;
        o.timings[0].label = `loop ${XSS}`;
        o.timings[0].note = `${XSS}×`;
        o.timings[0].group = `dot ${XSS}`;
        o.examples.images[0].title = `cat ${XSS}`;
      });
    }
    const sweep = join(runs, "init-lr-sweep");
    for await (const e of Deno.readDir(sweep)) {
      if (!e.isDirectory) continue;
      await edit(join(sweep, e.name, "manifest.json"), (m) => {
        if (m.params.init === "zeros") m.params.init = `zeros ${XSS}`;
      });
    }
    const out = join(tmp, "site");
    await buildReport({ runs: [runs], out });
    for (const id of ["init-lr-sweep", "shallow-net-outputs"]) {
      const page = await Deno.readTextFile(join(out, `${id}.html`));
      assert.ok(!page.includes(XSS), `${id}: no live script from the data`);
      // Only the page's own script elements close: one spec per chart + 4 loaded scripts.
      const charts = id === "init-lr-sweep" ? 3 : 4;
      assert.equal(page.match(/<\/script>/g)?.length, charts + 4, id);
      assert.ok(page.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), `${id}: shown as text`);
      const md = await Deno.readTextFile(join(out, `${id}.md`));
      assert.ok(!md.includes("<script>"), `${id}.md`);
      for await (const f of Deno.readDir(join(out, id))) {
        if (!f.name.endsWith(".svg")) continue;
        const svg = await Deno.readTextFile(join(out, id, f.name));
        assert.ok(!svg.includes("<script"), `${id}/${f.name}: text, not markup`);
        const spec = JSON.parse(
          await Deno.readTextFile(join(out, id, f.name.replace(/svg$/, "vl.json"))),
        );
        assert.ok(
          JSON.stringify(spec).includes(XSS),
          `${id}/${f.name}: the spec keeps the data as data`,
        );
      }
    }
    const sweepPage = await Deno.readTextFile(join(out, "init-lr-sweep.html"));
    assert.match(
      sweepPage,
      /<td>zeros &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td><td>1, 2<\/td>/,
    );
    const md = await Deno.readTextFile(join(out, "init-lr-sweep.md"));
    assert.match(md, /\| zeros &lt;script&gt;alert\(1\)&lt;\/script&gt; \| 1, 2 \|/);
    const svg = await Deno.readTextFile(join(out, "shallow-net-outputs", "examples.svg"));
    assert.match(svg, /cat &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const bars = await Deno.readTextFile(join(out, "shallow-net-outputs", "vectorisation.svg"));
    assert.match(bars, /&lt;script&gt;alert\(1\)&lt;\/script&gt;×/);
  });
});

Deno.test("a whole-catalogue rebuild with nothing changed takes well under 10 s", async () => {
  await withTemp(async (tmp) => {
    // Five copies of every fixture experiment (20, each kind of chart) stand in for a catalogue.
    const runs = join(tmp, "runs");
    for await (const e of Deno.readDir(FIXTURE)) {
      if (!e.isDirectory) continue;
      for (let i = 0; i < 5; i++) {
        await copyTree(join(FIXTURE, e.name), join(runs, `${e.name}-${i}`));
      }
    }
    const out = join(tmp, "site");
    const t0 = performance.now();
    const first = await buildReport({ runs: [runs], out });
    const full = (performance.now() - t0) / 1000;
    assert.equal(first.rendered.length, 20);
    const t1 = performance.now();
    const again = await buildReport({ runs: [runs], out });
    const incremental = (performance.now() - t1) / 1000;
    assert.deepEqual(again.rendered, []);
    assert.ok(full < 30, `first build ${full.toFixed(1)} s`);
    assert.ok(incremental < 10, `rebuild ${incremental.toFixed(1)} s`);
  });
});

Deno.test("buildReport refuses to replace a folder that is not a report site", async () => {
  await withTemp(async (tmp) => {
    const out = join(tmp, "precious");
    await Deno.mkdir(out);
    await Deno.writeTextFile(join(out, "thesis.tex"), "keep me");
    await assert.rejects(() => buildReport({ runs: [FIXTURE], out }), ReportInputError);
    assert.deepEqual(await listDir(out), ["thesis.tex"]);
    assert.deepEqual(await listDir(tmp), ["precious"]);
  });
});

// ---- CLI ------------------------------------------------------------------------------------

Deno.test("parseReportArgs: defaults, repeated --runs, --flag=value, --compare, --bench", () => {
  assert.deepEqual(parseReportArgs([]), {
    runs: ["runs"],
    out: "site",
    compare: undefined,
    bench: undefined,
    help: false,
  });
  assert.deepEqual(parseReportArgs(["--runs", "a", "--runs=b", "--out=s", "--compare", "a", "b"]), {
    runs: ["a", "b"],
    out: "s",
    compare: ["a", "b"],
    bench: undefined,
    help: false,
  });
  assert.equal(parseReportArgs(["--bench", "r.json"]).bench, "r.json");
  assert.equal(parseReportArgs(["--bench=r.json"]).bench, "r.json");
  assert.equal(parseReportArgs(["-h"]).help, true);
  for (
    const bad of [
      ["--bogus"],
      ["--runs"],
      ["--out", "--runs"],
      ["stray"],
      ["--compare", "a"],
      ["--bench"],
      ["--bench", "a", "--bench", "b"],
    ]
  ) {
    assert.throws(() => parseReportArgs(bad), ReportInputError, bad.join(" "));
  }
});

async function cli(args: string[], cwd = ROOT) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "reports/main.ts"), ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("CLI: bad input exits 2 with one line on stderr and writes nothing", async () => {
  await withTemp(async (tmp) => {
    const empty = join(tmp, "empty-runs");
    await Deno.mkdir(empty);
    const out = join(tmp, "site");
    const cases: [string[], RegExp][] = [
      [["--runs", join(tmp, "missing"), "--out", out], /runs folder .*missing does not exist/],
      [["--runs", FIXTURE, "--out", out, "--colour"], /unknown flag --colour/],
      [["--runs", empty, "--out", out], /holds no experiments/],
      [["--runs", FIXTURE, "--runs", empty, "--out", out], /holds no experiments/],
      [
        ["--runs", FIXTURE, "--out", out, "--compare", FIXTURE, join(tmp, "nope")],
        /does not exist/,
      ],
      [["--runs"], /--runs needs a run-store folder/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, tmp);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stdout, "");
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^error: /);
      assert.match(lines[0], message);
      assert.deepEqual(await listDir(tmp), ["empty-runs"], "nothing written");
    }
  });
});

Deno.test("CLI: --help, and a build prints the index path", async () => {
  const help = await cli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--runs DIR/);
  assert.match(help.stdout, /--compare A B/);
  await withTemp(async (tmp) => {
    const out = join(tmp, "site");
    const r = await cli(["--runs", FIXTURE, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), join(out, "index.html"));
    assert.match(r.stderr, /^note: 1 trial folder\(s\) not counted/);
    assert.ok(await exists(join(out, "index.html")));
  });
});
