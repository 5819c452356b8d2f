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

/** Elementwise binary ops. `b` may broadcast: same shape, `[rows, 1]`, `[1, cols]` or `[1, 1]`. */
export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "max"
  | "min"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge";

/**
 * Elementwise unary ops. `p0`/`p1` are op parameters: `affine` computes a·p0 + p1, `clip`
 * clamps to [p0, p1], `sign` maps z ≥ p0 to 1 and the rest to −1 (the perceptron's threshold
 * unit), `step` maps z ≥ p0 to 1 and the rest to 0 (hardlim).
 */
export type UnaryOp =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "sqrt"
  | "square"
  | "affine"
  | "clip"
  | "sign"
  | "step";

/** Axis of a reduction: 0 reduces rows (result `[1, cols]`), 1 reduces columns (`[rows, 1]`). */
export type Axis = 0 | 1;

/** What the manifest records about the device a backend ran on. */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** A matrix that lives on its backend (a GPU buffer or a Float64Array). */
export interface Tensor {
  readonly shape: Shape;
  readonly size: number;
  readonly backend: Backend;
  /** Returns the storage to the backend's pool; using the tensor afterwards is an error. */
  dispose(): void;
}

export interface MatmulOptions {
  /** Use Aᵀ in place of A (e.g. dA = Wᵀ·dZ). */
  transA?: boolean;
  /** Use Bᵀ in place of B (e.g. dW = dZ·Aᵀ). */
  transB?: boolean;
}

export interface Backend {
  readonly name: "webgpu" | "cpu";
  /** The arithmetic the backend computes in. */
  readonly dtype: "float32" | "float64";
  /** The adapter the kernels run on; null on `cpu`. */
  readonly adapter: AdapterFacts | null;

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
  /** Rows `[r0, r1)` and columns `[c0, c1)` of `a` as a new tensor. */
  slice(a: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor;
  /** Rows of `a` stacked over rows of `b` (same column count). */
  concatRows(a: Tensor, b: Tensor): Tensor;

  /** In place: w ← w − lr·g (the lectures' parameter update). */
  update(w: Tensor, g: Tensor, lr: number): void;
  /** In place: dst ← src (same shape). */
  assign(dst: Tensor, src: Tensor): void;

  /** Runs `fn`, then disposes every tensor it created except those it returns. */
  tidy<T>(fn: () => T): T;
  /** Frees the device and every pooled buffer. */
  destroy(): void;
}
