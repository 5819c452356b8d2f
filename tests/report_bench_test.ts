/**
 * The report's bench page (site/bench.html) from benchmark results: tables formatted as
 * `deno task bench` prints them, the machine and adapter, one chart per unit of each section,
 * the site's link, every build rendering it from the current results, the placeholder without
 * results, a malformed file (one warning line, the rest of the site built), and the bench run's
 * in-place refresh.
 * tests/fixtures/bench/latest.json holds four sections shaped like the real ones (matmul,
 * elementwise, overhead, and a cat end-to-end section with a TF.js column), with a null cell,
 * fixed digits and markup in strings.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatSection, type Section } from "../bench/report.ts";
import {
  BenchFormatError,
  type BenchInput,
  parseBenchReport,
  refreshBenchPage,
} from "../reports/bench_page.ts";
import { formatBenchCell } from "../bench/report.ts";
import { UsageError } from "../harness/errors.ts";
import { RunStore } from "../harness/store.ts";
import { buildReport } from "../reports/site.ts";
import { BENCH, benchChartSpecs, rowLabels } from "../reports/spec_bench.ts";
import { fixtureRecord, writeFixtureTrial } from "./fixtures/runstore/make_chart_kinds.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS = join(ROOT, "tests", "fixtures", "bench", "latest.json");

// deno-lint-ignore no-explicit-any
type Loose = any;

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "report_bench_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

/** A one-experiment run store (one chart to render), so a build takes a moment. */
function smallRuns(tmp: string, id = "perceptron-iris"): string {
  const runs = join(tmp, "runs");
  const store = new RunStore(runs);
  store.writeExperiment(fixtureRecord({
    id,
    title: "Perceptron on Iris",
    charts: [{ name: "errors", kind: "line", x: "epoch", y: "errors", title: "Errors" }],
  }));
  writeFixtureTrial(store, {
    experiment: id,
    key: "seed-1_a",
    params: { eta: 0.1 },
    rows: [3, 2, 0].map((errors, i) => ({ epoch: i + 1, errors })),
  });
  return runs;
}

/** buildReport with its warnings collected rather than printed. */
async function build(runs: string, out: string, bench: string) {
  const warnings: string[] = [];
  const result = await buildReport({ runs: [runs], out, bench, warn: (l) => warnings.push(l) });
  return { result, warnings };
}

const fixture = async () => parseBenchReport(await Deno.readTextFile(RESULTS));
const section = async (id: string) => (await fixture()).sections.find((s) => s.id === id)!;
const read = (path: string) => Deno.readTextFile(path);
const count = (text: string, what: string) => text.split(what).length - 1;

Deno.test("a cell reads the same on the page as in the bench's terminal table", async () => {
  const matmul = await section("matmul");
  const [gpu, first, batch, cpu] = ["gpu", "gpuFirst", "batch", "cpu"].map((k) =>
    matmul.columns.find((c) => c.key === k)!
  );
  assert.equal(formatBenchCell(11.213, gpu), "11.2");
  assert.equal(formatBenchCell(0.3712, cpu), "0.371");
  assert.equal(formatBenchCell(412.6, first), "413");
  assert.equal(formatBenchCell(20, batch), "20");
  assert.equal(formatBenchCell(null, cpu), "—");
  assert.equal(formatBenchCell(undefined, cpu), "—");
  const text = formatSection(matmul);
  assert.match(text, /webgpu \(GFLOP\/s\)/);
  for (const row of matmul.rows) {
    for (const c of matmul.columns) assert.ok(text.includes(formatBenchCell(row[c.key], c)));
  }
});

Deno.test("bench page: tables, notes, machine, one chart per unit; the index links it", async () => {
  await withTemp(async (tmp) => {
    const out = join(tmp, "site");
    const { warnings } = await build(smallRuns(tmp), out, RESULTS);
    assert.deepEqual(warnings, []);
    assert.deepEqual(await listDir(join(out, "bench")), [
      "cat-ms.svg",
      "cat-ms.vl.json",
      "elementwise-GB_s.svg",
      "elementwise-GB_s.vl.json",
      "latest.json",
      "matmul-GFLOP_s.svg",
      "matmul-GFLOP_s.vl.json",
      "matmul-ms.svg",
      "matmul-ms.vl.json",
    ], "no chart for the overhead section: it has no column with a unit");
    assert.equal(await read(join(out, "bench", "latest.json")), await read(RESULTS));

    const page = await read(join(out, "bench.html"));
    // The table: headings with units, numbers right-aligned as the bench prints them.
    assert.match(page, /<th scope="col" class="num">webgpu \(GFLOP\/s\)<\/th>/);
    assert.match(page, /<th scope="col">op\(A\)·op\(B\)<\/th>/);
    assert.match(page, /<td class="num"><span title="11\.213">11\.2<\/span><\/td>/);
    assert.match(page, /<td class="num"><span title="0\.3712">0\.371<\/span><\/td>/);
    assert.match(page, /<td class="num"><span title="412\.6">413<\/span><\/td>/);
    assert.match(page, /<td class="num">—<\/td>/);
    assert.match(page, /<td class="num">1048576<\/td>/);
    assert.match(page, /<li>numpy 2\.4\.6 \(scipy-openblas\), same shapes, same run<\/li>/);
    // When, how, where.
    assert.match(page, /Measured 2026-11-20 09:15:42 UTC by <code>deno task bench --quick<\/code>/);
    assert.match(page, /class="profile-quick">Quick profile/);
    assert.match(page, /<dd>linux-x86_64, 2 cpus<\/dd>/);
    assert.match(page, /<dd>2\.9\.6 \(V8 15\.0\.245\.2-rusty\)<\/dd>/);
    assert.match(page, /<dd>0\.64 before, unknown after/);
    assert.match(page, /<dd>llvmpipe \(LLVM 15\.0\.6, 256 bits\), vendor 65541, fallback adapter/);
    assert.match(page, /href="bench\/latest\.json">Results as JSON/);
    assert.match(page, /<a href="#bench-elementwise">Elementwise \(a \+ b\)<\/a>/);
    assert.match(page, /<section id="bench-elementwise">/);
    // Strings from the file stay text.
    assert.ok(!page.includes("<script>alert(1)"), "markup in a cell is escaped");
    assert.ok(!page.includes("<b>not bold"), "markup in a note is escaped");
    assert.match(page, /deep-cat &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    // Charts as on the experiment pages: static SVG, inlined spec for vega-embed, files.
    assert.equal(count(page, 'class="vl-spec"'), 4);
    assert.equal(count(page, '<figure class="chart"'), 4);
    assert.match(page, /<div class="chart-static" id="chart-3-static"><svg /);
    assert.match(page, /<script src="assets\/vega-embed\.min\.js"><\/script>/);
    assert.match(
      page,
      /<strong>Matrix products: GFLOP\/s\.<\/strong> [^<]*<span class="files"><a href="bench\/matmul-GFLOP_s\.svg">SVG/,
    );
    assert.ok(!/src="https?:|href="https?:/.test(page), "no network resources");

    const svg = await read(join(out, "bench", "matmul-GFLOP_s.svg"));
    assert.equal(count(svg, 'aria-roledescription="bar"'), 15, "4 cases × 4 columns, 1 null");

    const md = await read(join(out, "bench.md"));
    assert.match(md, /\| case \| op\(A\)·op\(B\) \| webgpu \(GFLOP\/s\) \|/);
    assert.match(md, /\| --- \| --- \| ---: \|/);
    assert.match(md, /\| square 2048 \| 2048×2048·2048×2048 \| 20\.8 \| 825 \| 1903 \| 1 \| — \|/);
    assert.match(md, /!\[Matrix products: GFLOP\/s\]\(bench\/matmul-GFLOP_s\.svg\)/);
    assert.match(md, /- ratio &lt; 1: webgpu faster; &lt;b&gt;not bold&lt;\/b&gt;/);

    assert.match(
      await read(join(out, "index.html")),
      /<nav aria-label="Site">.*<a href="bench\.html">Benchmarks<\/a>/,
    );
    assert.match(await read(join(out, "index.md")), /\[Benchmarks\]\(bench\.md\)/);
    assert.deepEqual(await listDir(tmp), [".site.builds", "runs", "site"]);
    assert.deepEqual(await listDir(join(tmp, ".site.builds")), [".lock"], "no staging left");
  });
});

Deno.test("bench charts: grouped bars per unit, log axis over a decade, any section", async () => {
  const [matmul] = benchChartSpecs(await section("matmul")).map((c) => c.spec as Loose);
  assert.deepEqual(matmul.title, {
    text: "Matrix products",
    subtitle: "GFLOP/s, log scale; longer bars are faster",
  });
  const values = matmul.data.values;
  assert.equal(values.length, 15);
  assert.deepEqual([...new Set(values.map((d: Loose) => d[BENCH.series]))], [
    "webgpu",
    "cpu f64",
    "numpy f32",
    "numpy f64",
  ]);
  assert.equal(matmul.encoding.x.scale.type, "log");
  assert.deepEqual(matmul.encoding.x.scale.domain, [0.1, 1000]);
  assert.equal(matmul.encoding.x.stack, null, "side by side, never summed");
  assert.deepEqual(matmul.encoding.y.sort, ["square 256", "square 2048", "W1·X", "dZ1·Xᵀ"]);

  const elementwise = await section("elementwise");
  assert.deepEqual(rowLabels(elementwise), ["add 1048576", "add 4194304"]);
  const [gbs] = benchChartSpecs(elementwise).map((c) => c.spec as Loose);
  assert.equal(gbs.encoding.x.scale.type, undefined, "2.3 to 13 GB/s: linear");
  assert.deepEqual(benchChartSpecs(await section("overhead")), []);

  // A section no code knows: charts follow its units; ratios and single values are not charted.
  const novel: Section = {
    id: "novel",
    title: "Novel",
    columns: [
      { key: "what", label: "what" },
      { key: "a", label: "webgpu", unit: "ms" },
      { key: "b", label: "webgpu", unit: "ms" },
      { key: "speedup", label: "speedup", digits: 2 },
      { key: "bw", label: "bandwidth", unit: "GB/s" },
      { key: "n", label: "count", unit: "items" },
    ],
    rows: [
      { what: "x", a: 1, b: 0, speedup: 2, bw: 3, n: 5 },
      { what: "x", a: 2, b: 3, speedup: 1.5, bw: null, n: 6 },
    ],
    notes: [],
  };
  assert.deepEqual(
    rowLabels(novel),
    ["x 2.00", "x 1.50"],
    "the first column that tells rows apart",
  );
  const charts = benchChartSpecs(novel);
  assert.deepEqual(charts.map((c) => c.unit), ["ms", "items"], "one GB/s value: no chart");
  const ms = charts[0].spec as Loose;
  assert.deepEqual(
    ms.data.values.map((d: Loose) => d[BENCH.series]),
    ["webgpu (a)", "webgpu (b)", "webgpu (a)", "webgpu (b)"],
  );
  assert.equal(ms.encoding.x.scale.type, undefined, "a zero has no place on a log axis");
  assert.equal(ms.title.subtitle, "ms; shorter bars are faster");
  assert.equal((charts[1].spec as Loose).title.subtitle, "items");
  const alike: Section = { ...novel, columns: novel.columns.slice(0, 3) };
  assert.deepEqual(rowLabels(alike), ["x", "x #2"]);
});

Deno.test("every build renders the bench page from the current results", async () => {
  await withTemp(async (tmp) => {
    const runs = smallRuns(tmp);
    const out = join(tmp, "site");
    const results = join(tmp, "latest.json");
    await Deno.copyFile(RESULTS, results);
    await build(runs, out, results);
    const before = await read(join(out, "bench.html"));
    await build(runs, out, results);
    assert.equal(await read(join(out, "bench.html")), before, "the same results, the same page");
    assert.ok(await exists(join(out, "bench", "cat-ms.svg")), "charts too");

    await Deno.writeTextFile(
      results,
      (await read(results)).replace("2026-11-20T09:15:42.123Z", "2026-11-21T10:00:00.000Z"),
    );
    await build(runs, out, results);
    assert.match(await read(join(out, "bench.html")), /Measured 2026-11-21 10:00:00 UTC/);

    await Deno.remove(results);
    await build(runs, out, results);
    assert.match(await read(join(out, "bench.html")), /No benchmark results yet/);
    assert.ok(!await exists(join(out, "bench")), "no stale charts");
  });
});

Deno.test("without results the page says how to measure them; the index still links it", async () => {
  await withTemp(async (tmp) => {
    const out = join(tmp, "site");
    const { warnings } = await build(smallRuns(tmp), out, join(tmp, "none.json"));
    assert.deepEqual(warnings, [], "no results yet is not a problem");
    const page = await read(join(out, "bench.html"));
    assert.match(page, /No benchmark results yet \(no <code>[^<]*none\.json<\/code>\)/);
    assert.match(page, /Run <code>deno task bench<\/code>/);
    assert.ok(!page.includes("<script"), "no charts, no scripts");
    assert.match(await read(join(out, "bench.md")), /Run `deno task bench`/);
    assert.match(await read(join(out, "index.html")), /href="bench\.html"/);
    assert.ok(!await exists(join(out, "bench")));
  });
});

Deno.test("a malformed results file: its problem in one line, the rest of the site built", async () => {
  const good = JSON.parse(await read(RESULTS));
  const variant = (edit: (r: Loose) => void) => {
    const r = structuredClone(good);
    edit(r);
    return JSON.stringify(r);
  };
  const cases: [string, RegExp][] = [
    ['{"schema": 1, "createdAt": ', /^not valid JSON \(/],
    ["[]", /^the top level is a list, not an object$/],
    [variant((r) => delete r.schema), /^no schema field \(this report reads schema 1\)$/],
    [variant((r) => (r.schema = 2)), /^schema 2 \(this report reads schema 1\)$/],
    [variant((r) => (r.sections = {})), /^sections is an object, not a list$/],
    [variant((r) => (r.sections[1].rows = "none")), /^sections\[1\]\.rows is "none", not a list$/],
    [
      variant((r) => (r.sections[0].rows[2].gpu = { v: 1 })),
      /^sections\[0\]\.rows\[2\]\.gpu is an object, not a number, string or null$/,
    ],
    [
      variant((r) => (r.sections[0].columns[4].digits = -1)),
      /^sections\[0\]\.columns\[4\]\.digits is -1, not a whole number ≥ 0$/,
    ],
    [variant((r) => delete r.runtime.cpus), /^runtime\.cpus is missing, not a number$/],
  ];
  for (const [text, problem] of cases) {
    assert.throws(() => parseBenchReport(text), (e: Error) => {
      assert.ok(e instanceof BenchFormatError);
      assert.match(e.message, problem);
      return true;
    });
  }
  // A row's fields outside its columns are not shown, so not checked either.
  assert.doesNotThrow(() => parseBenchReport(variant((r) => (r.sections[0].rows[0].x = {}))));

  await withTemp(async (tmp) => {
    const bad = join(tmp, "bad.json");
    await Deno.writeTextFile(bad, cases[5][0]);
    const out = join(tmp, "site");
    const { result, warnings } = await build(smallRuns(tmp), out, bad);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^warning: \S*bad\.json: sections\[1\]\.rows is "none", not a list;/);
    assert.ok(!warnings[0].includes("\n"));
    assert.deepEqual(result.experiments, ["perceptron-iris"]);
    for (const f of ["index.html", "perceptron-iris.html", "perceptron-iris/errors.svg"]) {
      assert.ok(await exists(join(out, f)), f);
    }
    const page = await read(join(out, "bench.html"));
    assert.match(page, /cannot be shown: sections\[1\]\.rows is &quot;none&quot;, not a list/);
    assert.ok(!await exists(join(out, "bench")));
  });
});

Deno.test("CLI: a malformed results file prints one warning line and still builds", async () => {
  await withTemp(async (tmp) => {
    const bad = join(tmp, "bad.json");
    await Deno.writeTextFile(bad, '{"schema": 1,');
    const out = join(tmp, "site");
    const cli = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        join(ROOT, "cli/report.ts"),
        "--runs",
        smallRuns(tmp),
        "--out",
        out,
        "--bench",
        bad,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(cli.stderr);
    assert.equal(cli.code, 0, stderr);
    assert.equal(new TextDecoder().decode(cli.stdout).trim(), join(out, "index.html"));
    const lines = stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /^warning: \S*bad\.json: not valid JSON \(.*\); bench\.html shows no/);
  });
});

Deno.test("the bench run refreshes the page of an existing site in place", async () => {
  await withTemp(async (tmp) => {
    const runs = smallRuns(tmp);
    const out = join(tmp, "site");
    await build(runs, out, join(tmp, "none.json"));
    const index = await read(join(out, "index.html"));

    const input = await refreshBenchPage(out, RESULTS) as BenchInput;
    assert.equal(input.state, "ok");
    assert.match(await read(join(out, "bench.html")), /Measured 2026-11-20 09:15:42 UTC/);
    assert.match(await read(join(out, "bench.md")), /## Matrix products/);
    assert.ok(await exists(join(out, "bench", "matmul-GFLOP_s.svg")));
    assert.equal(await read(join(out, "index.html")), index, "the index is left alone");
    assert.ok(
      (await listDir(out)).every((n) => !n.includes("staging") && !n.includes(".old")),
      "no staging folder left",
    );
    assert.ok(await exists(join(out, ".report-state.json")), "still a report site");

    // The next build renders the page from the same results: the same page.
    const refreshed = await read(join(out, "bench.html"));
    await build(runs, out, RESULTS);
    assert.equal(await read(join(out, "bench.html")), refreshed);

    // Not a report site: nothing written, `deno task report` will build it.
    assert.equal(await refreshBenchPage(join(tmp, "nosite"), RESULTS), null);
    assert.ok(!await exists(join(tmp, "nosite")));
    const other = join(tmp, "other");
    await Deno.mkdir(other);
    assert.equal(await refreshBenchPage(other, RESULTS), null);
    assert.deepEqual(await listDir(other), []);
  });
});

Deno.test("an experiment may not take the bench page's name", async () => {
  await withTemp(async (tmp) => {
    const runs = smallRuns(tmp, "bench");
    await assert.rejects(
      () => build(runs, join(tmp, "site"), RESULTS),
      (e: Error) =>
        e instanceof UsageError && /clashes with the report's own bench/.test(e.message),
    );
  });
});
