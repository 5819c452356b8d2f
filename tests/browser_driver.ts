/**
 * Drives headless Chromium over report pages for tests/browser_test.ts, in a process of its own:
 * playwright-core needs permissions (sys, net to the browser pipe) that `deno task test` does
 * not grant the test process, so the test runs this with `deno run -A` and reads one JSON line.
 *
 *   deno run -A tests/browser_driver.ts CHROMIUM JOB.json
 *
 * JOB.json: `{ "width": 1280, "pages": [{ "file", "screenshot"?, "axe"?, "interact"? }],
 * "pdf"?: { "file", "out" } }`. For each page (opened from file:// at that width) it reports
 * console errors, uncaught page errors, failed requests, any request that is not file: or data:
 * (blocked: pages must work offline), the document's width, and each chart: whether vega-embed
 * replaced the static SVG and how many marks of each type it drew. With `axe`, axe-core
 * (injected from its file on disk) audits the page; with `interact`, the first log-scale toggle
 * is switched and the first legend entry clicked. With `pdf`, one page is printed to PDF
 * (playwright's page.pdf: the print style sheet). It never downloads a browser: it launches the
 * executable it is given.
 */
// Test/bench-only packages are imported by full specifier, not through deno.json's import
// map, so that `deno task experiment` never downloads them (TF.js ~65 MB, playwright ~15 MB,
// axe-core ~3 MB: only the browser test uses it).
// deno-lint-ignore no-import-prefix
import { chromium } from "npm:playwright-core@1.65.1";
// deno-lint-ignore no-import-prefix
import axe from "npm:axe-core@4.11.1";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** axe-core's browser build, beside the module the import above resolved. */
export const AXE_SCRIPT = join(
  dirname(fileURLToPath(import.meta.resolve("npm:axe-core@4.11.1"))),
  "axe.min.js",
);

/** What one chart's interactive view holds once vega-embed has run. */
export interface ChartReport {
  target: string;
  /** The live view is shown and the static fallback hidden: embedding succeeded. */
  embedded: boolean;
  svg: boolean;
  canvas: boolean;
  /** Drawn mark items by Vega mark type, e.g. { rect: 900, symbol: 40, image: 6 }. */
  marks: Record<string, number>;
  /** The spec asks for a log-scale toggle, and the page drew one. */
  logToggle: boolean;
}

/** One axe-core violation: its rule, impact and the elements it found. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

/** What switching a chart's log toggle and clicking a legend entry did. */
export interface Interactions {
  /** The y scale's type before and after the toggle (e.g. "linear" → "log"). */
  logToggle?: { chart: string; before: string; after: string; back: string };
  /** Each line's opacity before and after a click on the first legend entry. */
  legend?: { chart: string; before: number[]; after: number[] };
}

/** What the driver found on one page. */
export interface PageReport {
  url: string;
  title: string;
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  blockedRequests: string[];
  charts: ChartReport[];
  screenshot?: string;
  /** document.documentElement.scrollWidth at the window's width. */
  scrollWidth: number;
  axe?: AxeViolation[];
  interactions?: Interactions;
}

/** The driver's whole answer. */
export interface DriverReport {
  pages: PageReport[];
  pdf?: { file: string; out: string; bytes: number; pages: number };
  axeVersion: string;
}

/** The flags the test passes to Chromium: offline, quiet, no sandbox (CI runs as root). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The little of the DOM the page-side callbacks use. They run in the browser, but are type
 * checked here, where Deno has no DOM library.
 */
interface PageElement {
  id: string;
  hidden: boolean;
  dataset: Record<string, string | undefined>;
  classList: Iterable<string>;
  children: { length: number };
  textContent: string | null;
  vegaView?: { scale(name: string): { type: string } };
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageDocument {
  documentElement: { scrollWidth: number };
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
type PageGlobal = {
  document: PageDocument;
  axe: { run(context: unknown, options: unknown): Promise<{ violations: RawViolation[] }> };
};
interface RawViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

type Context = Awaited<ReturnType<typeof chromium.launchPersistentContext>>;
type Page = Awaited<ReturnType<Context["newPage"]>>;

/** Waits until every chart embedded or gave up (charts.js marks each target). */
async function chartsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const document = (globalThis as unknown as PageGlobal).document;
      return [...document.querySelectorAll("script.vl-spec")].every((s) => {
        const live = document.getElementById(s.dataset.target ?? "");
        const state = live?.dataset.embedded;
        return state === "true" || state === "failed" || live === null;
      });
    },
    undefined,
    { timeout: 20_000 },
  ).catch(() => {});
}

async function interact(page: Page): Promise<Interactions> {
  const out: Interactions = {};
  // The log-scale toggle: the y scale of the first chart that has one, before and after.
  const toggle = await page.evaluate(() => {
    const document = (globalThis as unknown as PageGlobal).document;
    const box = [...document.querySelectorAll("input.log-toggle-box")][0];
    if (!box) return null;
    const target = box.id.replace(/-log$/, "");
    return { id: box.id, target, type: document.getElementById(target)?.vegaView?.scale("y").type };
  });
  if (toggle) {
    const typeNow = (target: string) =>
      page.evaluate((t) => {
        const document = (globalThis as unknown as PageGlobal).document;
        return document.getElementById(t)?.vegaView?.scale("y").type ?? "none";
      }, target);
    const settled = (target: string, scale: string) =>
      page.waitForFunction(
        ([t, s]) => {
          const document = (globalThis as unknown as PageGlobal).document;
          const el = document.getElementById(t);
          return el?.dataset.scale === s && el?.dataset.embedded === "true";
        },
        [target, scale],
        { timeout: 10_000 },
      );
    await page.click(`#${toggle.id}`);
    await settled(toggle.target, "log");
    const after = await typeNow(toggle.target);
    await page.click(`#${toggle.id}`);
    await settled(toggle.target, "linear");
    out.logToggle = {
      chart: toggle.target,
      before: toggle.type ?? "none",
      after,
      back: await typeNow(toggle.target),
    };
  }
  // The legend: click the first entry of the first line chart with a legend selection.
  const opacities = (target: string) =>
    page.evaluate((t) => {
      const document = (globalThis as unknown as PageGlobal).document;
      const live = document.getElementById(t);
      return [...(live?.querySelectorAll("g.mark-line.role-mark path") ?? [])].map((p) =>
        Number(p.getAttribute("opacity") ?? p.getAttribute("stroke-opacity") ?? 1)
      );
    }, target);
  const legend = await page.evaluate(() => {
    const document = (globalThis as unknown as PageGlobal).document;
    for (const live of document.querySelectorAll("div.chart-live")) {
      if (!live.querySelector("g.mark-line.role-mark path")) continue;
      const label = live.querySelector("g.role-legend-symbol path");
      if (!label) continue;
      const r = label.getBoundingClientRect();
      return { target: live.id, x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  });
  if (legend) {
    const before = await opacities(legend.target);
    await page.mouse.click(legend.x, legend.y);
    await page.waitForTimeout(400);
    out.legend = { chart: legend.target, before, after: await opacities(legend.target) };
  }
  return out;
}

async function visit(
  context: Context,
  job: { file: string; screenshot?: string; axe?: boolean; interact?: boolean },
): Promise<PageReport> {
  const page = await context.newPage();
  const report: PageReport = {
    url: pathToFileURL(job.file).href,
    title: "",
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    blockedRequests: [],
    charts: [],
    scrollWidth: 0,
  };
  page.on("console", (m) => {
    if (m.type() === "error") report.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => report.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => {
    const url = r.url();
    // Our own route aborts are reported as blocked, not as failures of the site.
    if (!report.blockedRequests.includes(url)) {
      report.failedRequests.push(`${url} (${r.failure()?.errorText ?? "failed"})`);
    }
  });
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return await route.continue();
    report.blockedRequests.push(url);
    await route.abort();
  });
  await page.goto(report.url, { waitUntil: "load" });
  report.title = await page.title();
  // charts.js embeds every chart asynchronously: wait until each one succeeded or gave up.
  // (The callbacks run in the page: playwright sends their source, so they use nothing from here
  // but types, which are gone by then.)
  await chartsSettled(page);
  report.charts = await page.evaluate(() => {
    const document = (globalThis as unknown as PageGlobal).document;
    return [...document.querySelectorAll("script.vl-spec")].map((s) => {
      const target = s.dataset.target ?? "";
      const live = document.getElementById(target);
      const fallback = document.getElementById(s.dataset.static ?? "");
      const marks: Record<string, number> = {};
      for (const g of live?.querySelectorAll("g.role-mark") ?? []) {
        const type = [...g.classList].find((c) => c.startsWith("mark-"))?.slice(5) ?? "?";
        marks[type] = (marks[type] ?? 0) + g.children.length;
      }
      return {
        target,
        embedded: !!live && !live.hidden && !!fallback?.hidden,
        svg: !!live?.querySelector("svg"),
        canvas: !!live?.querySelector("canvas"),
        marks,
        logToggle: !!document.getElementById(`${target}-log`),
      };
    });
  });
  report.scrollWidth = await page.evaluate(() =>
    (globalThis as unknown as PageGlobal).document.documentElement.scrollWidth
  );
  if (job.screenshot) {
    await page.screenshot({ path: job.screenshot, fullPage: true });
    report.screenshot = job.screenshot;
  }
  if (job.axe) {
    await page.addScriptTag({ path: AXE_SCRIPT });
    const violations = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobal;
      // preload off: axe would fetch the style sheets by XHR, which file:// refuses.
      const result = await g.axe.run(g.document, { resultTypes: ["violations"], preload: false });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
    });
    report.axe = violations;
  }
  if (job.interact) report.interactions = await interact(page);
  await page.close();
  return report;
}

async function main(args: string[]): Promise<void> {
  const [executablePath, jobFile] = args;
  const job = JSON.parse(await Deno.readTextFile(jobFile)) as {
    width?: number;
    pages: { file: string; screenshot?: string; axe?: boolean; interact?: boolean }[];
    pdf?: { file: string; out: string };
  };
  const userDataDir = await Deno.makeTempDir({ prefix: "report_chromium_" });
  try {
    // launchPersistentContext is how playwright takes a user data dir (--user-data-dir).
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: job.width ?? 1280, height: 900 },
      timeout: 20_000,
    });
    try {
      const out: DriverReport = { pages: [], axeVersion: axe.version };
      for (const p of job.pages) out.pages.push(await visit(context, p));
      if (job.pdf) {
        const page = await context.newPage();
        await page.goto(pathToFileURL(job.pdf.file).href, { waitUntil: "load" });
        await chartsSettled(page);
        await page.emulateMedia({ media: "print" });
        const pdf = await page.pdf({ path: job.pdf.out, format: "A4", printBackground: true });
        const text = new TextDecoder("latin1").decode(pdf);
        out.pdf = {
          ...job.pdf,
          bytes: pdf.length,
          pages: (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length,
        };
        await page.close();
      }
      console.log(JSON.stringify(out));
    } finally {
      await context.close();
    }
  } finally {
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main(Deno.args);
