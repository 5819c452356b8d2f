/**
 * Adaline (Widrow and Hoff) with batch gradient descent, as lecture 002's `AdalineGD`:
 * output = w·x + b, errors = y − output, w ← w + η·errors·Xᵀ, b ← b + η·Σ errors, and the cost
 * SSE/2 of the errors before the update. The run is encoded on the device and read back once.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";

export interface AdalineResult {
  /** Final weights, bias first (the lecture's `w_`). */
  weights: number[];
  /** SSE/2 per epoch. */
  costs: number[];
}

/** Trains on `x` (features × samples) against targets `y` (1 × samples). */
export async function trainAdalineGD(
  backend: Backend,
  x: Tensor,
  y: Tensor,
  eta: number,
  epochs: number,
): Promise<AdalineResult> {
  const features = x.shape[0];
  const w = backend.full([1, features], 0);
  const b = backend.full([1, 1], 0);
  const costs: Tensor[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const cost = backend.tidy(() => {
      const output = backend.binary("add", backend.matmul(w, x), b);
      const errors = backend.binary("sub", y, output);
      // Gradient of SSE/2 is −errors·Xᵀ; `update` subtracts lr·g, so pass lr = −η.
      backend.update(w, backend.matmul(errors, x, { transB: true }), -eta);
      backend.update(b, backend.sum(errors), -eta);
      return backend.unary("affine", backend.sum(backend.unary("square", errors)), 0.5, 0);
    });
    costs.push(cost);
  }
  const [wv, bv, ...cv] = await backend.readMany([w, b, ...costs]);
  for (const t of [w, b, ...costs]) t.dispose();
  return { weights: [bv[0], ...wv], costs: cv.map((c) => c[0]) };
}

/** Predictions ŷ = sign(w·x + b) ∈ {−1, 1} with the threshold at 0, as `predict` in the lecture. */
export async function predictSign(
  backend: Backend,
  weights: readonly number[],
  x: Tensor,
): Promise<Float64Array> {
  const [bias, ...w] = weights;
  const out = backend.tidy(() =>
    backend.unary(
      "sign",
      backend.binary("add", backend.matmul(backend.fromArray(w, [1, w.length]), x), backend.full([1, 1], bias)),
      0,
    )
  );
  const values = await backend.read(out);
  out.dispose();
  return values;
}
