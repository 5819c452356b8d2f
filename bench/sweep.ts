/**
 * Sweeps against one trial (issue 17): learning-rate's 7 logistic regressions on the cat images
 * and logreg-cat's 4, each measured three ways in one run:
 *
 * - one trial alone (`train`, as the experiment's `ctx.train` runs it outside a batch);
 * - the sweep unbatched, one trial after another (`--batch off`);
 * - the sweep batched (`--batch auto`: nn/many.ts `trainMany`, the weight vectors stacked so
 *   that X is read once per step for all of them);
 *
 * on webgpu (training through the final read, data on the device), with NumPy float64 running
 * the learning-rate sweep as a loop of trials and stacked (bench/peers/sweep_numpy.py), and
 * through the harness as a user runs it: `cli/experiment.ts learning-rate` into a fresh store,
 * batched, `--batch off`, and one trial (`--set lr=0.005`), timing the command and the trials'
 * own seconds (their manifests). Targets: 7 trials ≤ 2 × one trial, 4 trials ≤ 1.5 × one.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { runExperimentCli } from "./cli_run.ts";
import { catData } from "../experiments/lib/cat_images.ts";
import type { Catvnoncat } from "../data/catvnoncat.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { trainMany } from "../nn/many.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train, type TrainOptions } from "../nn/train.ts";
import { writePeerData } from "./cat.ts";
import { runPythonPeer } from "./peers.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { median } from "./timing.ts";

/** learning-rate's sweep (experiments/learning-rate.ts): 500 iterations, the cost every 10. */
export const LR_SWEEP = {
  rates: [1e-5, 1e-4, 1e-3, 0.005, 0.01, 0.1, 1],
  one: 0.005,
  iterations: 500,
  logEvery: 10,
} as const;

/** logreg-cat's sweep: lr 0.005 for 2000 iterations, then three rates for 1500. */
export const LOGREG_SWEEP = [
  { lr: 0.005, iterations: 2000 },
  { lr: 0.01, iterations: 1500 },
  { lr: 0.001, iterations: 1500 },
  { lr: 0.0001, iterations: 1500 },
] as const;

interface Job {
  lr: number;
  iterations: number;
  options: Omit<TrainOptions, "optimizer" | "epochs">;
}

const lrJobs = (rates: readonly number[], iterations: number): Job[] =>
  rates.map((lr) => ({
    lr,
    iterations,
    options: { logEvery: LR_SWEEP.logEvery, readEvery: Infinity, stopOnNonFinite: true },
  }));

const logregJobs = (scale = 1): Job[] =>
  LOGREG_SWEEP.map(({ lr, iterations }) => ({
    lr,
    iterations: Math.max(1, Math.round(iterations * scale)),
    options: { logEvery: 100, logLast: false, readEvery: Infinity },
  }));

/**
 * Milliseconds to train these logistic regressions from zeros on X, Y: together through
 * `trainMany` or one after another through `train`, through the read of the last b.
 */
export async function timeLogistic(
  b: Backend,
  X: Tensor,
  Y: Tensor,
  jobs: readonly Job[],
  together: boolean,
): Promise<number> {
  const models = jobs.map(() => LogisticRegression.initializeWithZeros(b, X.shape[0]));
  const requests = jobs.map((j, i) => ({
    model: models[i],
    X,
    Y,
    options: {
      ...j.options,
      epochs: j.iterations,
      optimizer: new GradientDescent(b, models[i].parameters(), j.lr),
    },
  }));
  try {
    await b.flush();
    const t = performance.now();
    if (together) {
      for (const o of await trainMany(b, requests)) if (!o.ok) throw o.error;
    } else {
      for (const r of requests) await train(b, r.model, r.X, r.Y, r.options);
    }
    await b.readMany(models.map((m) => m.b));
    return performance.now() - t;
  } finally {
    for (const m of models) m.dispose();
  }
}

/** One harness command's figures. */
export interface HarnessRun {
  ms: number;
  /** The trials' own seconds (manifests), summed, in ms. */
  trialMs: number;
  trials: number;
  cached: number;
  /** Distinct batches (start times): 1 when the trials ran together. */
  batches: number;
  statuses: string[];
}

/** Runs `cli/experiment.ts` with `args` into a fresh temporary store and times it. */
export async function harnessRun(args: readonly string[]): Promise<HarnessRun> {
  const { ms, trials: rows } = await runExperimentCli(args, "sweep");
  return {
    ms,
    trialMs: 1000 * rows.reduce((a, m) => a + m.seconds, 0),
    trials: rows.length,
    cached: rows.filter((m) => m.cached).length,
    batches: new Set(rows.map((m) => m.started)).size,
    statuses: rows.map((m) => m.status),
  };
}

interface NumpySweep {
  way: "loop" | "stacked";
  ms: number;
  finalCosts: number[];
  numpy: string;
  blas: string;
}

/** The NumPy sweep peer with its BLAS's own threads, or capped at `threads`. */
async function numpySweep(
  dir: string,
  req: { rates: readonly number[]; iterations: number; logEvery: number; runs: number },
  threads?: number,
): Promise<NumpySweep[] | string> {
  const env: Record<string, string> = threads === undefined ? {} : Object.fromEntries(
    ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"].map((v) => [v, `${threads}`]),
  );
  const out = await runPythonPeer("sweep_numpy.py", { args: [dir, JSON.stringify(req)], env });
  if (!out.ok) return `NumPy: not available (${out.reason})`;
  return out.result.trim().split("\n").map((l) => JSON.parse(l) as NumpySweep);
}

const ratio = (a: number | null, b: number | null) => a !== null && b !== null ? a / b : null;

function target(r: number | null, bound: number): string {
  return r === null
    ? "not measured"
    : `${r.toFixed(2)}× (target ≤ ${bound}: ${r <= bound ? "met" : "not met"})`;
}

export const sweepBench: BenchModule = {
  id: "sweep",
  describe: "learning-rate (7) and logreg-cat (4) sweeps batched vs one trial; NumPy loop/stacked",
  async run(ctx: BenchContext): Promise<Section> {
    const rows: Record<string, Cell>[] = [];
    const notes: string[] = [];
    const section = (): Section => ({
      id: "sweep",
      title: "Sweeps on the cat images: batched against one trial (ms)",
      columns: [
        { key: "case", label: "case" },
        { key: "ms", label: "webgpu", unit: "ms" },
        { key: "vsOne", label: "× one trial", digits: 2 },
        { key: "numpy", label: "NumPy f64", unit: "ms" },
        { key: "numpyVsOne", label: "NumPy × one trial", digits: 2 },
      ],
      rows,
      notes,
    });
    let data: Catvnoncat;
    try {
      data = await catData();
    } catch (e) {
      notes.push(`cat images not found, nothing measured: ${(e as Error).message}`);
      return section();
    }
    const runs = ctx.quick ? 1 : 3;
    const scale = ctx.quick ? 0.1 : 1;
    const iterations = Math.round(LR_SWEEP.iterations * scale);

    // NumPy float64: the same sweep as a loop and stacked, the faster BLAS setting of each.
    const np: Partial<Record<"loop" | "stacked" | "one", number>> = {};
    const dir = await Deno.makeTempDir({ prefix: "bench-sweep-" });
    try {
      await writePeerData(dir, data);
      const req = { rates: LR_SWEEP.rates, iterations, logEvery: LR_SWEEP.logEvery, runs };
      for (const threads of [undefined, 1]) {
        ctx.log(`sweep: NumPy, ${threads === undefined ? "default" : threads} BLAS threads`);
        const r = await numpySweep(dir, req, threads);
        if (typeof r === "string") {
          notes.push(r);
          break;
        }
        for (const w of r) np[w.way] = Math.min(np[w.way] ?? Infinity, w.ms);
        if (threads === undefined && r[0]) {
          notes.push(`NumPy ${r[0].numpy} (${r[0].blas}), each way with its faster BLAS threads`);
        }
        const one = await numpySweep(dir, { ...req, rates: [LR_SWEEP.one] }, threads);
        const ms = typeof one === "string" ? undefined : one.find((w) => w.way === "loop")?.ms;
        if (ms !== undefined) np.one = Math.min(np.one ?? Infinity, ms);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }

    if (ctx.gpu) {
      const b = ctx.gpu;
      const X = b.fromArray(data.trainX, [data.features, data.mTrain]);
      const Y = b.fromArray(data.trainY, [1, data.mTrain]);
      try {
        const med = async (jobs: Job[], together: boolean) => {
          await timeLogistic(b, X, Y, jobs.map((j) => ({ ...j, iterations: 3 })), together);
          const t: number[] = [];
          for (let r = 0; r < runs; r++) t.push(await timeLogistic(b, X, Y, jobs, together));
          return median(t);
        };
        ctx.log(`sweep: learning-rate on webgpu, ${iterations} iterations`);
        const one = await med(lrJobs([LR_SWEEP.one], iterations), false);
        const loop = await med(lrJobs(LR_SWEEP.rates, iterations), false);
        const batched = await med(lrJobs(LR_SWEEP.rates, iterations), true);
        rows.push(
          {
            case: `learning-rate: one trial (lr 0.005, ${iterations} iterations)`,
            ms: one,
            vsOne: 1,
            numpy: np.one ?? null,
            numpyVsOne: np.one ? 1 : null,
          },
          {
            case: "learning-rate: 7 trials one after another (--batch off; NumPy: a loop)",
            ms: loop,
            vsOne: loop / one,
            numpy: np.loop ?? null,
            numpyVsOne: ratio(np.loop ?? null, np.one ?? null),
          },
          {
            case: "learning-rate: 7 trials batched (--batch auto; NumPy: W 12288 × 7)",
            ms: batched,
            vsOne: batched / one,
            numpy: np.stacked ?? null,
            numpyVsOne: ratio(np.stacked ?? null, np.one ?? null),
          },
        );
        notes.push(`learning-rate sweep, 7 trials / one trial: ${target(batched / one, 2)}`);
        ctx.log("sweep: logreg-cat on webgpu");
        const lone = await med(logregJobs(scale).slice(0, 1), false);
        const lloop = await med(logregJobs(scale), false);
        const lbatched = await med(logregJobs(scale), true);
        const n = logregJobs(scale).map((j) => j.iterations);
        rows.push(
          { case: `logreg-cat: one trial (lr 0.005, ${n[0]} iterations)`, ms: lone, vsOne: 1 },
          {
            case: `logreg-cat: 4 trials one after another (${n.join(", ")} iterations)`,
            ms: lloop,
            vsOne: lloop / lone,
          },
          { case: "logreg-cat: 4 trials batched", ms: lbatched, vsOne: lbatched / lone },
        );
        notes.push(`logreg-cat sweep, 4 trials / one trial: ${target(lbatched / lone, 1.5)}`);
      } finally {
        X.dispose();
        Y.dispose();
      }
    } else notes.push("no WebGPU adapter: the webgpu column is empty");

    // The harness as a user runs it (a fresh store each time, the trials' own seconds too).
    ctx.log("sweep: the harness CLI, learning-rate");
    const base = ["learning-rate", ...(ctx.quick ? ["--quick"] : [])];
    const h1 = await harnessRun([...base, "--set", `lr=${LR_SWEEP.one}`]);
    const h7 = await harnessRun(base);
    const h7off = await harnessRun([...base, "--batch", "off"]);
    if (h7.batches !== 1 || h7.cached > 0 || h7.statuses.some((s) => s !== "ok")) {
      notes.push(`harness: the batched sweep was not one fresh batch (${h7.batches} batches)`);
    }
    rows.push(
      { case: "harness CLI: learning-rate, one trial (whole command)", ms: h1.ms, vsOne: 1 },
      {
        case: "harness CLI: learning-rate, 7 trials --batch off",
        ms: h7off.ms,
        vsOne: h7off.ms / h1.ms,
      },
      { case: "harness CLI: learning-rate, 7 trials batched", ms: h7.ms, vsOne: h7.ms / h1.ms },
    );
    notes.push(
      `harness CLI, the trials' own time (their manifests): one ${h1.trialMs.toFixed(0)} ms, ` +
        `7 unbatched ${h7off.trialMs.toFixed(0)} ms, 7 batched ${h7.trialMs.toFixed(0)} ms ` +
        `(${(h7.trialMs / h1.trialMs).toFixed(2)}× one); the rest of each command is start-up, ` +
        "loading the images, the claims and the store",
      `webgpu: training through the final read, data on the device; medians of ${runs} run(s)` +
        (ctx.quick ? " (--quick: a tenth of the iterations)" : ""),
    );
    return section();
  },
};
