/**
 * Batch gradient descent with the plain update w := w − α·dw, each recorded cost handed to `log`
 * (a metrics row) and returned: the training that experiments setting models or initialisations
 * side by side each run the same way.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { readBack } from "./host_arrays.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import { train, type Trainable } from "../../nn/train.ts";

/** Trains `model` in place on X, Y; returns the cost every `logEvery` iterations (and the last). */
export async function descend(
  b: Backend,
  model: Trainable,
  X: Tensor,
  Y: Tensor,
  opts: {
    lr: number;
    iterations: number;
    logEvery: number;
    /** Train through the backend's fused small-network trainer where it has one (nn/train.ts). */
    fused?: boolean;
    log: (iteration: number, cost: number) => void;
  },
): Promise<number[]> {
  const costs: number[] = [];
  await train(b, model, X, Y, {
    optimizer: new GradientDescent(b, model.parameters(), opts.lr),
    epochs: opts.iterations,
    logEvery: opts.logEvery,
    fused: opts.fused,
    onLog: ({ epoch, cost }) => {
      costs.push(cost);
      opts.log(epoch, cost);
    },
  });
  return costs;
}

/** What a classifier predicting class indices got right after `descendClassifier`. */
export type ClassifierFit = {
  /** Examples whose predicted class is right. */
  correct: number;
  /** Distinct classes among the predictions. */
  predictedClasses: number;
  /** Predictions per class, in class order. */
  predictedPerClass: number[];
  /** The cost every `logEvery` iterations, from iteration 0 (the last iteration included). */
  costs: number[];
};

/**
 * `descend`, then the model's class-index predictions on X (`predict`) against `labels`, out of
 * `classes` classes.
 */
export async function descendClassifier(
  b: Backend,
  model: Trainable & { predict(X: Tensor): Tensor },
  X: Tensor,
  Y: Tensor,
  labels: readonly number[],
  classes: number,
  opts: Parameters<typeof descend>[4],
): Promise<ClassifierFit> {
  const costs = await descend(b, model, X, Y, opts);
  const [pred] = await readBack(b, () => [model.predict(X)]);
  const predictedPerClass = new Array(classes).fill(0);
  pred.forEach((c) => predictedPerClass[c]++);
  return {
    correct: labels.filter((y, i) => pred[i] === y).length,
    predictedClasses: predictedPerClass.filter((n) => n > 0).length,
    predictedPerClass,
    costs,
  };
}

/**
 * `descend`, then the trained model's cost and accuracy (share of ŷ > 0.5 equal to Y) on the
 * same X, Y, read back together.
 */
export async function descendAndScore(
  b: Backend,
  model: Trainable & { predict(X: Tensor): Tensor },
  X: Tensor,
  Y: Tensor,
  opts: Parameters<typeof descend>[4],
): Promise<{ cost: number; accuracy: number }> {
  await descend(b, model, X, Y, opts);
  const [[cost], [accuracy]] = await readBack(b, () => [
    model.cost(X, Y),
    b.accuracy(model.predict(X), Y),
  ]);
  return { cost, accuracy };
}
