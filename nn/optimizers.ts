/**
 * Parameter updates and mini-batches of the course's "Optimization Methods" assignment and
 * lecture 002's batch / stochastic / mini-batch gradient descent:
 *
 * - `GradientDescent`: `update_parameters_with_gd`, W = W − α·dW.
 * - `Momentum`: `initialize_velocity` + `update_parameters_with_momentum`,
 *   v = β·v + (1 − β)·dW, W = W − α·v (β = 0.9).
 * - `Adam`: `initialize_adam` + `update_parameters_with_adam`, with t counting updates
 *   (mini-batches, not epochs): v = β1·v + (1 − β1)·dW, s = β2·s + (1 − β2)·dW²,
 *   v̂ = v / (1 − β1ᵗ), ŝ = s / (1 − β2ᵗ), W = W − α·v̂ / (√ŝ + ε) (β1 0.9, β2 0.999, ε 1e-8).
 * - `miniBatchPartition` / `randomMiniBatches`: `random_mini_batches(X, Y, size, seed)`.
 *
 * Every update works in place on the device (`backend.update`), a few dispatches per parameter;
 * the moving averages are written as v ← v − (1 − β)·(v − dW), the same average in one
 * in-place op.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { RandomState } from "../numpy/rng.ts";

/** Updates parameters in place from their gradients (same order as the parameters). */
export interface Optimizer {
  /** Which update rule it applies. */ readonly name: OptimizerName;
  /** One update of every parameter. */
  step(grads: readonly Tensor[]): void;
  /** Frees the optimiser's state (velocities, moments). */
  dispose(): void;
}

/** Which update rule an `Optimizer` applies: gradient descent, momentum or Adam. */
export type OptimizerName = "gd" | "momentum" | "adam";
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ["gd", "momentum", "adam"];

export interface OptimizerOptions {
  /** α. */
  learningRate: number;
  /** Momentum's β; 0.9 by default. */
  beta?: number;
  /** Adam's β1, β2 and ε; 0.9, 0.999 and 1e-8 by default. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

function checkGrads(params: readonly Tensor[], grads: readonly Tensor[]): void {
  if (grads.length !== params.length) {
    throw new RangeError(`optimizer: ${grads.length} gradients for ${params.length} parameters`);
  }
}

/** `update_parameters_with_gd`: W = W − α·dW for every parameter. */
export class GradientDescent implements Optimizer {
  readonly name = "gd" as const;
  constructor(
    readonly backend: Backend,
    readonly params: readonly Tensor[],
    readonly learningRate: number,
  ) {}

  step(grads: readonly Tensor[]): void {
    checkGrads(this.params, grads);
    this.params.forEach((p, i) => this.backend.update(p, grads[i], this.learningRate));
  }

  dispose(): void {}
}

/** Momentum: the velocities start at zero (`initialize_velocity`); no bias correction. */
export class Momentum implements Optimizer {
  readonly name = "momentum" as const;
  /** The velocities v, one per parameter. */
  readonly v: Tensor[];

  constructor(
    readonly backend: Backend,
    readonly params: readonly Tensor[],
    readonly learningRate: number,
    readonly beta = 0.9,
  ) {
    this.v = params.map((p) => backend.full(p.shape, 0));
  }

  step(grads: readonly Tensor[]): void {
    checkGrads(this.params, grads);
    const b = this.backend;
    this.params.forEach((p, i) => {
      // v = β·v + (1 − β)·dW, as v ← v − (1 − β)·(v − dW).
      b.update(this.v[i], b.binary("sub", this.v[i], grads[i]), 1 - this.beta);
      b.update(p, this.v[i], this.learningRate);
    });
  }

  dispose(): void {
    for (const t of this.v) t.dispose();
  }
}

/** Adam: first and second moments start at zero (`initialize_adam`); `t` counts steps. */
export class Adam implements Optimizer {
  readonly name = "adam" as const;
  /** First moments v and second moments s, one per parameter. */
  readonly v: Tensor[];
  readonly s: Tensor[];
  /** Updates made so far (the course's t, incremented before each update). */
  t = 0;

  constructor(
    readonly backend: Backend,
    readonly params: readonly Tensor[],
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    this.v = params.map((p) => backend.full(p.shape, 0));
    this.s = params.map((p) => backend.full(p.shape, 0));
  }

  step(grads: readonly Tensor[]): void {
    checkGrads(this.params, grads);
    const b = this.backend;
    this.t += 1;
    const c1 = 1 - this.beta1 ** this.t, c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, i) => {
      const g = grads[i];
      b.update(this.v[i], b.binary("sub", this.v[i], g), 1 - this.beta1);
      b.update(this.s[i], b.binary("sub", this.s[i], b.unary("square", g)), 1 - this.beta2);
      // √ŝ + ε = √s / √(1 − β2ᵗ) + ε; the 1/(1 − β1ᵗ) of v̂ goes into the step size.
      const denom = b.unary("affine", b.unary("sqrt", this.s[i]), 1 / Math.sqrt(c2), this.epsilon);
      b.update(p, b.binary("div", this.v[i], denom), this.learningRate / c1);
    });
  }

  dispose(): void {
    for (const t of [...this.v, ...this.s]) t.dispose();
  }
}

/** The named optimiser over `params` (its state tensors are created now, outside any tidy). */
export function makeOptimizer(
  backend: Backend,
  params: readonly Tensor[],
  name: OptimizerName,
  opts: OptimizerOptions,
): Optimizer {
  switch (name) {
    case "gd":
      return new GradientDescent(backend, params, opts.learningRate);
    case "momentum":
      return new Momentum(backend, params, opts.learningRate, opts.beta);
    case "adam":
      return new Adam(backend, params, opts.learningRate, opts.beta1, opts.beta2, opts.epsilon);
  }
}

/**
 * The columns of each mini-batch, as `random_mini_batches(X, Y, size, seed)` picks them:
 * `np.random.seed(seed); permutation = np.random.permutation(m)`, then contiguous runs of
 * `size` shuffled columns, the last one smaller when size does not divide m.
 */
export function miniBatchPartition(m: number, size: number, seed: number): Int32Array[] {
  checkBatch(m, size);
  return contiguous(new RandomState(seed).permutation(m), size);
}

function checkBatch(m: number, size: number): void {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`mini-batch size must be a positive integer, got ${size}`);
  }
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`mini-batches of ${m} examples`);
}

function contiguous(order: Int32Array, size: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let k = 0; k < order.length; k += size) out.push(order.slice(k, k + size));
  return out;
}

/** A mini-batch on the device: columns of X and the matching columns of Y. */
export interface MiniBatch {
  X: Tensor;
  Y: Tensor;
}

/**
 * `random_mini_batches`: shuffles X and Y's columns by the seeded permutation
 * (`shuffled_X = X[:, permutation]`, one gather each) and slices contiguous mini-batches.
 * With `seed` null the columns keep their order (plain SGD / unshuffled mini-batches).
 */
export function randomMiniBatches(
  backend: Backend,
  X: Tensor,
  Y: Tensor,
  size: number,
  seed: number | null,
): MiniBatch[] {
  const m = X.shape[1];
  checkBatch(m, size);
  if (Y.shape[1] !== m) throw new RangeError(`mini-batches: X has ${m} columns, Y ${Y.shape[1]}`);
  let sx = X, sy = Y;
  if (seed !== null) {
    const perm = backend.fromArray(new RandomState(seed).permutation(m), [1, m]);
    sx = backend.gatherColumns(X, perm);
    sy = backend.gatherColumns(Y, perm);
    perm.dispose();
  }
  const out: MiniBatch[] = [];
  for (let k = 0; k < m; k += size) {
    const end = Math.min(k + size, m);
    out.push({
      X: backend.slice(sx, 0, sx.shape[0], k, end),
      Y: backend.slice(sy, 0, sy.shape[0], k, end),
    });
  }
  if (seed !== null) {
    sx.dispose();
    sy.dispose();
  }
  return out;
}
