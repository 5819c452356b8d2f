/**
 * Logistic regression's derivatives as the lectures write them, held to fourth-order central
 * differences of the loss computed in float64 on the host from its definition: the single-example
 * formulas (da, dz, dw₁, dw₂, db) on the backend, and the cost's gradient over m examples.
 */
import type { XY } from "../../data/reg2d.ts";
import type { Backend } from "../../kernels/backend.ts";
import type { RandomState } from "../../numpy/rng.ts";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** The cross-entropy of one example, in float64 on the host. */
const loss = (a: number, y: number) => -(y * Math.log(a) + (1 - y) * Math.log(1 - a));
/** The fourth-order central difference of f at x with step h (error O(h⁴)). */
const diff = (f: (x: number) => number, x: number, h: number) =>
  (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
/** The step of the finite differences: truncation h⁴ ≈ 1e-12, rounding ε/h ≈ 1e-13. */
const FD_STEP = 1e-3;

/** Largest |formula − difference| / |difference| over paired values. */
export function relErr(formula: readonly number[], fd: readonly number[]): number {
  return formula.reduce((e, v, i) => Math.max(e, Math.abs(v - fd[i]) / Math.abs(fd[i])), 0);
}

/** Each formula's largest relative difference from the central differences, and a's range. */
export type SingleExampleErrors =
  & Record<"dz" | "daLecture1" | "daLecture2" | "dw1" | "dw2" | "db", number>
  & { aRange: number[] };

/**
 * At `P` single examples (x₁, x₂, w₁, w₂, b drawn with randn from `rng`, y alternately 1 and 0)
 * the backend computes the lectures' formulas — lecture 001's da = (a − y)/(a(1 − a)), lecture
 * 002's −y/a + (1 − y)/(1 − a), dz = a − y, dw₁ = x₁dz, dw₂ = x₂dz, db = dz — and the host takes
 * central differences of L.
 */
export async function singleExampleErrors(
  b: Backend,
  rng: RandomState,
  P: number,
): Promise<SingleExampleErrors> {
  const x1 = rng.randn(P), x2 = rng.randn(P), w1 = rng.randn(P), w2 = rng.randn(P);
  const bb = rng.randn(P);
  const y = Float64Array.from({ length: P }, (_, i) => (i + 1) % 2);
  const T = b.fromArray([...x1, ...x2, ...w1, ...w2, ...bb, ...y], [6, P]);
  const row = (r: number) => b.slice(T, r, r + 1, 0, P);
  const formulas = b.tidy(() => {
    const [X1, X2, W1, W2, B, Yr] = [0, 1, 2, 3, 4, 5].map(row);
    const z = b.binary("add", b.binary("add", b.binary("mul", W1, X1), b.binary("mul", W2, X2)), B);
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
  return {
    dz: relErr(dz, fd.dz),
    daLecture1: relErr(daL1, fd.da),
    daLecture2: relErr(daL2, fd.da),
    dw1: relErr(dw1, fd.dw1),
    dw2: relErr(dw2, fd.dw2),
    db: relErr(dz, fd.db),
    aRange: [Math.min(...a), Math.max(...a)],
  };
}

/** Central differences of J(w, b) = (1/m)·Σ L on two-feature `data` at θ = [w₁, w₂, b]. */
export function costDifferences(data: XY, theta: readonly number[]): number[] {
  const m = data.m;
  const cost = (t: readonly number[]) => {
    let J = 0;
    for (let i = 0; i < m; i++) {
      J += loss(sigmoid(t[0] * data.X[i] + t[1] * data.X[m + i] + t[2]), data.Y[i]);
    }
    return J / m;
  };
  return [0, 1, 2].map((j) =>
    diff((v) => cost(theta.map((t, k) => k === j ? v : t)), theta[j], FD_STEP)
  );
}
