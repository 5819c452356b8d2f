/**
 * Lecture 0, "Efficiency of Vectorization": how long a plain loop and the backend's vectorised
 * kernel take, on this machine, for a dot product, an outer product, an elementwise product and
 * a general (matrix · vector) dot. That both give the same values is vectorization.ts.
 */
import { loopsAndKernels, OPS, timeOps, timingNote } from "./lib/loop_vs_kernel.ts";
import { type Bar, defineExperiment, lecture, project } from "./prelude.ts";

/** What lecture 000 printed for np.dot vs a for loop over two 1,000,000-vectors. */
const LECTURE_MS = { vectorized: 0.9922981262207031, loop: 352.65374183654785 };

/** The lecture's speed-up: its loop time over its np.dot time. */
const LECTURE_SPEEDUP = LECTURE_MS.loop / LECTURE_MS.vectorized;

const LECTURE_BARS: Bar[] = [
  { label: "for loop (printed)", value: LECTURE_MS.loop },
  {
    label: "np.dot (printed)",
    value: LECTURE_MS.vectorized,
    note: `${LECTURE_SPEEDUP.toFixed(3)}×`,
  },
];

export default defineExperiment({
  id: "vectorization-timing",
  title: "Vectorisation: loops vs kernels, timed (dot, outer, elementwise, general dot)",
  source: lecture(0, "Efficiency of Vectorization"),
  description:
    "The inputs, loops and kernels of vectorization.ts (drawn with rand from the trial's " +
    "RandomState as the lecture's np.random.rand; plain TypeScript loops over Float64Arrays " +
    "against the trial backend's sum(mul), matmul and binary mul). Times: median of " +
    "`repetitions` runs after a discarded first (warm-up) run, with the inputs already on the " +
    "device and nothing read back. The kernel time reported (and the speed-up) is per call " +
    "when `dispatches` calls are encoded and then waited for once; the time of a single call " +
    "with its own waited submit (on webgpu dominated by the submit-and-wait latency) is " +
    "reported beside it. Timings vary run to run, so they are in result.json and the bars " +
    "chart only, never in metrics.csv; timing = false (the quick profile) times nothing. The " +
    "loop is JIT-compiled by V8, unlike the lecture's interpreted Python loop, and the cpu " +
    "backend's kernels are themselves TypeScript loops.",
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
      doc: "timed runs after a warm-up",
    },
    dispatches: { type: "integer", default: 10, min: 1, max: 1000, doc: "kernel calls per wait" },
    timing: { type: "boolean", default: true, doc: "time loop and kernel (off: nothing timed)" },
  },
  // Timings are not deterministic, and the quick profile is what tests run.
  quick: { timing: false },
  seeds: [1],
  charts: [{
    name: "timings",
    title: "Milliseconds per call: loop vs kernel (N/wait: N calls per waited submit; " +
      "note: loop / kernel)",
    kind: "bars",
    field: "timings",
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
  async run(ctx) {
    const b = ctx.backend;
    const { repetitions, dispatches } = ctx.params;
    const { ops, dispose } = await loopsAndKernels(b, ctx.rng, ctx.params);
    try {
      const { perOp, bars } = await timeOps(b, ops, ctx.params);
      return {
        ...perOp,
        backend: b.name,
        repetitions,
        dispatches,
        timings: bars,
        lectureBars: LECTURE_BARS,
      };
    } finally {
      dispose();
    }
  },
  claims: [
    {
      id: "dot-speedup-lecture",
      chart: "timings",
      timed: true,
      text: '"Vectorized dot product computation time: 0.9922981262207031ms" and "For-looped ' +
        'dot product computation time: 352.65374183654785ms": for two 1,000,000-vectors the ' +
        `vectorised dot is ${LECTURE_SPEEDUP.toFixed(1)}× as fast as the loop (loop time / ` +
        "kernel time)",
      source: lecture(
        0,
        "Efficiency of Vectorization",
        "For-looped dot product computation time: 352.65374183654785ms",
      ),
      expected: LECTURE_SPEEDUP,
      check: { kind: "atLeast" },
      when: { n: 1_000_000, timing: true },
      observe: ({ outputs: o }) => o.dot.timing?.speedup ?? null,
      note: ({ outputs: o }) => timingNote(o.dot.timing),
      diverges: {
        reason: "The lecture's 355× is NumPy's compiled np.dot against CPython interpreting " +
          "the loop (352 ms, ≈ 350 ns an iteration). Here V8 compiles the loop to machine " +
          "code: it takes 0.6–0.9 ms (≈ 1 ns an iteration), while the cpu backend's sum(mul), " +
          "itself a TypeScript loop that also allocates the 10⁶-element product, took 8–35 ms " +
          "and webgpu's reduction on the llvmpipe software adapter 55–125 ms: loop / kernel " +
          "ratios of 0.02–0.10 (cpu) and 0.006–0.011 (webgpu) over runs on this shared " +
          "2-core machine.",
      },
    },
    {
      id: "vectorized-faster",
      chart: "timings",
      timed: true,
      text: '"Whenever possible, avoid explicit for-loops and use vectorization": the kernel is ' +
        "faster than the loop (loop time / kernel time above 1) for dot, outer, elementwise " +
        "and general dot",
      source: project(
        "The lecture's statement is that vectorised code is faster, without a figure for " +
          "these operations: 1 is the ratio above which the kernel is faster at all.",
      ),
      expected: 1,
      check: { kind: "above" },
      when: { timing: true },
      observe: ({ outputs: o }) => OPS.map((k) => o[k].timing?.speedup ?? null),
      note: ({ outputs: o }) => OPS.map((k) => `${k}: ${timingNote(o[k].timing)}`).join("; "),
      diverges: {
        reason: "The loops are JIT-compiled TypeScript, not interpreted Python. On cpu the " +
          "kernels are TypeScript loops too, with a tensor's allocation on top: loop / kernel " +
          "ratios of 0.02–0.76 over runs, the dot's the lowest. On webgpu (llvmpipe, a " +
          "software adapter running on this machine's two cores) the dot's reduction of 10⁶ " +
          "products took 55–125 ms against the loop's 0.6–0.7 ms (ratio 0.006–0.011); outer, " +
          "elementwise and general dot came out 1.6–14× faster, but in those trials the loops " +
          "themselves ran 50–100 times slower than in the cpu trials (llvmpipe's threads share " +
          "the cores), so those ratios do not time the kernels alone.",
      },
    },
  ],
});
