/**
 * `deno task bench`: runs the benchmark modules, prints each as a table on stdout (progress on
 * stderr) and writes everything as JSON to bench/results/latest.json, then shows it on the
 * report's bench page (site/bench.html) when site/ holds a report (the entry point,
 * cli/bench.ts, hands in the report's refresh, so bench/ never imports reports/).
 *
 *   deno task bench [--quick] [--only NAME] [--help]   (NAME: matmul, elementwise, overhead,
 *     reads, training, sweep, cat, lenet, catalogue)
 *
 * A new benchmark is a `BenchModule` (bench/report.ts) added to MODULES below.
 */
import { fileURLToPath } from "node:url";
import { CpuBackend } from "../kernels/cpu.ts";
import { NoAdapterError } from "../kernels/device.ts";
import { WebGpuBackend } from "../kernels/webgpu.ts";
import { catBench } from "./cat.ts";
import { catalogueBench } from "./catalogue.ts";
import { elementwiseBench } from "./elementwise.ts";
import { lenetBench } from "./lenet.ts";
import { matmulBench } from "./matmul.ts";
import { overheadBench } from "./overhead.ts";
import { readsBench } from "./reads.ts";
import { sweepBench } from "./sweep.ts";
import { trainingBench } from "./training.ts";
import { type BenchModule, type BenchReport, formatSection, type Section } from "./report.ts";

export const MODULES: readonly BenchModule[] = [
  matmulBench,
  elementwiseBench,
  overheadBench,
  readsBench,
  trainingBench,
  sweepBench,
  catBench,
  lenetBench,
  catalogueBench,
];

export interface BenchArgs {
  quick: boolean;
  only: string | null;
  help: boolean;
}

/** Parses the flags; throws a one-line message for anything else. */
export function parseArgs(args: readonly string[]): BenchArgs {
  const out: BenchArgs = { quick: false, only: null, help: false };
  const ids = MODULES.map((m) => m.id);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--quick") out.quick = true;
    else if (a === "--help" || a === "-h") out.help = true;
    else if (a === "--only" || a.startsWith("--only=")) {
      const v = a === "--only" ? args[++i] : a.slice("--only=".length);
      if (v === undefined) throw new Error(`--only needs one of: ${ids.join(", ")}`);
      if (!ids.includes(v)) {
        throw new Error(`--only ${v}: no such benchmark (have ${ids.join(", ")})`);
      }
      out.only = v;
    } else throw new Error(`unknown argument ${JSON.stringify(a)} (see --help)`);
  }
  return out;
}

function usage(): string {
  return [
    "usage: deno task bench [--quick] [--only NAME] [--help]",
    "",
    "  --quick      fewer sizes and repetitions",
    "  --only NAME  run one benchmark:",
    ...MODULES.map((m) => `                 ${m.id.padEnd(12)} ${m.describe}`),
    "",
    "Tables go to stdout, progress to stderr, and all results to bench/results/latest.json;",
    "an existing report in site/ shows them on site/bench.html (else `deno task report` will).",
  ].join("\n");
}

/**
 * The 1-minute load average (Linux), to tell a contended run from a quiet one; null elsewhere.
 * Read through `cat`: Deno wants --allow-sys or --allow-all for /proc, the task has --allow-run.
 */
async function loadAverage(): Promise<number | null> {
  try {
    const out = await new Deno.Command("cat", { args: ["/proc/loadavg"], stderr: "null" }).output();
    const v = Number(new TextDecoder().decode(out.stdout).split(" ")[0]);
    return out.success && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * Shows the new results on the report's bench page: refreshed in place when site/ is a report
 * site, else left to the next `deno task report`. A failure here costs the page, not the run:
 * the results are on disk already.
 */
/** Re-renders a report site's bench page from a results file; false when the folder is no site. */
export type RefreshBenchPage = (site: string, results: string) => Promise<unknown>;

async function showInSite(results: string, refreshBenchPage: RefreshBenchPage): Promise<void> {
  const rel = (path: string) => path.replace(Deno.cwd() + "/", "");
  const site = fileURLToPath(new URL("../site", import.meta.url));
  try {
    if (await refreshBenchPage(site, results)) console.log(`updated ${rel(site)}/bench.html`);
    else {
      console.log(
        `no report in ${rel(site)}/: \`deno task report\` will show ${rel(results)} ` +
          `on ${rel(site)}/bench.html`,
      );
    }
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    console.error(
      `bench: ${rel(site)}/bench.html not updated (${why}); \`deno task report\` will update it`,
    );
  }
}

/** Runs `deno task bench` with `argv`; returns the exit code. */
export async function benchCommand(argv: string[], refresh: RefreshBenchPage): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    return 2;
  }
  if (args.help) {
    console.log(usage());
    return 0;
  }
  const log = (line: string) => console.error(`· ${line}`);
  let gpu: WebGpuBackend | null = null;
  try {
    gpu = await WebGpuBackend.create();
  } catch (e) {
    if (!(e instanceof NoAdapterError)) throw e;
    log(`no WebGPU adapter (${e.message}): webgpu columns stay empty`);
  }
  const cpu = new CpuBackend();
  const sections: Section[] = [];
  const loadBefore = await loadAverage();
  const adapter = gpu ? { ...gpu.adapter } : null;
  if (adapter) {
    console.log(
      `adapter: ${
        adapter.description || adapter.vendor
      } (fallback: ${adapter.isFallbackAdapter})\n`,
    );
  }
  for (const m of MODULES) {
    if (args.only !== null && m.id !== args.only) continue;
    const s = await m.run({ quick: args.quick, gpu, cpu, log });
    sections.push(s);
    console.log(formatSection(s) + "\n");
  }
  gpu?.destroy();
  const load = { before: loadBefore, after: await loadAverage() };
  if (load.before !== null) {
    console.log(
      `load average before/after: ${load.before} / ${load.after} ` +
        `(on ${navigator.hardwareConcurrency} cores; other work skews the timings)`,
    );
  }
  const report: BenchReport = {
    schema: 1,
    createdAt: new Date().toISOString(),
    quick: args.quick,
    runtime: {
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      os: `${Deno.build.os}-${Deno.build.arch}`,
      cpus: navigator.hardwareConcurrency,
      loadAverage: load,
    },
    adapter,
    sections,
  };
  const dir = new URL("./results/", import.meta.url);
  Deno.mkdirSync(dir, { recursive: true });
  const file = new URL("latest.json", dir);
  // Through a temporary file and a rename: a report built meanwhile reads the old results or
  // the new ones, never half a file.
  const tmp = new URL("latest.json.tmp", dir);
  Deno.writeTextFileSync(tmp, JSON.stringify(report, null, 2) + "\n");
  Deno.renameSync(tmp, file);
  console.log(`wrote ${file.pathname.replace(Deno.cwd() + "/", "")}`);
  await showInSite(fileURLToPath(file), refresh);
  return 0;
}
