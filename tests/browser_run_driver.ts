/**
 * Runs report pages' "Run in this browser" panels in headless Chromium for
 * tests/browser_run_test.ts, in a process of its own (playwright needs permissions the test
 * process does not grant; see tests/browser_driver.ts):
 *
 *   deno run -A tests/browser_run_driver.ts CHROMIUM JOB.json
 *
 * JOB.json: `{ "width": 1280, "timeout": ms, "pages": [{ "file", "backend", "mid"?, "end"?,
 * "page"?, "axe"? }], "kernels"?: { "<name>": "<WGSL>" } }`.
 * Each page is opened from file:// as `<file>?run&backend=<backend>`, which starts its default
 * trial on load; Chromium exposes WebGPU on SwiftShader (`--enable-unsafe-webgpu
 * --use-webgpu-adapter=swiftshader`). With `mid`, a screenshot of the panel is taken once a live
 * chart has been drawn from three rows or more while the trial still runs (if it is still running then); with `end`, one
 * of the panel when it is over; with `page`, one of the whole page then. With `axe`, axe-core
 * audits the page after the run (its charts and claims table in place). With `kernels`, each
 * WGSL kernel is compiled by Chromium's WebGPU (Tint, stricter than Deno's naga in places) and
 * its errors reported. It prints, as JSON with NaN and ±∞ kept (schema/json.ts): the run's state
 * (`document.documentElement.dataset.browserRun`), the outcome the page judged
 * (`globalThis.labRunResult`), the live claims table's rows, the status line, console and page
 * errors, requests off the file system, and the wall time.
 */
// deno-lint-ignore no-import-prefix
import { chromium } from "npm:playwright-core@1.65.1";
import { pathToFileURL } from "node:url";
import { stringifyJson } from "../schema/json.ts";
import { AXE_SCRIPT, CHROMIUM_ARGS } from "./browser_driver.ts";

/** A row of the page's live claims table, as its data attributes give it. */
export interface TableRow {
  claim: string;
  pass: string;
  verdict: string;
}

/** What one page's run gave. */
export interface RunReport {
  file: string;
  backend: string;
  state: string;
  /** The page's outcome (web/trial.ts PageOutcome), as JSON gave it back. */
  outcome: unknown;
  rows: TableRow[];
  status: string;
  adapter: string;
  consoleErrors: string[];
  pageErrors: string[];
  blockedRequests: string[];
  /** The live chart was drawn while the trial ran (a `mid` screenshot was taken). */
  midShot: boolean;
  /** The status line when the `mid` screenshot was taken ("Running … — 1.2 s, 3 rows logged…"). */
  midStatus?: string;
  /** axe-core's serious and critical violations after the run: "rule: help (targets)". */
  axe?: string[];
  wallSeconds: number;
  scrollWidth: number;
}

/** What the driver prints. */
export interface DriverOutput {
  runs: RunReport[];
  /** Compilation errors per kernel name (empty: it compiled). */
  kernels: Record<string, string[]>;
}

/** The flags: the report tests' ones, with WebGPU on SwiftShader instead of no GPU at all. */
export const RUN_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => a !== "--disable-gpu"),
  "--enable-unsafe-webgpu",
  "--use-webgpu-adapter=swiftshader",
];

interface GpuCompileInfo {
  messages: { type: string; message: string; lineNum: number }[];
}
interface PageGlobal {
  navigator: {
    gpu?: {
      requestAdapter(): Promise<
        {
          requestDevice(): Promise<
            {
              createShaderModule(
                d: { code: string },
              ): { getCompilationInfo(): Promise<GpuCompileInfo> };
            }
          >;
        } | null
      >;
    };
  };
  document: {
    documentElement: { dataset: Record<string, string | undefined>; scrollWidth: number };
    querySelector(
      s: string,
    ): { textContent: string | null; dataset: Record<string, string> } | null;
    querySelectorAll(s: string): Iterable<{ dataset: Record<string, string> }>;
  };
  labRunResult?: unknown;
  axe: {
    run(context: unknown, options: unknown): Promise<{
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    }>;
  };
}

type Context = Awaited<ReturnType<typeof chromium.launchPersistentContext>>;

/** One page to run: its file, the backend, and what to keep of it. */
interface Job {
  file: string;
  backend: string;
  mid?: string;
  end?: string;
  page?: string;
  axe?: boolean;
}

async function runPage(
  context: Context,
  job: Job,
  timeout: number,
): Promise<RunReport> {
  const page = await context.newPage();
  const report: RunReport = {
    file: job.file,
    backend: job.backend,
    state: "",
    outcome: null,
    rows: [],
    status: "",
    adapter: "",
    consoleErrors: [],
    pageErrors: [],
    blockedRequests: [],
    midShot: false,
    wallSeconds: 0,
    scrollWidth: 0,
  };
  page.on("console", (m) => {
    if (m.type() === "error") report.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => report.pageErrors.push(String(e)));
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:")) {
      return await route.continue();
    }
    report.blockedRequests.push(url);
    await route.abort();
  });
  const t0 = performance.now();
  await page.goto(`${pathToFileURL(job.file).href}?run&backend=${job.backend}`);
  if (job.mid) {
    // A live chart drawn while the trial still runs: the page mid-run.
    const drawn = await page.waitForFunction(
      () => {
        const d = (globalThis as unknown as PageGlobal).document;
        const state = d.documentElement.dataset.browserRun;
        if (state !== "running") return "over";
        // A few rows in, so the live chart shows a curve.
        const rows = Number(d.querySelector("#browser-run")?.dataset.rows ?? 0);
        return rows >= 3 && d.querySelector(".run-chart-box svg") ? "drawn" : false;
      },
      undefined,
      { timeout, polling: 100 },
    ).then((h) => h.jsonValue());
    if (drawn === "drawn") {
      await (await page.$("#browser-run"))!.screenshot({ path: job.mid });
      report.midShot = true;
      report.midStatus = await page.evaluate(() =>
        (globalThis as unknown as PageGlobal).document.querySelector("#browser-run .run-status")
          ?.textContent ?? ""
      );
    }
  }
  await page.waitForFunction(
    () => {
      const state = (globalThis as unknown as PageGlobal).document.documentElement.dataset
        .browserRun;
      return state !== undefined && state !== "running";
    },
    undefined,
    { timeout, polling: 200 },
  );
  report.wallSeconds = (performance.now() - t0) / 1000;
  // The final charts are drawn before the state turns "done"; let the last paint land.
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobal;
    const d = g.document;
    return {
      state: d.documentElement.dataset.browserRun ?? "",
      outcome: g.labRunResult ?? null,
      rows: [...d.querySelectorAll("#browser-run tr[data-claim]")].map((r) => ({
        claim: r.dataset.claim,
        pass: r.dataset.pass,
        verdict: r.dataset.verdict,
      })),
      status: d.querySelector("#browser-run .run-status")?.textContent ?? "",
      adapter: d.querySelector("#browser-run")?.dataset.adapter ?? "",
      scrollWidth: d.documentElement.scrollWidth,
    };
  });
  Object.assign(report, seen);
  if (job.end) {
    const panel = await page.$("#browser-run");
    await (panel ?? page).screenshot({ path: job.end });
  }
  if (job.page) await page.screenshot({ path: job.page, fullPage: true });
  if (job.axe) {
    await page.addScriptTag({ path: AXE_SCRIPT });
    report.axe = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobal;
      // preload off: axe would fetch the style sheets by XHR, which file:// refuses.
      const r = await g.axe.run(g.document, { resultTypes: ["violations"], preload: false });
      return r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) =>
          `${v.id}: ${v.help} (${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")})`
        );
    });
  }
  await page.close();
  return report;
}

async function main(args: string[]): Promise<void> {
  const [executablePath, jobFile] = args;
  const job = JSON.parse(await Deno.readTextFile(jobFile)) as {
    width?: number;
    timeout?: number;
    pages: Job[];
    kernels?: Record<string, string>;
  };
  const userDataDir = await Deno.makeTempDir({ prefix: "run_chromium_" });
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: RUN_ARGS,
      viewport: { width: job.width ?? 1280, height: 900 },
      timeout: 30_000,
    });
    try {
      const out: DriverOutput = { runs: [], kernels: {} };
      for (const p of job.pages) out.runs.push(await runPage(context, p, job.timeout ?? 300_000));
      if (job.kernels && job.pages.length > 0) {
        const page = await context.newPage();
        await page.goto(pathToFileURL(job.pages[0].file).href);
        out.kernels = await page.evaluate(async (sources) => {
          const g = globalThis as unknown as PageGlobal;
          const adapter = await g.navigator.gpu?.requestAdapter();
          if (!adapter) return { "(no adapter)": ["navigator.gpu gave no adapter"] };
          const device = await adapter.requestDevice();
          const errors: Record<string, string[]> = {};
          for (const [name, code] of Object.entries(sources)) {
            const info = await device.createShaderModule({ code }).getCompilationInfo();
            errors[name] = info.messages.filter((m) => m.type === "error")
              .map((m) => `line ${m.lineNum}: ${m.message}`);
          }
          return errors;
        }, job.kernels);
        await page.close();
      }
      console.log(stringifyJson(out));
    } finally {
      await context.close();
    }
  } finally {
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main(Deno.args);
