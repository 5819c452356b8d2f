/**
 * Adaline (lecture 002's rule, the summed SSE/2 gradient) traced update by update: the whole
 * training set's cost after every parameter update of batch, mini-batch or stochastic gradient
 * descent, and how well a mini-batch's or a sample's gradient points along the whole set's.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { MetricRow } from "../../harness/experiment.ts";
import { trainAdalineMiniBatch } from "../../nn/adaline.ts";
import { RandomState } from "../../numpy/rng.ts";

export type MethodRun = {
  batchSize: number;
  updatesPerEpoch: number;
  /** SSE/2 of the whole set: [0] before training, [k] after update k. */
  costs: number[];
  /** The fractional epoch (update / updates per epoch) of the first cost ≤ target; null: never. */
  epochsToTarget: number | null;
  updatesToTarget: number | null;
  /** Updates after which the cost rose, of all updates. */
  rises: number;
  updates: number;
  /** max |cost at each epoch end − nn/adaline's trainAdalineMiniBatch (cost "sse")|. */
  maxDiffFromNn: number;
};

export type VariantsOutput<Method extends string> = Record<Method, MethodRun> & {
  m: number;
  target: number;
  /**
   * At the initial (zero) weights: the cosine between the whole set's SSE/2 gradient and the
   * gradient of each mini-batch (batchSize samples) and of each single sample of the first
   * shuffled epoch (the mini-batch method's first permutation).
   */
  gradientCosines: { miniBatch: number[]; single: number[] };
};

/**
 * The SSE/2 gradient (weights and bias, −Σ errors·[x; 1]) at zero weights of the whole set and
 * of consecutive runs of `size` samples in `order`, and each one's cosine with the whole set's.
 */
async function gradientCosines(
  b: Backend,
  x: Tensor,
  y: Tensor,
  order: Int32Array,
  size: number,
): Promise<number[]> {
  const m = x.shape[1];
  // At w = 0, b = 0 the errors are the targets: the gradient is −[y·xᵀ, Σ y].
  const grad = (xb: Tensor, yb: Tensor) =>
    b.concatRows(
      b.unary("affine", b.matmul(xb, yb, { transB: true }), -1, 0),
      b.unary("affine", b.sum(yb), -1, 0),
    );
  const tensors = [b.tidy(() => grad(x, y))];
  for (let k = 0; k < m; k += size) {
    tensors.push(b.tidy(() => {
      const end = Math.min(k + size, m);
      const idx = b.fromArray(order.subarray(k, end), [1, end - k]);
      return grad(b.gatherColumns(x, idx), b.gatherColumns(y, idx));
    }));
  }
  const [full, ...parts] = await b.readMany(tensors);
  for (const t of tensors) t.dispose();
  const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, i) => s + ui * v[i], 0);
  return parts.map((g) => dot(g, full) / Math.sqrt(dot(g, g) * dot(full, full)));
}

/**
 * Adaline (zero weights) with `batchSize` samples per update: per epoch, if shuffling, the
 * order is permuted by `rng` (compounding, as nn/adaline.ts), then each run of `batchSize`
 * samples gives w ← w + η·errors·X_bᵀ, b ← b + η·Σ errors (the summed SSE/2 gradient,
 * lecture 002's rule). After every update the whole set's SSE/2 is kept on the device; all
 * are read back once at the end. nn/adaline.ts records the cost once per epoch only.
 */
export async function traceUpdates(
  b: Backend,
  x: Tensor,
  y: Tensor,
  rng: RandomState,
  opts: { eta: number; epochs: number; batchSize: number; shuffle: boolean },
): Promise<number[]> {
  const [features, m] = x.shape;
  const size = Math.min(opts.batchSize, m);
  const w = b.full([1, features], 0);
  const bias = b.full([1, 1], 0);
  const sse = () => {
    const errors = b.binary("sub", y, b.binary("add", b.matmul(w, x), bias));
    return b.unary("affine", b.sum(b.unary("square", errors)), 0.5, 0);
  };
  const columns = size === 1
    ? Array.from(
      { length: m },
      (_, i) => [b.slice(x, 0, features, i, i + 1), b.slice(y, 0, 1, i, i + 1)],
    )
    : null;
  const costs: Tensor[] = [b.tidy(sse)];
  let order = Int32Array.from({ length: m }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      if (opts.shuffle) {
        const r = rng.permutation(m);
        order = r.map((j) => order[j]);
      }
      for (let k = 0; k < m; k += size) {
        costs.push(b.tidy(() => {
          let xb = x, yb = y;
          if (columns) [xb, yb] = columns[order[k]];
          else if (size < m) {
            const end = Math.min(k + size, m);
            const idx = b.fromArray(order.subarray(k, end), [1, end - k]);
            xb = b.gatherColumns(x, idx);
            yb = b.gatherColumns(y, idx);
          }
          const errors = b.binary("sub", yb, b.binary("add", b.matmul(w, xb), bias));
          b.update(w, b.matmul(errors, xb, { transB: true }), -opts.eta);
          b.update(bias, b.sum(errors), -opts.eta);
          return sse();
        }));
      }
    }
    return (await b.readMany(costs)).map((c) => c[0]);
  } finally {
    for (const t of [w, bias, ...costs, ...(columns ?? []).flat()]) t.dispose();
  }
}

/**
 * One method's run from zero weights: the traced costs (`traceUpdates`, its order shuffled by a
 * RandomState(seed)), logged one row per update with the update count and fractional epoch,
 * summarised, and compared at each epoch end with nn/adaline.ts's trainAdalineMiniBatch (cost
 * "sse") run with the same seed. Rows are tagged with the `method`'s name.
 */
export async function traceMethod(
  b: Backend,
  x: Tensor,
  y: Tensor,
  seed: number,
  opts: { eta: number; epochs: number; batchSize: number; shuffle: boolean },
  target: number,
  log: (row: MetricRow) => void,
  method: string,
): Promise<MethodRun> {
  const m = x.shape[1];
  const { epochs, batchSize } = opts;
  const costs = await traceUpdates(b, x, y, new RandomState(seed), opts);
  const nnOpts = { ...opts, initial: "zeros", cost: "sse" } as const;
  const nn = await trainAdalineMiniBatch(b, x, y, new RandomState(seed), nnOpts);
  const perEpoch = Math.ceil(m / batchSize);
  const ends = nn.costs.map((_, e) => costs[(e + 1) * perEpoch]);
  const maxDiffFromNn = Math.max(...nn.costs.map((c, e) => Math.abs(c - ends[e])));
  costs.forEach((cost, update) =>
    log({
      method,
      update,
      log10_updates: Number(Math.log10(1 + update).toFixed(6)),
      epoch: Number((update / perEpoch).toFixed(6)),
      cost,
    })
  );
  const hit = costs.findIndex((c) => c <= target);
  return {
    batchSize,
    updatesPerEpoch: (costs.length - 1) / epochs,
    costs,
    epochsToTarget: hit < 0 ? null : hit / perEpoch,
    updatesToTarget: hit < 0 ? null : hit,
    rises: costs.filter((c, i) => i > 0 && c > costs[i - 1]).length,
    updates: costs.length - 1,
    maxDiffFromNn,
  };
}

/**
 * The cosines of `gradientCosines` on the first order the shuffling methods see (a
 * RandomState(seed)'s first permutation; file order without shuffling): mini-batches of
 * `batchSize`, and single samples.
 */
export async function firstEpochCosines(
  b: Backend,
  x: Tensor,
  y: Tensor,
  seed: number,
  shuffle: boolean,
  batchSize: number,
): Promise<{ miniBatch: number[]; single: number[] }> {
  const m = x.shape[1];
  const order = shuffle
    ? new RandomState(seed).permutation(m)
    : Int32Array.from({ length: m }, (_, i) => i);
  return {
    miniBatch: await gradientCosines(b, x, y, order, batchSize),
    single: await gradientCosines(b, x, y, order, 1),
  };
}
