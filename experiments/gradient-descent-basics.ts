/**
 * Lecture 001's gradient-descent slides, run: J(w₁) = (w₁ − 2)² has its minimum at 2 and
 * gradient descent on it moves w left where the slope is positive and right where it is
 * negative; on logistic regression (the planar flower, lecture 001's w₁, w₂, b) the
 * simultaneous update against the slide's incorrect sequential form, the convergence test
 * ‖dw‖ ≤ ε = 10⁻⁴, and the slide "What's wrong with the code?" (accumulators never reset).
 */
import { coursePlanar } from "../data/planar.ts";
import type { Backend, Tensor } from "../kernels/backend.ts";
import { rowActivations, rowCrossEntropy } from "./lib/logreg_rows.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

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

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

const QUADRATIC_STARTS = [5, -1] as const;

export default defineExperiment({
  id: "gradient-descent-basics",
  title: "Gradient descent as lecture 001 states it: (w₁ − 2)², simultaneous update, ‖dw‖ ≤ 10⁻⁴",
  source: lecture(1, "Gradient Descent"),
  description: "J(w₁) = (w₁ − 2)² on the backend: J on a grid w₁ = −3 … 7 in steps of 0.01, and " +
    "`quadraticSteps` steps of w₁ ← w₁ − α·2(w₁ − 2) from w₁ = 5 and w₁ = −1. Logistic " +
    "regression with the cross-entropy on the course's planar flower (x₁, x₂; 400 points), " +
    "θ = [w₁, w₂, b] drawn at random (randn, seeded) as lecture 001's loop does: one step in the " +
    "slide's correct form (both partial derivatives at the old θ, then assigned) and in its " +
    "incorrect form (b first, then w₁ and w₂ each from the derivative at the partly updated θ); " +
    "then gradient descent until ‖dw‖ = ‖[dw₁, dw₂, db]‖ ≤ `eps` (at most `maxIterations`), " +
    "its cost against the minimum J* found by Newton's method in float64 on the host; the same " +
    "number of steps of the slide's first version, whose J, dw and db are set to 0 once, before " +
    "Repeat; and the J its loop accumulates, J += [y log a + (1 − y) log(1 − a)], J /= m.",
  params: {
    alpha: { type: "number", default: 0.1, min: 0, doc: "learning rate α" },
    eps: { type: "number", default: 1e-4, min: 0, doc: "convergence test ‖dw‖ ≤ ε" },
    quadraticSteps: {
      type: "integer",
      default: 200,
      min: 1,
      max: 100000,
      doc: "gradient-descent steps on (w₁ − 2)²",
    },
    maxIterations: {
      type: "integer",
      default: 5000,
      min: 1,
      max: 1000000,
      doc: "cap on the logistic-regression loop",
    },
  },
  seeds: [1],
  charts: [
    {
      name: "quadratic",
      title: "w₁ under gradient descent on (w₁ − 2)²",
      kind: "line",
      x: "step",
      y: "w1",
      color: "start",
      xTitle: "Step",
      yTitle: "w₁",
    },
    {
      name: "convergence-test",
      title: "‖dw‖ on the planar flower until ‖dw‖ ≤ ε",
      kind: "line",
      x: "iteration",
      y: "gradNorm",
      log10: true,
      xTitle: "Iteration",
      yTitle: "log10 ‖dw‖",
    },
  ],
  async run(ctx) {
    const b = ctx.backend;
    const { alpha, eps, quadraticSteps, maxIterations } = ctx.params;

    // (w₁ − 2)² on a grid: w₁ = (i − 300)/100, so w₁ = 2 is on it exactly.
    const grid = Array.from({ length: 1001 }, (_, i) => (i - 300) / 100);
    const G = b.fromArray(grid, [1, grid.length]);
    const JG = b.tidy(() => b.unary("square", b.unary("affine", G, 1, -2)));
    const jGrid = await b.read(JG);
    G.dispose();
    JG.dispose();
    let best = 0;
    jGrid.forEach((v, i) => {
      if (v < jGrid[best]) best = i;
    });
    const gridArgmin = grid[best];

    // Gradient descent on (w₁ − 2)²: w₁ ← w₁ − α·dJ/dw₁, dJ/dw₁ = 2(w₁ − 2), on the backend.
    const quadratic: { start: number; firstStep: number; final: number }[] = [];
    for (const start of QUADRATIC_STARTS) {
      const w = b.fromArray([start], [1, 1]);
      const trace = [];
      for (let s = 1; s <= quadraticSteps; s++) {
        b.tidy(() => b.update(w, b.unary("affine", w, 2, -4), alpha));
        trace.push(b.tidy(() => b.unary("affine", w, 1, 0)));
      }
      const values = await b.readMany(trace);
      trace.forEach((t) => t.dispose());
      w.dispose();
      ctx.log({ start: `w₁ = ${start}`, step: 0, w1: start });
      values.forEach((v, s) => ctx.log({ start: `w₁ = ${start}`, step: s + 1, w1: v[0] }));
      quadratic.push({ start, firstStep: values[0][0] - start, final: values.at(-1)![0] });
    }

    // Logistic regression on the planar flower, θ = [w₁, w₂, b] random.
    const planar = coursePlanar();
    const X = b.fromArray(planar.X, [2, planar.m]);
    const Y = b.fromArray(planar.Y, [1, planar.m]);
    const theta0 = Array.from(ctx.rng.randn(3));

    // One step, correct form: temp_j = θ_j − α·∂J/∂θ_j at θ⁰ for every j, then θ = temp.
    const g0 = await gradientAt(b, X, Y, theta0);
    const simultaneous = theta0.map((v, j) => v - alpha * g0.g[j]);
    // Incorrect form: b first, then w₁, then w₂, each from the derivative at the θ so far.
    const sequential = [...theta0];
    for (const j of [2, 0, 1]) {
      const { g } = await gradientAt(b, X, Y, sequential);
      sequential[j] -= alpha * g[j];
    }

    // Gradient descent until ‖dw‖ ≤ ε (the slide's convergence test), and the slide's first
    // version alongside: its J, dw and db are never reset, so each iteration adds the new sums
    // to what is left of the last ones before dividing by m.
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
        const slideJ = b.mean(
          b.binary(
            "add",
            b.binary("mul", b.unary("log", A), Y),
            b.binary(
              "mul",
              b.unary("log", b.unary("affine", A, -1, 1)),
              b.unary("affine", Y, -1, 1),
            ),
          ),
          1,
        );
        // The first version, with accumulators carried over from the last iteration.
        const A1 = rowActivations(b, W1, B1, X);
        const dZ1 = b.binary("sub", A1, Y);
        const term = b.binary(
          "add",
          b.binary("mul", b.unary("log", A1), Y),
          b.binary(
            "mul",
            b.unary("log", b.unary("affine", A1, -1, 1)),
            b.unary("affine", Y, -1, 1),
          ),
        );
        b.assign(accJ, b.unary("affine", b.binary("add", accJ, b.sum(term, 1)), 1 / m, 0));
        b.assign(
          accDw,
          b.unary("affine", b.binary("add", accDw, b.matmul(dZ1, X, { transB: true })), 1 / m, 0),
        );
        b.assign(accDb, b.unary("affine", b.binary("add", accDb, b.sum(dZ1, 1)), 1 / m, 0));
        return [dw, db, J, slideJ];
      });
      const [dw, db, J, slideJ, w, bias, dw1, db1] = await b.readMany([
        ...outs,
        W,
        B,
        accDw,
        accDb,
      ]);
      const grad = [dw[0], dw[1], db[0]];
      const gradNorm = norm(grad);
      ctx.log({ iteration: it - 1, cost: J[0], gradNorm });
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
    [X, Y, W, B, W1, B1, accDw, accDb, accJ].forEach((t) => t.dispose());

    return {
      gridArgmin,
      quadratic,
      theta0,
      simultaneous,
      sequential,
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
  },
  claims: [
    {
      id: "minimum-at-2",
      chart: "quadratic",
      text: "If J(w₁) = (w₁ − 2)², dJ/dw₁ = 2(w₁ − 2) = 0 gives w₁ = 2 (the smallest J on a " +
        "grid w₁ = −3 … 7 in steps of 0.01 is at)",
      source: lecture(1, "Cost Function", "If $J(w_1) = (w_1 - 2)^2$"),
      expected: 2,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.gridArgmin,
    },
    {
      id: "descent-reaches-2",
      chart: "quadratic",
      text: "Gradient descent w₁ ← w₁ − α·dJ/dw₁ on (w₁ − 2)² converges to w₁ = 2 (w₁ after " +
        "200 steps at α = 0.1 from w₁ = 5 and from w₁ = −1)",
      source: lecture(1, "Cost Function", "w_1 = 2"),
      expected: 2,
      check: {
        kind: "near",
        tolerance: {
          float64: 1.12e-15,
          float32: 5.97e-7,
          basis: "references/quadratic_descent.json: w stops moving once α·|2(w − 2)| is below " +
            "half an ulp of 2, i.e. within 2.5 ulp of 2 (1.1·10⁻¹⁵ in float64, 6.0·10⁻⁷ in " +
            "float32); NumPy ends at 2 + 2 ulp and 2 − 1 ulp in both, as the backends do",
        },
      },
      when: { alpha: 0.1, quadraticSteps: 200 },
      observe: ({ outputs }) => outputs.quadratic.map((q) => q.final),
    },
    {
      id: "positive-slope-moves-left",
      chart: "quadratic",
      text: "dJ(w)/dw > 0, α > 0 ⇒ w² = w¹ − α·dJ(w¹)/dw¹: w gets smaller and we move left " +
        "(first step from w₁ = 5, where the slope is 6)",
      source: lecture(1, "Gradient Descent", "w کوچکتر میشود و به سمت چپ حرکت میکنیم."),
      expected: 0,
      check: { kind: "below" },
      observe: ({ outputs }) => outputs.quadratic.find((q) => q.start === 5)!.firstStep,
    },
    {
      id: "negative-slope-moves-right",
      chart: "quadratic",
      text: "dJ(w)/dw < 0, α > 0 ⇒ w² = w¹ − α·dJ(w¹)/dw¹: w gets larger and we move right " +
        "(first step from w₁ = −1, where the slope is −6)",
      source: lecture(1, "Gradient Descent", "w بزرگتر میشود و به سمت راست حرکت میکنیم."),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => outputs.quadratic.find((q) => q.start === -1)!.firstStep,
    },
    {
      id: "sequential-update-differs",
      text: "Updating all w_j simultaneously (temp0, temp1, then assign) is the correct form; " +
        "the incorrect form (b updated before dJ/dw₁ is taken) gives a different step: " +
        "largest |θ_incorrect − θ_correct| after one step on the planar flower",
      source: lecture(1, "Gradient Descent", "Incorrect form"),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) =>
        Math.max(...outputs.sequential.map((v, j) => Math.abs(v - outputs.simultaneous[j]))),
      note: ({ outputs }) =>
        `From θ⁰ = [${outputs.theta0.map((v) => v.toFixed(4)).join(", ")}]: correct form ` +
        `[${outputs.simultaneous.map((v) => v.toFixed(6)).join(", ")}], incorrect form ` +
        `[${outputs.sequential.map((v) => v.toFixed(6)).join(", ")}].`,
    },
    {
      id: "dw-test-stops-at-minimum",
      chart: "convergence-test",
      text: "Repeat until convergence, ‖dw‖ ≤ ε = 10⁻⁴: the loop stops, and the cost there " +
        "equals the minimum J* (found by Newton's method) to 6 decimals (|J − J*| at the stop)",
      source: project(
        "Lecture 001 gives the test ‖dw‖ ≤ ε = 10⁻⁴ and no figure for where it stops; 10⁻⁶ is " +
          "the sixth decimal, to which the course prints costs (J* ≈ 0.673 here)",
      ),
      expected: 1e-6,
      check: { kind: "atMost" },
      when: { eps: 1e-4 },
      observe: ({ outputs }) => {
        const c = outputs.convergence;
        return c.stoppedAt === null ? null : Math.abs(c.stopJ - c.optimumJ);
      },
      note: ({ outputs }) => {
        const c = outputs.convergence;
        const dist = norm(c.thetaStop.map((v, i) => v - c.optimum[i]));
        const wr = c.weightRule;
        return `Stopped after ${c.stoppedAt} iterations (‖dw‖ = ${
          c.stopGradNorm.toExponential(2)
        }` +
          `), J − J* = ${(c.stopJ - c.optimumJ).toExponential(2)}, ‖θ − θ*‖ = ` +
          `${dist.toExponential(2)}. The slide's other test ‖w^{t+1} − w^t‖₂ ≤ ε with the same ε ` +
          (wr
            ? `stops after ${wr.iteration} iterations with J − J* = ` +
              `${(wr.J - c.optimumJ).toExponential(2)} (it tests α·‖dw‖).`
            : `did not stop first.`);
      },
    },
    {
      id: "first-version-is-wrong",
      text: "What's wrong with the code? In the first version J, dw₁, dw₂ and db are set to 0 " +
        "once, before Repeat: from the second iteration its gradients differ from the second " +
        "version's, which resets them (largest |difference| of [dw₁, dw₂, db] at iteration 2)",
      source: lecture(1, "Logistic regression on m examples", "What's wrong with the code?"),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => {
        const s = outputs.firstVersion.secondIteration;
        return s === null ? null : Math.max(...s.v1.map((v, i) => Math.abs(v - s.v2[i])));
      },
      note: ({ outputs }) => {
        const f = outputs.firstVersion, c = outputs.convergence;
        const dist = norm(f.thetaEnd.map((v, i) => v - c.thetaStop[i]));
        return `Each iteration adds 1/m of the last sums (m = 400), so the effect is small: after ` +
          `${c.stoppedAt} iterations the two versions' θ differ by ${dist.toExponential(2)} and ` +
          `the first version reports J = ${f.reportedJ.toFixed(6)}, the minimum J* = ` +
          `${c.optimumJ.toFixed(6)} times −m/(m − 1) (the sign: see loop-j-is-the-cost).`;
      },
    },
    {
      id: "loop-j-is-the-cost",
      text:
        "The loop's J += [y⁽ⁱ⁾ Log a⁽ⁱ⁾ + (1 − y⁽ⁱ⁾) Log(1 − a⁽ⁱ⁾)], J /= m is the cost J(w, b), " +
        "a cross-entropy, which is positive (the loop's J at the random start)",
      source: lecture(1, "Logistic regression on m examples", "J /= m;"),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => outputs.slideLoopJ.loopJ,
      note: ({ outputs }) =>
        `The loop's J is ${outputs.slideLoopJ.loopJ.toFixed(6)}, the cost J(w, b) is ` +
        `${outputs.slideLoopJ.costJ.toFixed(6)}: the slide's loop lacks the minus sign of the ` +
        `cost function (lectures 002 and 003 write J += −[…]).`,
      diverges: {
        reason:
          "Both versions of lecture 001's loop accumulate J += [y log a + (1 − y) log(1 − a)] " +
          "without the minus sign of its own cost function J(w, b) = −(1/m)Σ[…], so the loop's J " +
          "is −J(w, b): −1.420040 against 1.420040 at the random start here (float64 and float32).",
      },
    },
  ],
});
