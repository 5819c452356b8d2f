/**
 * Lectures 2 and 3: logistic regression's gradient-descent step written with loops — over the m
 * examples and over the features (dw₁ += x₁⁽ⁱ⁾dz⁽ⁱ⁾, dw₂ += x₂⁽ⁱ⁾dz⁽ⁱ⁾), then over the examples
 * only (dw += x⁽ⁱ⁾dz⁽ⁱ⁾, "one for loop is thus removed") — and vectorised (Z = wᵀX + b,
 * dZ = A − Y, dw = (1/m)X·dZᵀ, db = (1/m)np.sum(dZ)) computes the same J, dw, db and the same
 * updated w, b; the loops take many more backend calls.
 */
import { irisSelection } from "../data/iris.ts";
import {
  largestScaledDifference,
  meanAbsRows,
  runVersions,
  type Version,
} from "./lib/logistic_loops.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

/**
 * A sum of m terms in floating point is off by at most ~(m − 1)·u·Σ|terms| (u: the unit
 * roundoff), whatever the order; two orders of the same sum differ by at most twice that. With
 * each difference scaled by Σ|terms|/m (lib/logistic_loops.ts's `scales`), the bound is 2·m·u for m = 100.
 */
const TOLERANCE = {
  float64: 2 * 100 * 2 ** -53,
  float32: 2 * 100 * 2 ** -24,
  basis: "the rounding bound of two orders of a 100-term sum, 2·m·u (u = 2⁻²⁴); NumPy float32 " +
    "of the same three versions gives differences of up to 7.7e-7 on this scale (float64: 8e-16); this project's webgpu 8.6e-7 " +
    "(references/logistic_loops_float32.py, .json)",
};

export default defineExperiment({
  id: "logistic-loop-vs-vectorized",
  title: "Logistic regression's gradient step: loops vs vectorised",
  source: lecture(2, "Vectorizing Gradient Descent"),
  description:
    "Lecture 2's Iris data (the first 100 flowers, sepal and petal length, y = 0 for setosa " +
    "and 1 for versicolor: logistic regression's labels). From w = 0, b = 0, `iterations` " +
    "gradient-descent steps at learning rate `alpha` (lecture 3's loop sets alpha = 0.00001) " +
    "are taken three ways on the backend, each in its own w, b: (1) loops over the examples " +
    'and over the features, as lecture 2\'s "Logistic Regression on m examples" and lecture ' +
    "3's first implementation (z⁽ⁱ⁾ = wᵀx⁽ⁱ⁾ + b, a⁽ⁱ⁾ = σ(z⁽ⁱ⁾), J += …, dz⁽ⁱ⁾ = a⁽ⁱ⁾ − y⁽ⁱ⁾, " +
    "dw₁ += x₁⁽ⁱ⁾dz⁽ⁱ⁾, dw₂ += x₂⁽ⁱ⁾dz⁽ⁱ⁾, db += dz⁽ⁱ⁾; then /m and the update), one backend " +
    "call per scalar; (2) the loop over examples only, dw += x⁽ⁱ⁾dz⁽ⁱ⁾ on the vector; (3) " +
    "vectorised, nn/logistic.ts's propagate (Z = wᵀX + b, A = σ(Z), dZ = A − Y, dw = " +
    "(1/m)X·dZᵀ, db = (1/m)np.sum(dZ)). Every iteration's J, dw, db and the w, b after its " +
    "update are read back and compared (largest relative difference). Each version's time " +
    "per iteration (after one warm-up iteration, data on the device, one read at the end) is " +
    "measured too; times vary run to run and are kept out of metrics.csv. Differences are " +
    "scaled by the magnitude of the terms each figure sums (J by J, dw_j by mean|x_j|, db by " +
    "1 since |dz| < 1, w and b by α·t times those), the scale rounding errors follow: db sums " +
    "±0.5 terms to nearly 0, where a relative difference would measure only cancellation.",
  params: {
    alpha: { type: "number", default: 0.00001, min: 0, doc: "learning rate α" },
    iterations: { type: "integer", default: 10, min: 1, max: 10000, doc: "gradient steps" },
  },
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const { alpha, iterations } = ctx.params;
    const { x, shape, y } = irisSelection({
      count: 100,
      features: ["sepal length", "petal length"],
      negativeSpecies: "Iris-setosa",
      negative: 0,
      positive: 1,
    });
    const [n, m] = shape;
    const X = b.fromArray(x, shape);
    const Y = b.fromArray(y, [1, m]);
    const { steps, msPerIteration } = await runVersions(b, X, Y, alpha, iterations);
    X.dispose();
    Y.dispose();
    const meanAbsX = meanAbsRows(x, n, m);
    const between = (u: Version, v: Version) =>
      largestScaledDifference(steps, u, v, alpha, meanAbsX);
    steps.vectorized.forEach((s, i) =>
      ctx.log({ iteration: i + 1, J: s.J, db: s.db, w1: s.w[0], w2: s.w[1] })
    );
    return {
      steps,
      meanAbsX,
      /** Largest scaled difference (see lib/logistic_loops.ts) over every iteration and figure. */
      twoLoopsVsVectorized: between("twoLoops", "vectorized"),
      oneLoopVsVectorized: between("oneLoop", "vectorized"),
      twoLoopsVsOneLoop: between("twoLoops", "oneLoop"),
      // Wall-clock measurements, which differ from run to run (--verify leaves them out).
      timings: { msPerIteration, speedup: msPerIteration.twoLoops / msPerIteration.vectorized },
    };
  },
  claims: [
    {
      id: "lecture2-loops-removed",
      text: 'Removing the loop over features (dw += x⁽ⁱ⁾dz⁽ⁱ⁾: "one for loop is thus removed") ' +
        "and then the loop over examples (dZ = A − Y, dw = (1/m)X·dZᵀ, db = (1/m)np.sum(dZ)) " +
        "leaves J, dw, db and the updated w, b unchanged: largest difference of the two loop " +
        "versions from the vectorised one over 10 iterations, each figure's difference scaled " +
        "by the magnitude of the terms it sums",
      source: lecture(2, "Vectorizing Gradient Descent", "$$dw = 1/m X dZ^T$$"),
      expected: 0,
      check: { kind: "near", tolerance: TOLERANCE },
      observe: ({ outputs: o }) => Math.max(o.twoLoopsVsVectorized, o.oneLoopVsVectorized),
      note: ({ outputs: o }) =>
        `Two loops vs vectorised ${o.twoLoopsVsVectorized.toExponential(2)}, one loop vs ` +
        `vectorised ${o.oneLoopVsVectorized.toExponential(2)}, two loops vs one loop ` +
        `${o.twoLoopsVsOneLoop.toExponential(2)}.`,
    },
    {
      id: "lecture3-one-iteration",
      text: "One iteration of gradient descent with the loop (J = 0; dw1 = 0; dw2 = 0; db = 0; " +
        "alpha = 0.00001; for i = 1 to m …) and the vectorised one (Z = wᵀX + b, A = σ(Z), " +
        "dZ = A − Y, dw = (1/m)X dZᵀ, db = (1/m)np.sum(dZ), w := w − α dw, b := b − α db) give " +
        "the same J, dw, db, w and b: largest scaled difference over 10 iterations",
      source: lecture(3, "One iteration of gradient descent", "dw = (1/m)X dZT"),
      expected: 0,
      check: { kind: "near", tolerance: TOLERANCE },
      when: { alpha: 0.00001 },
      observe: ({ outputs: o }) => o.twoLoopsVsVectorized,
      note: ({ outputs: o }) =>
        `Loop vs vectorised ${o.twoLoopsVsVectorized.toExponential(2)} (scaled); first J: loop ` +
        `${o.steps.twoLoops[0].J}, vectorised ${o.steps.vectorized[0].J}.`,
    },
    {
      id: "vectorized-faster",
      timed: true,
      text: "Use built-in functions for matrix (or vector) operations and avoid using for loops " +
        "whenever you can: the vectorised iteration takes less time than the loops (time per " +
        "iteration of the two-loop version over that of the vectorised one)",
      source: project(
        "The lectures give no timing for this computation: any speed-up (> 1) of the vectorised " +
          "iteration over the looped one is the statement; the measured factor is shown.",
      ),
      expected: 1,
      check: { kind: "above" },
      observe: ({ outputs: o }) => o.timings.speedup,
      note: ({ outputs: o }) =>
        `ms per iteration: two loops ${o.timings.msPerIteration.twoLoops.toFixed(2)}, one loop ` +
        `${o.timings.msPerIteration.oneLoop.toFixed(2)}, vectorised ` +
        `${o.timings.msPerIteration.vectorized.toFixed(3)} (timings vary run to run).`,
    },
  ],
});
