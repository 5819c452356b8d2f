/**
 * Drives headless Chromium over report pages for tests/browser_test.ts, in a process of its own:
 * playwright-core needs permissions (sys, net to the browser pipe) that `deno task test` does
 * not grant the test process, so the test runs this with `deno run -A` and reads one JSON line.
 *
 *   deno run -A tests/browser_driver.ts CHROMIUM PAGE.html=SHOT.png [PAGE.html=SHOT.png ...]
 *
 * For each page (opened from file://) it reports console errors, uncaught page errors, failed
 * requests, any request that is not file: or data: (blocked: pages must work offline), and each
 * chart: whether vega-embed replaced the static SVG and how many marks of each type it drew.
 * It never downloads a browser: it launches the executable it is given.
 */
// Test/bench-only packages are imported by full specifier, not through deno.json's import
// map, so that `deno task experiment` never downloads them (TF.js ~65 MB, playwright ~15 MB).
// deno-lint-ignore no-import-prefix
import { chromium } from "npm:playwright-core@1.65.1";
import { pathToFileURL } from "node:url";

/** What one chart's interactive view holds once vega-embed has run. */
export interface ChartReport {
  target: string;
  /** The live view is shown and the static fallback hidden: embedding succeeded. */
  embedded: boolean;
  svg: boolean;
  canvas: boolean;
  /** Drawn mark items by Vega mark type, e.g. { rect: 900, symbol: 40, image: 6 }. */
  marks: Record<string, number>;
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
  screenshot: string;
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
  hidden: boolean;
  dataset: Record<string, string | undefined>;
  classList: Iterable<string>;
  children: { length: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageDocument {
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

async function visit(
  context: Awaited<ReturnType<typeof chromium.launchPersistentContext>>,
  file: string,
  screenshot: string,
): Promise<PageReport> {
  const page = await context.newPage();
  const report: PageReport = {
    url: pathToFileURL(file).href,
    title: "",
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    blockedRequests: [],
    charts: [],
    screenshot,
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
  await page.waitForFunction(
    () => {
      const document = (globalThis as unknown as { document: PageDocument }).document;
      return [...document.querySelectorAll("script.vl-spec")].every((s) => {
        const live = document.getElementById(s.dataset.target ?? "");
        const fallback = document.getElementById(s.dataset.static ?? "");
        return (fallback?.hidden ?? false) || (live?.hidden ?? true);
      });
    },
    undefined,
    { timeout: 15_000 },
  ).catch(() => {});
  report.charts = await page.evaluate(() => {
    const document = (globalThis as unknown as { document: PageDocument }).document;
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
      };
    });
  });
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return report;
}

async function main(args: string[]): Promise<void> {
  const [executablePath, ...pairs] = args;
  const userDataDir = await Deno.makeTempDir({ prefix: "report_chromium_" });
  try {
    // launchPersistentContext is how playwright takes a user data dir (--user-data-dir).
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 900 },
      timeout: 20_000,
    });
    try {
      const reports: PageReport[] = [];
      for (const pair of pairs) {
        const eq = pair.lastIndexOf("=");
        reports.push(await visit(context, pair.slice(0, eq), pair.slice(eq + 1)));
      }
      console.log(JSON.stringify(reports));
    } finally {
      await context.close();
    }
  } finally {
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main(Deno.args);
