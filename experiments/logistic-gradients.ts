/**
 * Logistic regression's derivatives and their vectorisation, as lectures 000–003 state them:
 * dz = a − y and the rest of lecture 001's computation graph against finite differences, the
 * cost gradient (1/m)·Σ, and the for-loop against the vectorised computation — one gradient
 * step of logistic regression (lectures 001, 002, 003) and the two-layer forward pass
 * "Algorithm 1" against "Algorithm 2" (lecture 003; lecture 002's "Vectorizing across multiple
 * examples") — both on the backend.
 */
import { catData, checkCatData } from "./lib/cat_images.ts";
import { coursePlanar } from "../data/planar.ts";
import type { Backend, Tensor } from "../kernels/backend.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** The cross-entropy of one example, in float64 on the host. */
const loss = (a: number, y: number) => -(y * Math.log(a) + (1 - y) * Math.log(1 - a));
/** The fourth-order central difference of f at x with step h (error O(h⁴)). */
const diff = (f: (x: number) => number, x: number, h: number) =>
  (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
/** The step of the finite differences: truncation h⁴ ≈ 1e-12, rounding ε/h ≈ 1e-13. */
const FD_STEP = 1e-3;

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

/** Largest |formula − difference| / |difference| over paired values. */
function relErr(formula: readonly number[], fd: readonly number[]): number {
  return formula.reduce((e, v, i) => Math.max(e, Math.abs(v - fd[i]) / Math.abs(fd[i])), 0);
}

/** Largest |a − b| over a vector, divided by the largest |b| (a scale-free difference). */
function scaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

/** One gradient step's quantities: dw, db and J (before the update). */
type Step = { dw: Float64Array; db: number; J: number };

/**
 * Lecture 001's loop "Logistic regression on m examples" (lecture 002 with dw a vector, one loop
 * removed): for i = 1 … m, z = wᵀx⁽ⁱ⁾ + b, a = σ(z), J += −[y log a + (1 − y) log(1 − a)],
 * dz = a − y, dw += x⁽ⁱ⁾dz, db += dz; then J /= m, dw /= m, db /= m. Each example is a column
 * slice, every operation a backend op.
 */
async function loopStep(b: Backend, X: Tensor, Y: Tensor, w: Tensor, bias: Tensor): Promise<Step> {
  const [n, m] = X.shape;
  const J = b.full([1, 1], 0), dw = b.full([n, 1], 0), db = b.full([1, 1], 0);
  for (let i = 0; i < m; i++) {
    b.tidy(() => {
      const x = b.slice(X, 0, n, i, i + 1);
      const y = b.slice(Y, 0, 1, i, i + 1);
      const z = b.binary("add", b.matmul(w, x, { transA: true }), bias);
      const a = b.activation("sigmoid", z);
      const l = b.unary(
        "neg",
        b.binary(
          "add",
          b.binary("mul", y, b.unary("log", a)),
          b.binary("mul", b.unary("affine", y, -1, 1), b.unary("log", b.unary("affine", a, -1, 1))),
        ),
      );
      b.assign(J, b.binary("add", J, l));
      const dz = b.binary("sub", a, y);
      b.assign(dw, b.binary("add", dw, b.binary("mul", x, dz)));
      b.assign(db, b.binary("add", db, dz));
    });
  }
  const mm = b.full([1, 1], m);
  const outs = b.tidy(() => [J, dw, db].map((t) => b.binary("div", t, mm)));
  const [Jv, dwv, dbv] = await b.readMany(outs);
  [J, dw, db, mm, ...outs].forEach((t) => t.dispose());
  return { dw: dwv, db: dbv[0], J: Jv[0] };
}

/**
 * The vectorised step (lecture 001 "Vectorizing Logistic Regression", lecture 002 "Vectorizing
 * Gradient Descent", lecture 003 "A Better Implementation in Python"): Z = wᵀX + b, A = σ(Z),
 * dZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·np.sum(dZ), and J over the whole row.
 */
async function vectorStep(
  b: Backend,
  X: Tensor,
  Y: Tensor,
  w: Tensor,
  bias: Tensor,
): Promise<Step> {
  const m = X.shape[1];
  const outs = b.tidy(() => {
    const A = b.activation("sigmoid", b.binary("add", b.matmul(w, X, { transA: true }), bias));
    const dZ = b.binary("sub", A, Y);
    const terms = b.binary(
      "add",
      b.binary("mul", Y, b.unary("log", A)),
      b.binary("mul", b.unary("affine", Y, -1, 1), b.unary("log", b.unary("affine", A, -1, 1))),
    );
    return [
      b.unary("affine", b.matmul(X, dZ, { transB: true }), 1 / m, 0),
      b.unary("affine", b.sum(dZ), 1 / m, 0),
      b.unary("affine", b.sum(terms), -1 / m, 0),
    ];
  });
  const [dw, db, J] = await b.readMany(outs);
  outs.forEach((t) => t.dispose());
  return { dw, db: db[0], J: J[0] };
}

/** The two steps' differences, each scaled by the vectorised figure: [dw, db, J]. */
function stepDiff(loop: Step, vec: Step): number[] {
  return [
    scaledDiff(loop.dw, vec.dw),
    Math.abs(loop.db - vec.db) / Math.abs(vec.db),
    Math.abs(loop.J - vec.J) / Math.abs(vec.J),
  ];
}

/**
 * A two-layer network's output for every example, by "Algorithm 1" (for i = 1 … m, one column
 * at a time) and by "Algorithm 2" (Z[1] = W[1]X + b[1], …, on the whole matrix).
 */
async function twoLayer(
  b: Backend,
  rng: { randn(n: number): Float64Array },
  sizes: readonly [number, number, number],
  m: number,
): Promise<{ loop: number[]; vectorised: number[] }> {
  const [n0, n1, n2] = sizes;
  const X = b.fromArray(rng.randn(n0 * m), [n0, m]);
  const W1 = b.fromArray(rng.randn(n1 * n0), [n1, n0]);
  const b1 = b.fromArray(rng.randn(n1), [n1, 1]);
  const W2 = b.fromArray(rng.randn(n2 * n1), [n2, n1]);
  const b2 = b.fromArray(rng.randn(n2), [n2, 1]);
  const forward = (x: Tensor) =>
    b.activation(
      "sigmoid",
      b.binary(
        "add",
        b.matmul(W2, b.activation("sigmoid", b.binary("add", b.matmul(W1, x), b1))),
        b2,
      ),
    );
  const columns = Array.from(
    { length: m },
    (_, i) => b.tidy(() => forward(b.slice(X, 0, n0, i, i + 1))),
  );
  const A2 = b.tidy(() => forward(X));
  const read = await b.readMany([...columns, A2]);
  const a2 = read.pop()!;
  // Column i of the loop's outputs, in A2's row-major order (n2 rows of m).
  const loop = new Array<number>(n2 * m);
  read.forEach((col, i) => col.forEach((v, r) => loop[r * m + i] = v));
  [X, W1, b1, W2, b2, A2, ...columns].forEach((t) => t.dispose());
  return { loop, vectorised: Array.from(a2) };
}

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
    const b = ctx.backend;
    const rng = ctx.rng;
    const P = ctx.params.points;

    // Single examples: the formulas on the backend, differences of L on the host.
    const x1 = rng.randn(P), x2 = rng.randn(P), w1 = rng.randn(P), w2 = rng.randn(P);
    const bb = rng.randn(P);
    const y = Float64Array.from({ length: P }, (_, i) => (i + 1) % 2);
    const T = b.fromArray([...x1, ...x2, ...w1, ...w2, ...bb, ...y], [6, P]);
    const row = (r: number) => b.slice(T, r, r + 1, 0, P);
    const formulas = b.tidy(() => {
      const [X1, X2, W1, W2, B, Yr] = [0, 1, 2, 3, 4, 5].map(row);
      const z = b.binary(
        "add",
        b.binary("add", b.binary("mul", W1, X1), b.binary("mul", W2, X2)),
        B,
      );
      const a = b.activation("sigmoid", z);
      const oneMinusA = b.unary("affine", a, -1, 1);
      const dz = b.binary("sub", a, Yr);
      // Lecture 001: da = (a − y) / (a(1 − a)); lecture 002: −y/a + (1 − y)/(1 − a).
      const daL1 = b.binary("div", dz, b.binary("mul", a, oneMinusA));
      const daL2 = b.binary(
        "add",
        b.unary("neg", b.binary("div", Yr, a)),
        b.binary("div", b.unary("affine", Yr, -1, 1), oneMinusA),
      );
      return [a, dz, daL1, daL2, b.binary("mul", X1, dz), b.binary("mul", X2, dz)];
    });
    const [a, dz, daL1, daL2, dw1, dw2] = (await b.readMany(formulas)).map((v) => Array.from(v));
    [T, ...formulas].forEach((t) => t.dispose());
    const lossAt = (i: number, w1v: number, w2v: number, bv: number) =>
      loss(sigmoid(w1v * x1[i] + w2v * x2[i] + bv), y[i]);
    const idx = Array.from({ length: P }, (_, i) => i);
    const zOf = (i: number) => w1[i] * x1[i] + w2[i] * x2[i] + bb[i];
    const fd = {
      // da at the a the host computes (float64): the formula's a is the backend's.
      da: idx.map((i) => {
        const av = sigmoid(zOf(i));
        return diff((v) => loss(v, y[i]), av, FD_STEP * Math.min(av, 1 - av));
      }),
      dz: idx.map((i) => diff((zv) => loss(sigmoid(zv), y[i]), zOf(i), FD_STEP)),
      dw1: idx.map((i) => diff((v) => lossAt(i, v, w2[i], bb[i]), w1[i], FD_STEP)),
      dw2: idx.map((i) => diff((v) => lossAt(i, w1[i], v, bb[i]), w2[i], FD_STEP)),
      db: idx.map((i) => diff((v) => lossAt(i, w1[i], w2[i], v), bb[i], FD_STEP)),
    };
    const single = {
      dz: relErr(dz, fd.dz),
      daLecture1: relErr(daL1, fd.da),
      daLecture2: relErr(daL2, fd.da),
      dw1: relErr(dw1, fd.dw1),
      dw2: relErr(dw2, fd.dw2),
      db: relErr(dz, fd.db),
      aRange: [Math.min(...a), Math.max(...a)],
    };

    // The cost gradient on the planar flower: (1/m)·X·dZᵀ and (1/m)·Σ dZ against differences
    // of J(w, b) = (1/m)·Σ L.
    const planar = coursePlanar();
    const pm = planar.m;
    const theta = Array.from(rng.randn(3));
    const PX = b.fromArray(planar.X, [2, pm]);
    const PY = b.fromArray(planar.Y, [1, pm]);
    const pw = b.fromArray(theta.slice(0, 2), [2, 1]);
    const pb = b.fromArray([theta[2]], [1, 1]);
    const vecPlanar = await vectorStep(b, PX, PY, pw, pb);
    const cost = (t: readonly number[]) => {
      let J = 0;
      for (let i = 0; i < pm; i++) {
        J += loss(sigmoid(t[0] * planar.X[i] + t[1] * planar.X[pm + i] + t[2]), planar.Y[i]);
      }
      return J / pm;
    };
    const costFd = [0, 1, 2].map((j) =>
      diff((v) => cost(theta.map((t, k) => k === j ? v : t)), theta[j], FD_STEP)
    );
    const costGradient = relErr([...vecPlanar.dw, vecPlanar.db], costFd);

    // One gradient step, loop against vectorised: planar flower, then the cat images.
    const loopPlanar = await loopStep(b, PX, PY, pw, pb);
    [PX, PY, pw, pb].forEach((t) => t.dispose());
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
    const maxDiff = (r: { loop: number[]; vectorised: number[] }) =>
      r.loop.reduce((d, v, i) => Math.max(d, Math.abs(v - r.vectorised[i])), 0);

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
      observe: ({ outputs }) => {
        const s = outputs.single;
        return Math.max(s.daLecture1, s.dw1, s.dw2, s.db);
      },
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
      observe: ({ outputs }) => {
        const s = outputs.single;
        return Math.max(s.daLecture2, s.dz, s.dw1);
      },
    },
    {
      id: "lecture3-derivatives",
      text: "∂L/∂w₁ = x₁(a − y), ∂L/∂w₂ = x₂(a − y), ∂L/∂b = a − y, and ∂J/∂w = (1/m)·Σ ∂L/∂w " +
        "(largest relative difference from central differences)",
      source: lecture(3, "Cost function and GD implementation", "Final derivatives to be used"),
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs }) => {
        const s = outputs.single;
        return Math.max(s.dw1, s.dw2, s.db, outputs.costGradient);
      },
    },
    {
      id: "lecture0-gradients",
      text:
        "w_j := w_j − α·(a − y)·x_j, b := b − α·(a − y); dJ/dw_j = (1/m)·Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾)·x_j⁽ⁱ⁾ " +
        "and dJ/db = (1/m)·Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾) (largest relative difference from central differences)",
      source: lecture(0, "Gradient Descent for Training Dataset"),
      expected: 0,
      check: { kind: "near", tolerance: SINGLE },
      observe: ({ outputs }) => {
        const s = outputs.single;
        return Math.max(s.dw1, s.dw2, s.db, outputs.costGradient);
      },
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
