/**
 * The page's bundle (web/build.ts): it builds from the repository's sources; it is self-contained
 * (no `Deno.` API, no node: module left to load, no network import, no import/export statement
 * or `import.meta` left in the classic script); the data twins have the loaders' exports; and a
 * trial run by the bundle on the data the report ships gives, bit for bit on the cpu backend,
 * what the same trial gives in Deno on the files — Iris, reg2d, the cat images (through
 * h5wasm.js) and a generated set — so the seam changes no number.
 */
import { strict as assert } from "node:assert";
import { catalog } from "../experiments/index.ts";
import type { Experiment, Params } from "../harness/experiment.ts";
import { CpuBackend } from "../kernels/cpu.ts";
import { parseJson, stringifyJson } from "../schema/json.ts";
import * as diskDigits from "../data/digits.ts";
import * as pageDigits from "../data/digits_page.ts";
import * as disk from "../data/lookup.ts";
import * as page from "../data/lookup_page.ts";
import type { api as PageApi } from "../web/page_api.ts";
import { asClassicScript, browserRun, buildH5wasmBundle, buildPageBundle } from "../web/build.ts";
import { type PageOutcome, runPageTrial, setups } from "../web/trial.ts";

// The twins type-check as the modules they replace (and the other way round).
const _page: typeof disk = page;
const _disk: typeof page = disk;
const _pageDigits: typeof diskDigits = pageDigits;

const bundled = buildPageBundle();

Deno.test("the twins export what the modules they replace export", () => {
  assert.deepEqual(Object.keys(page).sort(), Object.keys(disk).sort());
  assert.deepEqual(Object.keys(pageDigits).sort(), Object.keys(diskDigits).sort());
});

Deno.test("the page's bundle builds and is self-contained", async () => {
  const code = await bundled;
  const kb = code.length / 1024;
  console.log(`assets/browser-run.js: ${kb.toFixed(0)} KB`);
  assert.ok(code.startsWith("/* labBundle:"), "wrapped as a classic script");
  assert.ok(code.trimEnd().endsWith("labBundle();"));
  assert.doesNotMatch(code, /\bDeno\./, "no Deno API in a page");
  assert.doesNotMatch(code, /\b__require\(/, "no module left for a require shim to load");
  assert.doesNotMatch(code, /["']node:[a-z_/]+["']/, "no node: module");
  assert.doesNotMatch(code, /\bimport\s*\(\s*["'`]/, "no dynamic import left");
  assert.doesNotMatch(code, /(^|[;}])\s*(import|export)\s*[{*"']/m, "no import or export");
  assert.doesNotMatch(code, /\bimport\.meta\b/, "no import.meta");
  assert.doesNotMatch(code, /(from|import)\s*["']https?:/, "no network import");
  // It parses as a classic script.
  new Function(code);
  // What it holds: the catalogue's modules, the kernels' WGSL, the chart builders.
  for (const needle of ["perceptron-iris", "@compute", "$schema", "labRun"]) {
    assert.ok(code.includes(needle), `the bundle holds ${needle}`);
  }
  assert.ok(kb < 1024, `${kb.toFixed(0)} KB: the bundle stays under 1 MB`);
});

Deno.test("asClassicScript refuses what a classic script cannot hold", () => {
  assert.throws(() => asClassicScript("export { a };", "x", "e.ts"), /import or export/);
  assert.throws(() => asClassicScript("const u = import.meta.resolve('a');", "x", "e.ts"), /meta/);
  const s = asClassicScript("const u = new URL('./a', import.meta.url);", "x", "e.ts");
  assert.match(s, /function x\(\) \{\n"use strict";\nconst u = new URL\('\.\/a', "file:/);
});

/** Loads the site's scripts of a panel into this process, as a page's <script> elements do. */
async function loadScripts(dir: string, scripts: readonly string[]): Promise<void> {
  for (const s of scripts) (0, eval)(await Deno.readTextFile(`${dir}/${s}`));
}

function experiment(id: string): Experiment {
  return catalog.entries.find((e) => e.experiment.id === id)!.experiment;
}

/** The trial's outcome with the wall-clock time left out: what must be equal. */
function numbers(o: PageOutcome): unknown {
  const { seconds: _s, ...rest } = o;
  return parseJson(stringifyJson(rest));
}

Deno.test("a trial the bundle runs on the shipped data is the trial Deno runs on the files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "web_bundle_" });
  try {
    // A short setting of each (the same code path; numbers compared bit for bit on cpu).
    const cases: { id: string; set: Params }[] = [
      { id: "perceptron-iris", set: {} },
      { id: "regularization", set: { iterations: 300, logEvery: 100 } },
      { id: "logreg-cat", set: { iterations: 20 } },
      { id: "init-circles", set: { iterations: 300, logEvery: 100 } },
    ];
    const run = browserRun(catalog);
    const written = await run.write(dir, cases.map((c) => c.id));
    assert.ok(written.includes("browser-run.js") && written.includes("h5wasm.js"), `${written}`);
    assert.ok(written.includes("data/iris.js") && written.includes("data/reg2d.js"));
    assert.ok(written.includes("data/catvnoncat.js"));
    const scripts = new Set<string>();
    for (const c of cases) {
      const panel = run.panel(c.id);
      assert.ok(panel && "scripts" in panel, `${c.id} has a panel`);
      panel.scripts.forEach((s) => scripts.add(s));
    }
    // The data and h5wasm first, then the bundle, as the panel orders them.
    await loadScripts(dir, [...scripts].filter((s) => s !== "browser-run.js"));
    await loadScripts(dir, ["browser-run.js"]);
    const labRun = (globalThis as { labRun?: typeof PageApi }).labRun;
    assert.ok(labRun, "the bundle installed labRun");
    for (const c of cases) {
      const exp = experiment(c.id);
      const setup = setups(exp)[0];
      const params = { ...setup.params, ...c.set };
      const onDisk = await runPageTrial(exp, { params, seed: setup.seed }, new CpuBackend());
      const inPage = await new Promise<PageOutcome>((resolve, reject) =>
        labRun.start({ id: c.id, params, seed: setup.seed, backend: "cpu" }, {
          onBackend: () => {},
          onRows: () => {},
          onDone: resolve,
          onError: (m) => reject(new Error(m)),
        }, true)
      );
      assert.equal(inPage.status, "ok", `${c.id}: ${inPage.error}`);
      assert.ok(inPage.metrics.length > 0, `${c.id} logged rows`);
      assert.deepEqual(numbers(inPage), numbers(onDisk), `${c.id}: the same trial`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an experiment on MNIST gets no panel, and the reason", () => {
  const run = browserRun(catalog);
  for (const id of ["digits-mlp", "lenet5-digits", "cnn-shared-weights", "sgd-gradient-estimate"]) {
    const p = run.panel(id);
    assert.ok(p && "reason" in p && /MNIST/.test(p.reason), `${id}: ${JSON.stringify(p)}`);
  }
  const withPanel = catalog.entries.filter((e) => {
    const p = run.panel(e.experiment.id);
    return p && "scripts" in p;
  });
  assert.equal(withPanel.length, catalog.entries.length - 4);
});

// The H5 bundle builds on its own too (it is written only for the pages that read HDF5).
Deno.test("h5wasm.js builds as a classic script", async () => {
  const code = await buildH5wasmBundle();
  assert.ok(code.startsWith("/* labH5wasmBundle:") && code.includes("labH5wasm"));
  assert.doesNotMatch(code, /(^|[;}])\s*(import|export)\s*[{*"']/m);
});
