/**
 * The params every MNIST digits experiment declares in the same words and bounds: how many
 * training and test digits, and the mini-batch training budget (epochs, batch size, optimiser,
 * learning rate), each with the experiment's own defaults.
 */
import { OPTIMIZER_NAMES, type OptimizerName } from "../../nn/optimizers.ts";

/** `trainCount` and `testCount`: the first N digits of MNIST's training and test files. */
export function digitCounts(trainCount: number, testCount: number) {
  return {
    trainCount: {
      type: "integer",
      default: trainCount,
      min: 1,
      max: 60000,
      doc: "training digits (the first N of MNIST's 60,000)",
    },
    testCount: {
      type: "integer",
      default: testCount,
      min: 1,
      max: 10000,
      doc: "test digits (the first N of MNIST's 10,000; the first half is the easier one)",
    },
  } as const;
}

/** `epochs`, `batchSize`, `optimizer` and `lr` (drawn log-uniformly in `lrRandom` by --random). */
export function miniBatchParams(o: {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  lr: number;
  lrDoc: string;
  lrRandom: { min: number; max: number };
}) {
  return {
    epochs: { type: "integer", default: o.epochs, min: 1, max: 1000, doc: "passes over the data" },
    batchSize: {
      type: "integer",
      default: o.batchSize,
      min: 1,
      max: 60000,
      doc: "mini-batch size",
    },
    optimizer: {
      type: "enum",
      default: o.optimizer,
      choices: OPTIMIZER_NAMES,
      doc: "gd (mini-batch SGD), momentum or adam",
    },
    lr: {
      type: "number",
      default: o.lr,
      min: 0,
      doc: o.lrDoc,
      random: { min: o.lrRandom.min, max: o.lrRandom.max, log: true },
    },
  } as const;
}
