/**
 * The lectures' for-loop over the examples against their vectorised computation, both on the
 * backend: one gradient-descent step of logistic regression (lecture 001's loop, one column at a
 * time, against Z = wᵀX + b, …), and a two-layer network's output by "Algorithm 1" (one example
 * at a time) against "Algorithm 2" (the whole matrix).
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { logLikelihoodTerms } from "./log_likelihood.ts";

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
export type Step = { dw: Float64Array; db: number; J: number };

/**
 * Lecture 001's loop "Logistic regression on m examples" (lecture 002 with dw a vector, one loop
 * removed): for i = 1 … m, z = wᵀx⁽ⁱ⁾ + b, a = σ(z), J += −[y log a + (1 − y) log(1 − a)],
 * dz = a − y, dw += x⁽ⁱ⁾dz, db += dz; then J /= m, dw /= m, db /= m. Each example is a column
 * slice, every operation a backend op.
 */
export async function loopStep(
  b: Backend,
  X: Tensor,
  Y: Tensor,
  w: Tensor,
  bias: Tensor,
): Promise<Step> {
  const [n, m] = X.shape;
  const J = b.full([1, 1], 0), dw = b.full([n, 1], 0), db = b.full([1, 1], 0);
  for (let i = 0; i < m; i++) {
    b.tidy(() => {
      const x = b.slice(X, 0, n, i, i + 1);
      const y = b.slice(Y, 0, 1, i, i + 1);
      const z = b.binary("add", b.matmul(w, x, { transA: true }), bias);
      const a = b.activation("sigmoid", z);
      const l = b.unary("neg", logLikelihoodTerms(b, a, y));
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
export async function vectorStep(
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
    const terms = logLikelihoodTerms(b, A, Y);
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
export function stepDiff(loop: Step, vec: Step): number[] {
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
export async function twoLayer(
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
  const layer = (W: Tensor, bias: Tensor, a: Tensor) =>
    b.activation("sigmoid", b.binary("add", b.matmul(W, a), bias));
  const forward = (x: Tensor) => layer(W2, b2, layer(W1, b1, x));
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

/** Largest |loop − vectorised| over a two-layer network's outputs. */
export function maxDiff(r: { loop: number[]; vectorised: number[] }): number {
  return r.loop.reduce((d, v, i) => Math.max(d, Math.abs(v - r.vectorised[i])), 0);
}
