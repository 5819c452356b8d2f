/**
 * The course's "Regularization" assignment (lecture 000's hyperparameters: regularization and
 * dropout parameters): a [2, 20, 3, 1] ReLU network on the 2-D data without regularisation, with
 * L2 (λ = 0.7) and with inverted dropout (keep_prob = 0.86).
 */
import { seededParameters } from "../nn/init.ts";
import {
  boundaryCharts,
  fitOnPoints,
  type PointsFit,
  type PrintedRun,
  printedRunClaims,
} from "./lib/fit_on_points.ts";
import { costChart } from "./lib/training_charts.ts";
import {
  checkReg2dData,
  reg2dPoints,
  regularisedNet,
  type WeightGrowth,
  weightGrowth,
} from "./lib/regularised_net.ts";
import { assignment, defineExperiment, project } from "./prelude.ts";
import { initSeed } from "./lib/param_specs.ts";

const LAYERS = [2, 20, 3, 1];
/** The course's settings of each setup. */
const NONE = { lambd: 0, keepProb: 1 } as const;
const L2 = { lambd: 0.7, keepProb: 1 } as const;
const DROPOUT = { lambd: 0, keepProb: 0.86 } as const;
const COURSE_RUN = { lr: 0.3, iterations: 30000, logEvery: 10000, initSeed: 3 } as const;
/** Where the boundary is recorded, as shares of the run: 0, 1000, 5000, 10000 and 30000. */
const SNAPSHOTS = [1 / 30, 1 / 6, 1 / 3];
const REFERENCE = "references/regularization.py (output in references/regularization.json)";

/**
 * What the course's notebook prints for each setup: "Cost after iteration i: …" for i = 0, 10000,
 * 20000 (Python's repr) and "Accuracy: …" (np.mean(p == y)) on the train and test sets.
 */
const COURSE: PrintedRun<{ lambd: number; keepProb: number }>[] = [
  {
    name: "none",
    setup: NONE,
    call: "model(train_X, train_Y)",
    costs: [0.6557412523481002, 0.16329987525724216, 0.13851642423255986],
    accuracy: [0.9478672985781991, 0.915],
    tolerance: 1e-9,
    costsFloat32: "Without regularisation the weights grow ×29 and float32 drifts from the " +
      "printed costs by the thousandth: after 10000 and 20000 iterations webgpu gives 0.158086, " +
      "0.140323 and NumPy float32 of the course's code 0.159562, 0.139881 (" + REFERENCE +
      "), against the course's 0.163300, 0.138516 (float64 reproduces them to 1e-12). The " +
      "accuracies are the course's all the same.",
  },
  {
    name: "l2",
    setup: L2,
    call: "model(train_X, train_Y, lambd = 0.7)",
    costs: [0.6974484493131264, 0.2684918873282239, 0.2680916337127301],
    accuracy: [0.9383886255924171, 0.93],
    tolerance: {
      float64: 1e-9,
      float32: 3e-5,
      basis: "float64: the course's copies differ by up to 5e-13 after 20000 iterations. " +
        `float32: NumPy float32 of the course's code (${REFERENCE}) ends 2.7e-5 from the ` +
        "printed cost after 20000 iterations (0.26811877), this project's webgpu 3.8e-6 " +
        "after 10000",
    },
  },
  {
    name: "dropout",
    setup: DROPOUT,
    call: "model(train_X, train_Y, keep_prob = 0.86, learning_rate = 0.3)",
    costs: [0.6543912405149825, 0.061016986574905605, 0.060582435798513114],
    accuracy: [0.9289099526066351, 0.95],
    tolerance: 1e-9,
    costsFloat32: "With dropout float32 drifts from the printed costs by ~1e-4: after 10000 and " +
      "20000 iterations webgpu gives 0.0611787, 0.0606406 and NumPy float32 of the course's " +
      `code 0.0611078, 0.0605430 (${REFERENCE}), against the course's 0.0610170, 0.0605824 ` +
      "(float64 reproduces them to 1e-12).",
    accuracyFloat32: "In float32 the dropout network ends with one more training point " +
      "right: 197 of 211 (0.933649289099526) on webgpu and in NumPy float32 of the " +
      `course's code (${REFERENCE}), against the course's 196 (0.9289099526066351); ` +
      "the test accuracy is the course's 0.95. float64 (cpu, NumPy) gives 196.",
  },
];

/**
 * The course's words on each setup, as bounds chosen here: on train − test accuracy (points,
 * beside the boundary during training) and on Σ‖W‖² after training / at initialisation.
 */
const BOUNDS = [
  {
    id: "none-overfits",
    setup: NONE,
    text: 'Without regularisation "the non-regularized model is obviously overfitting the ' +
      'training set": train accuracy exceeds test accuracy by ≥ 2 points',
    why: "2 points: well inside the course's gap (94.8% − 91.5% = 3.3 points)",
    check: { kind: "atLeast", expected: 2 },
  },
  {
    id: "l2-generalises",
    setup: L2,
    text: 'L2 regularisation (λ = 0.7): "You are not overfitting the training data anymore": ' +
      "train − test ≤ 1 point",
    why: "1 point: the course's gap is 93.8% − 93% = 0.84 points",
    check: { kind: "atMost", expected: 1 },
  },
  {
    id: "dropout-generalises",
    setup: DROPOUT,
    text: 'Dropout (keep_prob = 0.86): "Your model is not overfitting the training set and ' +
      'does a great job on the test set": test accuracy no lower than train accuracy',
    why: "0 points: the course's test accuracy is above its train accuracy (95% against 92.9%)",
    check: { kind: "atMost", expected: 0 },
  },
  {
    id: "l2-shrinks-weights",
    setup: L2,
    text: "L2 regularisation keeps the weights small (weight decay): Σ‖W‖² after training is " +
      "at most 2× its value at initialisation",
    why: `2×: Σ‖W‖² starts at 25.1; without regularisation it grows to 727 (×29, ${REFERENCE})`,
    check: { kind: "atMost", expected: 2 },
  },
  {
    id: "none-weights-grow",
    setup: NONE,
    text: "Without regularisation nothing holds the weights back: Σ‖W‖² grows to ≥ 5× its " +
      "value at initialisation",
    why: "5×: well above L2's bound of 2× (the course's code grows it ×29 without " +
      `regularisation, ${REFERENCE})`,
    check: { kind: "atLeast", expected: 5 },
  },
] as const;

type RegOutput = PointsFit & WeightGrowth;
type View = { outputs: RegOutput };
const runClaims = printedRunClaims<RegOutput>();

export default defineExperiment({
  id: "regularization",
  title: "No regularisation, L2 and dropout on the 2-D data",
  source: assignment("regularization"),
  description:
    "The course's regularisation `model`: the 2-D data (211 training and 200 test points, " +
    "data/reg2d), layers [2, 20, 3, 1] (ReLU, ReLU, sigmoid), weights randn / √n_prev after " +
    "np.random.seed(3), biases zero; batch gradient descent with lr 0.3 for 30000 iterations, " +
    "the cost every 10000. L2: the cost adds λ/(2m)·Σ‖W‖² and each dW adds λ/m·W (λ = 0.7). " +
    "Dropout: inverted dropout on both hidden layers with keep_prob 0.86; the course calls " +
    "np.random.seed(1) at the start of every forward pass and draws D[l] = rand(n_l, m) < " +
    "keep_prob, so the masks are drawn once from RandomState(1) (D1 then D2) and repeat every " +
    "iteration; prediction uses no dropout. Train and test accuracy with ŷ = 1 where a[3] > 0.5, " +
    `and Σ‖W‖² before and after training. ${REFERENCE} runs the course's code in NumPy float64 ` +
    "and float32.",
  params: {
    lambd: { type: "number", default: 0, min: 0, doc: "L2 regularisation λ (0: none)" },
    keepProb: {
      type: "number",
      default: 1,
      min: 0.01,
      max: 1,
      doc: "dropout keep_prob on the hidden layers (1: no dropout)",
    },
    lr: { type: "number", default: 0.3, min: 0, doc: "learning rate" },
    iterations: { type: "integer", default: 30000, min: 1, max: 1000000, doc: "GD iterations" },
    logEvery: { type: "integer", default: 10000, min: 1, doc: "log the cost every N iterations" },
    initSeed: initSeed(3),
    dropoutSeed: {
      type: "integer",
      default: 1,
      min: 0,
      doc: "np.random.seed before the masks (the course's forward pass: 1)",
    },
  },
  defaultSweep: [NONE, L2, DROPOUT],
  quick: { iterations: 2000, logEvery: 500 },
  seeds: [1],
  checkData: checkReg2dData,
  charts: [
    costChart("Cost by iteration (L2: including the penalty)", { color: "setup" }),
    ...boundaryCharts(
      "Decision boundary after training (training points)",
      "Decision boundary during training, per setup (training points)",
    ),
    {
      name: "weights",
      title: "Σ‖W‖² at initialisation and after training, per setup",
      kind: "bars",
      field: "weightBars",
      xTitle: "Σ‖W‖²",
    },
  ],
  async run(ctx): Promise<RegOutput> {
    const p = ctx.params;
    const data = await reg2dPoints(ctx.dataDir);
    const values = seededParameters(p.initSeed, LAYERS, "deep");
    const reg = regularisedNet(ctx.backend, values, LAYERS, p, data.train.m);
    const fields = { setup: reg.setup };
    const fit = await fitOnPoints(ctx, reg.net, data, { ...p, snapshots: SNAPSHOTS, fields });
    const weights = await weightGrowth(ctx.backend, values, reg.net);
    reg.dispose();
    return { ...fit, ...weights };
  },
  claims: [
    ...COURSE.flatMap((c) => runClaims(c, { ...c.setup, ...COURSE_RUN }, [0, 10000, 20000])),
    ...BOUNDS.map(({ id, setup, text, why, check }) => {
      const weights = id.includes("weights");
      return {
        id,
        chart: weights ? "weights" : "boundary-training",
        text,
        source: project(why),
        expected: check.expected,
        check: { kind: check.kind },
        when: { ...setup, iterations: 30000 },
        observe: ({ outputs: o }: View) =>
          weights ? o.weightsFinal / o.weightsInitial : o.trainAccuracy - o.testAccuracy,
      };
    }),
  ],
});
