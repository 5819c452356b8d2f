/**
 * Lecture 004's quadratic cost example: y = 2x + 4 on x = 1..8 with w = 3, b = 2 gives
 * a = [5, 8, …, 26] and C = 5.75, and gradient descent from there finds w = 2, b = 4.
 */
import { toyLine } from "../data/toy.ts";
import { readAndFree } from "./lib/host_arrays.ts";
import { LineFit } from "./lib/line_fit.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";
import { learningRate } from "./lib/param_specs.ts";

const MLP = "Multi Layer Perceptron (MLP)";

export default defineExperiment({
  id: "quadratic-cost",
  title: "Quadratic cost of a line, and gradient descent to its minimum",
  source: lecture(4, MLP),
  description:
    "Targets t = 2x + 4 on x = 1..8; model a = w·x + b; C(w, b) = 1/(2n)·Σ (t − a)². The cost " +
    "at w = 3, b = 2, then batch gradient descent from there (∂C/∂w = (1/n)·Σ (a − t)·x, " +
    "∂C/∂b = (1/n)·Σ (a − t)). The first-order approximation C(w + ε, b) ≈ C(w, b) + " +
    "ε·∂C/∂w is measured at the initial point with ε = epsilon.",
  params: {
    w: { type: "number", default: 3, doc: "initial weight" },
    b: { type: "number", default: 2, doc: "initial bias" },
    lr: learningRate(0.03, { min: 1e-3, max: 0.05 }),
    iterations: { type: "integer", default: 5000, min: 1, max: 1000000, doc: "gradient steps" },
    epsilon: { type: "number", default: 0.01, doc: "ε of the first-order check at the start" },
  },
  seeds: [1],
  charts: [{
    name: "cost",
    title: "Quadratic cost during gradient descent",
    kind: "line",
    x: "iteration",
    y: "cost",
    log10: true,
    yTitle: "log10(C)",
  }],
  async run(ctx) {
    const be = ctx.backend;
    const { lr, iterations, epsilon } = ctx.params;
    const fit = new LineFit(be, toyLine(), ctx.params.w, ctx.params.b);
    // The initial outputs, ∂C/∂w there, and C one step ε along w (the first-order check).
    const initial = be.tidy(() => fit.outputs());
    const dCdw = be.tidy(() => fit.dCdw(initial));
    const shifted = be.tidy(() => fit.cost(fit.outputs(ctx.params.w + epsilon)));
    const logged = await fit.descend(lr, iterations, Math.max(1, Math.floor(iterations / 50)));
    logged.forEach((row) => ctx.log(row));
    const read = [fit.w, fit.b, initial, dCdw, shifted];
    const [[w], [b], initialOutputs, [dw], [shiftedCost]] = await readAndFree(be, read);
    fit.dispose();
    const costs = logged.map((l) => l.cost);
    return {
      initialOutputs,
      initialCost: costs[0],
      finalCost: costs.at(-1)!,
      minCost: Math.min(...costs),
      w,
      b,
      firstOrder: { dCdw: dw, shiftedCost },
    };
  },
  claims: [
    {
      id: "outputs",
      text: "For w = 3, b = 2: α = [5, 8, 11, 14, 17, 20, 23, 26]",
      source: lecture(4, MLP, "alpha = [5, 8, 11, 14, 17, 20, 23, 26]"),
      expected: [5, 8, 11, 14, 17, 20, 23, 26],
      check: { kind: "equals" },
      when: { w: 3, b: 2 },
      observe: ({ outputs }) => outputs.initialOutputs,
    },
    {
      id: "cost-5.75",
      chart: "cost",
      text: "For w = 3, b = 2: C(w, b) = ((6 − 5)² + (8 − 8)² + … + (20 − 26)²) / 16 = 5.75",
      source: lecture(4, MLP, "(20-26)^2}{16} = 5.75"),
      expected: 5.75,
      // Every term is an integer and 92 / 16 is exact in binary: exact in float32 too.
      check: { kind: "equals" },
      when: { w: 3, b: 2 },
      observe: ({ outputs }) => outputs.initialCost,
    },
    {
      id: "non-negative",
      chart: "cost",
      text: "C(w, b) is non-negative: the smallest cost logged during gradient descent",
      source: lecture(4, MLP, "$C(w, b)$  is non-negative"),
      expected: 0,
      check: { kind: "atLeast" },
      observe: ({ outputs }) => outputs.minCost,
    },
    {
      id: "converges-to-line",
      text: "The aim is to minimize the cost C(w, b) using gradient descent: from w = 3, b = 2 " +
        "(lr 0.03, 5000 steps) it finds w = 2, b = 4, the line y = 2x + 4",
      source: lecture(4, MLP, "The aim of our training algorithm will be to minimize the cost"),
      expected: [2, 4],
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 3e-5,
          basis: "NumPy float32 of the same steps stops at w = 2.0000038, b = 3.9999785 " +
            "(references/quadratic_cost.py → .json): its last steps round away in b",
        },
      },
      when: { w: 3, b: 2, lr: 0.03, iterations: 5000 },
      observe: ({ outputs }) => [outputs.w, outputs.b],
    },
    {
      id: "cost-near-zero",
      chart: "cost",
      text: "C(w, b) becomes small, i.e. C(w, b) ≈ 0 when t ≈ α: the cost after gradient " +
        "descent (lr 0.03, 5000 steps)",
      source: lecture(4, MLP, "becomes small i.e"),
      expected: 0,
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-15,
          float32: 1e-9,
          basis: "NumPy float32 of the same steps ends at C = 4.7e-11 " +
            "(references/quadratic_cost.py → .json)",
        },
      },
      when: { w: 3, b: 2, lr: 0.03, iterations: 5000 },
      observe: ({ outputs }) => outputs.finalCost,
    },
    {
      id: "first-order-approximation",
      text: "Minimize some function: f(x + ε) ≈ f(x) + ε f′(x): at w = 3, b = 2 with ε = " +
        "0.01, the error of C(w, b) + ε·∂C/∂w against C(w + ε, b), relative to the change " +
        "C(w + ε, b) − C(w, b)",
      source: project(
        "0.01: the slide's ≈ read as 1 % of the change; the error is exactly " +
          "ε²·Σx²/(2n) = 0.001275 against a change of 0.166275 (0.77 %), since C is quadratic",
      ),
      expected: 0.01,
      check: { kind: "below" },
      when: { w: 3, b: 2, epsilon: 0.01 },
      observe: ({ outputs: o, params }) => {
        const change = o.firstOrder.shiftedCost - o.initialCost;
        return Math.abs(change - params.epsilon * o.firstOrder.dCdw) / Math.abs(change);
      },
      note: ({ outputs: o }) =>
        `∂C/∂w = ${o.firstOrder.dCdw}; C(3.01, 2) = ${o.firstOrder.shiftedCost}.`,
    },
  ],
});
