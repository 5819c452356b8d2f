/**
 * The L-layer fully connected network of the course's "Building your Deep Neural Network: Step
 * by Step" and lectures 002/003 (forward and backward propagation), with the regularisation of
 * the course's "Regularization" assignment (L2 and inverted dropout).
 *
 * Shapes as the lectures write them: X is n_x × m, W[l] is n_l × n_{l−1}, b[l] is n_l × 1,
 * Y is 1 × m (sigmoid) or K × m one-hot (softmax).
 *
 * Forward, per layer: Z[l] = W[l]·A[l−1] + b[l], A[l] = g[l](Z[l]); with dropout on hidden
 * layers A[l] = A[l]·D[l] / keep_prob. Backward: dZ[L] = A[L] − Y (sigmoid + cross-entropy or
 * softmax + categorical cross-entropy), or dZ[L] = (A[L] − Y) ⊙ g′(Z[L]) for the squared error
 * J = (1/2m)·Σ‖ŷ − y‖²; then for each layer dW = (1/m)·dZ·A_prevᵀ (+ λ/m·W), db = (1/m)·Σ dZ,
 * dA_prev = Wᵀ·dZ (·D/keep_prob), dZ_prev = dA_prev ⊙ g′(Z_prev).
 *
 * @module
 */
import type { Activation, Backend, Tensor } from "../kernels/backend.ts";
import type { LayerValues } from "./init.ts";
import type { Gradients, Trainable } from "./loop.ts";
import type { RandomState } from "../numpy/rng.ts";

/** The output layer: an elementwise activation (sigmoid for binary labels) or softmax. */
export type OutputActivation = Activation | "softmax";

/**
 * The cost: binary cross-entropy (sigmoid output), categorical cross-entropy (softmax output),
 * or the squared error J = (1/2m)·Σ (ŷ − y)² (any elementwise output).
 */
export type NetworkCost = "bce" | "cce" | "squared";

export interface NetworkSpec {
  /** [n_x, n_1, …, n_L]: the course's `layers_dims`. */
  layerDims: readonly number[];
  /** Activation of the hidden layers: one for all, or one per hidden layer. */
  hidden: Activation | readonly Activation[];
  /** Output activation; sigmoid by default. */
  output?: OutputActivation;
  /** Cost; by default bce for a sigmoid output, cce for softmax, squared otherwise. */
  cost?: NetworkCost;
  /** Leaky ReLU's slope or ELU's alpha on the hidden layers (backend defaults when omitted). */
  activationParam?: number;
  /** L2 regularisation λ (the course's `lambd`); 0 by default. */
  lambd?: number;
  /** Inverted dropout's keep_prob on the hidden layers; 1 (no dropout) by default. */
  keepProb?: number;
}

/** The parameters on the device: W[0] and b[0] are the lectures' W[1] and b[1]. */
export interface Parameters {
  W: Tensor[];
  b: Tensor[];
}

/** What the forward pass keeps for the backward pass, per layer (the course's `cache`). */
export interface LayerCache {
  A_prev: Tensor;
  Z: Tensor;
  A: Tensor;
  /** The dropout mask applied to A, when there is one. */
  D?: Tensor;
}

export interface ForwardResult {
  AL: Tensor;
  caches: LayerCache[];
}

/** dW[0], db[0] are the gradients of W[1], b[1]. */
export interface NetworkGradients {
  dW: Tensor[];
  db: Tensor[];
  /** dA[0] = W[1]ᵀ·dZ[1], the gradient of the input, when `backward` was asked for it. */
  dA0?: Tensor;
}

interface ResolvedSpec {
  layerDims: number[];
  hidden: Activation[];
  output: OutputActivation;
  cost: NetworkCost;
  activationParam?: number;
  lambd: number;
  keepProb: number;
}

function resolve(spec: NetworkSpec): ResolvedSpec {
  const dims = [...spec.layerDims];
  if (dims.length < 2 || !dims.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`network: layer dims must be ≥ 2 positive integers, got [${dims}]`);
  }
  const L = dims.length - 1;
  const hidden = typeof spec.hidden === "string"
    ? new Array(L - 1).fill(spec.hidden)
    : [...spec.hidden];
  if (hidden.length !== L - 1) {
    throw new RangeError(`network: ${hidden.length} hidden activations for ${L - 1} hidden layers`);
  }
  const output = spec.output ?? "sigmoid";
  const cost = spec.cost ??
    (output === "sigmoid" ? "bce" : output === "softmax" ? "cce" : "squared");
  if (cost === "bce" && output !== "sigmoid") {
    throw new RangeError(`network: cost bce needs a sigmoid output, got ${output}`);
  }
  if (cost === "cce" && output !== "softmax") {
    throw new RangeError(`network: cost cce needs a softmax output, got ${output}`);
  }
  if (cost === "squared" && output === "softmax") {
    throw new RangeError("network: the squared error is not supported with a softmax output");
  }
  const lambd = spec.lambd ?? 0;
  const keepProb = spec.keepProb ?? 1;
  if (!(lambd >= 0)) throw new RangeError(`network: lambd must be ≥ 0, got ${lambd}`);
  if (!(keepProb > 0 && keepProb <= 1)) {
    throw new RangeError(`network: keep_prob must be in (0, 1], got ${keepProb}`);
  }
  return {
    layerDims: dims,
    hidden,
    output,
    cost,
    activationParam: spec.activationParam,
    lambd,
    keepProb,
  };
}

/** Uploads host parameter values (from `nn/init.ts`) as device tensors. */
export function uploadParameters(backend: Backend, values: readonly LayerValues[]): Parameters {
  return {
    W: values.map((v) => backend.fromArray(v.W, [v.rows, v.cols])),
    b: values.map((v) => backend.fromArray(v.b, [v.rows, 1])),
  };
}

/** Reads device parameters back (one wait). */
export async function readParameters(backend: Backend, p: Parameters): Promise<LayerValues[]> {
  const all = await backend.readMany([...p.W, ...p.b]);
  return p.W.map((w, l) => ({
    W: all[l],
    b: all[p.W.length + l],
    rows: w.shape[0],
    cols: w.shape[1],
  }));
}

/**
 * The course's dropout masks: after `np.random.seed(1)` its forward pass draws, per hidden
 * layer in order, `D = np.random.rand(n_l, m) < keep_prob`. It re-seeds on every forward pass,
 * so the masks are the same every iteration: draw them once here (seed `rng` first) and pass
 * them to `forward` or set them as `Network.masks`.
 */
export function dropoutMasks(
  backend: Backend,
  rng: RandomState,
  layerDims: readonly number[],
  m: number,
  keepProb: number,
): Tensor[] {
  const masks: Tensor[] = [];
  for (let l = 1; l < layerDims.length - 1; l++) {
    const d = rng.rand(layerDims[l] * m).map((u) => u < keepProb ? 1 : 0);
    masks.push(backend.fromArray(d, [layerDims[l], m]));
  }
  return masks;
}

/** An L-layer network over device parameters; it owns `params` and frees them in `dispose`. */
export class Network implements Trainable {
  readonly spec: Readonly<ResolvedSpec>;
  readonly L: number;
  /**
   * Dropout masks (one per hidden layer, n_l × m) used by the training objective
   * (`gradients`, `cost`) when keep_prob < 1; `predict` never drops units.
   */
  masks: readonly Tensor[] | null = null;

  constructor(readonly backend: Backend, spec: NetworkSpec, readonly params: Parameters) {
    this.spec = resolve(spec);
    this.L = this.spec.layerDims.length - 1;
    if (params.W.length !== this.L || params.b.length !== this.L) {
      throw new RangeError(`network: ${params.W.length} weight matrices for ${this.L} layers`);
    }
    params.W.forEach((w, l) => {
      const [r, c] = [this.spec.layerDims[l + 1], this.spec.layerDims[l]];
      if (w.shape[0] !== r || w.shape[1] !== c || params.b[l].shape[0] !== r) {
        throw new RangeError(`network: W[${l + 1}] is [${w.shape}], layer dims need [${r}, ${c}]`);
      }
    });
  }

  /** A network with parameters uploaded from host values. */
  static fromValues(backend: Backend, spec: NetworkSpec, values: readonly LayerValues[]): Network {
    return new Network(backend, spec, uploadParameters(backend, values));
  }

  /** g of layer l (1-based), or "softmax" at the output. */
  activationOf(l: number): OutputActivation {
    return l === this.L ? this.spec.output : this.spec.hidden[l - 1];
  }

  #g(l: number, Z: Tensor): Tensor {
    const g = this.activationOf(l);
    const b = this.backend;
    if (g === "softmax") return b.softmax(Z, 0);
    return b.activation(g, Z, l === this.L ? undefined : this.spec.activationParam);
  }

  #gPrime(l: number, Z: Tensor): Tensor {
    const g = this.activationOf(l) as Activation;
    return this.backend.activationGrad(g, Z, l === this.L ? undefined : this.spec.activationParam);
  }

  /**
   * L_model_forward: Z = W·A_prev + b and A = g(Z) layer by layer; with `masks` (keep_prob < 1)
   * the hidden activations are dropped and scaled, A = A·D / keep_prob.
   */
  forward(X: Tensor, masks?: readonly Tensor[] | null): ForwardResult {
    const b = this.backend;
    const drop = masks && this.spec.keepProb < 1 ? masks : null;
    if (drop && drop.length !== this.L - 1) {
      throw new RangeError(`network: ${drop.length} dropout masks for ${this.L - 1} hidden layers`);
    }
    const caches: LayerCache[] = [];
    let A = X;
    for (let l = 1; l <= this.L; l++) {
      const A_prev = A;
      const Z = b.binary("add", b.matmul(this.params.W[l - 1], A_prev), this.params.b[l - 1]);
      A = this.#g(l, Z);
      const cache: LayerCache = { A_prev, Z, A };
      if (drop && l < this.L) {
        cache.D = drop[l - 1];
        if (cache.D.shape[0] !== A.shape[0] || cache.D.shape[1] !== A.shape[1]) {
          throw new RangeError(
            `network: dropout mask ${l} is [${cache.D.shape}], A[${l}] is [${A.shape}] (the ` +
              `course's fixed masks cover the whole batch; draw them for this X)`,
          );
        }
        A = b.unary("affine", b.binary("mul", A, cache.D), 1 / this.spec.keepProb, 0);
        cache.A = A;
      }
      caches.push(cache);
    }
    return { AL: A, caches };
  }

  /**
   * compute_cost (+ compute_cost_with_regularization): the cross-entropy or squared error of AL
   * against Y, plus λ/(2m)·Σ_l ‖W[l]‖² when λ > 0. A `[1, 1]` tensor.
   */
  costOf(AL: Tensor, Y: Tensor): Tensor {
    const b = this.backend;
    const m = Y.shape[1];
    let J = this.spec.cost === "squared"
      ? b.unary("affine", b.loss("sse", AL, Y), 1 / m, 0) // ½·Σ(y − ŷ)² / m
      : b.loss(this.spec.cost, AL, Y);
    if (this.spec.lambd > 0) {
      let sq = b.sum(b.unary("square", this.params.W[0]));
      for (let l = 1; l < this.L; l++) {
        sq = b.binary("add", sq, b.sum(b.unary("square", this.params.W[l])));
      }
      J = b.binary("add", J, b.unary("affine", sq, this.spec.lambd / (2 * m), 0));
    }
    return J;
  }

  /**
   * L_model_backward: the gradients of the cost w.r.t. every W[l] and b[l]; with `inputGrad`
   * also dA[0], the gradient w.r.t. the input (nn/many.ts feeds it to a layer in front).
   */
  backward(
    AL: Tensor,
    Y: Tensor,
    caches: readonly LayerCache[],
    inputGrad = false,
  ): NetworkGradients {
    const b = this.backend;
    const m = Y.shape[1];
    const { lambd, keepProb } = this.spec;
    const dW: Tensor[] = new Array(this.L), db: Tensor[] = new Array(this.L);
    // dZ[L] = A[L] − Y for sigmoid + bce and softmax + cce; (A − Y) ⊙ g′(Z) for the squared error.
    let dZ = b.binary("sub", AL, Y);
    if (this.spec.cost === "squared") {
      dZ = b.binary("mul", dZ, this.#gPrime(this.L, caches[this.L - 1].Z));
    }
    for (let l = this.L; l >= 1; l--) {
      const { A_prev } = caches[l - 1];
      const W = this.params.W[l - 1];
      // (1/m)·dZ·A_prevᵀ: the scale is applied as the product is stored (no pass of its own).
      let dWl = b.matmul(dZ, A_prev, { transB: true, scale: 1 / m });
      if (lambd > 0) dWl = b.binary("add", dWl, b.unary("affine", W, lambd / m, 0));
      dW[l - 1] = dWl;
      db[l - 1] = b.mean(dZ, 1); // (1/m)·Σ over examples, keepdims
      if (l === 1) {
        if (inputGrad) return { dW, db, dA0: b.matmul(W, dZ, { transA: true }) };
        break;
      }
      let dA_prev = b.matmul(W, dZ, { transA: true });
      const D = caches[l - 2].D;
      if (D) dA_prev = b.unary("affine", b.binary("mul", dA_prev, D), 1 / keepProb, 0);
      dZ = b.binary("mul", dA_prev, this.#gPrime(l - 1, caches[l - 2].Z));
    }
    return { dW, db };
  }

  /**
   * predict: the forward pass without dropout, then ŷ > 0.5 → 1 for a sigmoid output (the
   * course's `predict`) or the argmax class for softmax. A `[1, m]` tensor.
   */
  predict(X: Tensor): Tensor {
    const b = this.backend;
    return b.tidy(() => {
      const { AL } = this.forward(X);
      if (this.spec.output === "softmax") return b.argmax(AL, 0);
      return b.binary("gt", AL, b.full([1, 1], 0.5));
    });
  }

  /** W1, b1, W2, b2, …: the order of `gradients`' result and of the optimisers' state. */
  parameters(): Tensor[] {
    return this.params.W.flatMap((w, l) => [w, this.params.b[l]]);
  }

  /** Forward + cost (with `masks` when keep_prob < 1). */
  cost(X: Tensor, Y: Tensor): Tensor {
    return this.costOf(this.forward(X, this.masks).AL, Y);
  }

  /** Forward, backward, and the cost of this forward pass when `withCost`. */
  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const { AL, caches } = this.forward(X, this.masks);
    const g = this.backward(AL, Y, caches);
    return {
      grads: g.dW.flatMap((dw, l) => [dw, g.db[l]]),
      cost: withCost ? this.costOf(AL, Y) : null,
    };
  }

  /** Frees the parameters (not the masks: whoever drew them owns them). */
  dispose(): void {
    for (const t of [...this.params.W, ...this.params.b]) t.dispose();
  }
}
