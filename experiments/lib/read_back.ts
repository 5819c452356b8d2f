/**
 * The compute–read–free step of experiments that report a few figures: tensors made inside
 * `backend.tidy` (its temporaries freed), read back with one `readMany`, then disposed.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";

/** The values of the tensors `compute` returns, in order, as plain arrays. */
export async function readBack(backend: Backend, compute: () => Tensor[]): Promise<number[][]> {
  const ts = backend.tidy(compute);
  const values = await backend.readMany(ts);
  for (const t of ts) t.dispose();
  return values.map((v) => Array.from(v));
}
