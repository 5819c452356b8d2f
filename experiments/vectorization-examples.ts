/**
 * Lecture 0's small vectorisation examples, x1 and x2 of 15 integers: the for-looped and the
 * vectorised dot, outer, elementwise and general dot products, whose printed arrays the slides
 * show (the timings they print are all 0.0 ms).
 */
import { loopDot, loopGdot, loopMul, loopOuter, maxRelDiff } from "./lib/loop_vs_kernel.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const X1 = [5, 1, 0, 3, 8, 2, 5, 6, 0, 1, 2, 5, 9, 0, 7];
const X2 = [2, 5, 2, 0, 3, 2, 2, 9, 1, 0, 2, 5, 4, 0, 9];
/** The course assignment's x1 and x2 (Python Basics with Numpy), whose outer the slide prints. */
const COURSE_X1 = [9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0];
const COURSE_X2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0];

const REF = "references/vectorization_examples.txt";

/** The outer product's first row as both of the slide's prints show it. */
const OUTER_ROW_0 = [81, 18, 18, 81, 0, 81, 18, 45, 0, 0, 81, 18, 45, 0, 0];
/** Rows 1 and 2 as far as the slide's integer print is legible (13 of 15 entries). */
const OUTER_ROWS_1_2 = [
  [18, 4, 4, 18, 0, 18, 4, 10, 0, 0, 18, 4, 10],
  [45, 10, 10, 45, 0, 45, 10, 25, 0, 0, 45, 10, 25],
];
const ELEMENTWISE = [10, 5, 0, 0, 24, 4, 10, 54, 0, 0, 4, 25, 36, 0, 63];

/** The slide's general-dot loop as printed: `gdot[i] += W[i,i] * x1[i]`, fifteen times a row. */
function loopGdotAsPrinted(W: Float64Array, x: readonly number[]): number[] {
  const cols = x.length, rows = W.length / cols;
  const gdot = new Array<number>(rows).fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) gdot[i] += W[i * cols + i] * x[i];
  }
  return gdot;
}

/** How far a 15-term general dot may move by rounding alone. */
const GDOT_TOLERANCE = {
  float64: 2e-15,
  float32: 1e-6,
  basis: "A sum of 15 non-negative products: rounding moves it by at most 15·2⁻⁵³ ≈ 1.7e-15 " +
    "relative in float64, and with W rounded to float32 by 16·2⁻²⁴ ≈ 9.5e-7 in float32; NumPy " +
    `gives 2.6e-16 (float64 loop) and 2.6e-8 (float32 np.dot) for this W (${REF}).`,
};

const chunk = (v: readonly number[], cols: number) =>
  Array.from({ length: v.length / cols }, (_, i) => v.slice(i * cols, (i + 1) * cols));

export default defineExperiment({
  id: "vectorization-examples",
  title: "Vectorisation examples: the printed products of x1 and x2",
  source: lecture(0, "Vectorization of Dot Product"),
  description:
    "x1 = [5, 1, 0, 3, 8, 2, 5, 6, 0, 1, 2, 5, 9, 0, 7] and x2 = [2, 5, 2, 0, 3, 2, 2, 9, 1, 0, " +
    "2, 5, 4, 0, 9] as the slides give them: the dot (matmul [1, 15]·[15, 1]), outer (matmul " +
    "[15, 1]·[1, 15]) and elementwise (binary mul) products by the backend's kernels and by " +
    "the slides' loops; the outer product of the course assignment's x1 = [9, 2, 5, 0, 0, 7, 5, " +
    "0, 0, 0, 9, 2, 5, 0, 0] and x2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0]; and the " +
    "general dot of W = rand(3, 15) (the trial's RandomState, as np.random.rand) with x1 by " +
    "matmul, by the slide's loop as printed (gdot[i] += W[i,i] * x1[i]) and by the loop " +
    `indexed W[i,j]·x1[j]. ${REF} holds NumPy's figures for the same inputs.`,
  params: {},
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const W = ctx.rng.rand(3 * X1.length);
    const t = {
      x1: b.fromArray(X1, [1, 15]),
      x2: b.fromArray(X2, [1, 15]),
      c1: b.fromArray(COURSE_X1, [1, 15]),
      c2: b.fromArray(COURSE_X2, [1, 15]),
      W: b.fromArray(W, [3, 15]),
    };
    const outs = b.tidy(() => [
      b.matmul(t.x1, t.x2, { transB: true }),
      b.binary("mul", t.x1, t.x2),
      b.matmul(t.x1, t.x2, { transA: true }),
      b.matmul(t.c1, t.c2, { transA: true }),
      b.matmul(t.W, t.x1, { transB: true }),
    ]);
    const [dot, mul, outer, courseOuter, gdot] = (await b.readMany(outs)).map((v) => Array.from(v));
    for (const x of [...Object.values(t), ...outs]) x.dispose();
    const gdotLoop = Array.from(loopGdot(W, X1)), gdotAsPrinted = loopGdotAsPrinted(W, X1);
    return {
      dot: { loop: loopDot(X1, X2)[0], kernel: dot[0] },
      elementwise: { loop: Array.from(loopMul(X1, X2)), kernel: mul },
      outer: { loop: chunk(Array.from(loopOuter(X1, X2)), 15), kernel: chunk(outer, 15) },
      courseOuter: chunk(courseOuter, 15),
      gdot: {
        kernel: gdot,
        loop: gdotLoop,
        loopAsPrinted: gdotAsPrinted,
        relDiffLoop: maxRelDiff(gdotLoop, gdot),
        relDiffAsPrinted: maxRelDiff(gdotAsPrinted, gdot),
      },
    };
  },
  claims: [
    {
      id: "dot-235",
      text: '"for-looped dot = 235" and "vectorized dot = 235" (the loop, then the kernel)',
      source: lecture(0, "Vectorization of Dot Product", "for-looped dot = 235"),
      expected: [235, 235],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => [o.dot.loop, o.dot.kernel],
    },
    {
      id: "elementwise",
      text: '"for-looped elementwise multiplication = [10. 5. 0. 0. 24. 4. 10. 54. 0. 0. 4. 25. ' +
        '36. 0. 63.]" and "vectorized elementwise multiplication = [10 5 0 0 24 4 10 54 0 0 4 ' +
        '25 36 0 63]"',
      source: lecture(
        0,
        "Vectorization of Element-Wise Multiplication",
        "vectorized elementwise multiplication = [10 5 0 0 24 4 10 54 0 0 4 25 36 0 63]",
      ),
      expected: { loop: ELEMENTWISE, kernel: ELEMENTWISE },
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.elementwise,
    },
    {
      id: "outer-row-0",
      text: "np.outer(x1, x2), looped and vectorised, starts with the row printed as " +
        '"outer = [[81. 18. 18. 81. 0. 81. 18. 45. 0. 0. 81. 18. 45. 0. 0.]" (the loop, then ' +
        "the kernel)",
      source: lecture(
        0,
        "Vectorization of Outer Product",
        "outer = [[81. 18. 18. 81. 0. 81. 18. 45. 0. 0. 81. 18. 45. 0. 0.]",
      ),
      expected: [OUTER_ROW_0, OUTER_ROW_0],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => [o.outer.loop[0], o.outer.kernel[0]],
      note: ({ outputs: o }) =>
        `x1[0]·x2 = 5·x2 = [${o.outer.kernel[0].join(", ")}]; the printed row is the course ` +
        `assignment's x1[0] = 9 times its x2: [${o.courseOuter[0].join(", ")}]`,
      diverges: {
        reason: "The printed matrix is not the outer product of the slide's own x1 and x2: its " +
          "first row must be x1[0]·x2 = 5·x2 = [10, 25, 10, 0, 15, 10, 10, 45, 5, 0, 10, 25, " +
          "20, 0, 45], which loop and kernel both give here and NumPy too (" + REF + "). The " +
          "printed rows are those of the course assignment's x1 = [9, 2, 5, 0, 0, 7, 5, 0, 0, " +
          "0, 9, 2, 5, 0, 0] and x2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0] (next claim).",
      },
    },
    {
      id: "outer-course-vectors",
      text: "The outer matrix the slide prints is np.outer of the course assignment's x1 = [9, " +
        "2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0] and x2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, " +
        "2, 5, 0, 0]: its first row, and rows 2 and 3 as far as they are legible ([18 4 4 18 " +
        "0 18 4 10 0 0 18 4 10 …, [45 10 10 45 0 45 10 25 0 0 45 10 25 …)",
      source: lecture(
        0,
        "Vectorization of Outer Product",
        "[45 10 10 45 0 45 10 25 0 0 45 10 25",
      ),
      expected: [OUTER_ROW_0, ...OUTER_ROWS_1_2],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => [
        o.courseOuter[0],
        o.courseOuter[1].slice(0, 13),
        o.courseOuter[2].slice(0, 13),
      ],
    },
    {
      id: "gdot-loop-as-printed",
      text: 'The slide prints the same gdot for its for loop and for np.dot(W,x1) ("for-looped ' +
        'gdot" and "vectorized gdot", both [18.62176729 22.85934666 20.59097031] for its ' +
        "random W): max |loop − kernel| / max |kernel| with the loop as printed, gdot[i] += " +
        "W[i,i] * x1[i]",
      source: lecture(
        0,
        "Vectorization of General Dot Product",
        "gdot[i] += W[i,i] * x1[i]",
      ),
      expected: 0,
      check: { kind: "near", tolerance: GDOT_TOLERANCE },
      observe: ({ outputs: o }) => o.gdot.relDiffAsPrinted,
      note: ({ outputs: o }) =>
        `loop as printed [${o.gdot.loopAsPrinted.map((v) => v.toFixed(8)).join(", ")}], ` +
        `kernel [${o.gdot.kernel.map((v) => v.toFixed(8)).join(", ")}]`,
      diverges: {
        reason: "The printed loop adds W[i,i]·x1[i] fifteen times, so it gives 15·W[i,i]·x1[i] " +
          "(0 for the third row, as x1[2] = 0), not np.dot(W, x1): for W = RandomState(1)" +
          ".rand(3, 15) the loop as printed gives [31.28, 6.26, 0] and the kernel [14.91, " +
          "23.69, 26.83] (NumPy alike, " + REF + "). Its printed output cannot come from that " +
          "loop; indexed W[i,j]·x1[j] the loop agrees with the kernel (next claim).",
      },
    },
    {
      id: "gdot-loop",
      text: "With the loop indexed W[i,j]·x1[j], the for-looped and the vectorised gdot are " +
        "the same: max |loop − kernel| / max |kernel|",
      source: lecture(0, "Vectorization of General Dot Product", "gdot = np.dot(W,x1)"),
      expected: 0,
      check: { kind: "near", tolerance: GDOT_TOLERANCE },
      observe: ({ outputs: o }) => o.gdot.relDiffLoop,
    },
  ],
});
