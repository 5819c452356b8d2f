/**
 * The course's "Deep Neural Network — Application" (lectures 000 and 002, deep networks): a
 * 2-layer network [12288, 7, 1] and an L-layer network [12288, 20, 7, 5, 1] trained on the cat
 * images with the course's exact setup, and their training and test accuracy (the course prints
 * 100% / 72% and 98.6% / 80%).
 */
import { round, trend, within } from "../harness/claims.ts";
import {
  type Bar,
  type Context,
  defineExperiment,
  type ImageGrid,
  type MetricRow,
  type TrialView,
} from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { catData, checkCatData, mislabelledGrid, uploadCat } from "./lib/cat_images.ts";

const DEEP = "000_1f11751481aa60aa.txt, Going to Deeper NN Architectures; Random Initialization " +
  "of Weights; 002_fe9f34c7e4ab1bab.txt, Deep Neural Networks";
const COURSE = 'the course\'s week-4 assignment "Deep Neural Network — Application" (printed ' +
  "output), on 000_1f11751481aa60aa.txt's cat images";
const GD = "000_1f11751481aa60aa.txt, Logistic Regression / Gradient Descent";

const MODELS = ["two-layer", "l-layer"] as const;
type Model = (typeof MODELS)[number];

/** The course's layer sizes and initialisers (`initialize_parameters` / `_deep`). */
const ARCH: Record<Model, { dims: number[]; init: "random" | "deep" }> = {
  "two-layer": { dims: [12288, 7, 1], init: "random" }, // randn · 0.01
  "l-layer": { dims: [12288, 20, 7, 5, 1], init: "deep" }, // randn / √n_prev
};

/** The course's printed costs (`Cost after iteration i`) and accuracies, per model. */
const PRINTED: Record<Model, { first: number; last: number; train: number; test: number }> = {
  "two-layer": { first: 0.6930497356599888, last: 0.048554785628770185, train: 100, test: 72 },
  "l-layer": { first: 0.771749, last: 0.092878, train: 98.5645933014, test: 80 },
};

/** Midway between the course's two test accuracies: each trial is measured against it. */
const LINE = 76;

/** The course's run: lr 0.0075, 2500 iterations, np.random.seed(1). */
const COURSE_RUN = { iterations: 2500, lr: 0.0075, initSeed: 1 } as const;

type DeepCatOutput = {
  model: string;
  layerDims: number[];
  /** Trainable parameters, counted from the allocated tensors. */
  parameters: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Indices of the mislabelled test images. */
  mislabelledTest: number[];
  mislabelled: ImageGrid;
  accuracy: Bar[];
};

type View = TrialView<DeepCatOutput>;

/** The logged costs, in order, whatever became of the trial (they are in metrics.csv). */
function costsOf(metrics: readonly MetricRow[]): number[] {
  return metrics.map((r) => r.cost).filter((c): c is number => typeof c === "number");
}

function costAt(metrics: readonly MetricRow[], iteration: number): number {
  const row = metrics.find((r) => r.iteration === iteration);
  if (!row || typeof row.cost !== "number") throw new Error(`no cost logged at ${iteration}`);
  return row.cost;
}

function printedCostClaims(model: Model) {
  const p = PRINTED[model];
  return [
    {
      id: `initial-cost-${model}`,
      text: `${model === "l-layer" ? "L-layer" : "2-layer"} model, np.random.seed(1): "Cost ` +
        `after iteration 0: ${p.first}" (the initial weights are drawn in the course's order)`,
      source: COURSE,
      expected: p.first,
      // The L-layer model prints with "%f" (6 decimals), the 2-layer model in full.
      tolerance: { float64: model === "l-layer" ? 5e-7 : 1e-9, float32: 1e-5 },
      when: { model, initSeed: 1 },
      measure: ({ metrics, tolerance }: View) => {
        const c = costAt(metrics, 0);
        return { observed: round(c, 10), pass: within(c, p.first, tolerance) };
      },
    },
    {
      id: `final-cost-${model}`,
      text: `${model === "l-layer" ? "L-layer" : "2-layer"} model: "Cost after iteration ` +
        `2400: ${p.last}"`,
      source: COURSE,
      expected: p.last,
      tolerance: { float64: 1e-6, float32: 2e-3 },
      when: { model, ...COURSE_RUN, logEvery: 100 },
      measure: ({ metrics, tolerance }: View) => {
        const c = costAt(metrics, 2400);
        return { observed: round(c, 8), pass: within(c, p.last, tolerance) };
      },
    },
    {
      id: `test-accuracy-${model}`,
      text: `${model === "l-layer" ? "L-layer" : "2-layer"} model: test accuracy ${p.test}% ` +
        `(the course prints ${p.test / 100}; one of the 50 test images is 2 points)`,
      source: COURSE,
      expected: p.test,
      tolerance: { float64: 0, float32: 2 },
      when: { model, ...COURSE_RUN },
      measure: ({ outputs: o, tolerance }: View) => ({
        observed: round(o.testAccuracy, 6),
        pass: within(o.testAccuracy, p.test, tolerance),
      }),
    },
  ];
}

export default defineExperiment<DeepCatOutput>({
  id: "deep-cat",
  title: "Deep network on the cat images: 2-layer vs L-layer",
  source: `${DEEP}; ${COURSE}`,
  description:
    "The course's `two_layer_model` and `L_layer_model` on the 209 training and 50 test cat " +
    "images (X = pixels / 255, 12288 × m). 2-layer: [12288, 7, 1], ReLU then sigmoid, " +
    "np.random.seed(1) then W1 = randn(7, 12288)·0.01, b1 = 0, W2 = randn(1, 7)·0.01, b2 = 0. " +
    "L-layer: [12288, 20, 7, 5, 1], ReLU ×3 then sigmoid, np.random.seed(1) then per layer " +
    "W = randn(n_l, n_{l−1}) / √n_{l−1}, b = 0. Both: batch gradient descent on the " +
    "cross-entropy cost, lr 0.0075, 2500 iterations, the cost printed every 100 iterations " +
    "(i % 100 == 0, so the last is iteration 2400); prediction ŷ > 0.5; accuracy = share of " +
    "correct predictions. The weights come from a RandomState seeded with `initSeed` (the " +
    "course's np.random.seed(1)); the trial seed is not used, so sweep `initSeed` to see other " +
    "initialisations. Claims comparing the two models are measured per trial against a common " +
    `line (${LINE}%), since a claim sees one trial.`,
  params: {
    model: {
      type: "enum",
      default: "l-layer",
      choices: MODELS,
      doc: "two-layer: [12288, 7, 1]; l-layer: [12288, 20, 7, 5, 1]",
    },
    iterations: {
      type: "integer",
      default: 2500,
      min: 1,
      max: 1000000,
      doc: "gradient steps (the course: 2500)",
    },
    lr: {
      type: "number",
      default: 0.0075,
      min: 0,
      doc: "learning rate (the course: 0.0075)",
      random: { min: 1e-3, max: 0.05, log: true },
    },
    initSeed: {
      type: "integer",
      default: 1,
      min: 0,
      max: 4294967295,
      doc: "np.random.seed before the initial weights are drawn (the course: 1)",
    },
    logEvery: {
      type: "integer",
      default: 100,
      min: 1,
      max: 1000000,
      doc: "log the cost every this many iterations (the course: 100)",
    },
  },
  defaultSweep: [{ model: "two-layer" }, { model: "l-layer" }],
  quick: { iterations: 6, logEvery: 1 },
  seeds: [1],
  checkData: checkCatData,
  charts: [
    {
      name: "cost",
      title: "Cost every 100 iterations, 2-layer vs L-layer (lr 0.0075)",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "model",
      xTitle: "iterations",
      yTitle: "cost J",
    },
    {
      name: "accuracy",
      title: "Training and test accuracy (%)",
      kind: "bars",
      field: "accuracy",
      xTitle: "accuracy (%)",
    },
    {
      name: "mislabelled",
      title: "Mislabelled test images, per model",
      kind: "images",
      field: "mislabelled",
    },
  ],
  claims: [
    ...printedCostClaims("two-layer"),
    ...printedCostClaims("l-layer"),
    {
      id: "cost-falls",
      text: "Gradient descent lowers the cost J: the last logged cost is below the first, and " +
        "the cost falls at ≥ 90% of the logged steps",
      source: GD,
      expected: "last < first; falls at ≥ 90% of logged steps",
      measure: ({ metrics }) => {
        const c = costsOf(metrics);
        const t = trend(c);
        return {
          observed: `falls at ${t.down} of ${t.steps} steps (${round(c[0], 6)} → ${
            round(c.at(-1)!, 6)
          })`,
          pass: t.steps > 0 && c.at(-1)! < c[0] && t.down >= 0.9 * t.steps,
        };
      },
    },
    {
      id: "fits-training-set",
      text: "Both models fit the training set: training accuracy ≥ 95% after 2500 iterations " +
        "(the course prints 100% for the 2-layer model and 98.6% for the L-layer model)",
      source: COURSE,
      expected: "≥ 95%",
      when: { iterations: 2500, lr: 0.0075 },
      measure: ({ outputs: o }) => ({
        observed: `${o.model}: train ${round(o.trainAccuracy, 6)}% (the course: ${
          PRINTED[o.model as Model].train
        }%)`,
        pass: o.trainAccuracy >= 95,
      }),
    },
    {
      id: "deeper-generalises-l-layer",
      text: "The deeper model generalises better — L-layer side: its test accuracy is at least " +
        `${LINE}% (the 2-layer model's claim checks it stays below)`,
      source: `${DEEP}; ${COURSE}`,
      expected: `≥ ${LINE}%`,
      when: { model: "l-layer", ...COURSE_RUN },
      measure: ({ outputs: o }) => ({
        observed: `test ${round(o.testAccuracy, 6)}%`,
        pass: o.testAccuracy >= LINE,
      }),
    },
    {
      id: "deeper-generalises-two-layer",
      text: "The deeper model generalises better — 2-layer side: its test accuracy stays below " +
        `${LINE}% (the L-layer model's claim checks it reaches it)`,
      source: `${DEEP}; ${COURSE}`,
      expected: `< ${LINE}%`,
      when: { model: "two-layer", ...COURSE_RUN },
      measure: ({ outputs: o }) => ({
        observed: `test ${round(o.testAccuracy, 6)}%`,
        pass: o.testAccuracy < LINE,
      }),
    },
  ],
  async run(ctx: Context) {
    const model = ctx.params.model as Model;
    const { dims, init } = ARCH[model];
    const data = await catData(ctx.dataDir);
    const b = ctx.backend;
    const sets = uploadCat(b, data);
    // The course calls np.random.seed(1) inside initialize_parameters(_deep).
    const rng = new RandomState(ctx.params.initSeed as number);
    const net = Network.fromValues(
      b,
      { layerDims: dims, hidden: "relu", output: "sigmoid" },
      initializeParameters(rng, dims, init, { scale: 0.01 }),
    );
    try {
      const r = await train(b, net, sets.X, sets.Y, {
        optimizer: new GradientDescent(b, net.parameters(), ctx.params.lr as number),
        epochs: ctx.params.iterations as number,
        logEvery: ctx.params.logEvery as number,
        logLast: false, // the course prints at i % 100 == 0 only
        readEvery: Infinity,
        stopOnNonFinite: true,
      });
      for (const c of r.costs) ctx.log({ iteration: c.epoch, cost: c.cost });
      const preds = [net.predict(sets.X), net.predict(sets.Xt)];
      const [pTrain, pTest] = await b.readMany(preds);
      for (const p of preds) p.dispose();
      const accuracy = (p: Float64Array, y: Float64Array) =>
        100 * p.filter((v, i) => v === y[i]).length / y.length;
      const trainAccuracy = accuracy(pTrain, data.trainY);
      const testAccuracy = accuracy(pTest, data.testY);
      return {
        model,
        layerDims: dims,
        parameters: net.parameters().reduce((s, t) => s + t.size, 0),
        trainAccuracy,
        testAccuracy,
        mislabelledTest: Array.from(pTest.keys()).filter((i) => pTest[i] !== data.testY[i]),
        mislabelled: mislabelledGrid(data, pTest),
        accuracy: [
          { label: "train", value: round(trainAccuracy, 6), group: model },
          { label: "test", value: round(testAccuracy, 6), group: model },
        ],
      };
    } finally {
      net.dispose();
      sets.dispose();
    }
  },
});
