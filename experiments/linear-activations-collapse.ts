/**
 * Lecture 003: with linear activations a 2-layer network is one linear model, W = W[2]·W[1],
 * b = W[2]·b[1] + b[2] ("The output is always a linear function of the input!"), so it cannot
 * fit XOR; a tanh hidden layer can.
 */
import { logicGate } from "../data/toy.ts";
import { decisionBoundary } from "../nn/boundary.ts";
import { initializeParameters } from "../nn/init.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { Network } from "../nn/network.ts";
import { descendAndScore } from "./lib/gd_fit.ts";
import { randomCollapseDifference, trainedCollapse } from "./lib/linear_collapse.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const QUOTE = "The output is always a linear function of the input!";
/** The lowest cross-entropy any linear model reaches on XOR: ln 2, at w = 0, b = 0. */
const LN2 = Math.LN2;
/** The boundary charts' grid: 61 points per axis, 0.5 beyond XOR's four points. */
const XOR_GRID = { n: 61, pad: 0.5, xTitle: "x1", yTitle: "x2" };
const XOR = "Marvin Minsky and Seymour Papert - XOR problem [1969]";

/** How far the network may be from Wx + b by rounding alone (relative to the magnitudes). */
const COLLAPSE_TOLERANCE = {
  float64: 2e-15,
  float32: 1e-6,
  basis: "For the [3, 4, 1] network, about 12 roundings (inputs, products, sums) lie between " +
    "x and the output: at most 12·2⁻⁵³ ≈ 1.3e-15 (float64) and 12·2⁻²⁴ ≈ 7.2e-7 (float32) of " +
    "the magnitudes summed; NumPy measures 2.0e-16 and 1.1e-7 over 20 randn networks " +
    "(references/linear_collapse.txt).",
};

export default defineExperiment({
  id: "linear-activations-collapse",
  title: "Linear activations collapse a 2-layer network to one linear model",
  source: lecture(3, "With or Without the Activation Function", QUOTE),
  description:
    "(1) A 2-layer network [inputs, hidden, 1] with linear activations and weights and biases " +
    "drawn from randn is evaluated by the backend on `samples` randn inputs and compared with " +
    "the single linear model W = W[2]·W[1], b = W[2]·b[1] + b[2] computed in float64 on the " +
    "host (max |difference| over the largest Σ|W[2]|(|W[1]||x| + |b[1]|) + |b[2]|, the scale " +
    "rounding errors follow). (2) On XOR, three models from the same " +
    "start are trained by batch gradient descent on the cross-entropy (lr 1.5, 1500 " +
    "iterations): [2, hidden, 1] with a linear hidden layer and a sigmoid output, the same with " +
    "tanh hidden units (both from one xavier draw), and logistic regression from the course's " +
    "zero initialisation (the best linear model: its cost is minimal, ln 2, at w = 0, b = 0, " +
    "where its gradient vanishes). The trained linear-hidden network is collapsed too.",
  params: {
    hidden: { type: "integer", default: 4, min: 1, max: 256, doc: "hidden units" },
    inputs: {
      type: "integer",
      default: 3,
      min: 1,
      max: 1000,
      doc: "n_x of the random collapse check",
    },
    samples: { type: "integer", default: 1000, min: 1, max: 100000, doc: "random inputs checked" },
    lr: { type: "number", default: 1.5, min: 0, doc: "learning rate on XOR" },
    epochs: { type: "integer", default: 1500, min: 1, max: 1000000, doc: "gradient steps on XOR" },
  },
  seeds: [1],
  charts: [
    {
      name: "cost",
      title: "Cross-entropy on XOR: linear vs tanh hidden layer, and logistic regression",
      kind: "line",
      x: "epoch",
      y: "cost",
      color: "model",
      xTitle: "iteration",
      yTitle: "cost J",
    },
    {
      name: "boundary-linear",
      title: "ŷ of the linear-hidden network on XOR",
      kind: "boundary",
      field: "boundaryLinear",
      xTitle: "x1",
      yTitle: "x2",
    },
    {
      name: "boundary-tanh",
      title: "ŷ of the tanh-hidden network on XOR",
      kind: "boundary",
      field: "boundaryTanh",
      xTitle: "x1",
      yTitle: "x2",
    },
  ],
  async run(ctx) {
    const b = ctx.backend;
    const { hidden: h, lr, epochs, inputs, samples } = ctx.params;
    // XOR first: one xavier draw shared by the linear- and tanh-hidden networks.
    const start = initializeParameters(ctx.rng, [2, h, 1], "xavier");
    const { X, Y } = logicGate("XOR");
    const x = b.fromArray(X, [2, 4]), y = b.fromArray(Y, [1, 4]);
    const spec = { layerDims: [2, h, 1], output: "sigmoid" } as const;
    const linear = Network.fromValues(b, { ...spec, hidden: "linear" }, start);
    const tanh = Network.fromValues(b, { ...spec, hidden: "tanh" }, start);
    const logistic = LogisticRegression.initializeWithZeros(b, 2);
    /** max |network − collapsed model| / the largest sum's magnitude, on random inputs. */
    const randomRelDiff = await randomCollapseDifference(b, ctx.rng, inputs, h, samples);
    const fit = (model: Network | LogisticRegression, label: string) =>
      descendAndScore(b, model, x, y, {
        lr,
        iterations: epochs,
        logEvery: 50,
        log: (epoch, cost) => ctx.log({ model: label, epoch, cost }),
      });
    const boundary = (net: Network) =>
      decisionBoundary(b, (g) => net.forward(g).AL, X, Y, XOR_GRID);
    try {
      const fits = {
        linear: await fit(linear, "linear hidden"),
        tanh: await fit(tanh, "tanh hidden"),
        logistic: await fit(logistic, "logistic regression"),
      };
      const c = await trainedCollapse(b, linear, X, x);
      return {
        randomRelDiff,
        /** The same for the linear-hidden network trained on XOR, on its four points (logits). */
        trainedRelDiff: c.relDiff,
        /** W = W[2]·W[1] and b = W[2]·b[1] + b[2] of the trained linear-hidden network. */
        trainedCollapsed: { W: c.W, b: c.b },
        ...fits,
        boundaryLinear: await boundary(linear),
        boundaryTanh: await boundary(tanh),
      };
    } finally {
      for (const t of [linear, tanh, logistic, x, y]) t.dispose();
    }
  },
  claims: [
    {
      id: "collapses",
      chart: "boundary-linear",
      text: "With linear activations a[2] = W[2](W[1]x + b[1]) + b[2] = Wx + b, W = W[2]W[1], " +
        `b = W[2]b[1] + b[2]: "${QUOTE}" Max |network − Wx − b| relative to the magnitudes ` +
        "summed, on randn inputs to a randn network and on the XOR-trained network",
      source: lecture(3, "With or Without the Activation Function", QUOTE),
      expected: [0, 0],
      check: { kind: "near", tolerance: COLLAPSE_TOLERANCE },
      when: { inputs: 3, hidden: 4 },
      observe: ({ outputs: o }) => [o.randomRelDiff, o.trainedRelDiff],
    },
    {
      id: "all-linear",
      chart: "cost",
      text: "Suppose g[1], g[2] are all linear: a[2] = W[2]W[1]X + W[2]b[1] + b[2] = W′X + b′, " +
        '"All LINEAR!!!": trained on XOR, the linear-hidden network (a sigmoid of W′x + b′) ' +
        "cannot get below the best linear model's cost, ln 2 ≈ 0.693147 (logistic " +
        "regression's minimum, at w = 0, b = 0 where its gradient vanishes on XOR)",
      source: lecture(2, "Why non-linear activation function?", "All LINEAR!!!"),
      expected: LN2,
      check: { kind: "atLeast" },
      observe: ({ outputs: o }) => o.linear.cost,
      note: ({ outputs: o }) =>
        `J = ${o.linear.cost} (linear hidden), ${o.logistic.cost} (logistic regression), ` +
        `${o.tanh.cost} (tanh hidden); collapsed W′ = [${o.trainedCollapsed.W.join(", ")}], ` +
        `b′ = ${o.trainedCollapsed.b}`,
    },
    {
      id: "linear-cannot-fit-xor",
      chart: "boundary-linear",
      text: "XOR is nonlinear and the model is linear, so the linear-activation network " +
        "classifies at most 3 of XOR's 4 points right (a line separates at most 3 of them): " +
        "accuracy ≤ 0.75",
      source: lecture(
        4,
        XOR,
        "the model implied by the perceptron is a linear one and the XOR function is nonlinear",
      ),
      expected: 0.75,
      check: { kind: "atMost" },
      observe: ({ outputs: o }) => o.linear.accuracy,
    },
    {
      id: "tanh-fits-xor",
      chart: "boundary-tanh",
      text: "With a non-linear (tanh) hidden layer the same network, from the same start, " +
        "classifies all 4 XOR points right",
      source: lecture(2, "Why non-linear activation function?"),
      expected: 1,
      check: { kind: "equals" },
      when: { hidden: 4, lr: 1.5, epochs: 1500 },
      observe: ({ outputs: o }) => o.tanh.accuracy,
    },
    {
      id: "tanh-below-linear-floor",
      chart: "cost",
      text: "The tanh-hidden network's cost on XOR goes below ln 2 ≈ 0.693147, the lowest any " +
        "linear model reaches",
      source: project(
        "ln 2 is the minimum cross-entropy of every linear model on XOR (logistic " +
          "regression's, measured here as well): a cost below it is out of a linear model's reach.",
      ),
      expected: LN2,
      check: { kind: "below" },
      when: { hidden: 4, lr: 1.5, epochs: 1500 },
      observe: ({ outputs: o }) => o.tanh.cost,
    },
  ],
});
