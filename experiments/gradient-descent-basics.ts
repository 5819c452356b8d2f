/**
 * Lecture 001's gradient-descent slides, run: (w₁ − 2)², then logistic regression's simultaneous
 * update, the test ‖dw‖ ≤ ε = 10⁻⁴ and "What's wrong with the code?" (accumulators never reset).
 */
import { coursePlanar } from "../data/planar.ts";
import { descendUntilConverged, norm, oneStepForms } from "./lib/logistic_descent_forms.ts";
import { quadraticDescent, quadraticGridArgmin } from "./lib/quadratic_descent.ts";
import { uploadXY } from "./lib/two_d.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const QUADRATIC_STARTS = [5, -1] as const;
const STEPS_DOC = "gradient-descent steps on (w₁ − 2)²";
const CAP_DOC = "cap on the logistic-regression loop";

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
    quadraticSteps: { type: "integer", default: 200, min: 1, max: 100000, doc: STEPS_DOC },
    maxIterations: { type: "integer", default: 5000, min: 1, max: 1000000, doc: CAP_DOC },
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
    const { alpha, quadraticSteps } = ctx.params;
    // (w₁ − 2)²: its minimum on a grid, and gradient descent on it from w₁ = 5 and w₁ = −1.
    const gridArgmin = await quadraticGridArgmin(b);
    const quadratic = await quadraticDescent(b, QUADRATIC_STARTS, alpha, quadraticSteps, ctx.log);

    // Logistic regression on the planar flower, θ = [w₁, w₂, b] random: one step in the correct
    // and the incorrect form, then the loop until ‖dw‖ ≤ ε beside the slide's first version.
    const planar = coursePlanar();
    const { X, Y } = uploadXY(b, planar);
    const theta0 = Array.from(ctx.rng.randn(3));
    const { simultaneous, sequential } = await oneStepForms(b, X, Y, theta0, alpha);
    const loops = await descendUntilConverged(b, planar, X, Y, theta0, ctx.params, ctx.log);
    [X, Y].forEach((t) => t.dispose());
    return { gridArgmin, quadratic, theta0, simultaneous, sequential, ...loops };
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
        return `Stopped after ${c.stoppedAt} iterations (‖dw‖ = ` +
          `${c.stopGradNorm.toExponential(2)}), J − J* = ` +
          `${(c.stopJ - c.optimumJ).toExponential(2)}, ‖θ − θ*‖ = ${dist.toExponential(2)}. ` +
          `The slide's other test ‖w^{t+1} − w^t‖₂ ≤ ε with the same ε ` +
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
