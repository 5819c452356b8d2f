/**
 * Rosenblatt's perceptron (lecture 002) and the hardlim perceptron of lecture 004: online
 * updates in sample order, w ← w + η·(t − ŷ)·x, with the bias as weight 0 on a constant 1 input.
 * The whole training run is encoded on the device and read back once.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";

export interface PerceptronOptions {
  /** Learning rate η. */
  eta: number;
  epochs: number;
  /** "sign": ŷ ∈ {−1, 1} (lecture 002); "hardlim": ŷ ∈ {0, 1} (lecture 004). */
  output: "sign" | "hardlim";
  /** Learn a bias (weight 0, bias first as in the lecture's `w_`); lecture 004's example has none. */
  bias: boolean;
  /** Initial weights (bias first when `bias`); zeros by default. */
  initial?: readonly number[];
}

export interface PerceptronResult {
  /** Final weights, bias first when `bias`. */
  weights: number[];
  /** Samples whose update was non-zero, per epoch (the lecture's misclassifications). */
  errors: number[];
  /** Weights after each presented sample, in order (for step-by-step lecture examples). */
  history?: number[][];
}

/**
 * Trains on `x` (features × samples) against targets `t` (length = samples).
 * With `keepHistory`, also returns the weights after every presentation.
 */
export async function trainPerceptron(
  backend: Backend,
  x: Tensor,
  t: readonly number[],
  opts: PerceptronOptions,
  keepHistory = false,
): Promise<PerceptronResult> {
  const [features, m] = x.shape;
  if (t.length !== m) throw new Error(`perceptron: ${t.length} targets for ${m} samples`);
  const n = features + (opts.bias ? 1 : 0);
  const init = opts.initial ?? new Array(n).fill(0);
  if (init.length !== n) throw new Error(`perceptron: ${init.length} initial weights, need ${n}`);

  const xb = opts.bias ? backend.concatRows(backend.full([1, m], 1), x) : x;
  const samples = Array.from({ length: m }, (_, i) => backend.slice(xb, 0, n, i, i + 1));
  const targets = t.map((v) => backend.full([1, 1], v));
  const w = backend.fromArray(init, [1, n]);
  const zero = backend.full([1, 1], 0);
  const errorCounts: Tensor[] = [];
  const history: Tensor[] = [];

  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const count = backend.full([1, 1], 0);
    for (let i = 0; i < m; i++) {
      backend.tidy(() => {
        const z = backend.matmul(w, samples[i]);
        const yhat = opts.output === "sign"
          ? backend.unary("sign", z, 0)
          : backend.unary("step", z, 0);
        const update = backend.unary(
          "affine",
          backend.binary("sub", targets[i], yhat),
          opts.eta,
          0,
        );
        // w ← w + update·xᵢᵀ, written as w − (−1)·(update·xᵢᵀ) with the in-place update op.
        backend.update(w, backend.matmul(update, samples[i], { transB: true }), -1);
        backend.assign(count, backend.binary("add", count, backend.binary("ne", update, zero)));
      });
      if (keepHistory) history.push(backend.tidy(() => backend.unary("affine", w, 1, 0)));
    }
    errorCounts.push(count);
  }

  const [weights, ...rest] = await backend.readMany([w, ...errorCounts, ...history]);
  const result: PerceptronResult = {
    weights: Array.from(weights),
    errors: rest.slice(0, opts.epochs).map((c) => c[0]),
  };
  if (keepHistory) result.history = rest.slice(opts.epochs).map((h) => Array.from(h));
  for (const tensor of [xb, ...samples, ...targets, w, zero, ...errorCounts, ...history]) {
    if (tensor !== x) tensor.dispose();
  }
  return result;
}
