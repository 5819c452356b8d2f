/**
 * The report in a real browser. Builds a site from the chart fixture (every chart kind, written
 * by RunStore.writeTrial) and a real store the runner writes (perceptron-iris and cross-entropy
 * on cpu), opens its pages from file:// in headless Chromium at 1,280 px (driven by
 * playwright-core in tests/browser_driver.ts) and checks, as a reader would see them:
 * - nothing failed: no console errors, no failed or network requests;
 * - no page is wider than the window (document.documentElement.scrollWidth ≤ 1280);
 * - vega-embed drew every chart interactively, with the marks its data calls for;
 * - the log-scale toggle switches its chart's y scale to log and back, and a click on a legend
 *   entry fades the other lines;
 * - axe-core finds no serious or critical violation on the index, the claims page and every
 *   experiment page (every violation found is printed by rule);
 * - a page printed to PDF (the print style sheet) keeps its charts.
 * Screenshots and the PDF are kept in tests/artifacts/ (gitignored) for a reviewer to open.
 * Without a Chromium the test is skipped, and says why; it never downloads a browser.
 */
import assert from "node:assert/strict";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildReport } from "../reports/site.ts";
import type { DriverReport, PageReport } from "./browser_driver.ts";
import { writeChartKinds } from "./fixtures/runstore/make_chart_kinds.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ARTIFACTS = join(ROOT, "tests", "artifacts");
const DRIVER = join(ROOT, "tests", "browser_driver.ts");
const WIDTH = 1280;

/** Where Chromium is: $CHROMIUM_PATH, /usr/bin/chromium, or chromium / chromium-browser on PATH. */
function findChromium(): { path: string | null; why: string } {
  const isFile = (p: string) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  };
  const env = Deno.env.get("CHROMIUM_PATH");
  if (env) {
    return isFile(env)
      ? { path: env, why: "" }
      : { path: null, why: `CHROMIUM_PATH=${env} is not a file` };
  }
  if (isFile("/usr/bin/chromium")) return { path: "/usr/bin/chromium", why: "" };
  const dirs = (Deno.env.get("PATH") ?? "").split(delimiter).filter(Boolean);
  for (const name of ["chromium", "chromium-browser"]) {
    for (const dir of dirs) {
      if (isFile(join(dir, name))) return { path: join(dir, name), why: "" };
    }
  }
  return {
    path: null,
    why: "no Chromium found (not /usr/bin/chromium, no chromium or chromium-browser on PATH, " +
      "no CHROMIUM_PATH); install it with `apt-get install -y chromium`",
  };
}

const chromium = findChromium();
if (!chromium.path) console.warn(`browser_test skipped: ${chromium.why}`);

/** Marks each chart of the fixture's pages must show in the interactive view (Vega types). */
const EXPECTED_MARKS: Record<string, string[][]> = {
  "init-lr-sweep": [["line", "symbol"], ["line"], ["area", "line"], ["rect", "text"]],
  "shallow-net-outputs": [["rect", "symbol"], ["line"], ["rect", "text"], ["image", "text"]],
  "perceptron-iris": [["line", "symbol"]],
};

/** Runs the runner on cpu into `out`, as a user would. */
async function runnerStore(out: string, ids: string[]): Promise<void> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "cli/experiment.ts",
      ...ids,
      "--backend",
      "cpu",
      "--out",
      out,
      "--no-report",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
}

/** Violations by rule over the pages: "color-contrast (serious): 3 nodes on 2 pages". */
function axeSummary(pages: readonly PageReport[]): string[] {
  const rules = new Map<string, { impact: string | null; nodes: number; pages: number }>();
  for (const p of pages) {
    for (const v of p.axe ?? []) {
      const r = rules.get(v.id) ?? { impact: v.impact, nodes: 0, pages: 0 };
      r.nodes += v.nodes;
      r.pages++;
      rules.set(v.id, r);
    }
  }
  return [...rules].map(([id, r]) =>
    `${id} (${r.impact}): ${r.nodes} node${r.nodes === 1 ? "" : "s"} on ${r.pages} page${
      r.pages === 1 ? "" : "s"
    }`
  );
}

Deno.test({
  name:
    "report pages in headless Chromium: drawn, interactive, 1,280 px wide, accessible, printable",
  ignore: !chromium.path,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "browser_test_" });
    try {
      const fixture = join(tmp, "fixture");
      writeChartKinds(fixture);
      const real = join(tmp, "real");
      await runnerStore(real, ["perceptron-iris", "cross-entropy"]);
      const site = join(tmp, "site");
      // No catalogue: the fixture's experiments are not in the code, and would read as stale.
      const built = await buildReport({ runs: [fixture, real], out: site, warn: () => {} });
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      const shots: Record<string, string> = {
        "index.html": "index.png",
        "init-lr-sweep.html": "report-sweep.png",
        "shallow-net-outputs.html": "report.png",
        "perceptron-iris.html": "report-perceptron.png",
      };
      const pages = ["index.html", "claims.html", ...built.experiments.map((id) => `${id}.html`)];
      const pdf = join(ARTIFACTS, "init-lr-sweep.pdf");
      const job = {
        width: WIDTH,
        pages: pages.map((p) => ({
          file: join(site, p),
          screenshot: shots[p] ? join(ARTIFACTS, shots[p]) : undefined,
          axe: true,
          interact: p === "init-lr-sweep.html",
        })),
        pdf: { file: join(site, "init-lr-sweep.html"), out: pdf },
      };
      const jobFile = join(tmp, "job.json");
      await Deno.writeTextFile(jobFile, JSON.stringify(job));
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", DRIVER, chromium.path!, jobFile],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(240_000),
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `browser driver failed:\n${stderr}`);
      const report = JSON.parse(new TextDecoder().decode(out.stdout)) as DriverReport;
      assert.equal(report.pages.length, pages.length);
      const byPage = new Map(report.pages.map((r, i) => [pages[i], r]));

      for (const [name, r] of byPage) {
        assert.deepEqual(r.consoleErrors, [], `${name}: console errors`);
        assert.deepEqual(r.pageErrors, [], `${name}: uncaught errors`);
        assert.deepEqual(r.failedRequests, [], `${name}: failed requests`);
        assert.deepEqual(r.blockedRequests, [], `${name}: requests off the file system`);
        assert.ok(r.scrollWidth <= WIDTH, `${name}: ${r.scrollWidth} px wide at ${WIDTH} px`);
        for (const c of r.charts) assert.ok(c.embedded, `${name} ${c.target}: drawn interactively`);
        if (r.screenshot) {
          assert.ok((await Deno.stat(r.screenshot)).size > 10_000, `${r.screenshot} written`);
        }
      }
      assert.equal(byPage.get("index.html")!.title, "Lecture results, re-run");
      assert.deepEqual(byPage.get("index.html")!.charts, [], "the index has thumbnails only");

      for (const [id, kinds] of Object.entries(EXPECTED_MARKS)) {
        const r = byPage.get(`${id}.html`)!;
        assert.equal(r.charts.length, kinds.length, `${id}: one view per chart`);
        r.charts.forEach((chart, i) => {
          assert.ok(chart.svg || chart.canvas, `${id} chart ${i}: an svg or canvas was drawn`);
          for (const mark of kinds[i]) {
            assert.ok((chart.marks[mark] ?? 0) > 0, `${id} chart ${i}: ${mark} marks drawn`);
          }
        });
      }
      // The counts match the data: 2 × 30 × 30 grid cells, 10 images, 6 heatmap cells.
      const outputs = byPage.get("shallow-net-outputs.html")!;
      assert.equal(outputs.charts[0].marks.rect, 1800);
      assert.equal(outputs.charts[3].marks.image, 10);
      const sweep = byPage.get("init-lr-sweep.html")!;
      assert.equal(sweep.charts[3].marks.rect, 6);

      // Only the chart whose values span decades offers the log scale, and it switches.
      assert.deepEqual(sweep.charts.map((c) => c.logToggle), [false, true, false, false]);
      const toggled = sweep.interactions?.logToggle;
      assert.ok(toggled, "the log toggle was found");
      assert.deepEqual([toggled.before, toggled.after, toggled.back], ["linear", "log", "linear"]);
      const legend = sweep.interactions?.legend;
      assert.ok(legend && legend.before.length > 1, "a legend entry was clicked");
      assert.ok(legend.before.every((o) => o === 1), "every line drawn at first");
      assert.ok(
        legend.after.some((o) => o < 0.5) && legend.after.some((o) => o === 1),
        `the clicked series stays, the others fade: ${legend.after.join(", ")}`,
      );

      // axe-core: no serious or critical violation anywhere.
      const summary = axeSummary(report.pages);
      console.log(
        `axe-core ${report.axeVersion} on ${pages.length} pages: ${
          summary.length === 0 ? "no violations" : summary.join("; ")
        }`,
      );
      for (const [name, r] of byPage) {
        const bad = (r.axe ?? []).filter((v) => v.impact === "serious" || v.impact === "critical");
        assert.deepEqual(
          bad.map((v) => `${v.id}: ${v.help} (${v.targets.join(", ")})`),
          [],
          `${name}: serious or critical axe violations`,
        );
      }

      // The printed page keeps its charts: vector SVG on several A4 pages.
      assert.ok(report.pdf, "a PDF was printed");
      assert.ok(report.pdf.bytes > 100_000, `${report.pdf.bytes} bytes: the charts are in it`);
      assert.ok(report.pdf.pages >= 2, `${report.pdf.pages} pages`);
      console.log(
        `screenshots: ${Object.values(shots).map((s) => join(ARTIFACTS, s)).join(", ")}; ` +
          `PDF: ${pdf} (${report.pdf.pages} pages, ${(report.pdf.bytes / 1024).toFixed(0)} KB)`,
      );
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
