/** Lectures 0, 2, "Initializing weights": zero weights never break the hidden units' symmetry. */
import { seededParameters } from "../nn/init.ts";
import { matrixText } from "./lib/printed.ts";
import { checkReg2d, trainingSet2d } from "./lib/reg2d_train.ts";
import { trainUnits } from "./lib/unit_symmetry.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";
import { initSeed } from "./lib/param_specs.ts";

const SLIDE = "Initializing weights";
const NO_NEED = "No need of TWO or more neurons ... because all computations are same!";
const INITS = ["zeros", "random"] as const;
const RANDOM_INIT = "Random Initialization of Weights";
/** The lecture's setting: σ hidden units (its shallow network) and a 2 × 2 W[1]. */
const LECTURE = { activation: "sigmoid", hidden: 2, data: "reg2d" } as const;
/** The share of the larger class in the 2-D training set (106 of 211 points), percent. */
const REG2D_MAJORITY = 100 * 106 / 211;
/** The course's planar network: tanh hidden units, n_h = 4. */
const COURSE = { activation: "tanh", hidden: 4, data: "planar" } as const;

export default defineExperiment({
  id: "zero-init-symmetry",
  title: "Zero initialisation never breaks the symmetry of the hidden units",
  source: lecture(2, SLIDE),
  description:
    "A [2, n_h, 1] network (sigmoid output) trained by batch gradient descent (lr 1.2, 5000 " +
    "iterations) from W = 0, b = 0 (`zeros`) or from the planar course's W = randn·0.01 drawn " +
    "from RandomState(2) (`random`). The lecture's setting is its slide's: σ hidden units (the " +
    "lectures' shallow network, a[1] = σ(z[1])) and a 2 × 2 W[1] (n_x = n_h = 2), here on the " +
    "course's 2-D regularisation training set (211 points, 106 of class 1); the course's planar " +
    "network (tanh, n_h = 4, on the flower, 200 points per class) runs beside it. With σ, zero " +
    "weights give a[1] = ½, so dW[2] = ½·mean(a[2] − y) moves W[2] as soon as the classes are " +
    "not exactly balanced (on the balanced flower it is 0 and nothing ever moves), and W[1] " +
    "moves from the second step, each row by the same amount; with tanh, a[1] = tanh(0) = 0 " +
    "and W[2] = 0 make dW[2] and dW[1] exactly zero, so neither ever moves. " +
    "After training, every pair of hidden units is compared on their W[1] row, b[1] entry and " +
    "W[2] column: the largest difference, the smallest difference between two units, and the " +
    "number of distinct units; training accuracy (ŷ = 1 where a[2] > 0.5) is set against the " +
    "majority-class share (50%).",
  params: {
    init: {
      type: "enum",
      default: "zeros",
      choices: ["zeros", "random"],
      doc: "zeros: W = 0; random: randn·0.01 (RandomState(initSeed))",
    },
    hidden: { type: "integer", default: 2, min: 2, max: 1000, doc: "hidden units n_h" },
    activation: {
      type: "enum",
      default: "sigmoid",
      choices: ["tanh", "sigmoid", "relu"],
      doc: "hidden activation (the lecture's σ by default)",
    },
    iterations: { type: "integer", default: 5000, min: 1, max: 1000000, doc: "GD iterations" },
    lr: { type: "number", default: 1.2, min: 0, doc: "learning rate" },
    logEvery: { type: "integer", default: 500, min: 1, doc: "log the cost every N iterations" },
    initSeed: initSeed(2),
    data: {
      type: "enum",
      default: "reg2d",
      choices: ["reg2d", "planar"],
      doc: "reg2d: the course's 2-D regularisation training set (211 points, 106 of class 1); " +
        "planar: the planar flower (400 points, 200 per class)",
    },
  },
  defaultSweep: [LECTURE, COURSE].flatMap((s) => INITS.map((init) => ({ init, ...s }))),
  quick: { iterations: 500, logEvery: 100 },
  seeds: [1],
  checkData: checkReg2d,
  charts: [
    {
      name: "cost",
      title: "Cost by iteration, zero vs random initialisation",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "init",
      facet: "activation",
      xTitle: "iteration",
      yTitle: "cross-entropy cost",
    },
    {
      name: "boundary",
      title: "Decision boundary after training",
      kind: "boundary",
      field: "boundary",
    },
  ],
  async run(ctx) {
    const p = ctx.params;
    const data = await trainingSet2d(p.data, ctx.dataDir);
    const dims = [2, p.hidden, 1];
    // zeros: W = 0 (no draw); random: W = randn·0.01 from np.random.seed(initSeed).
    const values = seededParameters(p.initSeed, dims, p.init, { scale: 0.01 });
    return await trainUnits(ctx.backend, data, values, { ...p, log: ctx.log });
  },
  claims: [
    {
      id: "zeros-rows-identical",
      text: "Suppose all weights are zero: then a₁[1] = a₂[1], dz₁[1] = dz₂[1], dW has " +
        'symmetric rows and after W[1] = W[1] − α·dW the rows of W[1] stay equal ("symmetric ' +
        'rows"): after 5000 steps from zero (σ hidden units, 2 × 2 W[1]) the largest ' +
        "difference between the two hidden units (W[1] row, b[1], W[2] column) is exactly 0",
      source: lecture(2, SLIDE, "(i.e., symmetric rows)"),
      expected: 0,
      check: { kind: "equals" },
      when: { init: "zeros", ...LECTURE },
      observe: ({ outputs }) => outputs.spread.maxDifference,
      note: ({ outputs }) => `W[1] after training: ${matrixText(outputs.w1, 2)}`,
    },
    {
      id: "zeros-w1-moves",
      text: "…and W[1] does move: the slide's W[1] = [[f, g], [f, g]] is no longer zero " +
        "(largest |w| in W[1] after training > 0), so the rows are equal because they " +
        "received the same updates, not because nothing happened",
      source: lecture(2, SLIDE, "W^{[1]} = W^{[1]} - \\alpha dW"),
      expected: 0,
      check: { kind: "above" },
      when: { init: "zeros", ...LECTURE },
      observe: ({ outputs }) => outputs.maxAbsW1,
    },
    {
      id: "zeros-one-distinct-unit",
      text: `${NO_NEED}: from zero the two hidden units are one unit repeated (1 distinct unit)`,
      source: lecture(2, SLIDE, NO_NEED),
      expected: 1,
      check: { kind: "equals" },
      when: { init: "zeros", ...LECTURE },
      observe: ({ outputs }) => outputs.spread.distinctUnits,
    },
    {
      id: "zeros-chance-accuracy",
      chart: "boundary",
      text: "W cannot be initialized to 0: from zeros (σ hidden units) the network ends no " +
        "better than predicting one class (training accuracy ≤ the majority-class share, " +
        "106 of 211 points = 50.24%)",
      source: lecture(0, RANDOM_INIT, "W cannot be initialized to 0"),
      expected: REG2D_MAJORITY,
      check: { kind: "atMost" },
      when: { init: "zeros", ...LECTURE },
      observe: ({ outputs }) => outputs.accuracy,
      note: ({ outputs: { accuracy, spread: s } }) =>
        `training accuracy ${accuracy}% with ${s.distinctUnits} distinct unit of ${s.units}`,
      diverges: {
        reason: "Zero initialisation costs the network its width, not its learning: the two σ " +
          "units stay one unit repeated (claims above), and one σ unit feeding a sigmoid is a " +
          "linear boundary, which on this 2-D data reaches 92.42% — the accuracy the randomly " +
          "initialised 2-unit network reaches too. Only where the classes are exactly " +
          "balanced (the planar flower, 200/200) or the activation is zero at 0 (tanh, ReLU) " +
          "does the zero start stay at one class (the tanh claims below).",
      },
    },
    {
      id: "random-breaks-symmetry",
      text: "Initialize weights RANDOMLY! W[1] = np.random.randn((2,2)) * 0.01 gives two " +
        "hidden units that differ after training: the closest pair of units differs by > 0",
      source: lecture(2, "Initialize weights RANDOMLY!", "random values are suggested!"),
      expected: 0,
      check: { kind: "above" },
      when: { init: "random", ...LECTURE },
      observe: ({ outputs }) => outputs.spread.minPairDifference,
    },
    {
      id: "random-learns",
      chart: "boundary",
      text: "Parameters must be initialized by small random numbers: from randn·0.01 the " +
        "network learns, training accuracy above the majority-class share (50.24%)",
      source: lecture(0, RANDOM_INIT, "Parameters must be initialized by small random numbers"),
      expected: REG2D_MAJORITY,
      check: { kind: "above" },
      when: { init: "random", ...LECTURE },
      observe: ({ outputs }) => outputs.accuracy,
    },
    {
      id: "tanh-zeros-w1-frozen",
      text: "With the course's tanh hidden units the zero start is degenerate in another way: " +
        "tanh(0) = 0 makes a[1] = 0, so dW[2] = dZ[2]·a[1]ᵀ = 0, and W[2] = 0 makes dZ[1] = 0: " +
        "W[1] never moves (largest |w| in W[1] after 5000 steps exactly 0)",
      source: project(
        "0 exactly: tanh(0) = 0 and W[2] = 0 make both weight gradients products with an exact " +
          "zero at every step, in any arithmetic",
      ),
      expected: 0,
      check: { kind: "equals" },
      when: { init: "zeros", ...COURSE },
      observe: ({ outputs }) => outputs.maxAbsW1,
    },
    {
      id: "tanh-zeros-w2-frozen",
      chart: "boundary",
      text: "…nor does W[2] (largest |w| in W[2] exactly 0): only b[2] learns, so the output is " +
        "the same for every point",
      source: project("0 exactly: dW[2] = dZ[2]·a[1]ᵀ with a[1] = tanh(0) = 0 at every step"),
      expected: 0,
      check: { kind: "equals" },
      when: { init: "zeros", ...COURSE },
      observe: ({ outputs }) => outputs.maxAbsW2,
    },
    {
      id: "tanh-zeros-chance-accuracy",
      chart: "boundary",
      text: "W cannot be initialized to 0: from zeros the course's tanh network predicts one " +
        "class for every point (training accuracy ≤ the majority-class share, 50%)",
      source: lecture(0, RANDOM_INIT, "W cannot be initialized to 0"),
      expected: 50,
      check: { kind: "atMost" },
      when: { init: "zeros", ...COURSE },
      observe: ({ outputs }) => outputs.accuracy,
    },
    {
      id: "tanh-random-breaks-symmetry",
      text: "From the course's randn·0.01 the four tanh units all differ after training (closest " +
        "pair differs by > 0)",
      source: lecture(2, "Initialize weights RANDOMLY!", "random values are suggested!"),
      expected: 0,
      check: { kind: "above" },
      when: { init: "random", ...COURSE },
      observe: ({ outputs }) => outputs.spread.minPairDifference,
    },
  ],
});
