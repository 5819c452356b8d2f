/**
 * The layered training loop every model shares, as the course's `model(...)` functions write it: for
 * each epoch (an iteration, in batch gradient descent), optionally reshuffle into mini-batches
 * (`seed = seed + 1; minibatches = random_mini_batches(X, Y, mini_batch_size, seed)`), then per
 * mini-batch forward, cost, backward, update. Costs are recorded every `logEvery` epochs: the
 * iteration's cost in batch mode, the epoch's average per example (`cost_total / m`) with
 * mini-batches.
 *
 * Device work: every update step runs inside `backend.tidy`, so its temporaries go back to the
 * pool; the cost is computed only on logged epochs, kept as a `[1, 1]` tensor, and the pending
 * costs are read together with one `readMany` every `readEvery` steps and at the end. Nothing
 * else is read back during training.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { type MiniBatch, type Optimizer, randomMiniBatches } from "./optimizers.ts";

/** Gradients in `parameters()` order, and the cost of the same forward pass when asked. */
export interface Gradients {
  /** ∂J/∂θ for each parameter, shaped like it. */ grads: Tensor[];
  /** J as a `[1, 1]` tensor when asked for, else null. */ cost: Tensor | null;
}

/** A model the loop, the optimisers and gradient checking can drive. */
export interface Trainable {
  /** The trainable tensors, in a fixed order; updated in place. */
  parameters(): Tensor[];
  /** The cost J at (X, Y) as a `[1, 1]` tensor (forward pass only). */
  cost(X: Tensor, Y: Tensor): Tensor;
  /** ∂J/∂θ for every parameter, plus J when `withCost`. */
  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients;
}

/** How `train` runs: the optimiser, the schedule, logging and reading back. */
export interface TrainOptions {
  /** Updates the model's parameters (it holds α and its state). */ optimizer: Optimizer;
  /** Passes over the data (iterations, in batch gradient descent). */ epochs: number;
  /** Examples per mini-batch: omitted (or ≥ m) is batch gradient descent, 1 is SGD. */
  miniBatchSize?: number;
  /** Reshuffle the mini-batches every epoch (true by default; false keeps the column order). */
  shuffle?: boolean;
  /** The course's `seed = 10`: epoch e shuffles with seed + 1 + e. */ seed?: number;
  /** Record the cost every this many epochs (epoch 0 included); 100 by default. */
  logEvery?: number;
  /** Also record the last epoch's cost; true by default. */ logLast?: boolean;
  /** Read the recorded costs back every this many update steps; 1000 by default. */
  readEvery?: number;
  /** Called with each recorded cost once it has been read back, in order. */
  onLog?: (entry: CostEntry) => void;
  /** Stop at the first read-back batch holding a non-finite cost; false by default. */
  stopOnNonFinite?: boolean;
  /**
   * `train` only: train through the backend's fused trainer (`Backend.trainMlp`: on webgpu
   * many steps per dispatch) when it has one and the model is eligible (nn/fused.ts); else, and
   * by default, this loop. `backend.trainings` counts which ran.
   */
  fused?: boolean;
}

/** One recorded cost. */
export interface CostEntry {
  /** The epoch it was recorded at (0-based). */ epoch: number;
  /** Update steps taken before this cost was measured. */ step: number;
  /** J: the iteration's cost, or the epoch's mean per example with mini-batches. */ cost: number;
}

/** What training did: the recorded costs and how far it ran. */
export interface TrainResult {
  /** The recorded costs, in order. */ costs: CostEntry[];
  /** Update steps taken (mini-batches over all epochs; Adam's final t). */ steps: number;
  /** Epochs completed. */ epochs: number;
  /** True when training stopped early on a non-finite cost. */ stopped: boolean;
}

/**
 * Trains `model` in place on X (n_x × m) and Y (k × m) with backend ops (for a `Network`, its
 * forward and backward), counted as `layered` in `backend.trainings`. `opts.fused` is ignored.
 */
export async function trainLayered(
  backend: Backend,
  model: Trainable,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions,
): Promise<TrainResult> {
  const m = X.shape[1];
  if (Y.shape[1] !== m) throw new RangeError(`train: X has ${m} columns, Y ${Y.shape[1]}`);
  backend.trainings.layered++;
  const logEvery = opts.logEvery ?? 100;
  const logLast = opts.logLast ?? true;
  const readEvery = opts.readEvery ?? 1000;
  const size = Math.min(opts.miniBatchSize ?? m, m);
  const batched = size < m;
  const shuffle = opts.shuffle ?? true;
  const seed = opts.seed ?? 0;
  const opt = opts.optimizer;

  // Unshuffled mini-batches never change: slice them once.
  const fixed: MiniBatch[] | null = batched && !shuffle
    ? randomMiniBatches(backend, X, Y, size, null)
    : null;
  const costs: CostEntry[] = [];
  let pending: { epoch: number; step: number; t: Tensor }[] = [];
  let steps = 0, lastRead = 0, stopped = false, epoch = 0;

  const drain = async () => {
    if (pending.length === 0) return;
    const values = await backend.readMany(pending.map((p) => p.t));
    pending.forEach((p, i) => {
      const entry = { epoch: p.epoch, step: p.step, cost: values[i][0] };
      costs.push(entry);
      opts.onLog?.(entry);
      p.t.dispose();
    });
    pending = [];
    lastRead = steps;
    if (opts.stopOnNonFinite && values.some((v) => !Number.isFinite(v[0]))) stopped = true;
  };

  try {
    for (; epoch < opts.epochs && !stopped; epoch++) {
      const logged = epoch % logEvery === 0 || (logLast && epoch === opts.epochs - 1);
      const stepAt = steps;
      const cost = backend.tidy(() => {
        if (!batched) {
          const g = model.gradients(X, Y, logged);
          opt.step(g.grads);
          steps++;
          return g.cost;
        }
        const batches = fixed ?? randomMiniBatches(backend, X, Y, size, seed + 1 + epoch);
        // cost_total / m: each mini-batch's mean cost weighted by its share of the examples.
        const total = logged ? backend.full([1, 1], 0) : null;
        for (const mb of batches) {
          backend.tidy(() => {
            const g = model.gradients(mb.X, mb.Y, logged);
            opt.step(g.grads);
            if (total && g.cost) backend.update(total, g.cost, -mb.X.shape[1] / m);
          });
          steps++;
        }
        return total;
      });
      if (cost) pending.push({ epoch, step: stepAt, t: cost });
      if (steps - lastRead >= readEvery) await drain();
    }
    await drain();
  } finally {
    for (const p of pending) p.t.dispose();
    for (const mb of fixed ?? []) {
      mb.X.dispose();
      mb.Y.dispose();
    }
  }
  return { costs, steps, epochs: epoch, stopped };
}
