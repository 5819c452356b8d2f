/**
 * The course's "Deep Neural Network for Image Classification: Application" (course 1, week 4) on
 * the cat images of lectures 000/001: a 2-layer network [12288, 7, 1] and an L-layer network
 * [12288, 20, 7, 5, 1] trained with the notebook's exact setup. Its printed costs and accuracies
 * are checked against the assignment, the L-layer network's matrix dimensions against lecture
 * 002's rules.
 */
import { seededParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { assignment, defineExperiment } from "./prelude.ts";
import { initSeed, learningRate } from "./lib/param_specs.ts";
import { checkCatData, mislabelledGrid } from "./lib/cat_images.ts";
import { predictions, sharedCat } from "./lib/cat_on_device.ts";
import { costRises } from "./lib/cost_trend.ts";
import { ARCH, type DeepCatOutput, MODELS, notebookClaims, REF } from "./lib/deep_cat_notebook.ts";
import { catNetShapeClaims, passShapes } from "./lib/pass_shapes.ts";

export default defineExperiment({
  id: "deep-cat",
  title: "Deep network on the cat images: 2-layer vs L-layer (the course's application notebook)",
  source: assignment("deep-nn-app"),
  description:
    "The course's `two_layer_model` and `L_layer_model` on the 209 training and 50 test cat " +
    "images (X = pixels / 255, 12288 × m). 2-layer: [12288, 7, 1], ReLU then sigmoid, " +
    "np.random.seed(1) then W1 = randn(7, 12288)·0.01, b1 = 0, W2 = randn(1, 7)·0.01, b2 = 0. " +
    "L-layer: [12288, 20, 7, 5, 1], ReLU ×3 then sigmoid, np.random.seed(1) then per layer " +
    "W = randn(n_l, n_{l−1}) / √n_{l−1}, b = 0. Both: batch gradient descent on the " +
    "cross-entropy cost, lr 0.0075, 2500 iterations; the cost before every update is kept " +
    "(the notebook prints it at i % 100 == 0, and the 2021 version also at i = 2499) and logged " +
    "every `logEvery` iterations and at the last; prediction ŷ > 0.5; accuracy = share of " +
    "correct predictions. The 2-layer model also runs for 1500 iterations (the notebook's " +
    "early-stopping note). The weights come from a RandomState seeded with `initSeed` (the " +
    "course's np.random.seed(1)); the trial seed is not used. After training, one forward and " +
    "backward pass over the training set records every W, b, Z, A, dW, db shape. The " +
    "mislabelled test images are shown (the notebook shows them too), not claimed. " +
    `NumPy float64/float32 reference: ${REF}.`,
  params: {
    model: {
      type: "enum",
      default: "l-layer",
      choices: MODELS,
      doc: "two-layer: [12288, 7, 1]; l-layer: [12288, 20, 7, 5, 1]",
    },
    iterations: { type: "integer", default: 2500, min: 1, max: 1000000, doc: "gradient steps" },
    lr: learningRate(0.0075, { min: 1e-3, max: 0.05 }),
    initSeed: initSeed(1),
    logEvery: { type: "integer", default: 100, min: 1, doc: "log the cost every N iterations" },
  },
  defaultSweep: [
    { model: "two-layer" },
    { model: "l-layer" },
    { model: "two-layer", iterations: 1500 },
  ],
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
  // Trials of one model that differ in these train together (nn/many.ts): the default sweep's
  // two 2-layer runs stack their first layers, X read once per step for both.
  batch: ["iterations", "lr", "initSeed", "logEvery"],
  async run(ctx): Promise<DeepCatOutput> {
    const { model, iterations, lr, initSeed, logEvery } = ctx.params;
    const { dims, init } = ARCH[model];
    const b = ctx.backend;
    const { data, ...sets } = await sharedCat(ctx);
    // The course calls np.random.seed(1) inside initialize_parameters(_deep).
    const values = seededParameters(initSeed, dims, init, { scale: 0.01 });
    const spec = { layerDims: dims, hidden: "relu", output: "sigmoid" } as const;
    const net = Network.fromValues(b, spec, values);
    try {
      // The cost of every iteration (before its update), read back once at the end.
      const r = await ctx.train(net, sets.X, sets.Y, {
        optimizer: new GradientDescent(b, net.parameters(), lr),
        epochs: iterations,
        logEvery: 1,
        readEvery: Infinity,
        stopOnNonFinite: true,
        // Layers 2 … L in the backend's fused tail on webgpu (one dispatch a step, the same
        // numbers as layer by layer); the manifest records it.
        fused: true,
      });
      const costEvery = r.costs.map((c) => c.cost);
      for (const c of r.costs) {
        if (c.epoch % logEvery === 0 || c.epoch === iterations - 1) {
          ctx.log({ iteration: c.epoch, cost: c.cost });
        }
      }
      const shapes = passShapes(b, net, sets.X, sets.Y);
      const [pTrain, pTest] = await predictions(ctx, net, [sets.X, sets.Xt]);
      const correct = (p: Float64Array, y: Float64Array) => p.filter((v, i) => v === y[i]).length;
      const trainCorrect = correct(pTrain, data.trainY), testCorrect = correct(pTest, data.testY);
      const pct = (n: number, m: number) => Number((100 * n / m).toFixed(4));
      return {
        model,
        layerDims: dims,
        parameters: net.parameters().reduce((s, t) => s + t.size, 0),
        costEvery,
        costRises: costRises(costEvery),
        trainCorrect,
        trainCount: data.mTrain,
        testCorrect,
        testCount: data.mTest,
        shapes,
        mislabelledTest: Array.from(pTest.keys()).filter((i) => pTest[i] !== data.testY[i]),
        mislabelled: mislabelledGrid(data, pTest),
        accuracy: [
          { label: "train", value: pct(trainCorrect, data.mTrain), group: model },
          { label: "test", value: pct(testCorrect, data.mTest), group: model },
        ],
      };
    } finally {
      net.dispose();
    }
  },
  claims: [
    ...notebookClaims,
    ...catNetShapeClaims({ model: "l-layer" }, (o: DeepCatOutput) => o.shapes),
  ],
});
