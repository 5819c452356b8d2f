/**
 * Parsing `deno task experiment` arguments into a validated request. Everything a user can get
 * wrong is found here, before any trial runs or any file is written.
 */
import { parseArgs } from "node:util";
import { BACKEND_NAMES, type BackendName } from "../kernels/select.ts";
import { UsageError } from "./errors.ts";
import { MAX_TRIALS, type SeedRequest } from "./trials.ts";

export interface ExperimentArgs {
  ids: string[];
  list: boolean;
  help: boolean;
  backend?: BackendName;
  out: string;
  site: string;
  sets: string[];
  sweeps: string[];
  seeds?: SeedRequest;
  random?: { count: number; seed: number };
  shard?: { index: number; count: number };
  jobs: number;
  verify: boolean;
  quick: boolean;
  batch: boolean;
  force: boolean;
  json: boolean;
  /** Seconds between progress lines when stdout is not a terminal. */
  heartbeat: number;
  dataDir?: string;
  report: boolean;
  strict: boolean;
}

const OPTIONS = {
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  backend: { type: "string" },
  out: { type: "string" },
  site: { type: "string" },
  set: { type: "string", multiple: true },
  sweep: { type: "string", multiple: true },
  seeds: { type: "string" },
  random: { type: "string" },
  "random-seed": { type: "string" },
  shard: { type: "string" },
  jobs: { type: "string" },
  verify: { type: "boolean" },
  quick: { type: "boolean" },
  batch: { type: "string" },
  force: { type: "boolean" },
  json: { type: "boolean" },
  heartbeat: { type: "string" },
  "data-dir": { type: "string" },
  "no-report": { type: "boolean" },
  strict: { type: "boolean" },
} as const;

/** Flags that may be given more than once (each naming a different param). */
const REPEATABLE: ReadonlySet<string> = new Set(["set", "sweep"]);

/**
 * `--jobs -1` would read `-1` as a flag: a value that looks like a negative number is joined to
 * its flag (`--jobs=-1`), so that it gets the flag's own one-line error.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const spec = (OPTIONS as Record<string, { type: string }>)[name];
    if (spec?.type === "string" && /^-\d/.test(argv[i + 1] ?? "")) {
      out.push(`${argv[i]}=${argv[++i]}`);
    } else out.push(argv[i]);
  }
  return out;
}

/** A name as it may safely appear in a message: quoted, control characters escaped. */
export function quoted(text: string): string {
  return JSON.stringify(text);
}

export function parseExperimentArgs(argv: string[]): ExperimentArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split(/\. |\n/)[0] : String(e);
    // parseArgs echoes the unknown flag: its control characters (a newline, an ANSI escape)
    // are shown escaped, never written raw to the terminal.
    throw new UsageError(`${JSON.stringify(msg).slice(1, -1)} (see --help)`);
  }
  const counts = new Map<string, number>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind === "option") counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  }
  for (const [name, n] of counts) {
    if (n > 1 && !REPEATABLE.has(name)) {
      throw new UsageError(`--${name} is given ${n} times; give it once`);
    }
  }
  const v = parsed.values;
  const backend = v.backend;
  if (backend !== undefined && !BACKEND_NAMES.includes(backend as BackendName)) {
    throw new UsageError(`--backend ${backend}: expected one of ${BACKEND_NAMES.join(", ")}`);
  }
  const jobs = v.jobs === undefined ? 1 : positiveInt("--jobs", v.jobs, 256);
  if (jobs > 1 && backend !== "cpu") {
    // Workers are threads of this process, each opening its own backend, and WebGPU cannot be open
    // twice at once in one process: wgpu reaches llvmpipe through the process's single EGL
    // display, which the second instance tears down under the first (seen: "Failed to make EGL
    // context current: BadDisplay", a panic, or heap corruption and exit 134).
    throw new UsageError(
      `--jobs ${jobs} runs its workers in one process, which webgpu cannot share: add --backend ` +
        `cpu, or on webgpu use --batch auto, or --shard i/n in separate processes`,
    );
  }
  return {
    ids: parsed.positionals,
    list: v.list ?? false,
    help: v.help ?? false,
    backend: backend as BackendName | undefined,
    out: v.out ?? "runs",
    site: v.site ?? "site",
    sets: v.set ?? [],
    sweeps: v.sweep ?? [],
    seeds: v.seeds === undefined ? undefined : parseSeeds(v.seeds),
    random: v.random === undefined ? undefined : {
      count: positiveInt("--random", v.random, MAX_TRIALS),
      seed: v["random-seed"] === undefined
        ? 0
        : parseSeedList("--random-seed", v["random-seed"])[0],
    },
    shard: v.shard === undefined ? undefined : parseShard(v.shard),
    jobs,
    verify: v.verify ?? false,
    quick: v.quick ?? false,
    batch: parseBatch(v.batch),
    force: v.force ?? false,
    json: v.json ?? false,
    heartbeat: v.heartbeat === undefined ? 30 : positiveInt("--heartbeat", v.heartbeat, 86_400),
    dataDir: v["data-dir"],
    report: !(v["no-report"] ?? false),
    strict: v.strict ?? false,
  };
}

/** A whole number written in decimal digits (not `0x10`, `1e1` or `0b11`), within `max`. */
export function decimalInt(text: string, max = Number.MAX_SAFE_INTEGER): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n <= max ? n : null;
}

function positiveInt(flag: string, text: string, max = 1_000_000): number {
  const n = decimalInt(text, max);
  if (n === null || n < 1) {
    throw new UsageError(`${flag} ${quoted(text)}: expected a whole number from 1 to ${max}`);
  }
  return n;
}

/** Seeds for numpy's RandomState: integers in [0, 2**32). */
function parseSeedList(flag: string, text: string): number[] {
  return text.split(",").map((s) => s.trim()).map((s) => {
    const n = decimalInt(s, 0xffffffff);
    if (n === null) {
      throw new UsageError(
        `${flag} ${quoted(text)}: ${quoted(s)} is not an integer in [0, 4294967295]`,
      );
    }
    return n;
  });
}

/** `--seeds 1,2,3` lists seeds; `--seeds 5` (one number) asks for five seeds. */
export function parseSeeds(text: string): SeedRequest {
  if (!text.includes(",")) {
    const n = decimalInt(text, 10000) ?? 0;
    if (n < 1) {
      throw new UsageError(
        `--seeds ${text}: expected a count of seeds (1 to 10000) or a list such as 1,2,3`,
      );
    }
    return { count: n };
  }
  return { list: parseSeedList("--seeds", text) };
}

/** `--batch auto|off` (auto by default). */
function parseBatch(text: string | undefined): boolean {
  if (text === undefined || text === "auto") return true;
  if (text === "off") return false;
  throw new UsageError(`--batch ${text}: expected auto or off`);
}

/** `--shard i/n`: 0 ≤ i < n. */
function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new UsageError(`--shard ${text}: expected i/n with 0 ≤ i < n, e.g. --shard 0/4`);
  }
  return { index, count };
}

export const EXPERIMENT_HELP = `Re-run lecture results as seeded experiments and check every claim.

Usage: deno task experiment [ID...] [options]

With no ID, runs every experiment and builds the report.

Options:
  --list                 print the experiment ids with their titles
  --backend webgpu|cpu   compute backend (default webgpu, falling back to cpu with a notice
                         when no adapter exists; an explicit webgpu without one is an error)
                           e.g. --backend cpu
  --set k=v              set a param for every trial (repeatable)
                           e.g. --set lr=0.001
  --sweep k=SPEC         sweep a param; SPEC is a list a,b,c, log:lo..hi:n or lin:lo..hi:n;
                         several --sweep flags form a Cartesian product
                           e.g. --sweep lr=0.1,0.01,0.001 --sweep epochs=lin:5..20:4
  --seeds 1,2,3          seeds for numpy's RandomState (default: the experiment's own);
                         one number N runs N seeds: the default seed and the N − 1 after it
                           e.g. --seeds 5
  --random N             random search: N points drawn from the params' declared
                         distributions (replaces the default points), seeded by
  --random-seed S        (default 0)
                           e.g. --random 20 --random-seed 3
  --quick                the quick profile: long experiments run fewer iterations (same
                         code; the report says which profile produced each page)
  --batch auto|off       auto (default): trials that differ only in scalars an experiment
                         can batch (e.g. planar-shallow's lr) run as one computation on the
                         device, equal to separate runs within float32 rounding; off: one by one
                           e.g. --sweep lr=log:0.01..10:16 --batch off
  --jobs N               run N trials at once on the cpu backend, each worker with its
                         own; the results are identical for any N (webgpu: one device per
                         process, so use --batch auto or --shard instead)
                           e.g. --jobs 2 --backend cpu
  --shard i/n            run only shard i (0 ≤ i < n) of the planned trials: every n-th
                         trial from the i-th; the union of shards 0..n-1 is the whole sweep
                           e.g. --shard $SLURM_ARRAY_TASK_ID/8
  --verify               rerun the finished trials of the run store from their manifests
                         and compare metrics.csv (byte for byte on the same backend, within
                         float32 tolerance across backends); exit 1 on a mismatch
  --out DIR              run store (default runs)
  --site DIR             report folder (default site)
  --data-dir DIR         where to look for data files first (then $HARNESS_DATA_DIR, data/,
                         ../shared/data/)
  --force                rerun trials whose stored result has the same config hash
  --json                 print one JSON object per finished trial on stdout, nothing else
  --heartbeat S          when stdout is not a terminal (a Slurm log), print a progress line
                         at least every S seconds while a trial runs (default 30)
  --no-report            do not rebuild the report after the run
  --strict               exit 1 when a claim is not reproduced or a trial fails
  -h, --help             this text

Params of an experiment: deno task experiment ID --help

Exit codes: 0 done (claims not reproduced are reported, not errors), 1 with --strict when a
claim is not reproduced or a trial failed, 2 bad input (one line on stderr says what to fix).
`;
