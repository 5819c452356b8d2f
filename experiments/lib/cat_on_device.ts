/**
 * The cat images for the experiments that train on them as a batch: the files and their
 * tensors made once for the trials that run together (`ctx.shared`), and a model's 0/1
 * predictions on sets read back in one go.
 */
import type { Context } from "../../harness/experiment.ts";
import type { Tensor } from "../../kernels/backend.ts";
import { catData, uploadCat } from "./cat_images.ts";

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
