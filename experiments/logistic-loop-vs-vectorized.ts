/**
 * Lectures 2 and 3: logistic regression's gradient-descent step written with loops — over the m
 * examples and over the features (dw₁ += x₁⁽ⁱ⁾dz⁽ⁱ⁾, dw₂ += x₂⁽ⁱ⁾dz⁽ⁱ⁾), then over the examples
 * only (dw += x⁽ⁱ⁾dz⁽ⁱ⁾, "one for loop is thus removed") — and vectorised (Z = wᵀX + b,
 * dZ = A − Y, dw = (1/m)X·dZᵀ, db = (1/m)np.sum(dZ)) computes the same J, dw, db and the same
 * updated w, b; the loops take many more backend calls.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { irisSelection } from "../data/iris.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

/** The figures of one gradient-descent iteration: J, dw, db (before the update) and w, b after. */
type Step = { J: number; dw: number[]; db: number; w: number[]; b: number };

const VERSIONS = ["twoLoops", "oneLoop", "vectorized"] as const;
type Version = (typeof VERSIONS)[number];

/**
 * One iteration with the loop over examples; `perFeature` also loops over the features (the
 * lecture's dw1, dw2 scalars). Accumulators are updated in place (backend.update: acc ← acc + t).
 */
function loopStep(
  b: Backend,
  w: Tensor,
  bias: Tensor,
  columns: readonly Tensor[],
  targets: readonly Tensor[],
  alpha: number,
  perFeature: boolean,
): { J: Tensor; dw: Tensor[]; db: Tensor } {
  const n = w.shape[0], m = columns.length;
  const J = b.full([1, 1], 0), db = b.full([1, 1], 0);
  const dw = perFeature ? Array.from({ length: n }, () => b.full([1, 1], 0)) : [b.full([n, 1], 0)];
  for (let i = 0; i < m; i++) {
    b.tidy(() => {
      const x = columns[i], y = targets[i];
      const z = b.binary("add", b.matmul(w, x, { transA: true }), bias); // wᵀx⁽ⁱ⁾ + b
      const a = b.activation("sigmoid", z);
      b.update(J, b.loss("bce", a, y), -1); // J += −[y log a + (1 − y) log(1 − a)]
      const dz = b.binary("sub", a, y);
      if (perFeature) {
        for (let j = 0; j < n; j++) {
          b.update(dw[j], b.binary("mul", b.slice(x, j, j + 1, 0, 1), dz), -1);
        }
      } else {
        b.update(dw[0], b.binary("mul", x, dz), -1); // dw += x⁽ⁱ⁾ dz⁽ⁱ⁾
      }
      b.update(db, dz, -1);
    });
  }
  b.tidy(() => {
    for (const t of [J, db, ...dw]) b.assign(t, b.unary("affine", t, 1 / m, 0)); // /= m
    const dwVec = perFeature ? dw.reduce((acc, d) => b.concatRows(acc, d)) : dw[0];
    b.update(w, dwVec, alpha);
    b.update(bias, db, alpha);
  });
  return { J, dw, db };
}

/** The vectorised iteration: nn/logistic.ts's propagate, then w := w − α dw, b := b − α db. */
function vectorizedStep(
  b: Backend,
  model: LogisticRegression,
  X: Tensor,
  Y: Tensor,
  alpha: number,
): { J: Tensor; dw: Tensor[]; db: Tensor } {
  const p = b.tidy(() => model.propagate(X, Y, true));
  b.update(model.w, p.dw, alpha);
  b.update(model.b, p.db, alpha);
  return { J: p.cost!, dw: [p.dw], db: p.db };
}

/**
 * A sum of m terms in floating point is off by at most ~(m − 1)·u·Σ|terms| (u: the unit
 * roundoff), whatever the order; two orders of the same sum differ by at most twice that. With
 * each difference scaled by Σ|terms|/m (see `scales`), the bound is 2·m·u for m = 100.
 */
const TOLERANCE = {
  float64: 2 * 100 * 2 ** -53,
  float32: 2 * 100 * 2 ** -24,
  basis: "the rounding bound of two orders of a 100-term sum, 2·m·u (u = 2⁻²⁴); NumPy float32 " +
    "of the same three versions gives differences of up to 7.7e-7 on this scale (float64: 8e-16); this project's webgpu 8.6e-7 " +
    "(references/logistic_loops_float32.py, .json)",
};

/**
 * What each figure of a Step is measured against: the magnitude of the terms it sums — J (its
 * terms are positive), mean|x_j| for dw_j and 1 for db (|dz| < 1), and α·t times those for w and
 * b after t updates.
 */
function scales(step: number, alpha: number, J: number, meanAbsX: readonly number[]): number[] {
  const t = step + 1;
  return [J, ...meanAbsX, 1, ...meanAbsX.map((s) => alpha * t * s), alpha * t];
}

/** Largest |u − v| / scale over paired figures. */
function scaledDiff(u: readonly number[], v: readonly number[], scale: readonly number[]): number {
  return Math.max(...u.map((x, i) => Math.abs(x - v[i]) / scale[i]));
}

function flat(s: Step): number[] {
  return [s.J, ...s.dw, s.db, ...s.w, s.b];
}

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
    const columns = Array.from({ length: m }, (_, i) => b.slice(X, 0, n, i, i + 1));
    const targets = Array.from({ length: m }, (_, i) => b.slice(Y, 0, 1, i, i + 1));

    const steps = {} as Record<Version, Step[]>;
    const msPerIteration = {} as Record<Version, number>;
    for (const version of VERSIONS) {
      const model = LogisticRegression.initializeWithZeros(b, n);
      const pending: { J: Tensor; dw: Tensor[]; db: Tensor; w: Tensor; b: Tensor }[] = [];
      // Timed from the second iteration on (the first warms up), or the only one.
      const timedFrom = iterations > 1 ? 1 : 0;
      let t0 = 0;
      for (let it = 0; it < iterations; it++) {
        if (it === timedFrom) {
          await b.flush();
          t0 = performance.now();
        }
        const s = version === "vectorized"
          ? vectorizedStep(b, model, X, Y, alpha)
          : loopStep(b, model.w, model.b, columns, targets, alpha, version === "twoLoops");
        // Copies of w and b after this update (the model's tensors change in place).
        const [wCopy, bCopy] = b.tidy(() => [
          b.unary("affine", model.w, 1, 0),
          b.unary("affine", model.b, 1, 0),
        ]);
        pending.push({ ...s, w: wCopy, b: bCopy });
      }
      await b.flush();
      msPerIteration[version] = (performance.now() - t0) / (iterations - timedFrom);
      const all = await b.readMany(pending.flatMap((p) => [p.J, ...p.dw, p.db, p.w, p.b]));
      const per = 3 + pending[0].dw.length + 1;
      steps[version] = pending.map((p, i) => {
        const v = all.slice(i * per, (i + 1) * per);
        return {
          J: v[0][0],
          dw: p.dw.flatMap((_, j) => Array.from(v[1 + j])),
          db: v[1 + p.dw.length][0],
          w: Array.from(v[2 + p.dw.length]),
          b: v[3 + p.dw.length][0],
        };
      });
      for (const p of pending) for (const t of [p.J, ...p.dw, p.db, p.w, p.b]) t.dispose();
      model.dispose();
    }
    for (const t of [X, Y, ...columns, ...targets]) t.dispose();

    const meanAbsX = Array.from(
      { length: n },
      (_, j) => x.subarray(j * m, (j + 1) * m).reduce((acc, v) => acc + Math.abs(v), 0) / m,
    );
    const vec = steps.vectorized;
    const between = (u: Version, v: Version) =>
      Math.max(
        ...steps[u].map((s, i) =>
          scaledDiff(flat(s), flat(steps[v][i]), scales(i, alpha, vec[i].J, meanAbsX))
        ),
      );
    vec.forEach((s, i) => ctx.log({ iteration: i + 1, J: s.J, db: s.db, w1: s.w[0], w2: s.w[1] }));
    return {
      steps,
      meanAbsX,
      /** Largest scaled difference (see `scales`) over every iteration and figure. */
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
