/**
 * The cat images for the experiments that train on them as a batch: the files and their
 * tensors made once for the trials that run together (`ctx.shared`), logistic regression from
 * zeros trained on them through `ctx.train`, and a model's 0/1 predictions read back in one go.
 */
import type { Catvnoncat } from "../../data/catvnoncat.ts";
import type { Context } from "../../harness/experiment.ts";
import type { Tensor } from "../../kernels/backend.ts";
import { LogisticRegression } from "../../nn/logistic.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import type { TrainOptions, TrainResult } from "../../nn/train.ts";
import { catData, type CatTensors, uploadCat } from "./cat_images.ts";

/** The loaded files (`data`) and the train and test tensors, shared by the trials of a batch. */
export function sharedCat(ctx: Pick<Context, "backend" | "dataDir" | "shared">) {
  return ctx.shared("cat", async () => {
    const data = await catData(ctx.dataDir);
    return { data, ...uploadCat(ctx.backend, data) };
  });
}

/** `model.predict` (ŷ > 0.5 → 1, else 0) on each of `sets`, read from the device together. */
export async function predictions(
  ctx: Pick<Context, "backend">,
  model: { predict(X: Tensor): Tensor },
  sets: readonly Tensor[],
): Promise<Float64Array[]> {
  const b = ctx.backend;
  const preds = b.tidy(() => sets.map((X) => model.predict(X)));
  const values = await b.readMany(preds);
  for (const p of preds) p.dispose();
  return values;
}

/** What `withCatLogreg` hands on: the files, their tensors, the trained model and its run. */
export type CatLogreg = {
  data: Catvnoncat;
  sets: CatTensors;
  model: LogisticRegression;
  run: TrainResult;
};

/**
 * Logistic regression from w = 0, b = 0 trained on the shared cat tensors by batch gradient
 * descent at `lr` through `ctx.train` (a batch's weight vectors stacked, X read once per step
 * for all, nn/many.ts); then `use` with it, and the model freed.
 */
export async function withCatLogreg<T>(
  ctx: Pick<Context, "backend" | "dataDir" | "shared" | "train">,
  opts: Omit<TrainOptions, "optimizer"> & { lr: number },
  use: (r: CatLogreg) => T | Promise<T>,
): Promise<T> {
  const b = ctx.backend;
  const { data, ...sets } = await sharedCat(ctx);
  const model = LogisticRegression.initializeWithZeros(b, data.features);
  try {
    const { lr, ...train } = opts;
    const optimizer = new GradientDescent(b, model.parameters(), lr);
    const run = await ctx.train(model, sets.X, sets.Y, { optimizer, ...train });
    return await use({ data, sets, model, run });
  } finally {
    model.dispose();
  }
}
