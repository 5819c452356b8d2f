/**
 * The course's "Regularization" assignment (lecture 000's hyperparameters: regularization and
 * dropout parameters): a [2, 20, 3, 1] ReLU network on the 2-D data without regularisation, with
 * L2 (λ = 0.7) and with inverted dropout (keep_prob = 0.86).
 */
import { loadReg2d, REG2D_FILES, REG2D_HINT } from "../data/reg2d.ts";
import { findDataFile } from "../data/lookup.ts";
import { round, within } from "../harness/claims.ts";
import {
  type Context,
  type DecisionBoundary,
  defineExperiment,
  type TrialView,
} from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters } from "../nn/init.ts";
import { dropoutMasks, Network, readParameters } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { accuracyPercent, sumSquaredWeights } from "./lib/net_measures.ts";
import { disposeXY, networkBoundary, uploadXY } from "./lib/two_d.ts";

const L000 = "000_1f11751481aa60aa.txt, Parameters and Hyperparameters " +
  "(regularization parameters, dropout parameters)";
const LAYERS = [2, 20, 3, 1];
/** The lecture's settings of each setup. */
const NONE = { lambd: 0, keepProb: 1 } as const;
const L2 = { lambd: 0.7, keepProb: 1 } as const;
const DROPOUT = { lambd: 0, keepProb: 0.86 } as const;

type RegOutput = {
  costs: number[];
  trainAccuracy: number;
  testAccuracy: number;
  /** Σ_l ‖W[l]‖² at initialisation and after training. */
  weightsInitial: number;
  weightsFinal: number;
  boundary: DecisionBoundary;
};

type View = TrialView<RegOutput>;

/** Train / test accuracy the course's assignment prints for each setup. */
const COURSE_ACCURACY = [
  { name: "none", setup: NONE, accuracy: [94.787, 91.5] },
  { name: "l2", setup: L2, accuracy: [93.839, 93] },
  { name: "dropout", setup: DROPOUT, accuracy: [92.891, 95] },
] as const;

const accuracies = (o: RegOutput) =>
  `train ${round(o.trainAccuracy, 5)}%, test ${round(o.testAccuracy, 5)}% (gap ${
    round(o.trainAccuracy - o.testAccuracy, 4)
  })`;
const growth = (o: RegOutput) =>
  `Σ‖W‖² ${round(o.weightsInitial, 5)} → ${round(o.weightsFinal, 5)} (×${
    round(o.weightsFinal / o.weightsInitial, 4)
  })`;

export default defineExperiment<RegOutput>({
  id: "regularization",
  title: "No regularisation, L2 and dropout on the 2-D data",
  source: L000,
  description:
    "The course's regularisation `model`: the 2-D data (211 training and 200 test points, " +
    "data/reg2d), layers [2, 20, 3, 1] (ReLU, ReLU, sigmoid), weights randn / √n_prev after " +
    "np.random.seed(3), biases zero; batch gradient descent with lr 0.3 for 30000 iterations, " +
    "the cost every 10000. L2: the cost adds λ/(2m)·Σ‖W‖² and each dW adds λ/m·W (λ = 0.7). " +
    "Dropout: inverted dropout on both hidden layers with keep_prob 0.86; the course calls " +
    "np.random.seed(1) at the start of every forward pass and draws D[l] = rand(n_l, m) < " +
    "keep_prob, so the masks are drawn once from RandomState(1) (D1 then D2) and repeat every " +
    "iteration; prediction uses no dropout. Train and test accuracy with ŷ = 1 where a[3] > 0.5, " +
    "and Σ‖W‖² before and after training.",
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
    initSeed: { type: "integer", default: 3, min: 0, doc: "np.random.seed before the initialiser" },
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
  checkData: (dataDir) => {
    for (const f of Object.values(REG2D_FILES)) findDataFile(f, { dataDir, hint: REG2D_HINT });
  },
  charts: [
    {
      name: "cost",
      title: "Cost by iteration (L2: including the penalty)",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "setup",
      xTitle: "iteration",
      yTitle: "cost",
    },
    {
      name: "boundary",
      title: "Decision boundary after training (training points)",
      kind: "boundary",
      field: "boundary",
    },
  ],
  claims: [
    ...COURSE_ACCURACY.map(({ name, setup, accuracy }) => ({
      id: `course-accuracy-${name}`,
      text: `The course's run (${name}, lr 0.3, 30000 iterations) prints train / test accuracy ` +
        `${accuracy.join("% / ")}%: the same setup here lands within 0.5 points of both`,
      source: `${L000} (the course's Regularization assignment)`,
      expected: [...accuracy],
      tolerance: 0.5,
      when: { ...setup, lr: 0.3, iterations: 30000, initSeed: 3, dropoutSeed: 1 },
      measure: ({ outputs, tolerance }: View) => ({
        observed: [round(outputs.trainAccuracy, 5), round(outputs.testAccuracy, 5)],
        pass: within([outputs.trainAccuracy, outputs.testAccuracy], accuracy, tolerance),
      }),
    })),
    {
      id: "none-overfits",
      text: "Without regularisation the network overfits the training set: train accuracy " +
        "exceeds test accuracy by ≥ 2 points and test accuracy is ≤ 92%",
      source: L000,
      expected: "gap ≥ 2, test ≤ 92% (course: 94.8% / 91.5%)",
      when: { ...NONE, iterations: 30000 },
      measure: ({ outputs }: View) => ({
        observed: accuracies(outputs),
        pass: outputs.trainAccuracy - outputs.testAccuracy >= 2 && outputs.testAccuracy <= 92,
      }),
    },
    {
      id: "l2-generalises",
      text: "L2 regularisation (λ = 0.7) closes the gap: train − test ≤ 1 point and test " +
        "accuracy ≥ 92.5%",
      source: L000,
      expected: "gap ≤ 1, test ≥ 92.5% (course: 93.8% / 93%)",
      when: L2,
      measure: ({ outputs }: View) => ({
        observed: accuracies(outputs),
        pass: outputs.trainAccuracy - outputs.testAccuracy <= 1 && outputs.testAccuracy >= 92.5,
      }),
    },
    {
      id: "dropout-generalises",
      text: "Dropout (keep_prob = 0.86) generalises: test accuracy ≥ 92.5% and no lower than " +
        "train accuracy",
      source: L000,
      expected: "test ≥ train, test ≥ 92.5% (course: 92.9% / 95%)",
      when: DROPOUT,
      measure: ({ outputs }: View) => ({
        observed: accuracies(outputs),
        pass: outputs.testAccuracy >= outputs.trainAccuracy && outputs.testAccuracy >= 92.5,
      }),
    },
    {
      id: "l2-shrinks-weights",
      text: "L2 regularisation keeps the weights small (weight decay): Σ‖W‖² after training is " +
        "at most 2× its value at initialisation",
      source: L000,
      expected: "final / initial ≤ 2",
      when: L2,
      measure: ({ outputs }: View) => ({
        observed: growth(outputs),
        pass: outputs.weightsFinal <= 2 * outputs.weightsInitial,
      }),
    },
    {
      id: "none-weights-grow",
      text: "Without regularisation nothing holds the weights back: Σ‖W‖² grows to ≥ 5× its " +
        "value at initialisation",
      source: L000,
      expected: "final / initial ≥ 5",
      when: { ...NONE, iterations: 30000 },
      measure: ({ outputs }: View) => ({
        observed: growth(outputs),
        pass: outputs.weightsFinal >= 5 * outputs.weightsInitial,
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const p = ctx.params;
    const data = await loadReg2d({ dataDir: ctx.dataDir });
    const trainSet = { X: data.trainX, Y: data.trainY, m: data.mTrain };
    const tr = uploadXY(b, trainSet);
    const te = uploadXY(b, { X: data.testX, Y: data.testY, m: data.mTest });
    const keepProb = p.keepProb as number;
    const values = initializeParameters(new RandomState(p.initSeed as number), LAYERS, "deep");
    const net = Network.fromValues(
      b,
      { layerDims: LAYERS, hidden: "relu", lambd: p.lambd as number, keepProb },
      values,
    );
    // The course re-seeds before every forward pass, so one draw gives every iteration's masks.
    const masks = keepProb < 1
      ? dropoutMasks(b, new RandomState(p.dropoutSeed as number), LAYERS, data.mTrain, keepProb)
      : [];
    if (masks.length > 0) net.masks = masks;
    const lambd = p.lambd as number;
    const setup = [lambd > 0 ? `L2 λ=${lambd}` : "", keepProb < 1 ? `dropout keep=${keepProb}` : ""]
      .filter((s) => s !== "").join(" + ") || "none";
    const costs: number[] = [];
    await train(b, net, tr.X, tr.Y, {
      optimizer: new GradientDescent(b, net.parameters(), p.lr as number),
      epochs: p.iterations as number,
      logEvery: p.logEvery as number,
      onLog: ({ epoch, cost }) => {
        costs.push(cost);
        ctx.log({ setup, iteration: epoch, cost });
      },
    });
    const [trainAccuracy, testAccuracy] = await accuracyPercent(b, net, [tr, te]);
    const weightsFinal = sumSquaredWeights(await readParameters(b, net.params));
    const boundary = await networkBoundary(b, net, trainSet);
    net.dispose();
    for (const m of masks) m.dispose();
    disposeXY(tr, te);
    ctx.log({ train_accuracy: trainAccuracy, test_accuracy: testAccuracy });
    return {
      costs,
      trainAccuracy,
      testAccuracy,
      weightsInitial: sumSquaredWeights(values),
      weightsFinal,
      boundary,
    };
  },
});
