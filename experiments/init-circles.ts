/**
 * The course's "Initialization" assignment (lectures 000 and 002, initialising weights): a
 * [2, 10, 5, 1] ReLU network on make_circles from zeros, from randn·10 and from He
 * initialisation.
 */
import { courseCircles } from "../data/sklearn_shapes.ts";
import { seededParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { figures } from "./lib/printed_figures.ts";
import {
  boundaryCharts,
  costsAt,
  fitOnPoints,
  type PointsFit,
  printedAccuracyClaims,
  wrongSaturated,
} from "./lib/fit_on_points.ts";
import { costChart } from "./lib/training_charts.ts";
import { assignment, defineExperiment, lecture, project } from "./prelude.ts";
import { initSeed } from "./lib/param_specs.ts";

const LAYERS = [2, 10, 5, 1];
const INIT_DOC = "initialize_parameters_zeros / _random (randn·scale) / _he";
/** The iterations whose cost the course prints: 0, 1000, …, 14000. */
const LOGGED = Array.from({ length: 15 }, (_, i) => 1000 * i);
/** Where the boundary is recorded, as shares of the run: 0, 1000, 5000, 10000 and 15000. */
const SNAPSHOTS = [1 / 15, 1 / 3, 2 / 3];

/** The course's run of each initialisation (lr 0.01, 15000 iterations, seed 3). */
const COURSE_RUN = { lr: 0.01, iterations: 15000, initSeed: 3, logEvery: 1000 } as const;
/** "Cost after iteration i: …" of the He run, i = 0, 1000, …, 14000 (Python's repr). */
const HE_COSTS = figures(`
  0.8830537463419761 0.6879825919728063 0.6751286264523371 0.6526117768893807 0.6082958970572938
  0.5304944491717495 0.4138645817071794 0.3117803464844441 0.23696215330322562 0.18597287209206836
  0.1501555628037182 0.12325079292273548 0.09917746546525937 0.0845705595402428 0.07357895962677366
`);
/**
 * The course's randn·10 run prints a different cost after 14000 iterations in each copy of the
 * notebook (0.3827489017…, 0.3827510057…, 0.3827669464…, 0.3827839719…, 0.3827828308…): the
 * smallest and the largest.
 */
const RANDOM_FINAL_COST_COPIES = [0.3827489017191917, 0.38278397192120406];
const REFERENCE = "references/init_circles.py (output in references/init_circles.json)";

type InitOutput = PointsFit & { wrongSaturated: number };
const accuracyClaim = printedAccuracyClaims<InitOutput>();

export default defineExperiment({
  id: "init-circles",
  title: "Zeros, large random and He initialisation of a ReLU network on circles",
  source: assignment("initialization"),
  description:
    "The course's initialisation `model`: layers [2, 10, 5, 1], ReLU, ReLU, sigmoid, on " +
    "make_circles (300 training points with noise 0.05 after np.random.seed(1), 100 test " +
    "points after np.random.seed(2)). Weights all zero (`initialize_parameters_zeros`), " +
    "randn·10 after np.random.seed(3) (`initialize_parameters_random`), or He, randn·√(2/n_prev) " +
    "after np.random.seed(3) (`initialize_parameters_he`); biases zero. Batch gradient descent " +
    "on the cross-entropy, lr 0.01, 15000 iterations, the cost every 1000; the backends guard " +
    "log(0) (the course prints inf for the large initialisation's first cost). Train and test " +
    "accuracy with ŷ = 1 where a[3] > 0.5. The quick profile trains 1500 iterations at lr 0.1. " +
    `${REFERENCE} runs the course's code in NumPy float64 and float32.`,
  params: {
    init: { type: "enum", default: "he", choices: ["zeros", "random", "he"], doc: INIT_DOC },
    scale: { type: "number", default: 10, min: 0, doc: "`random`'s multiplier" },
    lr: { type: "number", default: 0.01, min: 0, doc: "learning rate" },
    iterations: { type: "integer", default: 15000, min: 1, max: 1000000, doc: "GD iterations" },
    logEvery: { type: "integer", default: 1000, min: 1, doc: "log the cost every N iterations" },
    initSeed: initSeed(3),
  },
  defaultSweep: [{ init: "zeros" }, { init: "random" }, { init: "he" }],
  quick: { iterations: 1500, lr: 0.1, logEvery: 100 },
  seeds: [1],
  charts: [
    costChart("Cost by iteration, per initialisation", {
      color: "init",
      log10: true,
      yTitle: "log10 cross-entropy cost",
    }),
    ...boundaryCharts(
      "Decision boundary after training (test points not shown)",
      "Decision boundary during training, per initialisation (training points)",
    ),
  ],
  async run(ctx): Promise<InitOutput> {
    const p = ctx.params;
    const data = courseCircles();
    const values = seededParameters(p.initSeed, LAYERS, p.init, { scale: p.scale });
    const net = Network.fromValues(ctx.backend, { layerDims: LAYERS, hidden: "relu" }, values);
    const first = await wrongSaturated(ctx.backend, net, data.train);
    const fit = await fitOnPoints(ctx, net, data, { ...p, snapshots: SNAPSHOTS });
    net.dispose();
    return { ...fit, wrongSaturated: first };
  },
  claims: [
    {
      id: "course-costs-zeros",
      chart: "cost",
      text: 'model(train_X, train_Y, initialization = "zeros") prints "Cost after iteration ' +
        'i: 0.6931471805599453" for i = 0, 1000, …, 14000: the cost never leaves ln 2',
      expected: LOGGED.map(() => 0.6931471805599453),
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-12,
          float32: 2e-6,
          basis: "the mean of 300 equal terms −log ½ depends on how the sum is added: NumPy " +
            `float32 (pairwise, ${REFERENCE}) gives 0.69314718, a left-to-right float32 sum ` +
            "0.69314605 (1.1e-6 below ln 2), this project's webgpu 0.69314748 (3.0e-7 above); " +
            "float64 sums stay within 1e-12 (the cpu backend: 1.4e-15)",
        },
      },
      when: { init: "zeros", ...COURSE_RUN },
      observe: ({ outputs }) => costsAt(outputs, LOGGED),
    },
    accuracyClaim(
      "course-accuracy-zeros",
      'From zeros the course prints "Accuracy: 0.5" on the train set and on the test set',
      [0.5, 0.5],
      { init: "zeros", ...COURSE_RUN },
    ),
    {
      id: "zeros-chance-accuracy",
      chart: "boundary-training",
      text: "Do NOT initialize all weights are ZERO!!: from zeros the network predicts one class " +
        "for every point (training accuracy ≤ the majority share, 150 of 300 = 50%)",
      source: lecture(2, "Initializing weights", "Do NOT initialize all weights are ZERO!!"),
      expected: 50,
      check: { kind: "atMost" },
      when: { init: "zeros" },
      observe: ({ outputs }) => outputs.trainAccuracy,
    },
    accuracyClaim(
      "course-accuracy-random",
      'From randn·10 the course prints "Accuracy: 0.83" on the train set and "Accuracy: ' +
        '0.86" on the test set',
      [0.83, 0.86],
      { init: "random", scale: 10, ...COURSE_RUN },
    ),
    {
      id: "course-random-first-cost-inf",
      chart: "boundary-training",
      text: 'From randn·10 the course prints "Cost after iteration 0: inf": some first ' +
        "predictions a[3] are exactly 0 or 1 on the wrong side, so log(0) enters the cost (at " +
        "least one such point)",
      expected: 1,
      check: { kind: "atLeast" },
      when: { init: "random", scale: 10, initSeed: 3 },
      observe: ({ outputs }) => outputs.wrongSaturated,
      note: ({ outputs }) =>
        `${outputs.wrongSaturated} of 300 first predictions are exactly 0 or 1 on the wrong ` +
        `side; the backends guard log(0), so the logged first cost is ${outputs.costs[0]}`,
    },
    {
      id: "course-random-final-cost",
      chart: "cost",
      text: "From randn·10 the course's cost after 14000 iterations lies between the smallest " +
        "and the largest of the figures its copies print (0.3827489 … 0.3827840; they differ " +
        "from the fourth decimal on because saturated outputs make the run depend on rounding)",
      expected: RANDOM_FINAL_COST_COPIES,
      check: { kind: "between" },
      when: { init: "random", scale: 10, ...COURSE_RUN },
      observe: ({ outputs }) => costsAt(outputs, [14000])[0],
      note: ({ outputs }) =>
        `measured ${costsAt(outputs, [14000])[0]}; NumPy float64 of the course's code here ` +
        `0.3827524, NumPy float32 0.3827153 (${REFERENCE})`,
      diverges: {
        dtype: "float32",
        reason: "In float32 the randn·10 run ends outside the spread of the course's float64 " +
          "copies (0.3827489 … 0.3827840): 0.3827893 on webgpu, 0.3827153 in NumPy float32 of " +
          `the course's code (${REFERENCE}). Half of the first outputs are saturated at exactly ` +
          "0 or 1, so the trajectory follows the rounding of every step.",
      },
    },
    {
      id: "large-random-slow",
      chart: "cost",
      text: "If too large, … gradient descent will be very, very slow: after the same 15000 " +
        "iterations the randn·10 network's cost is still ≥ 0.3",
      source: project(
        "0.3: four times the 0.0736 the course's He run reaches in the same 15000 iterations " +
          "(the course's randn·10 run ends at 0.383)",
      ),
      expected: 0.3,
      check: { kind: "atLeast" },
      when: { init: "random", scale: 10, lr: 0.01, iterations: 15000 },
      observe: ({ outputs }) => outputs.costs[outputs.costs.length - 1],
    },
    {
      id: "course-costs-he",
      chart: "cost",
      text: 'model(train_X, train_Y, initialization = "he") prints "Cost after iteration i: …" ' +
        `for i = 0, 1000, …, 14000: ${HE_COSTS[0]} … ${HE_COSTS[14]}`,
      expected: HE_COSTS,
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-12,
          float32: 5e-6,
          basis: `NumPy float32 of the course's code (${REFERENCE}) stays within 2.1e-6 of ` +
            "these float64 figures (largest at iteration 14000: 0.07358107), this project's " +
            "webgpu within 2.2e-6; 5e-6 leaves room for another order of the float32 sums. " +
            "float64: the course's copies differ by ~1e-16, the cpu backend by ~1e-15",
        },
      },
      when: { init: "he", ...COURSE_RUN },
      observe: ({ outputs }) => costsAt(outputs, LOGGED),
    },
    accuracyClaim(
      "course-accuracy-he",
      'From He initialisation the course prints "Accuracy: 0.9933333333333333" on the ' +
        'train set and "Accuracy: 0.96" on the test set',
      [0.9933333333333333, 0.96],
      { init: "he", ...COURSE_RUN },
    ),
  ],
});
