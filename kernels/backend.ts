/**
 * The compute contract every model is written against. Two implementations: `webgpu` (WGSL
 * kernels on Deno's built-in WebGPU, float32) and `cpu` (plain TypeScript, Float64, the
 * reference). Shapes follow the lectures: a matrix is features × examples, row-major.
 *
 * Ops return new tensors; `tidy` frees every tensor made inside it except those returned, so a
 * training loop recycles pooled buffers instead of allocating. Only `update` and `assign`
 * write in place.
 */

/** A 2-D shape `[rows, cols]`; vectors are `[n, 1]` or `[1, n]`. */
export type Shape = readonly [number, number];

/**
 * Elementwise binary ops. `b` may broadcast: same shape, `[rows, 1]`, `[1, cols]` or `[1, 1]`.
 * The list's order is the op code the WGSL kernel switches on (kernels/wgsl/binary.wgsl).
 */
export const BINARY_OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "max",
  "min",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
] as const;
/** The name of an elementwise binary op (`BINARY_OPS`). */
export type BinaryOp = (typeof BINARY_OPS)[number];

/**
 * Elementwise unary ops. `p0`/`p1` are op parameters: `affine` computes a·p0 + p1, `clip`
 * clamps to [p0, p1], `sign` maps z ≥ p0 to 1 and the rest to −1 (the perceptron's threshold
 * unit), `step` maps z ≥ p0 to 1 and the rest to 0 (hardlim). The list's order is the op code
 * (kernels/wgsl/unary.wgsl).
 */
export const UNARY_OPS = [
  "neg",
  "abs",
  "exp",
  "log",
  "sqrt",
  "square",
  "affine",
  "clip",
  "sign",
  "step",
] as const;
/** The name of an elementwise unary op (`UNARY_OPS`). */
export type UnaryOp = (typeof UNARY_OPS)[number];

/**
 * Activation functions g(z) of the lectures' tables; `activationGrad` gives g′(z). `param` is
 * leaky ReLU's slope (0.01 by default) or ELU's alpha (1 by default). Step and sign have
 * derivative 0 (they are not trained by gradients). The list's order is the activation's code
 * (kernels/wgsl/activation_math.wgsl, shared by activation.wgsl and mlp_train.wgsl).
 */
export const ACTIVATIONS = [
  "linear",
  "step",
  "sign",
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "softplus",
  "elu",
] as const;
/** The name of an activation function (`ACTIVATIONS`). */
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * Losses as lecture 000 defines them, over prediction ŷ and target y of equal shape
 * (features × examples, m = examples = columns):
 * - `bce`: −(1/m)·Σ [y·log ŷ + (1 − y)·log(1 − ŷ)] (binary cross-entropy)
 * - `cce`: −(1/m)·Σ y·log ŷ (categorical cross-entropy over one-hot columns)
 * - `sse`: ½·Σ (y − ŷ)² (Adaline's SSE/2)
 * - `mse`: (1/n)·Σ (y − ŷ)² over all n elements
 * - `l1`: Σ |y − ŷ|
 * - `l2`: Σ (y − ŷ)²
 *
 * Logarithms are guarded: log(max(p, 1e-12)), so a saturated ŷ gives a large finite cost. The
 * list's order is the op code of kernels/wgsl/loss_grad.wgsl.
 */
export const LOSSES = ["bce", "cce", "sse", "mse", "l1", "l2"] as const;
/** The name of a loss (`LOSSES`). */
export type Loss = (typeof LOSSES)[number];

/** The guard inside the losses' logarithms. */
export const LOG_GUARD = 1e-12;

/**
 * A 2-D convolution over examples stored as columns: an input column holds C×H×W values in
 * channel-major order (index (c·H + h)·W + w), filters are rows of a `[F, C·k·k]` matrix
 * (index (c·k + i)·k + j), bias `[F, 1]`, and an output column holds F×H′×W′ values with
 * H′ = (H + 2·pad − k)/stride + 1. Zero padding.
 */
export interface ConvGeometry {
  /** C, the input's channels. */ channels: number;
  /** H, the input's height in pixels. */ height: number;
  /** W, the input's width in pixels. */ width: number;
  /** F, the filters: the output's channels. */ filters: number;
  /** k, a filter's height and width. */ kernel: number;
  /** The step between windows, in pixels (≥ 1). */ stride: number;
  /** Zero pixels added on each side (≥ 0). */ pad: number;
}

/** A convolution's gradients; dx is null when the input gradient was not asked for. */
export interface ConvGrads<DX extends Tensor | null = Tensor> {
  /** ∂J/∂x, shaped like x (`[C·H·W, m]`). */ dx: DX;
  /** ∂J/∂w, shaped like w (`[F, C·k·k]`). */ dw: Tensor;
  /** ∂J/∂b, `[F, 1]`. */ db: Tensor;
}

/** Pooling kinds; the list's order is the op code of kernels/wgsl/pool2d*.wgsl. */
export const POOL_KINDS = ["max", "avg"] as const;
/** Max or average pooling (`POOL_KINDS`). */
export type PoolKind = (typeof POOL_KINDS)[number];

/** Pooling over the same column layout: windows of `size` moved by `stride`, no padding. */
export interface PoolGeometry {
  /** C, the input's channels (pooled one by one). */ channels: number;
  /** H, the input's height in pixels. */ height: number;
  /** W, the input's width in pixels. */ width: number;
  /** A window's height and width, in pixels. */ size: number;
  /** The step between windows, in pixels. */ stride: number;
  /** The window's maximum or its mean. */ kind: PoolKind;
}

/** Axis of a reduction: 0 reduces rows (result `[1, cols]`), 1 reduces columns (`[rows, 1]`). */
export type Axis = 0 | 1;

/** What the manifest records about the device a backend ran on. */
export interface AdapterFacts {
  /** GPUAdapterInfo's vendor: a name or a PCI vendor id ("65541": Mesa); may be empty. */
  vendor: string;
  /** GPUAdapterInfo's architecture; often empty. */ architecture: string;
  /** GPUAdapterInfo's device id; often "0" or empty. */ device: string;
  /** The driver's name for the device, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  description: string;
  /** True for a software adapter such as llvmpipe. */ isFallbackAdapter: boolean;
}

/** A matrix that lives on its backend (a GPU buffer or a Float64Array). */
export interface Tensor {
  /** `[rows, cols]`. */ readonly shape: Shape;
  /** rows × cols, the number of elements. */ readonly size: number;
  /** The backend that made it: only its ops may take it. */ readonly backend: Backend;
  /** Returns the storage to the backend's pool; using the tensor afterwards is an error. */
  dispose(): void;
}

/** Variants of `Backend.matmul`, each computed in the product's own pass. */
export interface MatmulOptions {
  /** Use Aᵀ in place of A (e.g. dA = Wᵀ·dZ). */ transA?: boolean;
  /** Use Bᵀ in place of B (e.g. dW = dZ·Aᵀ). */ transB?: boolean;
  /**
   * C's rows are this many products of equal height stacked (op(A) = [A₁; …; A_r], as
   * nn/many.ts stacks the models of a sweep), or its columns `colBlocks` products side by side:
   * each element is then summed exactly as in its block's product alone (bit for bit).
   */
  rowBlocks?: number;
  /** C's columns are this many products of equal width side by side. */ colBlocks?: number;
  /**
   * C = scale·op(A)·op(B), each element rounded as `unary("affine", C, scale, 0)` would round
   * it (the lectures' dW = (1/m)·dZ·A_prevᵀ), without a pass of its own where the backend can.
   */
  scale?: number;
}

/**
 * How a model was trained, as `Backend.trainings` counts it: `layered` by nn/train.ts's loop
 * of backend ops (for a `Network`, nn/network.ts's forward and backward, a few dispatches per
 * layer and step), `fused` by the backend's `trainMlp` (many steps per dispatch), `stacked` by
 * nn/many.ts's loop that trains several models of one architecture on the same data as one
 * computation (their weights stacked, the data read once per step for all).
 */
export const TRAINING_PATHS = ["layered", "fused", "stacked"] as const;
/** How a model was trained: `layered`, `fused` or `stacked` (`TRAINING_PATHS`). */
export type TrainingPath = (typeof TRAINING_PATHS)[number];

/** Optimisers of `trainMlp`, as nn/optimizers.ts defines them; the order is the kernel's code. */
export const MLP_OPTIMIZERS = ["gd", "momentum", "adam"] as const;
/** Gradient descent, momentum or Adam (`MLP_OPTIMIZERS`). */
export type MlpOptimizer = (typeof MLP_OPTIMIZERS)[number];

/**
 * The architecture of a `trainMlp` job, shared by its networks: fully connected layers of
 * widths `dims` = [n_0, …, n_L], the hidden activations, sigmoid outputs with binary
 * cross-entropy (nn/network.ts's defaults for a sigmoid output).
 */
export interface MlpArch {
  /** The layers' widths [n_0, …, n_L], input first. */ dims: readonly number[];
  /** The L − 1 hidden activations. */ hidden: readonly Activation[];
  /** Leaky ReLU's slope or ELU's alpha (the backend's defaults 0.01 and 1 when omitted). */
  activationParam?: number;
  /** The optimiser every network uses. */ optimizer: MlpOptimizer;
  /** With L2 terms (a network's λ may still be 0). */ l2: boolean;
  /** With dropout: every network then has masks. */ dropout: boolean;
}

/** One network's scalars; omitted ones take nn/optimizers.ts's defaults. */
export interface MlpHyper {
  /** α. */ learningRate: number;
  /** Momentum's β (0.9). */ beta?: number;
  /** Adam's β1 (0.9). */ beta1?: number;
  /** Adam's β2 (0.999). */ beta2?: number;
  /** Adam's ε (1e-8). */ epsilon?: number;
  /** Adam's t before the first step (the optimiser's `t`; 0). */ adamT0?: number;
  /** L2's λ (0). */ lambd?: number;
  /** Inverted dropout's keep_prob (1). */ keepProb?: number;
}

/** The schedule of a `trainMlp` job; the shared fields mean what nn/train.ts's options mean. */
export interface MlpSchedule {
  /** Passes over the data. */ epochs: number;
  /** Examples per mini-batch (omitted or ≥ m: batch gradient descent). */ miniBatchSize?: number;
  /** Reshuffle mini-batches every epoch with RandomState(seed + 1 + epoch); true. */
  shuffle?: boolean;
  /** The shuffles' base seed (0). */ seed?: number;
  /** Log the cost every this many epochs (100). */ logEvery?: number;
  /** Also log the last epoch's cost (true). */ logLast?: boolean;
  /** Read the logged costs back after this many steps (1000; later reads may come rarer). */
  readEvery?: number;
  /** Stop after the first read-back that holds a non-finite cost; false. */
  stopOnNonFinite?: boolean;
  /** At most this many update steps per dispatch (whole epochs; 1000): GPU watchdogs. */
  stepsPerDispatch?: number;
  /** Read-backs grow rarer while one takes under this many ms (100). */ chunkTargetMs?: number;
}

/** One network of a `trainMlp` job. Its tensors are read at the start and written at the end. */
export interface MlpNet {
  /** W1, b1, …, WL, bL (W_l is n_l × n_{l−1}, b_l is n_l × 1): trained in place. */
  params: readonly Tensor[];
  /**
   * The optimiser's state, in place: momentum [v], Adam [v, s], each a tensor per parameter in
   * `params`' order. Omitted: zeros, not written back.
   */
  state?: readonly (readonly Tensor[])[];
  /** With `arch.dropout`: each hidden layer's fixed mask (n_l × m, 0 or 1). */
  masks?: readonly Tensor[];
  /** Its learning rate and optimiser scalars. */ hyper: MlpHyper;
}

/** A `trainMlp` job: networks of one architecture trained on the same X (n_0 × m), Y (n_L × m). */
export interface MlpJob {
  /** The networks' shared architecture. */ arch: MlpArch;
  /** The inputs, n_0 × m (examples as columns). */ X: Tensor;
  /** The targets, n_L × m. */ Y: Tensor;
  /** The networks, each with its own parameters and scalars. */ nets: readonly MlpNet[];
  /** Epochs, mini-batches and logging, shared by the networks. */ schedule: MlpSchedule;
  /** Each read-back's logged costs, per network, in order, as soon as they are read. */
  onChunk?: (costs: MlpCost[][]) => void;
}

/** One logged cost: the epoch, the update steps before it, and J. */
export interface MlpCost {
  /** The epoch it was logged at (0-based). */ epoch: number;
  /** Update steps taken before it. */ step: number;
  /** J at that point. */ cost: number;
}

/** What `trainMlp` did: each network's logged costs, and how far the schedule ran. */
export interface MlpResult {
  /** Each network's logged costs, in order. */ costs: MlpCost[][];
  /** Update steps taken. */ steps: number;
  /** Epochs completed. */ epochs: number;
  /** True when a non-finite cost stopped it early. */ stopped: boolean;
}

/** `trainMlp` or `mlpTail` declined the job, having changed nothing; `declined` says why. */
export interface MlpDeclined {
  /** The reason, one sentence. */ declined: string;
}

/**
 * A session of `mlpTail`: networks whose layers 2 … L are small, trained by gradient descent on
 * the same examples, their first layers handled by the caller. Sigmoid outputs with binary
 * cross-entropy; no L2, no dropout.
 */
export interface MlpTailJob {
  /** The widths [n₁, …, n_L] of layers 1 … L (n₀, the input, is the caller's). */
  dims: readonly number[];
  /** The activations of layers 1 … L − 1. */ hidden: readonly Activation[];
  /** Leaky ReLU's slope or ELU's alpha on the hidden layers (the backend's defaults). */
  activationParam?: number;
  /** Examples per step. */ m: number;
  /** Each network's W2, b2, …, WL, bL (read at the start, written back by `writeBack`), and α. */
  nets: readonly { params: readonly Tensor[]; learningRate: number }[];
}

/** A running `mlpTail` session. */
export interface MlpTail {
  /**
   * One step of every network from its rows of Z[1] (k·n₁ × m, network t's rows t·n₁ …):
   * A[1] = g(Z[1]), layers 2 … L forward, the cost (k × 1, when asked), the backward pass, the
   * updates of layers 2 … L; returns dZ[1] (k·n₁ × m) for the caller's layer 1.
   */
  step(Z1: Tensor, Y: Tensor, withCost: boolean): { dZ1: Tensor; costs: Tensor | null };
  /** Writes network t's parameters, as they are after the steps so far, into its tensors. */
  writeBack(t: number): void;
  /** Ends the session (without writing anything back). */
  close(): void;
}

/**
 * The compute contract every model is written against: `webgpu` (WGSL kernels, float32) or `cpu`
 * (Float64, the reference). A matrix is features × examples, row-major. Ops return new tensors;
 * `tidy` frees those made inside it but not returned; only `update` and `assign` write in place.
 */
export interface Backend {
  /** Which implementation this is. */ readonly name: "webgpu" | "cpu";
  /** The arithmetic the backend computes in. */ readonly dtype: "float32" | "float64";
  /** The adapter the kernels run on; null on `cpu`. */ readonly adapter: AdapterFacts | null;

  /** A tensor holding `data` (row-major) with the given shape. */
  fromArray(data: ArrayLike<number>, shape: Shape): Tensor;
  /** A tensor of `shape` filled with `value`. */
  full(shape: Shape, value: number): Tensor;
  /** Reads a tensor back as Float64 (row-major); submits pending work first. */
  read(t: Tensor): Promise<Float64Array>;
  /** Reads several tensors with one submit and one wait. */
  readMany(ts: readonly Tensor[]): Promise<Float64Array[]>;
  /** Submits pending work and waits for it. */
  flush(): Promise<void>;

  /** C = op(A)·op(B). */
  matmul(a: Tensor, b: Tensor, opts?: MatmulOptions): Tensor;
  /** Elementwise a ∘ b with `b` broadcast to `a`'s shape where it has extent 1. */
  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor;
  /** Elementwise op(a; p0, p1). */
  unary(op: UnaryOp, a: Tensor, p0?: number, p1?: number): Tensor;
  /** Sum along an axis, keeping it with extent 1; with no axis, the sum of all as `[1, 1]`. */
  sum(a: Tensor, axis?: Axis): Tensor;
  /** Mean along an axis (keepdims), or of all elements as `[1, 1]`. */
  mean(a: Tensor, axis?: Axis): Tensor;
  /** Maximum along an axis (keepdims). */
  max(a: Tensor, axis: Axis): Tensor;
  /** Index of the maximum along an axis (keepdims; the first on ties, as numpy). */
  argmax(a: Tensor, axis: Axis): Tensor;

  /** g(z) elementwise. */
  activation(kind: Activation, z: Tensor, param?: number): Tensor;
  /** g′(z) elementwise. */
  activationGrad(kind: Activation, z: Tensor, param?: number): Tensor;
  /** exp(z − max) / Σ exp(z − max) along an axis (axis 0: each column is a distribution). */
  softmax(z: Tensor, axis: Axis): Tensor;
  /** The loss as a `[1, 1]` tensor. */
  loss(kind: Loss, yhat: Tensor, y: Tensor): Tensor;
  /** ∂loss/∂ŷ, shaped like ŷ. */
  lossGrad(kind: Loss, yhat: Tensor, y: Tensor): Tensor;
  /** Class indices `[1, m]` (0 ≤ label < k) as one-hot columns `[k, m]`. */
  oneHot(labels: Tensor, k: number): Tensor;
  /** Share of positions where `pred` equals `labels` (same shape), as `[1, 1]`. */
  accuracy(pred: Tensor, labels: Tensor): Tensor;

  /** Convolution forward: x `[C·H·W, m]`, w `[F, C·k·k]`, b `[F, 1]` → `[F·H′·W′, m]`. */
  conv2d(x: Tensor, w: Tensor, b: Tensor, g: ConvGeometry): Tensor;
  /** Gradients of the convolution given dY `[F·H′·W′, m]`. */
  conv2dBackward(dy: Tensor, x: Tensor, w: Tensor, g: ConvGeometry): ConvGrads;
  /** The same without dx, for a first layer whose input needs no gradient (LeNet's C1). */
  conv2dBackward(
    dy: Tensor,
    x: Tensor,
    w: Tensor,
    g: ConvGeometry,
    inputGrad: false,
  ): ConvGrads<null>;
  /** Pooling forward: `[C·H·W, m]` → `[C·H′·W′, m]`. */
  pool2d(x: Tensor, g: PoolGeometry): Tensor;
  /** Gradient of pooling w.r.t. its input, given dY (max routes to the first maximum). */
  pool2dBackward(dy: Tensor, x: Tensor, g: PoolGeometry): Tensor;

  /** Rows `[r0, r1)` and columns `[c0, c1)` of `a` as a new tensor. */
  slice(a: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor;
  /**
   * Columns of `a` picked by `indices` (`[1, n]`, integer values): column j of the result is
   * column indices[j] of `a`, as numpy's `X[:, permutation]`.
   */
  gatherColumns(a: Tensor, indices: Tensor): Tensor;
  /** Rows of `a` stacked over rows of `b` (same column count). */
  concatRows(a: Tensor, b: Tensor): Tensor;

  /** In place: w ← w − lr·g (the lectures' parameter update). */
  update(w: Tensor, g: Tensor, lr: number): void;
  /** In place: dst ← src (same shape). */
  assign(dst: Tensor, src: Tensor): void;

  /**
   * Optional capability, the fused trainer: trains every network of `job` many update steps
   * per dispatch, as nn/network.ts with nn/optimizers.ts would (to the backend's rounding; the
   * sums over examples are added in another order), updating its tensors in place. Declines
   * (changing nothing) a job it cannot run or would run slower than the layered path. Present on
   * `webgpu` (kernels/fused_mlp.ts); `cpu` has none. nn/fused.ts is its caller.
   */
  trainMlp?(job: MlpJob): Promise<MlpResult | MlpDeclined>;
  /**
   * Optional capability, the fused tail: a session that runs, per step, the small layers 2 … L
   * of networks whose first layer is too wide for `trainMlp` (the cat networks) in one
   * dispatch, computing bit for bit what nn/network.ts's forward and backward with this
   * backend's ops compute. Declines what it cannot run so. Present on `webgpu` over llvmpipe
   * (kernels/mlp_tail.ts); nn/stacked.ts is its caller, which counts the models it trains.
   */
  mlpTail?(job: MlpTailJob): MlpTail | MlpDeclined;
  /**
   * Models trained on this backend since it opened, by path: nn/train.ts adds 1 to `layered`
   * per model its loop trains, `trainMlp` adds the networks it trained to `fused`, nn/many.ts
   * the models it trained stacked to `stacked`. Copy it before and after a trial to know which
   * paths the trial took.
   */
  readonly trainings: Record<TrainingPath, number>;

  /** Runs `fn`, then disposes every tensor it created except those it returns. */
  tidy<T>(fn: () => T): T;
  /** Frees the device and every pooled buffer. */
  destroy(): void;
}

/**
 * Op codes of the webgpu backend's reduction kernels: the terms pair_reduce.wgsl sums (`sum`:
 * the first operand alone) and the reductions of reduce_lines.wgsl.
 */
export const PAIR_TERMS = ["bce", "cce", "squared", "abs", "equal", "sum"] as const;
export const LINE_OPS = ["max", "argmax", "sum"] as const;
