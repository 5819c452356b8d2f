/**
 * Networks compared on the MNIST digits at an equal training budget (lecture 004: LeNet-5
 * against the fully connected 784–30–10): each trained on its own upload of the digits with the
 * same epochs, mini-batches and optimiser, its epochs logged per model, and freed after.
 */
import type { Digits } from "../../data/digits.ts";
import type { MetricRow } from "../../harness/experiment.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { Trainable } from "../../nn/train.ts";
import { fitDigits, type FitOptions, uploadDigits } from "./digits_eval.ts";

/**
 * Uploads `digits`, trains `model` on them (`fitDigits`), logs each epoch as
 * `{ model: name, ...record }`, and frees the model and the upload.
 */
export async function fitOnce(
  b: Backend,
  name: string,
  model: Trainable & { predict(X: Tensor): Tensor; dispose(): void },
  digits: Digits,
  fit: FitOptions,
  log: (row: MetricRow) => void,
): ReturnType<typeof fitDigits> {
  const sets = uploadDigits(b, digits);
  try {
    const result = await fitDigits(b, model, sets, digits.testY, fit);
    for (const r of result.epochs) log({ model: name, ...r });
    return result;
  } finally {
    model.dispose();
    sets.dispose();
  }
}
