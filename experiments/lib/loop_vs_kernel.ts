/**
 * Lecture 0's "Efficiency of Vectorization": the same four computations written as plain loops
 * and as the backend's vectorised kernels, on the same random inputs, for the experiments that
 * compare their values (vectorization.ts) and their times (vectorization-timing.ts).
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { RandomState } from "../../numpy/rng.ts";
import type { Bar } from "../../schema/payloads.ts";

export const OPS = ["dot", "outer", "elementwise", "general dot"] as const;
export type Op = (typeof OPS)[number];

/** One computation, both ways. */
export type LoopAndKernel = {
  /** What is computed, e.g. "dot of two 1000000-vectors". */
  what: string;
  /** The kernel: the Backend call that computes it. */
  kernel: string;
  /** The lecture's for loop over Float64Arrays. */
  loop: () => Float64Array;
  /** The kernel on the inputs already on the device. */
  call: () => Tensor;
};

export type Sizes = { n: number; outerN: number; rows: number; cols: number };

/**
 * a, c (n), x1, x2 (outerN), W (rows × cols) and x (cols) drawn with rand, as the lecture's
 * np.random.rand, and uploaded (the upload waited for, so that no timing includes it); `dispose`
 * frees the device copies.
 */
export async function loopsAndKernels(
  b: Backend,
  rng: RandomState,
  { n, outerN, rows, cols }: Sizes,
): Promise<{ ops: Record<Op, LoopAndKernel>; dispose: () => void }> {
  const a = rng.rand(n), c = rng.rand(n);
  const x1 = rng.rand(outerN), x2 = rng.rand(outerN);
  const W = rng.rand(rows * cols), x = rng.rand(cols);
  const t = {
    aRow: b.fromArray(a, [1, n]),
    cRow: b.fromArray(c, [1, n]),
    x1: b.fromArray(x1, [outerN, 1]),
    x2: b.fromArray(x2, [1, outerN]),
    W: b.fromArray(W, [rows, cols]),
    x: b.fromArray(x, [cols, 1]),
  };
  const dispose = () => Object.values(t).forEach((v) => v.dispose());
  try {
    await b.flush();
  } catch (e) {
    dispose();
    throw e;
  }
  const ops: Record<Op, LoopAndKernel> = {
    // np.dot(a, b) as the product's reduction: webgpu's matmul is wrong for an inner
    // dimension above 65,536 (it gives 16,354 for this 249,825).
    dot: {
      what: `dot of two ${n}-vectors`,
      kernel: `sum(binary("mul", [1, ${n}], [1, ${n}]))`,
      loop: () => loopDot(a, c),
      call: () => b.tidy(() => b.sum(b.binary("mul", t.aRow, t.cRow))),
    },
    outer: {
      what: `outer product of two ${outerN}-vectors`,
      kernel: `matmul([${outerN}, 1]·[1, ${outerN}])`,
      loop: () => loopOuter(x1, x2),
      call: () => b.matmul(t.x1, t.x2),
    },
    elementwise: {
      what: `elementwise product of two ${n}-vectors`,
      kernel: `binary("mul", [1, ${n}], [1, ${n}])`,
      loop: () => loopMul(a, c),
      call: () => b.binary("mul", t.aRow, t.cRow),
    },
    "general dot": {
      what: `W (${rows} × ${cols}) · x (${cols})`,
      kernel: `matmul([${rows}, ${cols}]·[${cols}, 1])`,
      loop: () => loopGdot(W, x),
      call: () => b.matmul(t.W, t.x),
    },
  };
  return { ops, dispose };
}

/** max |kernel − loop| / max |loop| of one computation (deterministic for a seed and backend). */
export async function relDiff(b: Backend, op: LoopAndKernel): Promise<number> {
  const ref = op.loop();
  const t = op.call();
  const a = await b.read(t);
  t.dispose();
  return maxRelDiff(a, ref);
}

/** max |a − ref| / max |ref|. */
export function maxRelDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    s = Math.max(s, Math.abs(ref[i]));
  }
  return d / s;
}

export type OpTiming = {
  /** Median milliseconds over the repetitions after the first. */
  loopMs: number;
  /** Per call, timing `dispatches` calls then one wait (data already on the device). */
  kernelMs: number;
  /** One call and one waited submit (webgpu: includes the submit-and-wait latency). */
  kernelSingleMs: number;
  /** loopMs / kernelMs. */
  speedup: number;
  speedupSingle: number;
};

/** The loop's and the kernel's median times, nothing read back. */
export async function timeLoopAndKernel(
  b: Backend,
  op: LoopAndKernel,
  reps: number,
  dispatches: number,
): Promise<OpTiming> {
  const loopMs = await time(reps, op.loop);
  const batched = await time(reps, async () => {
    for (let i = 0; i < dispatches; i++) op.call().dispose();
    await b.flush();
  });
  const kernelSingleMs = await time(reps, async () => {
    op.call().dispose();
    await b.flush();
  });
  const kernelMs = batched / dispatches;
  return {
    loopMs,
    kernelMs,
    kernelSingleMs,
    speedup: loopMs / kernelMs,
    speedupSingle: loopMs / kernelSingleMs,
  };
}

/** One op as vectorization-timing reports it: what it computes, and its times when timed. */
export type TimedOp = Pick<LoopAndKernel, "what" | "kernel"> & { timing: OpTiming | null };

/**
 * Every op timed in OPS order (`timing` false: none, each with a null timing), and the bars of
 * those timed.
 */
export async function timeOps(
  b: Backend,
  ops: Record<Op, LoopAndKernel>,
  { repetitions, dispatches, timing }: { repetitions: number; dispatches: number; timing: boolean },
): Promise<{ perOp: Record<Op, TimedOp>; bars: Bar[] }> {
  const perOp = {} as Record<Op, TimedOp>;
  const bars: Bar[] = [];
  for (const op of OPS) {
    const t = timing ? await timeLoopAndKernel(b, ops[op], repetitions, dispatches) : null;
    perOp[op] = { what: ops[op].what, kernel: ops[op].kernel, timing: t };
    if (t) bars.push(...timingBars(op, t, dispatches));
  }
  return { perOp, bars };
}

/** "loop 1.2 ms, kernel 0.3 ms (one waited submit: 0.5 ms)". */
export function timingNote(t: OpTiming | null): string {
  if (!t) return "not timed";
  const ms = (v: number) => `${v.toPrecision(3)} ms`;
  return `loop ${ms(t.loopMs)}, kernel ${ms(t.kernelMs)} (one waited submit: ` +
    `${ms(t.kernelSingleMs)})`;
}

/** The loop's bar and the kernel's two, each kernel bar noted with its speed-up. */
export function timingBars(op: Op, t: OpTiming, dispatches: number): Bar[] {
  return [
    { label: "for loop", value: t.loopMs, group: op },
    {
      label: `kernel, ${dispatches}/wait`,
      value: t.kernelMs,
      group: op,
      note: `${t.speedup.toFixed(3)}×`,
    },
    {
      label: "kernel, 1/wait",
      value: t.kernelSingleMs,
      group: op,
      note: `${t.speedupSingle.toFixed(3)}×`,
    },
  ];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Median ms of `fn` over `reps` runs after a first, discarded one (JIT warm-up). */
async function time(reps: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    await fn();
    if (r > 0) ms.push(performance.now() - t0);
  }
  return median(ms);
}

// The lecture's loops (np.dot, np.outer, np.multiply, np.dot(W, x) written out).
export function loopDot(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return Float64Array.of(dot);
}

export function loopOuter(x1: ArrayLike<number>, x2: ArrayLike<number>): Float64Array {
  const outer = new Float64Array(x1.length * x2.length);
  for (let i = 0; i < x1.length; i++) {
    for (let j = 0; j < x2.length; j++) outer[i * x2.length + j] = x1[i] * x2[j];
  }
  return outer;
}

export function loopMul(x1: ArrayLike<number>, x2: ArrayLike<number>): Float64Array {
  const mul = new Float64Array(x1.length);
  for (let i = 0; i < x1.length; i++) mul[i] = x1[i] * x2[i];
  return mul;
}

export function loopGdot(W: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const cols = x.length, rows = W.length / cols;
  const gdot = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) gdot[i] += W[i * cols + j] * x[j];
  }
  return gdot;
}
