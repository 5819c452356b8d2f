/**
 * Small device results back on the host, for experiments that compute a handful of tensors and
 * print them: one read (one wait) for all, the tensors freed, and a row-major matrix as the nested
 * rows NumPy prints.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";

/** Reads every tensor with one `readMany`, disposes them all, returns their values as arrays. */
export async function readAndFree(b: Backend, ts: readonly Tensor[]): Promise<number[][]> {
  const values = await b.readMany(ts);
  for (const t of ts) t.dispose();
  return values.map((v) => Array.from(v));
}

/** The values of the tensors `compute` makes inside `backend.tidy` (its temporaries freed). */
export function readBack(backend: Backend, compute: () => Tensor[]): Promise<number[][]> {
  return readAndFree(backend, backend.tidy(compute));
}

/** A flat row-major matrix of `cols` columns as its rows (or any list cut in runs of `cols`). */
export function matrixRows<T>(v: readonly T[], cols: number): T[][] {
  return Array.from({ length: v.length / cols }, (_, i) => v.slice(i * cols, (i + 1) * cols));
}

/** max |a[i] − b[i]| (0 for empty arrays). */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
