/**
 * Lecture 004's "Perceptron's delta rule", Δw = η(t − o)i: for linear units it is gradient
 * descent on E_p = ½Σ(t − o)², and so it "minimizes the squares of the differences … summed over
 * … all pairs of input/output vectors". Checked against finite differences of E_p, applied
 * pattern by pattern to the lecture's line data, and summed over lecture 002's Iris selection.
 */
import { toyLine } from "../data/toy.ts";
import type { Tensor } from "../kernels/backend.ts";
import { trainAdalineGD, trainAdalineSGD } from "../nn/adaline.ts";
import { linearUnitSse, uploadIris } from "./lib/adaline_iris.ts";
import { readAndFree } from "./lib/host_arrays.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const MLP = "Multi Layer Perceptron (MLP)";
const MINIMIZES = "For linear units, this rule minimizes the squares of the differences between " +
  "the actual and the desired output values summed over the output units and all pairs of " +
  "input/output vectors.";
const REFERENCE = "references/delta_rule.py → references/delta_rule.json";

export default defineExperiment({
  id: "delta-rule",
  title: "The delta rule: gradient descent on the squared error of a linear unit",
  source: lecture(4, MLP, "Perceptron's delta rule"),
  description: "A linear unit o = w·x + b (the bias a weight on an input of 1). (1) On the " +
    "lecture's line data (t = 2x + 4, x = 1..8) at w = 3, b = 2: the rule's step η(t − o)·[x, 1] " +
    "per pattern against −η times the central finite difference (step h) of E_p = ½(t − o)², " +
    "computed by the backend. (2) The rule applied pattern by pattern in file order from zero " +
    "weights (nn/adaline.ts's SGD, no shuffling) for `epochs` epochs on the line data. (3) The " +
    "rule summed over all patterns (lecture 002's AdalineGD) for `irisEpochs` epochs on the " +
    "standardised Iris selection, against the least-squares minimum of E.",
  params: {
    eta: { type: "number", default: 0.01, min: 0, doc: "learning rate η" },
    h: { type: "number", default: 1e-3, min: 0, doc: "finite-difference step" },
    epochs: { type: "integer", default: 1000, min: 1, max: 100000, doc: "online epochs (line)" },
    irisEpochs: { type: "integer", default: 200, min: 1, max: 100000, doc: "summed-rule epochs" },
  },
  quick: { epochs: 200 },
  seeds: [1],
  charts: [{
    name: "line-cost",
    title: "E = ½Σ(t − o)² on the line data, pattern-by-pattern delta rule",
    kind: "line",
    x: "epoch",
    y: "E",
    log10: true,
    xTitle: "Epoch",
    yTitle: "log10(E)",
  }],
  async run(ctx) {
    const be = ctx.backend;
    const { eta, h, epochs } = ctx.params;
    const line = toyLine();
    const x = be.fromArray(line.X, [1, line.m]);
    const t = be.fromArray(line.Y, [1, line.m]);
    // (1) The rule's step and the finite-difference gradient of E_p, per pattern, at (3, 2).
    const err = (w: number, b: number) => be.binary("sub", t, be.unary("affine", x, w, b));
    const ep = (w: number, b: number) => be.unary("affine", be.unary("square", err(w, b)), 0.5, 0);
    const fd = (p: Tensor, q: Tensor) => be.unary("affine", be.binary("sub", p, q), 1 / (2 * h), 0);
    const [rw, rb, gw, gb] = await readAndFree(be, [
      be.tidy(() => be.unary("affine", be.binary("mul", err(3, 2), x), eta, 0)),
      be.tidy(() => be.unary("affine", err(3, 2), eta, 0)),
      be.tidy(() => fd(ep(3 + h, 2), ep(3 - h, 2))),
      be.tidy(() => fd(ep(3, 2 + h), ep(3, 2 - h))),
    ]);
    const rule = [...rw, ...rb], finiteDifference = [...gw, ...gb];
    const worst = Math.max(...rule.map((r, i) => Math.abs(r + eta * finiteDifference[i])));
    // (2) Pattern by pattern on the line data, from zero weights, in file order.
    const sgd = { eta, epochs, shuffle: false, initial: "zeros", cost: "sse" } as const;
    const online = await trainAdalineSGD(be, x, t, ctx.rng, sgd);
    [x, t].forEach((v) => v.dispose());
    online.costs.forEach((E, i) => ctx.log({ epoch: i + 1, E }));
    // (3) Summed over the Iris patterns (batch), against the least-squares minimum.
    const iris = uploadIris(be, { standardize: true });
    const summed = await trainAdalineGD(be, iris.x, iris.y, eta, ctx.params.irisEpochs);
    // trainAdalineGD records E before each update: E after the last one is one more forward.
    const irisE = await linearUnitSse(be, summed.weights, iris.x, iris.y);
    iris.dispose();
    return {
      ruleVsGradient: worst / Math.max(...rule.map(Math.abs)),
      rule,
      finiteDifference,
      online: { weights: online.weights, finalE: online.costs.at(-1)! },
      iris: { finalE: irisE, weights: summed.weights },
    };
  },
  claims: [
    {
      id: "rule-is-gradient-step",
      text: "Δ_p w = η(t − o)i is a step down the gradient of E_p = ½(t − o)² for a linear " +
        "unit: on the line data at w = 3, b = 2, the largest difference between the rule's " +
        "step and −η·(finite-difference ∂E_p/∂w), relative to the largest step",
      source: project(
        "two computations of one step agree to rounding: central differences of a quadratic " +
          "are exact but for rounding, NumPy float64 agrees to 2.2e-13 (" + REFERENCE + ")",
      ),
      expected: 0,
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 2e-4,
          basis: "NumPy float32 of the same differences agrees to 7.3e-5 (" + REFERENCE + ")",
        },
      },
      when: { eta: 0.01, h: 1e-3 },
      observe: ({ outputs }) => outputs.ruleVsGradient,
    },
    {
      id: "online-finds-the-line",
      chart: "line-cost",
      text: "Applied pattern by pattern (η = 0.01, 1000 epochs from zero weights), the delta " +
        "rule finds the minimum of E on the line data: w = 2, b = 4 (E = 0)",
      source: project(
        "1e-6: at η = 0.01 the error shrinks about 1.7 % per epoch; after 1000 epochs NumPy " +
          "float64 ends 2.2e-7 from (2, 4) (" + REFERENCE + ")",
      ),
      expected: [2, 4],
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-6,
          float32: 3e-5,
          basis: "NumPy float32 of the same steps ends 1.4e-5 from (2, 4) (" + REFERENCE + ")",
        },
      },
      when: { eta: 0.01, epochs: 1000 },
      observe: ({ outputs }) => [outputs.online.weights[1], outputs.online.weights[0]],
      note: ({ outputs }) => `E after the last epoch: ${outputs.online.finalE}.`,
    },
    {
      id: "summed-rule-minimizes",
      text: `${MINIMIZES} — summed over lecture 002's 100 standardised Iris patterns (η = ` +
        "0.01, 200 epochs), E reaches the least-squares minimum 2.435401547698716",
      source: lecture(4, MLP, MINIMIZES),
      expected: 2.435401547698716,
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 3e-7,
          basis: "NumPy float32 of the same 200 epochs ends 1.3e-7 above the minimum (" +
            REFERENCE + ")",
        },
      },
      when: { eta: 0.01, irisEpochs: 200 },
      observe: ({ outputs }) => outputs.iris.finalE,
    },
  ],
});
