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
import type { ChartSpec } from "../harness/experiment.ts";
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
import { scopeSvgIds } from "../reports/html_experiment.ts";
import { parseMetrics } from "../reports/metrics.ts";
import { renderSvg } from "../reports/render.ts";
import { type ExperimentData, loadRunStores } from "../reports/runstore.ts";
import { buildReport } from "../reports/site.ts";
import { buildChartSpec, type ChartTrial, fieldRef } from "../reports/specs.ts";
import { chartTrials, paramDefaults, renderCharts } from "../reports/charts.ts";
import { copyTree } from "../reports/staging.ts";
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

/** The fixture's chart of that name, with its experiment's trials and param defaults. */
async function fixtureChart(experiment: string, name: string) {
  const exp = await fixtureExperiment(experiment);
  const chart = exp.record.charts.find((c) => c.name === name)!;
  return { exp, chart, trials: chartTrials(exp), defaults: paramDefaults(exp.record) };
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
  const key = "lr-0.1_epochs-20_seed-1_7d41c0aa";
  const points = spec.data.values.filter((d: Loose) => d.__trial === key);
  assert.deepEqual(points.map((d: Loose) => d.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(points.every((d: Loose) => Number.isFinite(d.cost) && d.__status === "diverged"));
  const ends = spec.data.values.filter((d: Loose) => d.__end === true);
  assert.equal(ends.length, 1);
  assert.equal(ends[0].__trial, key);
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
  const big = spec.data.values.filter((d: Loose) => d.__trial === "lr-0.01_seed-1_ab12cd34");
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

Deno.test("parseReportArgs: defaults, repeated --runs, --flag=value, --compare", () => {
  assert.deepEqual(parseReportArgs([]), {
    runs: ["runs"],
    out: "site",
    compare: undefined,
    help: false,
  });
  assert.deepEqual(parseReportArgs(["--runs", "a", "--runs=b", "--out=s", "--compare", "a", "b"]), {
    runs: ["a", "b"],
    out: "s",
    compare: ["a", "b"],
    help: false,
  });
  assert.equal(parseReportArgs(["-h"]).help, true);
  for (const bad of [["--bogus"], ["--runs"], ["--out", "--runs"], ["stray"], ["--compare", "a"]]) {
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
