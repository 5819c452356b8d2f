/**
 * The report over the claims contract. Stores are written as the runner writes them
 * (RunStore.writeTrial, claims judged by harness/verdict.ts: tests/fixtures/runstore/
 * make_chart_kinds.ts), or by the runner itself (perceptron-iris on cpu, through the CLI). Covered:
 * escaping of every field a store carries, on every page; verdicts in words per backend, a
 * disagreement flagged and a declared divergence shown; stale trials apart and uncounted (counted
 * with --include-stale); custom trials in their own section and out of the lecture's figures;
 * corrupt trials (an edited observation among them) listed and never counted; the claims page
 * with the cited statements; the index by lecture; every chart kind's spec (legends sorted and
 * whole, ≤ 10 series, thinning, integer axes, the legend selection, the log toggle, facets,
 * panel caps) and its SVG; the comparison site; the CLI's exit codes for a site it cannot write.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import perceptronIris from "../experiments/perceptron-iris.ts";
import type { Catalog } from "../harness/catalog.ts";
import { codeHashOf } from "../harness/catalog.ts";
import type { ChartSpec, LineChart, MetricRow, SummaryChart } from "../harness/experiment.ts";
import type { ClaimRecord } from "../harness/records.ts";
import { lecture, project, type Source } from "../harness/sources.ts";
import { RunStore } from "../harness/store.ts";
import { sha256 } from "../harness/hash.ts";
import { chartTrials, compactGeometry, renderCharts, renderSvg } from "../reports/charts.ts";
import { parseReportArgs } from "../reports/cli.ts";
import { buildComparison } from "../reports/compare.ts";
import {
  checkWords,
  escapeHtml,
  inlineMarkdown,
  jsonForScript,
  readable,
  relativeUrl,
  scopeSvgIds,
} from "../reports/html.ts";
import { code, md } from "../reports/markdown.ts";
import { loadRunStores } from "../reports/runstore.ts";
import { experimentLecture } from "../reports/scoreboard.ts";
import { buildReport, removeStaleBuilds } from "../reports/site.ts";
import { type ChartTrial, MAX_PANELS } from "../reports/spec_common.ts";
import { lineSpec, MAX_POINTS } from "../reports/spec_line.ts";
import { summarySpec } from "../reports/spec_summary.ts";
import { buildChartSpec } from "../reports/charts.ts";
import {
  fixtureRecord,
  OUTPUTS,
  SWEEP,
  writeChartKinds,
  writeFixtureTrial,
} from "./fixtures/runstore/make_chart_kinds.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

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

const read = (path: string) => Deno.readTextFile(path);
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/** A build with warnings (no bench results here) kept quiet. */
function build(
  runs: string[],
  out: string,
  extra: { catalog?: Catalog; includeStale?: boolean } = {},
) {
  return buildReport({
    runs,
    out,
    bench: join(out, "..", "no-bench.json"),
    warn: () => {},
    ...extra,
  });
}

/** perceptron-iris as the catalogue lists it, and the hash of its current code. */
const PERCEPTRON = {
  experiment: perceptronIris,
  url: new URL("../experiments/perceptron-iris.ts", import.meta.url),
};
const CURRENT = codeHashOf(PERCEPTRON);
const CITED = {
  id: "alexnet-top5",
  text: "AlexNet reaches 15.3 % top-5 error <on ImageNet>",
  source: lecture(4, "Goals"),
  reason: "training on ImageNet is beyond this project",
};
const CATALOG: Catalog = { entries: [PERCEPTRON], cited: [CITED] };

/** perceptron-iris's real record, as the runner writes it to experiment.json. */
function perceptronRecord() {
  const e = perceptronIris;
  return fixtureRecord({
    id: e.id,
    title: e.title,
    source: e.source,
    description: e.description,
    params: e.params,
    charts: [...e.charts],
    claims: e.claims.map((c) => ({
      id: c.id,
      text: c.text,
      source: c.source ?? e.source,
      expected: c.expected,
      check: c.check,
      when: c.when,
    })) as ClaimRecord[],
  });
}

const ERRORS = [2, 2, 3, 2, 1, 0, 0, 0, 0, 0];

/** One perceptron-iris trial, its claims judged on what it observed. */
function perceptronTrial(
  store: RunStore,
  t: {
    key: string;
    codeHash?: string;
    plan?: "default" | "custom";
    eta?: number;
    weights?: number[];
  },
) {
  const rec = perceptronRecord();
  const weights = t.weights ?? [-0.4, -0.68, 1.82];
  const params = { eta: t.eta ?? 0.1, epochs: 10, iris: "uci" };
  writeFixtureTrial(store, {
    experiment: rec.id,
    key: t.key,
    params,
    codeHash: t.codeHash ?? CURRENT,
    plan: t.plan,
    rows: ERRORS.map((errors, i) => ({ epoch: i + 1, errors })),
    outputs: { weights, errors: ERRORS, convergedFromEpoch: 6 },
    claims: t.plan === "custom" ? [] : [
      { claim: rec.claims[0], observed: 6 },
      { claim: rec.claims[1], observed: weights },
    ],
  });
}

// --- Escaping --------------------------------------------------------------------------------

Deno.test("escaping: HTML text, script JSON, markdown text and code, URLs, inline markdown", () => {
  assert.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
  const json = jsonForScript({ s: "</script><!-- & \u2028" });
  assert.ok(!json.includes("<") && !json.includes(">") && !json.includes("&"));
  assert.deepEqual(JSON.parse(json), { s: "</script><!-- & \u2028" });
  assert.equal(md("a|b *c* <d>"), "a\\|b \\*c\\* &lt;d&gt;");
  assert.equal(code("a`b|c"), "``a`b\\|c``");
  assert.equal(relativeUrl("x#1", "a b?.svg"), "x%231/a%20b%3F.svg");
  assert.equal(
    inlineMarkdown("`n_h` and *emphasis*, n_x = 2, 2*x*y, <b>").value,
    "<code>n_h</code> and <em>emphasis</em>, n_x = 2, 2*x*y, &lt;b&gt;",
  );
  assert.equal(
    scopeSvgIds('<clipPath id="c1"/><rect clip-path="url(#c1)"/>', "p-"),
    '<clipPath id="p-c1"/><rect clip-path="url(#p-c1)"/>',
  );
  assert.equal(compactGeometry('<path d="M0.123456,1.98765"/>'), '<path d="M0.12,1.99"/>');
  // Records read as text, not JSON; checks in words.
  assert.equal(readable({ W: [3, 2], b: [3, 1] }), "{W: [3, 2], b: [3, 1]}");
  assert.equal(checkWords({ kind: "equals" }, { Z: [3, 10] }), "{Z: [3, 10]} exactly");
  assert.equal(checkWords({ kind: "atLeast" }, 85), "≥ 85");
  assert.equal(checkWords({ kind: "near", tolerance: 0.01 }, 0.5, 0.01), "0.5 ± 0.01");
});

/** A string that would run or break out as markup anywhere it were not escaped. */
const P = `<img src=x onerror=alert(1)>"'&`;
const P_SCRIPT = `</script><script>alert(2)</script>`;

Deno.test("every string from the store stays text on every page and in every file", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    const store = new RunStore(runs);
    const id = "xss-demo";
    const source: Source = {
      kind: "lecture",
      file: "000_1f11751481aa60aa.txt",
      section: P,
      label: P,
      quote: P,
    };
    const claim: ClaimRecord = {
      id: "c-" + P,
      text: P + P_SCRIPT,
      source,
      expected: P,
      check: { kind: "equals" },
      diverges: { reason: P },
      chart: "curve",
    };
    const other: ClaimRecord = {
      id: "threshold",
      text: "a project threshold",
      source: { ...project(P), label: P },
      expected: 1,
      check: { kind: "atMost" },
    };
    store.writeExperiment(fixtureRecord({
      id,
      title: P + P_SCRIPT,
      source,
      description: P + " `" + P + "` *" + P + "*",
      params: { [P]: { type: "string", default: P, doc: P } as Loose },
      charts: [
        {
          name: "curve",
          kind: "line",
          x: "step",
          y: P,
          title: P_SCRIPT,
          xTitle: P,
          yTitle: P,
          color: P,
        },
        { name: P, kind: "summary", x: P, y: P, title: P },
      ] as ChartSpec[],
      claims: [claim, other],
    }));
    for (const [i, value] of [P, "plain"].entries()) {
      writeFixtureTrial(store, {
        experiment: id,
        key: `k${i}-${P}`,
        params: { [P]: value },
        seed: 1,
        backend: "webgpu",
        adapter: {
          description: P,
          vendor: P,
          architecture: P,
          device: P,
          isFallbackAdapter: false,
        } as Loose,
        git: { commit: P, dirty: true },
        rows: [{ step: 1, [P]: 2 }, { step: 2, [P]: 1 }],
        outputs: { label: P },
        claims: [{ claim, observed: P + "!", note: P }, { claim: other, observed: 2 }],
      });
    }
    const site = join(tmp, "site");
    await build([runs], site);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of Deno.readDirSync(dir)) {
        const p = join(dir, e.name);
        if (e.isDirectory && e.name !== "assets" && e.name !== "trials") walk(p);
        else if (/\.(html|md|svg)$/.test(e.name)) files.push(p);
      }
    };
    walk(site);
    assert.ok(files.length >= 8, files.join(", "));
    for (const f of files) {
      // A markdown code span shows its content as written, never as markup.
      const text = f.endsWith(".md") ? (await read(f)).replace(/(`+)[^`]*?\1/g, "") : await read(f);
      assert.ok(!text.includes("<img src=x"), `${f}: an unescaped <img>`);
      assert.ok(!text.includes("<script>alert(2)"), `${f}: an unescaped <script>`);
    }
    const page = await read(join(site, `${id}.html`));
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/);
    assert.match(page, /<code>&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;<\/code>/);
    // The inlined specs cannot end their element: `<` is \u003c inside script JSON.
    assert.ok(!/<\/script><script>alert/.test(page));
    assert.match(page, /\\u003c\/script\\u003e/);
    // The claim was judged not reproduced; declared, with the note and reason escaped.
    assert.match(page, /✗ not reproduced \(declared\)/);
    const markdown = await read(join(site, `${id}.md`));
    assert.match(markdown, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

// --- Verdicts ---------------------------------------------------------------------------------

const BACKENDS = "two-backends";
const C_EXACT: ClaimRecord = {
  id: "hidden-20-accuracy",
  text: "Accuracy for 20 hidden units: 90.0 %",
  source: lecture(2, "Initializing weights"),
  expected: 90,
  check: { kind: "equals" },
  chart: "cost",
};
const C_NEAR: ClaimRecord = {
  id: "final-cost",
  text: "The final cost is 0.092878",
  source: lecture(2, "Initializing weights"),
  expected: 0.092878,
  check: { kind: "near", tolerance: { float64: 1e-6, float32: 1e-3, basis: "NumPy float32" } },
};
const C_DIVERGES: ClaimRecord = {
  id: "cost-at-2500",
  text: "The cost after 2500 iterations prints 0.0884",
  source: lecture(2, "Initializing weights"),
  expected: 0.0884,
  check: { kind: "rounds", decimals: 4 },
  diverges: { dtype: "float32", reason: "float32 lands at 0.0881 (NumPy float32)" },
};
const C_BOUND: ClaimRecord = {
  id: "beats-logistic",
  text: "The network beats logistic regression by 25 points",
  source: project("a margin far above the seeds' spread"),
  expected: 25,
  check: { kind: "atLeast" },
};

function writeTwoBackends(runs: string): void {
  const store = new RunStore(runs);
  store.writeExperiment(fixtureRecord({
    id: BACKENDS,
    title: "Two backends",
    charts: [{ name: "cost", kind: "line", x: "iteration", y: "cost", title: "Cost" }],
    claims: [C_EXACT, C_NEAR, C_DIVERGES, C_BOUND],
  }));
  const rows = [{ iteration: 0, cost: 0.69 }, { iteration: 1000, cost: 0.1 }];
  writeFixtureTrial(store, {
    experiment: BACKENDS,
    key: "cpu_1",
    params: {},
    backend: "cpu",
    rows,
    claims: [
      { claim: C_EXACT, observed: 90.5 },
      { claim: C_NEAR, observed: 0.092878 },
      { claim: C_DIVERGES, observed: 0.08841 },
      { claim: C_BOUND, observed: 43.75 },
    ],
  });
  writeFixtureTrial(store, {
    experiment: BACKENDS,
    key: "webgpu_1",
    params: {},
    backend: "webgpu",
    rows,
    claims: [
      { claim: C_EXACT, observed: 90 },
      { claim: C_NEAR, observed: 0.0933 },
      { claim: C_DIVERGES, observed: 0.0881, note: "measured 0.0881 in float32" },
      { claim: C_BOUND, observed: 41.25 },
    ],
  });
}

Deno.test("verdicts in words per backend, side by side; disagreement and divergence shown", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    writeTwoBackends(runs);
    const site = join(tmp, "site");
    await build([runs], site);
    const page = await read(join(site, `${BACKENDS}.html`));
    const card = (id: string) => {
      const m = new RegExp(`<article class="([^"]*)" id="claim-${id}"[\\s\\S]*?</article>`).exec(
        page,
      );
      assert.ok(m, `card ${id}`);
      return m;
    };
    // observed against expected in words, with the check, on each backend.
    const exact = card(C_EXACT.id);
    assert.equal(exact[1], "claim not-reproduced");
    assert.match(
      exact[0],
      /<span class="backend">cpu<\/span> observed <span class="observed"[^>]*>90\.5<\/span> — expected 90 exactly <span class="verdict not-reproduced">✗ not reproduced<\/span>/,
    );
    assert.match(
      exact[0],
      /webgpu<\/span> observed [^—]*>90<\/span> — expected 90 exactly <span class="verdict reproduced">✓ reproduced/,
    );
    assert.match(
      exact[0],
      /<p class="disagree">The backends disagree: cpu not reproduced, webgpu reproduced\.<\/p>/,
    );
    // The resolved tolerance of each arithmetic.
    const near = card(C_NEAR.id)[0];
    assert.match(
      near,
      /cpu<\/span>[^<]*<span[^>]*>0\.092878<\/span> — expected 0\.092878 ± 0\.000001 <span class="verdict reproduced">/,
    );
    assert.match(
      near,
      /webgpu<\/span>[^<]*<span[^>]*>0\.0933<\/span> — expected 0\.092878 ± 0\.001 <span class="verdict within-tolerance">≈ within tolerance/,
    );
    // A declared divergence: shown with its reason, the verdict marked declared.
    const diverges = card(C_DIVERGES.id);
    assert.equal(diverges[1], "claim not-reproduced declared");
    assert.match(
      diverges[0],
      /<strong>Known divergence in float32:<\/strong> float32 lands at 0\.0881/,
    );
    assert.match(
      diverges[0],
      /<span class="verdict not-reproduced declared">✗ not reproduced \(declared\)/,
    );
    assert.match(diverges[0], /measured 0\.0881 in float32/);
    assert.match(card(C_BOUND.id)[0], /expected ≥ 25 <span class="verdict reproduced">/);
    // The claim tied to a chart sits in its figure; the tallies count per backend.
    assert.match(
      page,
      /<figure class="chart claims-beside"[\s\S]*?<div class="figure-claims"><article class="claim not-reproduced" id="claim-hidden-20-accuracy"/,
    );
    assert.match(
      page,
      /<span class="backend">cpu<\/span> 3 of 4 reproduced \(3 exactly, 0 within tolerance\); 1 not reproduced/,
    );
    assert.match(
      page,
      /<span class="backend">webgpu<\/span> 3 of 4 reproduced \(2 exactly, 1 within tolerance\); 1 not reproduced \(1 a declared divergence\)/,
    );
    assert.match(page, /The backends disagree on 2 claims: hidden-20-accuracy, cost-at-2500\./);
    const markdown = await read(join(site, `${BACKENDS}.md`));
    assert.match(markdown, /- \*\*cpu\*\*: observed 90\.5 — expected 90 exactly — not reproduced/);
    assert.match(markdown, /Known divergence: float32 lands at 0\.0881/);
    // The claims page: both backends side by side, the disagreement flagged.
    const claims = await read(join(site, "claims.html"));
    assert.match(
      claims,
      /<tr class="disagree"><td><a href="two-backends\.html#claim-hidden-20-accuracy">/,
    );
  });
});

// --- Placement: stale, custom, corrupt -------------------------------------------------------

Deno.test("stale trials apart and not counted, unless --include-stale", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    const store = new RunStore(runs);
    store.writeExperiment(perceptronRecord());
    perceptronTrial(store, { key: "seed-1_current" });
    perceptronTrial(store, {
      key: "seed-1_old",
      codeHash: "older-code",
      weights: [-0.4, -0.7, 1.8],
    });
    const site = join(tmp, "site");
    await build([runs], site, { catalog: CATALOG });
    const page = await read(join(site, "perceptron-iris.html"));
    assert.match(
      page,
      /<details id="stale"><summary>Stale trials \(1\): computed by other code than the current, not counted<\/summary>[\s\S]*seed-1_old/,
    );
    assert.match(page, /<span class="backend">cpu<\/span> 2 of 2 reproduced/);
    assert.ok(
      !/observed[^<]*<span class="observed"[^>]*>\[-0\.4, -0\.7, 1\.8\]/.test(page),
      "not judged",
    );
    const spec = await read(join(site, "perceptron-iris", "errors.vl.json"));
    assert.ok(!spec.includes("seed-1_old"), "not in the lecture's figure");

    await build([runs], site, { catalog: CATALOG, includeStale: true });
    const counted = await read(join(site, "perceptron-iris.html"));
    assert.ok(!counted.includes('<details id="stale">'));
    assert.match(counted, /<span class="backend">cpu<\/span> 1 of 2 reproduced/);
    assert.match(counted, /\[-0\.4, -0\.7, 1\.8\] \(seed-1_old\)/);
  });
});

Deno.test("custom trials have their own section, out of the lecture's figures and counts", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    const store = new RunStore(runs);
    store.writeExperiment(perceptronRecord());
    perceptronTrial(store, { key: "seed-1_main" });
    perceptronTrial(store, { key: "eta-0.5_seed-1_custom", plan: "custom", eta: 0.5 });
    const site = join(tmp, "site");
    await build([runs], site, { catalog: CATALOG });
    const page = await read(join(site, "perceptron-iris.html"));
    assert.match(page, /<section id="custom"><h2>Other runs<\/h2>/);
    assert.match(page, /not among the lecture's setups, so not in its figures or counts above/);
    const lecture = await read(join(site, "perceptron-iris", "errors.vl.json"));
    assert.ok(!lecture.includes("eta-0.5_seed-1_custom"));
    const custom = await read(join(site, "perceptron-iris", "custom-errors.vl.json"));
    assert.ok(custom.includes("eta-0.5_seed-1_custom"));
    assert.ok(!custom.includes('seed-1_main"'), "the custom figure holds the custom runs only");
    const sweep = /<section id="sweep">[\s\S]*?<\/section>/.exec(page)![0];
    assert.ok(!sweep.includes("eta"), "one setup in the lecture's sweep: no custom row");
    assert.equal(sweep.split("<tr").length - 1, 2, "a header and one row");
  });
});

Deno.test("corrupt trials are listed on the page and never counted (an edited observation too)", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    const store = new RunStore(runs);
    store.writeExperiment(perceptronRecord());
    perceptronTrial(store, { key: "seed-1_ok" });
    for (const key of ["edited", "edited-rehashed", "truncated"]) perceptronTrial(store, { key });
    const dir = (key: string) => join(runs, "perceptron-iris", key);
    // observed edited to 12345 with pass left true: the file no longer matches its hash…
    const edit = async (key: string) => {
      const path = join(dir(key), "result.json");
      const text = (await read(path)).replace(/"observed": 6/, '"observed": 12345');
      assert.ok(text.includes("12345"));
      await Deno.writeTextFile(path, text);
      return text;
    };
    await edit("edited");
    // …and with the hash updated as well, its verdict no longer re-checks.
    const rehashed = await edit("edited-rehashed");
    const manifestPath = join(dir("edited-rehashed"), "manifest.json");
    const manifest = JSON.parse(await read(manifestPath));
    manifest.files["result.json"] = sha256(rehashed);
    await Deno.writeTextFile(manifestPath, JSON.stringify(manifest));
    const csv = join(dir("truncated"), "metrics.csv");
    await Deno.writeTextFile(csv, (await read(csv)).slice(0, 20));

    const loaded = await loadRunStores([runs]);
    assert.deepEqual(loaded.corrupt.map((c) => c.key), ["edited", "edited-rehashed", "truncated"]);
    const problems = Object.fromEntries(loaded.corrupt.map((c) => [c.key, c.problems.join("; ")]));
    assert.match(problems["edited"], /result\.json is not the file its manifest recorded/);
    assert.match(
      problems["edited-rehashed"],
      /claim converges-after-epoch-6: stored reproduced \(pass true\) but its check gives not-reproduced/,
    );
    assert.match(problems["truncated"], /metrics\.csv is not the file its manifest recorded/);

    const site = join(tmp, "site");
    await build([runs], site, { catalog: CATALOG });
    const page = await read(join(site, "perceptron-iris.html"));
    assert.match(
      page,
      /<details id="corrupt" open><summary>Corrupt trials \(3\): not counted<\/summary>/,
    );
    for (const key of ["edited", "edited-rehashed", "truncated"]) {
      assert.match(page, new RegExp(`<li><span class="key">${key}</span>: `));
    }
    assert.ok(!page.includes(">12345<"), "the edited observation is shown nowhere as a verdict");
    assert.match(page, /<span class="backend">cpu<\/span> 2 of 2 reproduced/);
    assert.match(await read(join(site, "index.html")), /3 corrupt trials not counted/);
    assert.match(await read(join(site, "perceptron-iris.md")), /## Corrupt trials \(not counted\)/);
  });
});

// --- Claims page, index ------------------------------------------------------------------------

Deno.test("claims page: every claim by lecture with its verdicts, and the cited statements", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    const store = new RunStore(runs);
    store.writeExperiment(perceptronRecord());
    perceptronTrial(store, { key: "seed-1_a" });
    const site = join(tmp, "site");
    await build([runs], site, { catalog: CATALOG });
    const claims = await read(join(site, "claims.html"));
    assert.match(claims, /<section id="lecture-2"><h2>Lecture 2 · Neural networks/);
    assert.match(
      claims,
      /<a href="perceptron-iris\.html#claim-converges-after-epoch-6">Perceptron converges after 6th iteration/,
    );
    assert.match(
      claims,
      /<td>6 exactly<\/td><td><span class="verdict reproduced">✓ reproduced<\/span><\/td>/,
    );
    // The cited statement, in its lecture, with its reason, never counted.
    assert.match(claims, /<section id="lecture-4">[\s\S]*<h3>Cited, not re-run here<\/h3>/);
    assert.match(
      claims,
      /<span class="verdict cited">cited, not run here<\/span> AlexNet reaches 15\.3 % top-5 error &lt;on ImageNet&gt;/,
    );
    assert.match(claims, /Why not here: training on ImageNet is beyond this project/);
    assert.match(claims, /1 further statement is cited but not re-run here/);
    assert.match(claims, /cpu<\/span> 2 of 2 reproduced/);
    assert.match(
      await read(join(site, "claims.md")),
      /- cited, not re-run: AlexNet reaches 15\.3 % top-5 error &lt;on ImageNet&gt;/,
    );
  });
});

Deno.test("index: lectures in order, each experiment with its figure and verdicts per backend", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    writeChartKinds(runs);
    writeTwoBackends(runs);
    const site = join(tmp, "site");
    const built = await build([runs], site);
    assert.deepEqual(built.experiments, [SWEEP, OUTPUTS, BACKENDS].sort());
    const index = await read(join(site, "index.html"));
    assert.match(index, /<main>/);
    const l2 = index.indexOf('id="lecture-2"');
    const l4 = index.indexOf('id="lecture-4"');
    assert.ok(l2 > 0 && l4 > l2, "lecture 2 before lecture 4");
    assert.match(
      index,
      /<img src="init-lr-sweep\/cost\.svg" alt="log10\(cost\) every 100 iterations" loading="lazy" width="240">/,
    );
    assert.match(
      index,
      /<span class="backend">cpu<\/span> 3\/4 <span class="fail">\(1 undeclared ✗\)<\/span>/,
    );
    assert.match(
      index,
      /<span class="backend">webgpu<\/span> 3\/4 <span class="muted">\(1 declared ✗\)<\/span>/,
    );
    // An experiment reproducing a course assignment sits under the lecture its claims cite.
    assert.equal(
      experimentLecture({
        source: { kind: "assignment", assignment: "planar", label: "x" },
        claims: [{ source: project("x") }, { source: lecture(3, "a") }, {
          source: lecture(3, "b"),
        }],
      }),
      3,
    );
    assert.equal(experimentLecture({ source: project("x"), claims: [] }), undefined);
  });
});

// --- Chart specs -------------------------------------------------------------------------------

function trial(
  key: string,
  params: Record<string, number | string>,
  rows: MetricRow[],
  seed = 1,
): ChartTrial {
  return { key, params, status: "ok", rows, seed, backend: "cpu" };
}

Deno.test("line charts: series named by what varies, sorted numerically, whole legends, ≤ 10", () => {
  const lrs = [100, 0.001, 10, 1, 0.01, 0.1, 3, 20, 0.3, 30, 300, 0.03];
  const trials = lrs.map((lr) =>
    trial(`lr-${lr}_x`, { lr, epochs: 5 }, [1, 2, 3].map((epoch) => ({ epoch, errors: epoch * 2 })))
  );
  const chart: LineChart = { name: "e", kind: "line", x: "epoch", y: "errors", title: "Errors" };
  const spec = plain(lineSpec(chart, trials.slice(0, 6)));
  const color = spec.encoding.color;
  assert.deepEqual(color.sort, [
    "lr = 0.001",
    "lr = 0.01",
    "lr = 0.1",
    "lr = 1",
    "lr = 10",
    "lr = 100",
  ]);
  assert.deepEqual(color.legend, { labelLimit: 0, symbolLimit: 0 });
  // Integer data on integer ticks, both axes.
  assert.deepEqual(spec.encoding.x.axis, { tickMinStep: 1, format: "d" });
  assert.deepEqual(spec.encoding.y.axis, { tickMinStep: 1, format: "d" });
  // Click a legend entry: the selection is bound to the legend and drives the opacity.
  assert.deepEqual(spec.layer[0].params[0].bind, "legend");
  assert.deepEqual(spec.encoding.opacity, {
    condition: { param: "series", value: 1 },
    value: 0.12,
  });
  // Past 10 series: an evenly spaced subset, said in the subtitle.
  const many = plain(lineSpec(chart, trials));
  assert.equal(many.encoding.color.sort.length, 10);
  assert.equal(many.encoding.color.sort[0], "lr = 0.001");
  assert.equal(many.encoding.color.sort[9], "lr = 300");
  assert.deepEqual(many.title.subtitle, [
    "10 of 12 series shown, evenly spaced",
    "10 of 12 trials drawn (all are in the sweep table)",
  ]);
  // Seeds of one setup share a colour, each its own line.
  const seeds = [1, 2, 3].map((seed) =>
    trial(`s${seed}`, { lr: 0.1 }, [{ epoch: 1, errors: seed }], seed)
  );
  const bySeed = plain(
    lineSpec(chart, [...seeds, trial("t", { lr: 1 }, [{ epoch: 1, errors: 0 }])]),
  );
  assert.deepEqual(bySeed.encoding.color.sort, ["lr = 0.1", "lr = 1"]);
  assert.equal(new Set(bySeed.data.values.map((d: Loose) => d.__key)).size, 4);
});

Deno.test("line charts: long series thinned, log toggle where values span decades", () => {
  const long = Array.from({ length: 1000 }, (_, i) => ({ step: i, cost: 10 * Math.exp(-i / 100) }));
  const chart: LineChart = { name: "c", kind: "line", x: "step", y: "cost", title: "Cost" };
  const spec = plain(lineSpec(chart, [trial("a", {}, long)]));
  assert.ok(spec.data.values.length <= MAX_POINTS);
  assert.equal(spec.data.values.at(-1).step, 999, "the last point kept");
  assert.deepEqual(spec.usermeta, { logToggle: true }, "10 → 0.0005: decades");
  assert.equal(spec.encoding.y.axis.format, undefined, "not integers");
  const flat = plain(lineSpec(chart, [trial("a", {}, long.slice(0, 50))]));
  assert.deepEqual(flat.usermeta, {}, "10 → 6: no toggle");
  const log = plain(lineSpec({ ...chart, log10: true }, [trial("a", {}, long)]));
  assert.deepEqual(log.usermeta, {}, "already in log10");
});

Deno.test("summary charts: numeric legends, facets past 10 colours, integer axes for counts", () => {
  const chart: SummaryChart = {
    name: "s",
    kind: "summary",
    x: "lr",
    y: "errors",
    color: "width",
    title: "S",
  };
  const trials = [];
  for (const width of [20, 3, 100, 1]) {
    for (const lr of [0.1, 1]) {
      trials.push(trial(`w${width}-${lr}`, { lr, width }, [{ errors: width + 1 }]));
    }
  }
  const spec = plain(summarySpec(chart, trials));
  assert.deepEqual(spec.encoding.color.sort, ["1", "3", "20", "100"]);
  assert.equal(spec.encoding.color.legend.labelLimit, 0);
  assert.deepEqual(spec.layer[1].encoding.y.axis, { tickMinStep: 1, format: "d" });
  const wide = [];
  for (let width = 1; width <= 12; width++) {
    wide.push(trial(`w${width}`, { lr: 0.1, width }, [{ errors: width }]));
  }
  const faceted = plain(summarySpec(chart, wide));
  assert.equal(faceted.facet.field, "width");
  assert.equal(faceted.facet.sort.length, 12);
  assert.equal(faceted.spec.encoding.color, undefined, "no colours repeat");
});

Deno.test("output charts: at most 12 panels of a big sweep, said in the subtitle", () => {
  const panels = Array.from({ length: 40 }, (_, i) => trial(`h${i}`, { hidden: i + 1 }, [], 1)).map(
    (t) => ({
      ...t,
      outputs: { bars: [{ label: "a", value: 1 }, { label: "b", value: 2 }] },
    }),
  );
  const spec = plain(
    buildChartSpec({ name: "b", kind: "bars", title: "Bars", field: "bars" } as ChartSpec, panels),
  );
  assert.equal(spec.concat.length, MAX_PANELS);
  assert.match(JSON.stringify(spec.title), /12 of 40 trials shown, evenly spaced/);
  assert.equal(spec.concat[0].title.text, "hidden = 1");
  assert.equal(spec.concat[11].title.text, "hidden = 40");
});

Deno.test("every chart kind of the fixture renders headless to an SVG with a text alternative", async () => {
  await withTemp(async (tmp) => {
    writeChartKinds(tmp);
    const stores = await loadRunStores([tmp]);
    const kinds = new Set<string>();
    for (const exp of stores.experiments) {
      for (const c of await renderCharts(exp.record, exp.counted)) {
        kinds.add(c.chart.kind);
        assert.match(c.svg, /^<svg /, `${exp.id} ${c.chart.name}`);
        assert.ok(c.description.length > 10);
        assert.equal((c.spec as Loose).description, c.description, "the spec carries it");
      }
    }
    assert.deepEqual([...kinds].sort(), [
      "bars",
      "boundary",
      "function",
      "heatmap",
      "images",
      "line",
      "summary",
    ]);
    const svg = await renderSvg(
      plain({
        mark: "point",
        data: { values: [{ a: 1 }] },
        encoding: { x: { field: "a", type: "quantitative" } },
      }),
    );
    assert.match(svg, /<svg /);
    assert.equal(
      chartTrials(stores.experiments[0].counted).length,
      stores.experiments[0].counted.length,
    );
  });
});

// --- Comparison -------------------------------------------------------------------------------

Deno.test("compare: its own site, both stores on the same charts, both verdicts per backend", async () => {
  await withTemp(async (tmp) => {
    const a = join(tmp, "a");
    const b = join(tmp, "b");
    writeTwoBackends(a);
    writeTwoBackends(b);
    // In B, cpu now reproduces the 20-unit accuracy: a changed verdict.
    const store = new RunStore(b);
    writeFixtureTrial(store, {
      experiment: BACKENDS,
      key: "cpu_1",
      params: {},
      backend: "cpu",
      rows: [{ iteration: 0, cost: 0.7 }, { iteration: 1000, cost: 0.2 }],
      claims: [{ claim: C_EXACT, observed: 90 }],
    });
    const out = join(tmp, "site-compare");
    const done = await buildComparison({ stores: [a, b], out });
    assert.equal(done.index, join(out, "index.html"));
    const index = await read(join(out, "index.html"));
    assert.match(index, /<tr class="changed"><td><a href="two-backends\.html">Two backends<\/a>/);
    const page = await read(join(out, `${BACKENDS}.html`));
    assert.match(page, /1 claim changed verdict between A and B\./);
    assert.match(
      page,
      /<th scope="col">cpu · A<\/th><th scope="col">cpu · B<\/th><th scope="col">webgpu · A<\/th>/,
    );
    assert.match(
      page,
      /<tr class="changed"><td>Accuracy for 20 hidden units: 90\.0 % <span class="fail">\(verdict changed\)<\/span>/,
    );
    const spec = JSON.parse(await read(join(out, BACKENDS, "cost.vl.json")));
    assert.deepEqual(spec.encoding.strokeDash.scale.domain, ["A", "B"]);
    assert.deepEqual(new Set(spec.data.values.map((d: Loose) => d.__store)), new Set(["A", "B"]));
    assert.ok(await exists(join(out, "assets", "charts.js")));
    // A plain report into its own site leaves the comparison alone.
    await build([a], join(tmp, "site"));
    assert.ok(await exists(join(out, "index.html")));
    assert.equal(parseReportArgs(["--compare", a, b]).out, "site-compare");
  });
});

// --- CLI ---------------------------------------------------------------------------------------

async function reportCli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      join(ROOT, "cli/report.ts"),
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("parseReportArgs: defaults, repeated --runs, --compare and its own folder", () => {
  assert.deepEqual(parseReportArgs([]), {
    runs: ["runs"],
    out: "site",
    compare: undefined,
    bench: undefined,
    includeStale: false,
    help: false,
  });
  const p = parseReportArgs(["--runs", "a", "--runs=b", "--out", "o", "--include-stale"]);
  assert.deepEqual([p.runs, p.out, p.includeStale], [["a", "b"], "o", true]);
  assert.deepEqual(parseReportArgs(["--compare", "x", "y", "--out", "c"]).compare, ["x", "y"]);
  for (
    const [args, message] of [
      [["--compare", "x"], /--compare needs two run-store folders/],
      [["--compare", "x", "y", "--runs", "z"], /drop --runs/],
      [["--out", "a", "--out", "b"], /--out given twice/],
      [["--bogus"], /unknown flag --bogus/],
    ] as const
  ) {
    assert.throws(() => parseReportArgs(args), (e: Error) => message.test(e.message));
  }
});

Deno.test("CLI: a site that cannot be written exits 2 with one line, writing nothing", async () => {
  await withTemp(async (tmp) => {
    const runs = join(tmp, "runs");
    writeTwoBackends(runs);
    const file = join(tmp, "a-file");
    await Deno.writeTextFile(file, "x");
    const cases = [
      [join(file, "site"), /part of the path is a file, not a folder/],
      [file, /is a file, not a folder/],
      [join(tmp, "runs"), /not a report site|is the same folder as/],
    ] as const;
    for (const [out, message] of cases) {
      const r = await reportCli(["--runs", runs, "--out", out]);
      assert.equal(r.code, 2, `${out}: ${r.stderr}`);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
    // A read-only file system (sysfs is mounted read-only): one line, exit 2.
    if (await exists("/sys/kernel")) {
      const r = await reportCli(["--runs", runs, "--out", "/sys/kernel/report-site"]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^error: cannot write the site/);
    }
    const ok = await reportCli(["--runs", runs, "--out", join(tmp, "site")]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), join(tmp, "site", "index.html"));
    const cmp = await reportCli(["--compare", runs, runs, "--out", join(tmp, "cmp")]);
    assert.equal(cmp.code, 0, cmp.stderr);
    assert.match(cmp.stdout, /\(A\) and .* \(B\): .*cmp\/index\.html/);
  });
});

Deno.test("a staging folder whose build is gone is removed; a running build's is kept", async () => {
  await withTemp(async (tmp) => {
    await Deno.mkdir(join(tmp, "123-1-1"));
    await Deno.mkdir(join(tmp, "123-1-1.old"));
    await Deno.mkdir(join(tmp, "456-2-2"));
    const held = await Deno.open(join(tmp, "456-2-2.lock"), { create: true, write: true });
    await held.lock(true);
    try {
      assert.deepEqual(await removeStaleBuilds(tmp), ["123-1-1"]);
      assert.deepEqual([...Deno.readDirSync(tmp)].map((e) => e.name).sort(), [
        "456-2-2",
        "456-2-2.lock",
      ]);
    } finally {
      held.close();
    }
  });
});
