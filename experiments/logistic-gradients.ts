/**
 * Lectures 000–003: logistic regression's derivatives against finite differences, and the for-loop
 * over the examples against the vectorised computation — both on the backend.
 */
import { catData, checkCatData } from "./lib/cat_images.ts";
import { coursePlanar } from "../data/planar.ts";
import { costDifferences, relErr, singleExampleErrors } from "./lib/logistic_derivatives.ts";
import { loopStep, maxDiff, stepDiff, twoLayer, vectorStep } from "./lib/loop_vs_vectorized.ts";
import { uploadXY } from "./lib/two_d.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** Tolerances of the derivative checks (relative differences), from references/. */
const SINGLE = {
  float64: 1e-9,
  float32: 1e-6,
  basis: "references/logistic_gradients.json: the formulas computed in NumPy float32 differ " +
    "from the central differences by up to 6.7·10⁻⁷ (float64: 3.2·10⁻¹², the differences' own " +
    "error)",
} as const;
const COST = {
  float64: 1e-9,
  float32: 1e-6,
  basis: "references/logistic_gradients.json: (1/m)·X·dZᵀ in NumPy float32 differs from the " +
    "central differences of J by 2.9·10⁻⁷ (float64: 2.1·10⁻¹²)",
} as const;
const STEP = {
  float64: 1e-13,
  float32: 1e-6,
  basis: "references/logistic_gradients.json: NumPy's loop and vectorised step differ by up to " +
    "7.2·10⁻⁷ in float32 and 7.8·10⁻¹⁵ in float64 (sums in another order, x/m against x·(1/m))",
} as const;

export default defineExperiment({
  id: "logistic-gradients",
  title: "Logistic regression's derivatives, and for-loop = vectorised, on the backend",
  source: lecture(1, "Computational Graph"),
  description: "Derivatives: at `points` single examples (x₁, x₂, w₁, w₂, b drawn with randn, y " +
    "alternately 1 and 0), the backend computes the lectures' formulas — da = (a − y)/(a(1 − a)) " +
    "and −y/a + (1 − y)/(1 − a), dz = a − y, dw₁ = x₁dz, dw₂ = x₂dz, db = dz — and the host " +
    "takes fourth-order central differences (h = 10⁻³) of the loss L = −(y log a + (1 − y) " +
    "log(1 − a)) computed in float64 from its definition; the cost gradient dw = (1/m)·X·dZᵀ on " +
    "the planar flower (400 points) at θ = randn likewise against differences of J. Loop against " +
    "vectorised: one gradient-descent step of logistic regression computed by lecture 001's " +
    "for-loop over the examples (one backend op at a time on each column) and by the " +
    "vectorised formulas, on the planar flower (w₁, w₂, b = randn) and on the 209 cat images " +
    "(w = randn(12288, 1)·0.01, b = 0: unscaled randn saturates σ on 12288 pixels); and the " +
    "output of lecture 003's 2-layer network (W[1] 3×5, W[2] 1×3) and lecture 002's (4 hidden " +
    "units, 3 inputs) on `m` random examples by Algorithm 1 (a loop over examples) and " +
    "Algorithm 2 (matrices), all weights randn.",
  params: {
    points: { type: "integer", default: 20, min: 1, max: 1000, doc: "single examples" },
    m: { type: "integer", default: 50, min: 1, max: 10000, doc: "examples of the 2-layer nets" },
  },
  seeds: [1],
  checkData: checkCatData,
  charts: [],
  async run(ctx) {
    const b = ctx.backend, rng = ctx.rng;
    // Single examples: the formulas on the backend, differences of L on the host.
    const single = await singleExampleErrors(b, rng, ctx.params.points);

    // The cost gradient on the planar flower: (1/m)·X·dZᵀ and (1/m)·Σ dZ against differences
    // of J(w, b) = (1/m)·Σ L.
    const planar = coursePlanar();
    const theta = Array.from(rng.randn(3));
    const P = uploadXY(b, planar);
    const pw = b.fromArray(theta.slice(0, 2), [2, 1]);
    const pb = b.fromArray([theta[2]], [1, 1]);
    const vecPlanar = await vectorStep(b, P.X, P.Y, pw, pb);
    const costGradient = relErr([...vecPlanar.dw, vecPlanar.db], costDifferences(planar, theta));

    // One gradient step, loop against vectorised: planar flower, then the cat images.
    const loopPlanar = await loopStep(b, P.X, P.Y, pw, pb);
    [P.X, P.Y, pw, pb].forEach((t) => t.dispose());
    const cat = await catData(ctx.dataDir);
    const CX = b.fromArray(cat.trainX, [cat.features, cat.mTrain]);
    const CY = b.fromArray(cat.trainY, [1, cat.mTrain]);
    const cw = b.fromArray(rng.randn(cat.features).map((v) => v * 0.01), [cat.features, 1]);
    const cb = b.full([1, 1], 0);
    const vecCat = await vectorStep(b, CX, CY, cw, cb);
    const loopCat = await loopStep(b, CX, CY, cw, cb);
    [CX, CY, cw, cb].forEach((t) => t.dispose());

    // Algorithm 1 (loop over examples) against Algorithm 2 (matrices).
    const lecture3 = await twoLayer(b, rng, [5, 3, 1], ctx.params.m);
    const lecture2 = await twoLayer(b, rng, [3, 4, 1], ctx.params.m);

    return {
      single,
      costGradient,
      gradientStep: {
        planar: { diff: stepDiff(loopPlanar, vecPlanar), J: vecPlanar.J, db: vecPlanar.db },
        cat: { diff: stepDiff(loopCat, vecCat), J: vecCat.J, db: vecCat.db },
      },
      algorithms: {
        lecture3: { maxDiff: maxDiff(lecture3), outputs: lecture3.vectorised.slice(0, 5) },
        lecture2: { maxDiff: maxDiff(lecture2), outputs: lecture2.vectorised.slice(0, 5) },
      },
    };
  },
  claims: [
    {
      id: "dz-equals-a-minus-y",
      text:
        "dz = dL/dz = dL/da × da/dz = (a − y)/(a(1 − a)) × a(1 − a) = a − y (largest relative " +
        "difference from central differences of L over 20 single examples)",
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs }) => outputs.single.dz,
    },
    {
      id: "da-dw-db",
      text: "da = dL/da = −y/a + (1 − y)/(1 − a) = (a − y)/(a(1 − a)); dw₁ = x₁dz, dw₂ = x₂dz, " +
        "db = dz (largest relative difference from central differences)",
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs: { single: s } }) => Math.max(s.daLecture1, s.dw1, s.dw2, s.db),
    },
    {
      id: "cost-gradient",
      text: "dw_j = (1/m)·Σᵢ dL(a⁽ⁱ⁾, y⁽ⁱ⁾)/dw_j: the cost's gradient (1/m)·X·dZᵀ, (1/m)·Σ dZ on " +
        "the planar flower (largest relative difference from central differences of J)",
      source: lecture(1, "Gradient Descent"),
      expected: 0,
      check: { kind: "near", tolerance: COST },
      observe: ({ outputs }) => outputs.costGradient,
    },
    {
      id: "lecture2-derivatives",
      text: "δL/δa = −y/a + (1 − y)/(1 − a); δL/δz = a − y; δL/δw₁ = x₁(a − y) (largest relative " +
        "difference from central differences)",
      source: lecture(2, "Logistic Regression Derivatives"),
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs: { single: s } }) => Math.max(s.daLecture2, s.dz, s.dw1),
    },
    {
      id: "lecture3-derivatives",
      text: "∂L/∂w₁ = x₁(a − y), ∂L/∂w₂ = x₂(a − y), ∂L/∂b = a − y, and ∂J/∂w = (1/m)·Σ ∂L/∂w " +
        "(largest relative difference from central differences)",
      source: lecture(3, "Cost function and GD implementation", "Final derivatives to be used"),
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs: { single: s, costGradient } }) =>
        Math.max(s.dw1, s.dw2, s.db, costGradient),
    },
    {
      id: "lecture0-gradients",
      text:
        "w_j := w_j − α·(a − y)·x_j, b := b − α·(a − y); dJ/dw_j = (1/m)·Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾)·x_j⁽ⁱ⁾ " +
        "and dJ/db = (1/m)·Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾) (largest relative difference from central differences)",
      source: lecture(0, "Gradient Descent for Training Dataset"),
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs: { single: s, costGradient } }) =>
        Math.max(s.dw1, s.dw2, s.db, costGradient),
    },
    {
      id: "loop-equals-vectorised-planar",
      text:
        "One iteration of gradient descent: the for-loop (dw1 += x1(i) dz(i), …, then /m) and " +
        "Z = wᵀX + b, A = σ(Z), dZ = A − Y, dw = (1/m)X dZᵀ, db = (1/m)np.sum(dZ) give the same " +
        "result on the planar flower ([dw, db, J] differences, each over its largest value)",
      source: lecture(3, "A Better Implementation in Python", "One iteration of gradient descent"),
      expected: 0,
      check: { kind: "near", tolerance: STEP },
      observe: ({ outputs }) => outputs.gradientStep.planar.diff,
    },
    {
      id: "loop-equals-vectorised-cat",
      text: "The loop over the m examples and the vectorised Z = np.dot(w.T, X) + b, A = σ(Z), " +
        "dZ = A − Y, dw = (1/m)X dZᵀ, db = (1/m)np.sum(dZ) give the same step on the 209 cat " +
        "images, n_x = 12288 ([dw, db, J] differences, each over its largest value)",
      source: lecture(1, "Vectorizing Logistic Regression"),
      expected: 0,
      check: { kind: "near", tolerance: STEP },
      observe: ({ outputs }) => outputs.gradientStep.cat.diff,
    },
    {
      id: "lecture2-loop-removed",
      text: "dw = np.zeros((nx, 1)); dw += x⁽ⁱ⁾dz⁽ⁱ⁾ (one for loop removed) and dw = 1/m X dZᵀ, " +
        "db = 1/m np.sum(dZ) compute the same gradient (planar flower and cat images, [dw, db, J] " +
        "differences, the larger of the two)",
      source: lecture(2, "Vectorizing Gradient Descent"),
      expected: 0,
      check: { kind: "near", tolerance: STEP },
      observe: ({ outputs }) => {
        const p = outputs.gradientStep.planar.diff, c = outputs.gradientStep.cat.diff;
        return p.map((v, i) => Math.max(v, c[i]));
      },
    },
    {
      id: "algorithm1-equals-algorithm2",
      text:
        "Algorithm 1 (for i = 1 to m: z[1](i) = W[1]x(i) + b[1], a[1](i) = σ(z[1](i)), …) and " +
        "Algorithm 2 (Z[1] = W[1]X + b[1], A[1] = σ(Z[1]), …) give the same A[2], W[1] 3×5, " +
        "W[2] 1×3 (largest |difference| over 50 examples)",
      source: lecture(3, "Computation with less for-loop"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.algorithms.lecture3.maxDiff,
    },
    {
      id: "vectorizing-across-examples",
      text:
        "for i = 1 to m: z[1](i) = W[1]x(i) + b[1], … and Z[1] = W[1]X + b[1], A[1] = σ(Z[1]), " +
        "Z[2] = W[2]A[1] + b[2], A[2] = σ(Z[2]) give the same outputs (4 hidden units; largest " +
        "|difference| over 50 examples)",
      source: lecture(2, "Vectorizing across multiple examples"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.algorithms.lecture2.maxDiff,
    },
  ],
});
