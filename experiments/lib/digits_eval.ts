/**
 * Training and judging classifiers on the MNIST digits (lecture 004, "Fully Connected neural
 * nets can recognize images of handwritten digits"; LeNet-5): the sets on the device, the
 * lecture's 784–30–10 network, epoch-by-epoch training with the test accuracy after each epoch,
 * the confusion matrix, per-digit accuracy bars and a grid of misclassified digits.
 */
import { type Digits, oneHot } from "../../data/digits.ts";
import { imageGrid } from "../../data/image_grid.ts";
import type { Bar, ImageGrid } from "../../schema/payloads.ts";
import type { RandomState } from "../../numpy/rng.ts";
import type { Activation, Backend, Tensor } from "../../kernels/backend.ts";
import { initializeParameters } from "../../nn/init.ts";
import { Network } from "../../nn/network.ts";
import { makeOptimizer, type OptimizerName } from "../../nn/optimizers.ts";
import { train, type Trainable } from "../../nn/train.ts";

/** Training images (pixels / 255, one column each), one-hot labels, and test images. */
export interface DigitTensors {
  X: Tensor;
  Y: Tensor;
  Xt: Tensor;
  dispose(): void;
}

export function uploadDigits(b: Backend, d: Digits): DigitTensors {
  const pixels = d.height * d.width;
  const t = {
    X: b.fromArray(d.trainX, [pixels, d.mTrain]),
    Y: b.fromArray(oneHot(d.trainY), [10, d.mTrain]),
    Xt: b.fromArray(d.testX, [pixels, d.mTest]),
  };
  return { ...t, dispose: () => Object.values(t).forEach((x) => x.dispose()) };
}

/**
 * The fully connected network of lecture 004's example: 784 inputs, `hidden` units with
 * `activation`, 10 softmax outputs (categorical cross-entropy). Weights randn·√(1/n_prev)
 * (`xavier`, Nielsen's randn/√n_in for this network), biases zero, drawn from `rng`.
 */
export function digitsMlp(
  b: Backend,
  rng: RandomState,
  inputs: number,
  hidden: number,
  activation: Activation,
): Network {
  const dims = [inputs, hidden, 10];
  return Network.fromValues(
    b,
    { layerDims: dims, hidden: activation, output: "softmax" },
    initializeParameters(rng, dims, "xavier"),
  );
}

/** Trainable parameters: the element count of every allocated parameter tensor. */
export function countParameters(tensors: readonly Tensor[]): number {
  return tensors.reduce((s, t) => s + t.size, 0);
}

export interface FitOptions {
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  /** The mini-batches of epoch e are shuffled with seed + 1 + e (the course's `seed = seed + 1`). */
  seed: number;
}

/** One epoch's figures (a type alias, so that it is Json for result.json). */
export type EpochRecord = {
  epoch: number;
  /** The epoch's mean cost over the training examples (`cost_total / m`). */
  cost: number;
  /** Test accuracy (%) after the epoch. */
  testAccuracy: number;
};

/**
 * Mini-batch training, one `train` call per epoch (the same steps and shuffles as one call for
 * all epochs; the optimiser keeps its state), the test set predicted after each epoch. Returns
 * the records and the last epoch's test predictions.
 */
export async function fitDigits(
  b: Backend,
  model: Trainable & { predict(X: Tensor): Tensor },
  data: DigitTensors,
  testLabels: ArrayLike<number>,
  opts: FitOptions,
): Promise<{ epochs: EpochRecord[]; predictions: Float64Array; stopped: boolean }> {
  const optimizer = makeOptimizer(b, model.parameters(), opts.optimizer, {
    learningRate: opts.lr,
  });
  const epochs: EpochRecord[] = [];
  let predictions: Float64Array = new Float64Array(0);
  let stopped = false;
  try {
    for (let e = 0; e < opts.epochs && !stopped; e++) {
      const r = await train(b, model, data.X, data.Y, {
        optimizer,
        epochs: 1,
        miniBatchSize: opts.batchSize,
        seed: opts.seed + e,
        logEvery: 1,
        stopOnNonFinite: true,
      });
      stopped = r.stopped;
      const p = model.predict(data.Xt);
      predictions = await b.read(p);
      p.dispose();
      epochs.push({
        epoch: e + 1,
        cost: r.costs[0]?.cost ?? NaN,
        testAccuracy: 100 * predictions.filter((v, i) => v === testLabels[i]).length /
          predictions.length,
      });
    }
  } finally {
    optimizer.dispose();
  }
  return { epochs, predictions, stopped };
}

/** Counts[true digit][predicted digit]. */
export function confusionMatrix(
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes = 10,
): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predictions[i]]++;
  return m;
}

/** The diagonal of the confusion matrix as a share of each row: accuracy per true digit. */
export function perDigitBars(confusion: readonly number[][], group?: string): Bar[] {
  return confusion.map((row, k) => {
    const n = row.reduce((s, v) => s + v, 0);
    const bar: Bar = {
      label: String(k),
      value: n ? Number((100 * row[k] / n).toFixed(2)) : 0,
      note: `${row[k]}/${n}`,
    };
    if (group) bar.group = group;
    return bar;
  });
}

/** The first `max` misclassified test digits, titled "#i: is 4, predicted 9". */
export function misclassifiedDigits(
  d: Digits,
  predictions: ArrayLike<number>,
  max = 24,
): ImageGrid {
  const wrong: number[] = [];
  for (let i = 0; i < d.mTest && wrong.length < max; i++) {
    if (predictions[i] !== d.testY[i]) wrong.push(i);
  }
  return imageGrid(
    d.testImages,
    { height: d.height, width: d.width, channels: 1 },
    wrong,
    (i) => `#${i}: is ${d.testY[i]}, predicted ${predictions[i]}`,
    () => true,
  );
}
