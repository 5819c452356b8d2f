/**
 * Lectures 000 and 002, "Efficiency of Vectorization": a plain loop against the backend's
 * vectorised kernel for a dot product, an outer product, an elementwise product and a general
 * (matrix · vector) dot: the same values, and how long each takes on this machine.
 */
import { round } from "../harness/claims.ts";
import { type Bar, type Context, defineExperiment } from "../harness/experiment.ts";
import type { Backend, Tensor } from "../kernels/backend.ts";

const SOURCE = "000_1f11751481aa60aa.txt, Efficiency of Vectorization; Vectorization of Dot " +
  "Product / Outer Product / Element-Wise Multiplication / General Dot Product";
/** What lecture 000 printed for np.dot vs a for loop over two 1,000,000-vectors. */
const LECTURE_MS = { vectorized: 0.9922981262207031, loop: 352.65374183654785 };

const OPS = ["dot", "outer", "elementwise", "general dot"] as const;
type Op = (typeof OPS)[number];

type OpResult = {
  /** What was computed, e.g. "dot of two 1000000-vectors". */
  what: string;
  /** The kernel: the Backend call that computes it. */
  kernel: string;
  /** max |kernel − loop| / max |loop| (deterministic for a seed and backend). */
  relDiff: number;
  /** Null when `timing` is off. */
  timing: OpTiming | null;
};

type OpTiming = {
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

type VectorizationOutput = Record<Op, OpResult> & {
  backend: string;
  repetitions: number;
  dispatches: number;
  bars: Bar[];
  /** Lecture 000's printed numpy timings, for comparison (not measured). */
  lectureBars: Bar[];
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** max |a − ref| / max |ref|. */
function relDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    s = Math.max(s, Math.abs(ref[i]));
  }
  return d / s;
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

// The lecture's loops, over Float64Arrays.
function loopDot(a: Float64Array, b: Float64Array): Float64Array {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return Float64Array.of(dot);
}

function loopOuter(x1: Float64Array, x2: Float64Array): Float64Array {
  const outer = new Float64Array(x1.length * x2.length);
  for (let i = 0; i < x1.length; i++) {
    for (let j = 0; j < x2.length; j++) outer[i * x2.length + j] = x1[i] * x2[j];
  }
  return outer;
}

function loopMul(x1: Float64Array, x2: Float64Array): Float64Array {
  const mul = new Float64Array(x1.length);
  for (let i = 0; i < x1.length; i++) mul[i] = x1[i] * x2[i];
  return mul;
}

function loopGdot(W: Float64Array, x: Float64Array): Float64Array {
  const cols = x.length, rows = W.length / cols;
  const gdot = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) gdot[i] += W[i * cols + j] * x[j];
  }
  return gdot;
}

async function measureOp(
  b: Backend,
  what: string,
  kernel: string,
  loop: () => Float64Array,
  op: () => Tensor,
  opts: { reps: number; dispatches: number; timing: boolean },
): Promise<OpResult> {
  const expected = loop();
  const t = op();
  const relDiffValue = relDiff(await b.read(t), expected);
  t.dispose();
  if (!opts.timing) return { what, kernel, relDiff: relDiffValue, timing: null };
  const loopMs = await time(opts.reps, loop);
  const batched = await time(opts.reps, async () => {
    for (let i = 0; i < opts.dispatches; i++) op().dispose();
    await b.flush();
  });
  const kernelSingleMs = await time(opts.reps, async () => {
    op().dispose();
    await b.flush();
  });
  const kernelMs = batched / opts.dispatches;
  return {
    what,
    kernel,
    relDiff: relDiffValue,
    timing: {
      loopMs: round(loopMs, 4),
      kernelMs: round(kernelMs, 4),
      kernelSingleMs: round(kernelSingleMs, 4),
      speedup: round(loopMs / kernelMs, 3),
      speedupSingle: round(loopMs / kernelSingleMs, 3),
    },
  };
}

export default defineExperiment<VectorizationOutput>({
  id: "vectorization",
  title: "Vectorisation: loops vs kernels (dot, outer, elementwise, general dot)",
  source: SOURCE,
  description:
    "Inputs drawn with rand from the trial's RandomState, as the lecture's np.random.rand: " +
    "a, b of length n (dot and elementwise product), x1, x2 of length outerN (outer product), " +
    "W (rows × cols) and x (cols) for the general dot. Each is computed by a plain TypeScript " +
    "loop over Float64Arrays (the lecture's for loops) and by the trial backend's kernel: " +
    "sum(mul(a, b)) for np.dot(a, b) (the elementwise product reduced; matmul([1, n]·[n, 1]) " +
    "is wrong on webgpu for n > 65,536), matmul([outerN, 1]·[1, outerN]) for np.outer, " +
    "binary mul for np.multiply, matmul([rows, cols]·[cols, 1]) for np.dot(W, x). Values: " +
    "max |kernel − loop| / max |loop| (deterministic). Times: median of `repetitions` runs " +
    "after a discarded first (warm-up) run, with the inputs already on the device and " +
    "nothing read back. The kernel time reported (and the speed-up) is per call when " +
    "`dispatches` calls are encoded and then waited for once; the time of a single call with " +
    "its own waited submit (on webgpu dominated by the submit-and-wait latency) is reported " +
    "beside it. Timings vary run to run, so they are in result.json and the bars chart only, " +
    "never in metrics.csv; timing = false (the quick profile) checks the values only. The loop is JIT-compiled by V8, unlike the lecture's interpreted " +
    "Python loop, and the cpu backend's kernels are themselves TypeScript loops.",
  params: {
    n: { type: "integer", default: 1_000_000, min: 1, max: 50_000_000, doc: "length of a, b" },
    outerN: { type: "integer", default: 1000, min: 1, max: 5000, doc: "length of x1, x2" },
    rows: { type: "integer", default: 1000, min: 1, max: 10000, doc: "rows of W" },
    cols: { type: "integer", default: 1000, min: 1, max: 10000, doc: "columns of W" },
    repetitions: {
      type: "integer",
      default: 5,
      min: 1,
      max: 1000,
      doc: "timed runs (after 1 warm-up)",
    },
    dispatches: { type: "integer", default: 10, min: 1, max: 1000, doc: "kernel calls per wait" },
    timing: { type: "boolean", default: true, doc: "time loop and kernel (off: values only)" },
  },
  // Values only: timings are not deterministic, and the quick profile is what tests run.
  quick: { timing: false },
  seeds: [1],
  charts: [{
    name: "timings",
    title: "Milliseconds per call: loop vs kernel (N/wait: N calls per waited submit; " +
      "note: loop / kernel)",
    kind: "bars",
    field: "bars",
    xTitle: "milliseconds (median)",
    yTitle: "implementation",
  }, {
    name: "lecture-timings",
    title: "Lecture 000's printed timings for a 1,000,000-vector dot in numpy (not measured here)",
    kind: "bars",
    field: "lectureBars",
    firstTrialOnly: true,
    xTitle: "milliseconds",
    yTitle: "implementation",
  }],
  claims: [
    {
      id: "same-values",
      text: "The for-looped and the vectorised computations give the same values (the lecture " +
        "prints dot for = 250265.1416426372, dot vec = 250265.14164263124): max relative " +
        "difference over the four operations",
      source: SOURCE,
      expected: 0,
      // float32: the kernel sums 10⁶ products in float32, error ~ √n·2⁻²⁴ ≈ 6e-5 relative.
      tolerance: { float64: 1e-12, float32: 1e-4 },
      measure: ({ outputs: o, tolerance }) => {
        const worst = Math.max(...OPS.map((k) => o[k].relDiff));
        return {
          observed: OPS.map((k) => `${k} ${o[k].relDiff.toExponential(2)}`).join(", "),
          pass: worst <= tolerance,
        };
      },
    },
    {
      id: "dot-speedup",
      text: '"Vectorized dot product computation time: 0.9922981262207031ms" vs "For-looped ' +
        'dot product computation time: 352.65374183654785ms" (~355×): measured as the ' +
        "vectorised kernel being faster than the loop for the dot of two 1,000,000-vectors " +
        "(speed-up = loop / kernel > 1)",
      source: `${SOURCE.split(";")[0]}`,
      expected: `${round(LECTURE_MS.loop / LECTURE_MS.vectorized, 3)}× in numpy; here > 1`,
      when: { n: 1_000_000, timing: true },
      measure: ({ outputs: o }) => {
        const t = o.dot.timing!;
        return {
          observed: `loop ${t.loopMs} ms, kernel ${t.kernelMs} ms: ${t.speedup}× (single ` +
            `waited submit ${t.kernelSingleMs} ms: ${t.speedupSingle}×) on ${o.backend}`,
          pass: t.speedup > 1,
        };
      },
    },
    {
      id: "all-faster",
      text: '"Whenever possible, avoid explicit for-loops and use vectorization": measured as ' +
        "the kernel being faster than the loop for each of dot, outer, elementwise and " +
        "general dot (speed-up > 1 for all four)",
      source: SOURCE,
      expected: "speed-up > 1 for all four",
      when: { timing: true },
      measure: ({ outputs: o }) => ({
        observed: OPS.map((k) => `${k} ${o[k].timing!.speedup}×`).join(", "),
        pass: OPS.every((k) => o[k].timing!.speedup > 1),
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const p = ctx.params;
    const n = p.n as number, outerN = p.outerN as number;
    const rows = p.rows as number, cols = p.cols as number;
    const opts = {
      reps: p.repetitions as number,
      dispatches: p.dispatches as number,
      timing: p.timing as boolean,
    };
    const a = ctx.rng.rand(n), c = ctx.rng.rand(n);
    const x1 = ctx.rng.rand(outerN), x2 = ctx.rng.rand(outerN);
    const W = ctx.rng.rand(rows * cols), x = ctx.rng.rand(cols);
    const t = {
      aRow: b.fromArray(a, [1, n]),
      cRow: b.fromArray(c, [1, n]),
      x1: b.fromArray(x1, [outerN, 1]),
      x2: b.fromArray(x2, [1, outerN]),
      W: b.fromArray(W, [rows, cols]),
      x: b.fromArray(x, [cols, 1]),
    };
    try {
      await b.flush(); // the uploads are not timed
      const out = {} as Record<Op, OpResult>;
      // np.dot(a, b) as the product's reduction: webgpu's matmul is wrong for an inner
      // dimension above 65,536 (it gives 16,354 for this 249,825).
      out.dot = await measureOp(
        b,
        `dot of two ${n}-vectors`,
        `sum(binary("mul", [1, ${n}], [1, ${n}]))`,
        () => loopDot(a, c),
        () => b.tidy(() => b.sum(b.binary("mul", t.aRow, t.cRow))),
        opts,
      );
      out.outer = await measureOp(
        b,
        `outer product of two ${outerN}-vectors`,
        `matmul([${outerN}, 1]·[1, ${outerN}])`,
        () => loopOuter(x1, x2),
        () => b.matmul(t.x1, t.x2),
        opts,
      );
      out.elementwise = await measureOp(
        b,
        `elementwise product of two ${n}-vectors`,
        `binary("mul", [1, ${n}], [1, ${n}])`,
        () => loopMul(a, c),
        () => b.binary("mul", t.aRow, t.cRow),
        opts,
      );
      out["general dot"] = await measureOp(
        b,
        `W (${rows} × ${cols}) · x (${cols})`,
        `matmul([${rows}, ${cols}]·[${cols}, 1])`,
        () => loopGdot(W, x),
        () => b.matmul(t.W, t.x),
        opts,
      );
      for (const op of OPS) ctx.log({ op, rel_diff: out[op].relDiff });
      const bars: Bar[] = OPS.flatMap((op) => {
        const t = out[op].timing;
        if (!t) return [];
        return [
          { label: "for loop", value: t.loopMs, group: op },
          {
            label: `kernel, ${opts.dispatches}/wait`,
            value: t.kernelMs,
            group: op,
            note: `${round(t.speedup, 3)}×`,
          },
          {
            label: "kernel, 1/wait",
            value: t.kernelSingleMs,
            group: op,
            note: `${round(t.speedupSingle, 3)}×`,
          },
        ];
      });
      const lectureBars: Bar[] = [
        { label: "for loop (printed)", value: LECTURE_MS.loop },
        {
          label: "np.dot (printed)",
          value: LECTURE_MS.vectorized,
          note: `${round(LECTURE_MS.loop / LECTURE_MS.vectorized, 3)}×`,
        },
      ];
      return {
        ...out,
        backend: b.name,
        repetitions: opts.reps,
        dispatches: opts.dispatches,
        bars,
        lectureBars,
      };
    } finally {
      for (const v of Object.values(t)) v.dispose();
    }
  },
});
