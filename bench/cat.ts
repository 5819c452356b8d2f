/**
 * The cat-image trainings end to end (issue #8): logistic regression (experiments/logreg-cat.ts)
 * and the L-layer network [12288, 20, 7, 5, 1] (experiments/deep-cat.ts), each through the same
 * code the experiments run (nn/logistic.ts `optimize`; nn/network.ts + nn/init.ts + nn/train.ts),
 * on the webgpu and cpu backends, against two peers run as subprocesses in the same benchmark:
 *
 * - NumPy float64, bench/peers/cat_numpy.py (our own script of the course's vectorised code);
 * - TensorFlow.js float32 for both, bench/peers/deep_cat_tfjs.ts, on whichever of its wasm
 *   and cpu backends is fastest here.
 *
 * Both peers read the real cat images from raw float64 files written into a temporary folder
 * (h5py is not assumed), and the TF.js peer also reads our initial weights from there. A missing
 * python3/numpy or a TF.js backend that cannot load is a note in the section, never a failure.
 */
import type { Backend } from "../kernels/backend.ts";
import type { Catvnoncat } from "../data/catvnoncat.ts";
import { catData } from "../experiments/lib/cat_images.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters, type LayerValues } from "../nn/init.ts";
import { LogisticRegression, optimize } from "../nn/logistic.ts";
import { Network } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { runPythonPeer, runTfjsPeer } from "./peers.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";

/** The course's logistic regression run (experiments/logreg-cat.ts defaults). */
export const LOGREG = { lr: 0.005, iterations: 2000, logEvery: 100 } as const;

/** The course's L-layer run (experiments/deep-cat.ts, model "l-layer"). */
export const DEEP = {
  dims: [12288, 20, 7, 5, 1],
  init: "deep",
  initSeed: 1,
  lr: 0.0075,
  iterations: 2500,
  logEvery: 100,
} as const;

/** A timed training: wall milliseconds and the logged costs as [iteration, cost]. */
export interface CatRun {
  ms: number;
  costs: [number, number][];
}

/** The L-layer initial weights, drawn as deep-cat draws them (np.random.seed(1), then deep). */
export function deepInitialValues(): LayerValues[] {
  return initializeParameters(new RandomState(DEEP.initSeed), DEEP.dims, DEEP.init, {
    scale: 0.01,
  });
}

/**
 * logreg-cat's training on `b`: w, b zeros, `optimize` for `iterations` steps. The clock covers
 * the training and the read of b afterwards (on webgpu the last steps are otherwise still queued);
 * data upload and initialisation are outside it.
 */
export async function trainLogreg(
  b: Backend,
  data: Catvnoncat,
  iterations: number,
  logEvery: number = LOGREG.logEvery,
): Promise<CatRun> {
  const X = b.fromArray(data.trainX, [data.features, data.mTrain]);
  const Y = b.fromArray(data.trainY, [1, data.mTrain]);
  const model = LogisticRegression.initializeWithZeros(b, data.features);
  try {
    await b.flush();
    const t = performance.now();
    const { costs } = await optimize(model, X, Y, iterations, LOGREG.lr, logEvery);
    await b.read(model.b);
    const ms = performance.now() - t;
    return { ms, costs: costs.map((c) => [c.epoch, c.cost]) };
  } finally {
    for (const x of [X, Y]) x.dispose();
    model.dispose();
  }
}

/**
 * deep-cat's L-layer training on `b`, with deep-cat's `train` options. The clock covers the
 * training and the read of the output layer's bias (updated by the last step); upload and
 * initialisation are outside it.
 */
export async function trainDeep(
  b: Backend,
  data: Catvnoncat,
  iterations: number,
  logEvery: number = DEEP.logEvery,
): Promise<CatRun> {
  const X = b.fromArray(data.trainX, [data.features, data.mTrain]);
  const Y = b.fromArray(data.trainY, [1, data.mTrain]);
  const net = Network.fromValues(
    b,
    { layerDims: [...DEEP.dims], hidden: "relu", output: "sigmoid" },
    deepInitialValues(),
  );
  try {
    await b.flush();
    const t = performance.now();
    const r = await train(b, net, X, Y, {
      optimizer: new GradientDescent(b, net.parameters(), DEEP.lr),
      epochs: iterations,
      logEvery,
      logLast: false,
      readEvery: Infinity,
      stopOnNonFinite: true,
      // As experiments/deep-cat.ts trains it: layers 2 … L in the backend's fused tail.
      fused: true,
    });
    await b.read(net.parameters().at(-1)!);
    const ms = performance.now() - t;
    return { ms, costs: r.costs.map((c) => [c.epoch, c.cost]) };
  } finally {
    for (const x of [X, Y]) x.dispose();
    net.dispose();
  }
}

function f64Bytes(a: Float64Array): Uint8Array {
  // Typed arrays are little-endian on every platform Deno runs on, as the peers expect.
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Writes the training set and the L-layer's initial weights for the peers into `dir`: X.f64
 * (12288 × m row-major), Y.f64, W1.f64 … W4.f64 (raw float64 little-endian) and layers.json.
 */
export async function writePeerData(dir: string, data: Catvnoncat): Promise<void> {
  await Deno.writeFile(`${dir}/X.f64`, f64Bytes(data.trainX));
  await Deno.writeFile(`${dir}/Y.f64`, f64Bytes(data.trainY));
  await Deno.writeTextFile(`${dir}/layers.json`, JSON.stringify(DEEP.dims));
  const values = deepInitialValues();
  for (let l = 0; l < values.length; l++) {
    await Deno.writeFile(`${dir}/W${l + 1}.f64`, f64Bytes(values[l].W));
  }
}

/**
 * The same files for logreg-cat's logistic regression as the TF.js peer trains it: layers
 * [12288, 1] from zero weights at lr 0.005 (lr.json), i.e. a = σ(w·x + b).
 */
export async function writeLogregPeerData(dir: string, data: Catvnoncat): Promise<void> {
  await Deno.writeFile(`${dir}/X.f64`, f64Bytes(data.trainX));
  await Deno.writeFile(`${dir}/Y.f64`, f64Bytes(data.trainY));
  await Deno.writeTextFile(`${dir}/layers.json`, JSON.stringify([data.features, 1]));
  await Deno.writeFile(`${dir}/W1.f64`, f64Bytes(new Float64Array(data.features)));
  await Deno.writeTextFile(`${dir}/lr.json`, JSON.stringify(LOGREG.lr));
}

/** One case of the NumPy peer's output. */
export interface NumpyCatResult {
  case: "logreg-cat" | "deep-cat";
  iterations: number;
  /** Median wall milliseconds. */
  ms: number;
  runs: number[];
  costs: [number, number][];
  numpy: string;
  blas: string;
}

export interface NumpyCatRequest {
  runs: number;
  /** Iterations of each case; 0 skips it. */
  logreg: number;
  deep: number;
  logEvery: number;
}

/** The environment variables that cap the BLAS libraries NumPy may be built with. */
const BLAS_THREAD_VARS = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"];

/**
 * Runs bench/peers/cat_numpy.py on the files in `dir`, with the BLAS's own thread count or
 * capped at `blasThreads`; a string says why it could not.
 */
export async function runNumpyCat(
  dir: string,
  req: NumpyCatRequest,
  blasThreads?: number,
): Promise<NumpyCatResult[] | string> {
  const out = await runPythonPeer("cat_numpy.py", {
    args: [dir, JSON.stringify(req)],
    env: blasThreads === undefined
      ? {}
      : Object.fromEntries(BLAS_THREAD_VARS.map((v) => [v, String(blasThreads)])),
  });
  if (!out.ok) return `numpy: not available (${out.reason})`;
  return out.result.trim().split("\n").filter((l) => l !== "")
    .map((l) => JSON.parse(l) as NumpyCatResult);
}

/** One line of the TF.js peer's output. */
export type TfjsLine =
  | {
    backend: string;
    run: number;
    /** Iterations asked for, and run (fewer when the limit cut them: scale by the ratio). */
    requested: number;
    iterations: number;
    ms: number;
    costs: [number, number][];
    detail: string;
  }
  | { backend: string; error: string };

/** How the TF.js peer runs: see bench/peers/deep_cat_tfjs.ts. */
export interface TfjsRequest {
  backends: readonly string[];
  iterations: number;
  logEvery: number;
  runs?: number;
  /** When `iterations` would take longer than this, run only about `fractionMs` worth. */
  limitMs?: number;
  fractionMs?: number;
}

/**
 * Runs bench/peers/deep_cat_tfjs.ts with this Deno, allowed to read only `dir` and the wasm
 * backend's folder. A string says why it could not run at all; a backend that fails is a line
 * with `error`.
 */
export function runTfjsDeepCat(dir: string, req: TfjsRequest): Promise<TfjsLine[] | string> {
  return runTfjsPeer<TfjsLine>("deep_cat_tfjs.ts", dir, [
    req.backends.join(","),
    String(req.iterations),
    String(req.logEvery),
    String(req.runs ?? 1),
    ...(req.limitMs === undefined ? [] : [String(req.limitMs), String(req.fractionMs)]),
  ]);
}

/** Iterations each implementation runs, per case; the table scales everything to the full run. */
interface Plan {
  /** Our backends (the cpu backend's Float64 TypeScript runs a fraction: ~85 ms a deep step). */
  webgpu: { logreg: number; deep: number };
  cpu: { logreg: number; deep: number };
  numpy: { logreg: number; deep: number; runs: number };
  /** The TF.js peer's limits (see TfjsRequest). */
  tfjs: { limitMs: number; fractionMs: number };
}

const FULL: Plan = {
  webgpu: { logreg: LOGREG.iterations, deep: DEEP.iterations },
  cpu: { logreg: 500, deep: 250 },
  numpy: { logreg: LOGREG.iterations, deep: DEEP.iterations, runs: 3 },
  tfjs: { limitMs: 180_000, fractionMs: 40_000 },
};

/** About 20–30 s on 2 idle cores; twice that when other work shares them. */
const QUICK: Plan = {
  webgpu: { logreg: 100, deep: 125 },
  cpu: { logreg: 100, deep: 25 },
  numpy: { logreg: 100, deep: 50, runs: 1 },
  tfjs: { limitMs: 3_000, fractionMs: 3_000 },
};

/** Untimed iterations before each of our timed trainings (pipeline compilation, JIT). */
const WARMUP = 3;

/** TF.js backends tried, fastest reported. */
const TFJS_BACKENDS = ["wasm", "cpu"] as const;

type CaseId = "logreg-cat" | "deep-cat";

/** One implementation's timed run of one case: `ms` for `iterations` (the table scales). */
interface Measured {
  ms: number;
  iterations: number;
  costs: [number, number][];
}

function scaled(ms: number, ran: number, full: number): number {
  return ms * full / ran;
}

function ranText(m: Measured, full: number): string {
  return m.iterations === full
    ? `${full}`
    : `${m.iterations} (×${(full / m.iterations).toFixed(1)})`;
}

/**
 * "cost at iteration i: webgpu …, NumPy …" at the last logged iteration that at least two of the
 * implementations share: the peers must be computing the same training.
 */
function costAgreement(runs: Record<string, Measured | null>): string | null {
  const byImpl = Object.entries(runs).filter((e): e is [string, Measured] => e[1] !== null)
    .map(([name, m]) => [name, new Map(m.costs)] as const);
  const counts = new Map<number, number>();
  for (const [, costs] of byImpl) {
    for (const it of costs.keys()) counts.set(it, (counts.get(it) ?? 0) + 1);
  }
  const shared = [...counts].filter(([, n]) => n >= 2).map(([it]) => it);
  if (shared.length === 0) return null;
  const it = Math.max(...shared);
  const parts = byImpl.filter(([, c]) => c.has(it)).map(([name, c]) =>
    `${name} ${c.get(it)!.toPrecision(7)}`
  );
  return `cost at iteration ${it}: ${parts.join(", ")}`;
}

function target(ratio: number | null, op: "≤" | "≥", bound: number): string {
  if (ratio === null) return "not measured";
  const met = op === "≤" ? ratio <= bound : ratio >= bound;
  return `${ratio.toFixed(2)} (target ${op} ${bound}: ${met ? "met" : "not met"})`;
}

/** Iterations of the NumPy probe that picks the BLAS thread setting (quick mode's sizes). */
const NUMPY_PROBE = { logreg: 100, deep: 50 };

/**
 * NumPy's measurements into `np`. NumPy runs with its BLAS's own threads and with one: on this
 * 2-core machine with other work running, a threaded OpenBLAS spin-waits itself up to 10× slower
 * (deep-cat: 172 s vs 28 s measured), and on an idle machine the threads help. Both settings run
 * a probe of a few iterations, and each case is then measured with its faster setting, so NumPy
 * is never handicapped by the setting and the slow one costs seconds, not minutes. In quick mode
 * the probe is the measurement.
 */
async function numpyPeer(
  ctx: BenchContext,
  dir: string,
  plan: Plan,
  np: Partial<Record<CaseId, Measured>>,
  notes: string[],
): Promise<void> {
  const probeReq = ctx.quick
    ? { ...plan.numpy, logEvery: 100 }
    : { ...NUMPY_PROBE, runs: 1, logEvery: 100 };
  const best: Partial<Record<CaseId, { threads: number | undefined; m: Measured }>> = {};
  const probes: string[] = [];
  for (const threads of [undefined, 1]) {
    const label = threads === undefined ? "default BLAS threads" : `${threads} BLAS thread`;
    ctx.log(`cat: NumPy, ${label}${ctx.quick ? "" : " (probe)"}`);
    const r = await runNumpyCat(dir, probeReq, threads);
    if (typeof r === "string") {
      notes.push(r);
      return;
    }
    if (threads === undefined && r[0]) notes.push(`NumPy ${r[0].numpy} (${r[0].blas}), float64`);
    for (const c of r) {
      const prev = best[c.case];
      if (!prev || c.ms / c.iterations < prev.m.ms / prev.m.iterations) {
        best[c.case] = { threads, m: { ms: c.ms, iterations: c.iterations, costs: c.costs } };
      }
    }
    probes.push(
      `${label}: ${r.map((c) => `${c.case} ${(c.ms / c.iterations).toFixed(2)}`).join(", ")}`,
    );
  }
  const chosen = (["logreg-cat", "deep-cat"] as const).filter((c) => best[c])
    .map((c) => `${c} ${best[c]!.threads === undefined ? "default" : best[c]!.threads}`);
  notes.push(
    `NumPy ms per iteration${ctx.quick ? "" : " in a probe"} (${probeReq.logreg} / ` +
      `${probeReq.deep} iterations): ${probes.join("; ")}; measured with ${chosen.join(", ")}`,
  );
  for (const c of ["logreg-cat", "deep-cat"] as const) {
    const b = best[c];
    if (!b) continue;
    if (ctx.quick) {
      np[c] = b.m;
      continue;
    }
    ctx.log(`cat: NumPy ${c} (${plan.numpy.runs} runs)`);
    const req = {
      runs: plan.numpy.runs,
      logreg: c === "logreg-cat" ? plan.numpy.logreg : 0,
      deep: c === "deep-cat" ? plan.numpy.deep : 0,
      logEvery: 100,
    };
    const r = await runNumpyCat(dir, req, b.threads);
    if (typeof r === "string") notes.push(r);
    else if (r[0]) np[c] = { ms: r[0].ms, iterations: r[0].iterations, costs: r[0].costs };
  }
}

export const catBench: BenchModule = {
  id: "cat",
  describe: "logreg-cat and deep-cat end to end: webgpu, cpu, NumPy f64, TF.js",
  async run(ctx: BenchContext): Promise<Section> {
    const plan = ctx.quick ? QUICK : FULL;
    const notes: string[] = [];
    const section = (rows: Record<string, Cell>[]): Section => ({
      id: "cat",
      title: "Cat images end to end: training time (ms)",
      columns: [
        { key: "case", label: "case" },
        { key: "webgpu", label: "webgpu", unit: "ms" },
        { key: "cpu", label: "cpu", unit: "ms" },
        { key: "numpy", label: "NumPy f64", unit: "ms" },
        { key: "tfjs", label: "TF.js", unit: "ms" },
        { key: "gpuVsNumpy", label: "webgpu / NumPy", digits: 2 },
        { key: "tfjsVsGpu", label: "TF.js / webgpu", digits: 2 },
      ],
      rows,
      notes,
    });
    let data: Catvnoncat;
    try {
      data = await catData();
    } catch (e) {
      notes.push(`cat images not found, nothing measured: ${(e as Error).message}`);
      return section([]);
    }
    const full: Record<CaseId, number> = {
      "logreg-cat": LOGREG.iterations,
      "deep-cat": DEEP.iterations,
    };

    // The peers first, from files in temporary folders.
    const np: Partial<Record<CaseId, Measured>> = {};
    type Best = Measured & { full: number; backend: string; done: string };
    const tfjs: Partial<Record<CaseId, Best>> = {};
    const tfjsOthers: Record<CaseId, string[]> = { "logreg-cat": [], "deep-cat": [] };
    const dir = await Deno.makeTempDir({ prefix: "bench-cat-" });
    const logregDir = await Deno.makeTempDir({ prefix: "bench-cat-logreg-" });
    try {
      await writePeerData(dir, data);
      await writeLogregPeerData(logregDir, data);
      await numpyPeer(ctx, dir, plan, np, notes);
      for (const c of ["logreg-cat", "deep-cat"] as const) {
        ctx.log(`cat: TF.js ${c} (${TFJS_BACKENDS.join(", ")})`);
        const spec = c === "deep-cat" ? DEEP : LOGREG;
        const t = await runTfjsDeepCat(c === "deep-cat" ? dir : logregDir, {
          backends: TFJS_BACKENDS,
          iterations: spec.iterations,
          logEvery: spec.logEvery,
          ...plan.tfjs,
        });
        if (typeof t === "string") {
          notes.push(t);
          continue;
        }
        for (const line of t) {
          if ("error" in line) {
            tfjsOthers[c].push(`TF.js ${line.backend} backend: ${line.error}`);
            continue;
          }
          // Compared at the full run; the table scales again from `iterations`.
          const ms = scaled(line.ms, line.iterations, line.requested);
          const what = `${line.backend}${line.detail ? ` (${line.detail})` : ""}`;
          const done = `${ranText(line, line.requested)} iterations`;
          const best = tfjs[c];
          if (!best || ms < best.full) {
            if (best) {
              tfjsOthers[c].push(`${best.backend}: ${best.full.toFixed(0)} ms (${best.done})`);
            }
            tfjs[c] = { ...line, full: ms, backend: what, done };
          } else tfjsOthers[c].push(`${what}: ${ms.toFixed(0)} ms (${done})`);
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(logregDir, { recursive: true });
    }

    // Ours, each after an untimed warm-up.
    const ours = async (b: Backend, c: CaseId, iterations: number): Promise<Measured> => {
      const fn = c === "logreg-cat" ? trainLogreg : trainDeep;
      ctx.log(`cat: ${c} on ${b.name}, ${iterations} iterations`);
      await fn(b, data, WARMUP);
      const r = await fn(b, data, iterations);
      return { ms: r.ms, iterations, costs: r.costs };
    };
    const rows: Record<string, Cell>[] = [];
    for (const c of ["logreg-cat", "deep-cat"] as const) {
      const key = c === "logreg-cat" ? "logreg" : "deep";
      const n = full[c];
      const gpu = ctx.gpu ? await ours(ctx.gpu, c, plan.webgpu[key]) : null;
      const cpu = await ours(ctx.cpu, c, plan.cpu[key]);
      const peer = np[c] ?? null;
      const tf = tfjs[c] ?? null;
      const ms = (m: Measured | null) => m && scaled(m.ms, m.iterations, n);
      const [gpuMs, cpuMs, npMs, tfMs] = [ms(gpu), ms(cpu), ms(peer), ms(tf)];
      rows.push({
        case: c === "logreg-cat"
          ? `logreg-cat (${n} iterations)`
          : `deep-cat L-layer [12288,20,7,5,1] (${n} iterations)`,
        webgpu: gpuMs,
        cpu: cpuMs,
        numpy: npMs,
        tfjs: tfMs,
        gpuVsNumpy: gpuMs !== null && npMs !== null ? gpuMs / npMs : null,
        tfjsVsGpu: tfMs !== null && gpuMs !== null ? tfMs / gpuMs : null,
      });
      notes.push(
        `${c}: iterations run (scaled to ${n}): webgpu ${gpu ? ranText(gpu, n) : "—"}, cpu ${
          ranText(cpu, n)
        }, NumPy ${peer ? ranText(peer, n) : "—"}, TF.js ${tf ? ranText(tf, n) : "—"}`,
      );
      const agree = costAgreement({ webgpu: gpu, cpu, NumPy: peer, "TF.js": tf });
      if (agree) notes.push(`${c} ${agree}`);
    }
    const ratio = (i: number, k: string) => rows[i][k] as number | null;
    notes.push(
      `webgpu / NumPy: logreg-cat ${target(ratio(0, "gpuVsNumpy"), "≤", 3)}, deep-cat ${
        target(ratio(1, "gpuVsNumpy"), "≤", 2)
      }; TF.js / webgpu: logreg-cat ${target(ratio(0, "tfjsVsGpu"), "≥", 2)}, deep-cat ${
        target(ratio(1, "tfjsVsGpu"), "≥", 2)
      }`,
    );
    for (const c of ["logreg-cat", "deep-cat"] as const) {
      const best = tfjs[c];
      const others = tfjsOthers[c];
      notes.push(
        best
          ? `TF.js 4.22 float32, ${c}: its fastest backend that runs here, ${best.backend} ` +
            `(${best.done})` + (others.length ? `; also ${others.join("; ")}` : "")
          : `TF.js, ${c}: no backend ran${others.length ? ` (${others.join("; ")})` : ""}`,
      );
    }
    notes.push(
      "times: training only (upload and initialisation excluded), through the final read of " +
        `the parameters; ours after a ${WARMUP}-iteration untimed warm-up, one timed run each; ` +
        `NumPy median of ${plan.numpy.runs} run(s); runs of fewer iterations are scaled ` +
        "linearly" + (ctx.quick ? " (--quick: 2–5% of the iterations on webgpu and NumPy)" : ""),
    );
    return section(rows);
  },
};
