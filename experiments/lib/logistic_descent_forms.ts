/**
 * Lecture 001's gradient-descent loop on logistic regression (θ = [w₁, w₂, b]), in its forms, on
 * the backend: one step in the slide's correct (simultaneous) and incorrect (sequential) form, and
 * the loop until ‖dw‖ ≤ ε beside the slide's first version, whose accumulators are never reset,
 * and where the loop stopped against the minimum that Newton's method finds.
 */
import type { XY } from "../../data/reg2d.ts";
import type { MetricRow } from "../../harness/experiment.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { logLikelihoodTerms } from "./log_likelihood.ts";
import { rowActivations, rowCrossEntropy } from "./logreg_rows.ts";

export const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** The cross-entropy gradient [dw₁, dw₂, db] and cost J at θ = [w₁, w₂, b] (one read). */
async function gradientAt(
  b: Backend,
  X: Tensor,
  Y: Tensor,
  theta: readonly number[],
): Promise<{ g: number[]; J: number }> {
  const m = X.shape[1];
  const W = b.fromArray(theta.slice(0, 2), [1, 2]);
  const B = b.fromArray([theta[2]], [1, 1]);
  const outs = b.tidy(() => {
    const A = rowActivations(b, W, B, X);
    const dZ = b.binary("sub", A, Y);
    return [
      b.unary("affine", b.matmul(dZ, X, { transB: true }), 1 / m, 0),
      b.mean(dZ, 1),
      rowCrossEntropy(b, A, Y),
    ];
  });
  const [dw, db, J] = await b.readMany(outs);
  [W, B, ...outs].forEach((t) => t.dispose());
  return { g: [dw[0], dw[1], db[0]], J: J[0] };
}

/**
 * One step from θ⁰ in the correct form (temp_j = θ_j − α·∂J/∂θ_j at θ⁰ for every j, then θ =
 * temp) and in the incorrect form (b first, then w₁, then w₂, each from the derivative at the θ
 * so far).
 */
export async function oneStepForms(
  b: Backend,
  X: Tensor,
  Y: Tensor,
  theta0: readonly number[],
  alpha: number,
): Promise<{ simultaneous: number[]; sequential: number[] }> {
  const g0 = await gradientAt(b, X, Y, theta0);
  const simultaneous = theta0.map((v, j) => v - alpha * g0.g[j]);
  const sequential = [...theta0];
  for (const j of [2, 0, 1]) {
    const { g } = await gradientAt(b, X, Y, sequential);
    sequential[j] -= alpha * g[j];
  }
  return { simultaneous, sequential };
}

/** Where the ‖dw‖ ≤ ε loop stopped, against Newton's minimum; and the slide's other test. */
export type Convergence = {
  stoppedAt: number | null;
  stopJ: number;
  stopGradNorm: number;
  thetaStop: number[];
  optimum: number[];
  optimumJ: number;
  /** The first iteration whose step ‖θ^{t+1} − θ^t‖ is ≤ ε, with J there (null: none). */
  weightRule: { iteration: number; J: number } | null;
};

/** The slide's first version: its gradient at iteration 2 against the second version's. */
export type FirstVersion = {
  secondIteration: { v1: number[]; v2: number[] } | null;
  thetaEnd: number[];
  reportedJ: number;
};

/**
 * Gradient descent from θ⁰ until ‖dw‖ ≤ ε (the slide's convergence test; at most
 * `maxIterations`, and at least 2), logging iteration, cost and ‖dw‖, with the slide's first
 * version alongside: its J, dw and db are never reset, so each iteration adds the new sums to
 * what is left of the last ones before dividing by m. Also the J the slide's loop accumulates,
 * J += [y log a + (1 − y) log(1 − a)], J /= m, against the cost at θ⁰.
 */
export async function descendUntilConverged(
  b: Backend,
  planar: XY,
  X: Tensor,
  Y: Tensor,
  theta0: readonly number[],
  { alpha, eps, maxIterations }: { alpha: number; eps: number; maxIterations: number },
  log: (row: MetricRow) => void,
): Promise<{
  convergence: Convergence;
  firstVersion: FirstVersion;
  slideLoopJ: { loopJ: number; costJ: number };
}> {
  const m = planar.m;
  const W = b.fromArray(theta0.slice(0, 2), [1, 2]);
  const B = b.fromArray([theta0[2]], [1, 1]);
  const W1 = b.fromArray(theta0.slice(0, 2), [1, 2]);
  const B1 = b.fromArray([theta0[2]], [1, 1]);
  const accDw = b.full([1, 2], 0), accDb = b.full([1, 1], 0), accJ = b.full([1, 1], 0);
  let stoppedAt: number | null = null, stopJ = NaN, stopGradNorm = NaN;
  let weightRule: { iteration: number; J: number } | null = null;
  let secondIteration: { v1: number[]; v2: number[] } | null = null;
  let loopJ = NaN, costJ = NaN;
  for (let it = 1; it <= maxIterations; it++) {
    const outs = b.tidy(() => {
      const A = rowActivations(b, W, B, X);
      const dZ = b.binary("sub", A, Y);
      const dw = b.unary("affine", b.matmul(dZ, X, { transB: true }), 1 / m, 0);
      const db = b.mean(dZ, 1);
      const J = rowCrossEntropy(b, A, Y);
      // The slide's J: J += [y log a + (1 − y) log(1 − a)] over the examples, J /= m.
      const slideJ = b.mean(logLikelihoodTerms(b, A, Y), 1);
      // The first version, with accumulators carried over from the last iteration.
      const A1 = rowActivations(b, W1, B1, X);
      const dZ1 = b.binary("sub", A1, Y);
      const term = logLikelihoodTerms(b, A1, Y);
      b.assign(accJ, b.unary("affine", b.binary("add", accJ, b.sum(term, 1)), 1 / m, 0));
      b.assign(
        accDw,
        b.unary("affine", b.binary("add", accDw, b.matmul(dZ1, X, { transB: true })), 1 / m, 0),
      );
      b.assign(accDb, b.unary("affine", b.binary("add", accDb, b.sum(dZ1, 1)), 1 / m, 0));
      return [dw, db, J, slideJ];
    });
    const read = await b.readMany([...outs, W, B, accDw, accDb]);
    const [dw, db, J, slideJ, w, bias, dw1, db1] = read;
    const grad = [dw[0], dw[1], db[0]];
    const gradNorm = norm(grad);
    log({ iteration: it - 1, cost: J[0], gradNorm });
    if (it === 1) {
      loopJ = slideJ[0];
      costJ = J[0];
    }
    if (it === 2) secondIteration = { v1: [dw1[0], dw1[1], db1[0]], v2: grad };
    if (gradNorm <= eps && stoppedAt === null) {
      stoppedAt = it - 1;
      stopJ = J[0];
      stopGradNorm = gradNorm;
    }
    b.tidy(() => {
      b.update(W, outs[0], alpha);
      b.update(B, outs[1], alpha);
      b.update(W1, accDw, alpha);
      b.update(B1, accDb, alpha);
    });
    outs.forEach((t) => t.dispose());
    if (weightRule === null) {
      const [w2, b2] = await b.readMany([W, B]);
      const step = norm([w2[0] - w[0], w2[1] - w[1], b2[0] - bias[0]]);
      if (step <= eps) weightRule = { iteration: it, J: J[0] };
    }
    if (stoppedAt !== null && it >= 2) break;
  }
  const [wEnd, bEnd, w1End, b1End, j1End] = await b.readMany([W, B, W1, B1, accJ]);
  const star = newtonMinimum(planar.X, planar.Y, m);
  [W, B, W1, B1, accDw, accDb, accJ].forEach((t) => t.dispose());
  return {
    convergence: {
      stoppedAt,
      stopJ,
      stopGradNorm,
      thetaStop: [wEnd[0], wEnd[1], bEnd[0]],
      optimum: star.theta,
      optimumJ: star.J,
      weightRule,
    },
    firstVersion: {
      secondIteration,
      thetaEnd: [w1End[0], w1End[1], b1End[0]],
      reportedJ: j1End[0],
    },
    slideLoopJ: { loopJ, costJ },
  };
}

/**
 * The cross-entropy minimum of logistic regression on (X, Y) by Newton's method in float64 on
 * the host (a different algorithm from gradient descent, to 1e-15): θ* and J*.
 */
function newtonMinimum(X: Float64Array, Y: Float64Array, m: number) {
  const th = [0, 0, 0];
  const row = (i: number) => [X[i], X[m + i], 1];
  const cost = () => {
    let J = 0;
    for (let i = 0; i < m; i++) {
      const x = row(i);
      const a = 1 / (1 + Math.exp(-(th[0] * x[0] + th[1] * x[1] + th[2])));
      J -= Y[i] * Math.log(a) + (1 - Y[i]) * Math.log(1 - a);
    }
    return J / m;
  };
  for (let it = 0; it < 50; it++) {
    const g = [0, 0, 0];
    const H = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (let i = 0; i < m; i++) {
      const x = row(i);
      const a = 1 / (1 + Math.exp(-(th[0] * x[0] + th[1] * x[1] + th[2])));
      for (let r = 0; r < 3; r++) {
        g[r] += (a - Y[i]) * x[r] / m;
        for (let c = 0; c < 3; c++) H[r][c] += a * (1 - a) * x[r] * x[c] / m;
      }
    }
    // Solve H·δ = g by Gaussian elimination with partial pivoting.
    const M = H.map((r, i) => [...r, g[i]]);
    for (let c = 0; c < 3; c++) {
      const p = [c, c + 1, c + 2].filter((r) => r < 3)
        .reduce((best, r) => Math.abs(M[r][c]) > Math.abs(M[best][c]) ? r : best, c);
      [M[c], M[p]] = [M[p], M[c]];
      for (let r = c + 1; r < 3; r++) {
        const f = M[r][c] / M[c][c];
        for (let k = c; k < 4; k++) M[r][k] -= f * M[c][k];
      }
    }
    const d = [0, 0, 0];
    for (let r = 2; r >= 0; r--) {
      let s = M[r][3];
      for (let k = r + 1; k < 3; k++) s -= M[r][k] * d[k];
      d[r] = s / M[r][r];
    }
    for (let r = 0; r < 3; r++) th[r] -= d[r];
  }
  return { theta: th, J: cost() };
}
