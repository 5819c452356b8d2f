/**
 * Adaline (Widrow and Hoff) with batch gradient descent, as lecture 002's `AdalineGD`:
 * output = w·x + b, errors = y − output, w ← w + η·errors·Xᵀ, b ← b + η·Σ errors, and the cost
 * SSE/2 of the errors before the update. The run is encoded on the device and read back once.
 * `trainAdalineSGD` and `trainAdalineMiniBatch` add the stochastic and mini-batch variants.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import type { RandomState } from "../numpy/rng.ts";

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
      backend.binary(
        "add",
        backend.matmul(backend.fromArray(w, [1, w.length]), x),
        backend.full([1, 1], bias),
      ),
      0,
    )
  );
  const values = await backend.read(out);
  out.dispose();
  return values;
}

export interface AdalineSGDOptions {
  /** Learning rate η. */
  eta: number;
  epochs: number;
  /** Reshuffle the samples every epoch (Raschka's `shuffle=True`, the default). */
  shuffle?: boolean;
  /**
   * Initial weights: `normal` draws `rgen.normal(loc=0.0, scale=0.01, size=1 + n)` (Raschka's
   * `_initialize_weights`, bias first; the default); `zeros` is the lecture's `np.zeros(1 + n)`.
   */
  initial?: "normal" | "zeros";
  /**
   * The cost recorded per epoch: `average`, the mean over the epoch's updates of ½·error²
   * measured before each update (Raschka's `avg_cost`, the default), or `sse`, SSE/2 of the
   * whole set after the epoch (the lecture's `AdalineSGD.train`).
   */
  cost?: "average" | "sse";
}

export interface AdalineMiniBatchOptions extends AdalineSGDOptions {
  /** Samples per mini-batch (the last one smaller when it does not divide m). */
  batchSize: number;
}

/**
 * Adaline with stochastic gradient descent, as lecture 002's "Adaline with SGD" and Raschka's
 * `AdalineSGD`: per epoch, optionally shuffle (`r = rgen.permutation(len(y)); X, y = X[r],
 * y[r]`, so the shuffles compound), then for each sample error = t − (w·x + b),
 * w ← w + η·error·x, b ← b + η·error. `rng` plays Raschka's `rgen` (seed it with
 * `random_state`): the initial weights are drawn first, then one permutation per epoch.
 */
export function trainAdalineSGD(
  backend: Backend,
  x: Tensor,
  y: Tensor,
  rng: RandomState,
  opts: AdalineSGDOptions,
): Promise<AdalineResult> {
  return trainAdalineMiniBatch(backend, x, y, rng, { ...opts, batchSize: 1 });
}

/**
 * Adaline with mini-batch gradient descent (lecture 002: "a compromise between BGD and SGD"):
 * as `trainAdalineSGD`, but each update uses `batchSize` consecutive samples of the shuffled
 * order, w ← w + η·errorsᵀ·X_batch and b ← b + η·Σ errors (the summed SSE/2 gradient, as the
 * batch rule), so a batch size of 1 is exactly SGD. The average cost is Σ ½·error² / m.
 * Everything runs on the device; the costs are read back once at the end.
 */
export async function trainAdalineMiniBatch(
  backend: Backend,
  x: Tensor,
  y: Tensor,
  rng: RandomState,
  opts: AdalineMiniBatchOptions,
): Promise<AdalineResult> {
  const [features, m] = x.shape;
  if (y.shape[0] !== 1 || y.shape[1] !== m) {
    throw new Error(`adaline: targets [${y.shape}] for ${m} samples; need [1, ${m}]`);
  }
  const size = opts.batchSize;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`adaline: batch size ${size}`);
  const init = opts.initial === "zeros"
    ? new Float64Array(1 + features)
    : rng.normal(0, 0.01, 1 + features);
  const w = backend.fromArray(init.subarray(1), [1, features]);
  const b = backend.fromArray(init.subarray(0, 1), [1, 1]);
  // Single samples are sliced once; larger batches are gathered per update.
  const columns = size === 1
    ? Array.from(
      { length: m },
      (_, i) => [backend.slice(x, 0, features, i, i + 1), backend.slice(y, 0, 1, i, i + 1)],
    )
    : null;
  const costs: Tensor[] = [];
  let order = Int32Array.from({ length: m }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      if (opts.shuffle ?? true) {
        const r = rng.permutation(m);
        order = r.map((j) => order[j]);
      }
      const total = backend.full([1, 1], 0);
      for (let k = 0; k < m; k += size) {
        backend.tidy(() => {
          let xb: Tensor, yb: Tensor;
          if (columns) [xb, yb] = columns[order[k]];
          else {
            const end = Math.min(k + size, m);
            const idx = backend.fromArray(order.subarray(k, end), [1, end - k]);
            xb = backend.gatherColumns(x, idx);
            yb = backend.gatherColumns(y, idx);
          }
          const errors = backend.binary("sub", yb, backend.binary("add", backend.matmul(w, xb), b));
          // w ← w + η·errors·X_bᵀ written as w − (−η)·(…), as in trainAdalineGD.
          backend.update(w, backend.matmul(errors, xb, { transB: true }), -opts.eta);
          backend.update(b, backend.sum(errors), -opts.eta);
          if (opts.cost !== "sse") {
            backend.update(total, backend.sum(backend.unary("square", errors)), -0.5 / m);
          }
        });
      }
      if (opts.cost === "sse") {
        backend.tidy(() => {
          const errors = backend.binary("sub", y, backend.binary("add", backend.matmul(w, x), b));
          backend.assign(
            total,
            backend.unary("affine", backend.sum(backend.unary("square", errors)), 0.5, 0),
          );
        });
      }
      costs.push(total);
    }
    const [wv, bv, ...cv] = await backend.readMany([w, b, ...costs]);
    return { weights: [bv[0], ...wv], costs: cv.map((c) => c[0]) };
  } finally {
    for (const t of [w, b, ...costs, ...(columns ?? []).flat()]) t.dispose();
  }
}
