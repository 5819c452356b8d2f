/**
 * The report in a real browser: builds the site from the fixture run store (every chart kind),
 * opens index.html and two experiment pages from file:// in headless Chromium (driven by
 * playwright-core in tests/browser_driver.ts) and checks that nothing failed — no console
 * errors, no failed or network requests — and that vega-embed drew every chart interactively.
 * Screenshots go to tests/artifacts/ (gitignored). Without a Chromium the test is skipped, and
 * says why; it never downloads a browser.
 */
import assert from "node:assert/strict";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildReport } from "../reports/site.ts";
import type { PageReport } from "./browser_driver.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = join(ROOT, "tests", "fixtures", "runstore");
const ARTIFACTS = join(ROOT, "tests", "artifacts");
const DRIVER = join(ROOT, "tests", "browser_driver.ts");

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

/** Marks each chart kind must show in the interactive view (Vega mark types). */
const EXPECTED_MARKS: Record<string, Record<string, string[]>> = {
  "init-lr-sweep": {
    "line": ["line", "symbol"],
    "summary": ["area", "line"],
    "heatmap": ["rect", "text"],
  },
  "shallow-net-outputs": {
    "boundary": ["rect", "symbol"],
    "function": ["line"],
    "bars": ["rect", "text"],
    "images": ["image", "text"],
  },
};

Deno.test({
  name: "report pages in headless Chromium: no errors, every chart drawn interactively",
  ignore: !chromium.path,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "browser_test_" });
    try {
      const site = join(tmp, "site");
      await buildReport({ runs: [FIXTURE], out: site });
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      const pages = [
        ["index.html", "index.png"],
        ["shallow-net-outputs.html", "report.png"],
        ["init-lr-sweep.html", "report-sweep.png"],
      ];
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          DRIVER,
          chromium.path!,
          ...pages.map(([page, shot]) => `${join(site, page)}=${join(ARTIFACTS, shot)}`),
        ],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(60_000),
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `browser driver failed:\n${stderr}`);
      const reports = JSON.parse(new TextDecoder().decode(out.stdout)) as PageReport[];
      assert.equal(reports.length, 3);

      for (const r of reports) {
        assert.deepEqual(r.consoleErrors, [], `${r.url}: console errors`);
        assert.deepEqual(r.pageErrors, [], `${r.url}: uncaught errors`);
        assert.deepEqual(r.failedRequests, [], `${r.url}: failed requests`);
        assert.deepEqual(r.blockedRequests, [], `${r.url}: requests off the file system`);
        assert.ok((await Deno.stat(r.screenshot)).size > 10_000, `${r.screenshot} written`);
      }
      const [index, outputs, sweep] = reports;
      assert.equal(index.title, "Lecture results reproduced");
      assert.deepEqual(index.charts, [], "the scoreboard has no charts");

      for (
        const [report, id] of [[outputs, "shallow-net-outputs"], [sweep, "init-lr-sweep"]] as const
      ) {
        const kinds = Object.keys(EXPECTED_MARKS[id]);
        assert.equal(report.charts.length, kinds.length, `${id}: one view per chart`);
        report.charts.forEach((chart, i) => {
          const kind = kinds[i];
          assert.ok(chart.embedded, `${id} ${kind}: vega-embed replaced the static SVG`);
          assert.ok(chart.svg || chart.canvas, `${id} ${kind}: an svg or canvas was drawn`);
          for (const mark of EXPECTED_MARKS[id][kind]) {
            assert.ok((chart.marks[mark] ?? 0) > 0, `${id} ${kind}: ${mark} marks drawn`);
          }
        });
      }
      // The counts match the data: 2 × 30 × 30 grid cells, 10 images, 6 heatmap cells.
      assert.equal(outputs.charts[0].marks.rect, 1800);
      assert.equal(outputs.charts[3].marks.image, 10);
      assert.equal(sweep.charts[2].marks.rect, 6);
      console.log(`screenshots: ${reports.map((r) => r.screenshot).join(", ")}`);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
