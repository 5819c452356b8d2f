/**
 * The `webgpu` backend: float32 tensors in pooled GPU buffers, each op one WGSL dispatch
 * (kernels/wgsl/*.wgsl) encoded lazily and submitted on read or flush.
 */
import type {
  Activation,
  AdapterFacts,
  Axis,
  Backend,
  BinaryOp,
  ConvGeometry,
  Loss,
  MatmulOptions,
  PoolGeometry,
  Shape,
  Tensor,
  UnaryOp,
} from "./backend.ts";
import { type Buf, Device, type UniformWord } from "./device.ts";
import {
  broadcastStrides,
  checkShape,
  checkSlice,
  fmtShape,
  matmulShape,
  sameShape,
  Scopes,
  ShapeError,
} from "./tensor_base.ts";

const BINARY_OPS: readonly BinaryOp[] = [
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
];
const UNARY_OPS: readonly UnaryOp[] = [
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
];

/** Activation kinds in the order of activation.wgsl's KIND. */
const ACTIVATIONS: readonly Activation[] = [
  "linear",
  "step",
  "sign",
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "softplus",
  "elu",
];
/** Losses in the order of loss_grad.wgsl's OP. */
const LOSSES: readonly Loss[] = ["bce", "cce", "sse", "mse", "l1", "l2"];
/** pair_reduce.wgsl's OP: the term summed. */
const TERM = { bce: 0, cce: 1, squared: 2, abs: 3, equal: 4, sum: 5 } as const;

/** Elements one reduce_sum or pair_reduce workgroup covers (WG × PER_LANE in the kernels). */
const REDUCE_CHUNK = 256 * 16;
const MAX_GROUPS = 65535;
/** Lines longer than this get a workgroup each in reduce_lines and softmax, else a lane each. */
const LANE_LINE_MAX = 256;
/** Terms one conv2d_dw invocation sums before the partials are added by reduce_sum. */
const DW_CHUNK = 512;

class GpuTensor implements Tensor {
  readonly size: number;
  #buf: Buf | null;

  constructor(readonly backend: WebGpuBackend, readonly shape: Shape, buf: Buf) {
    this.size = shape[0] * shape[1];
    this.#buf = buf;
  }

  get buf(): Buf {
    if (this.#buf === null) throw new ShapeError("tensor used after dispose()");
    return this.#buf;
  }

  dispose(): void {
    if (this.#buf === null) return;
    this.backend.device.release(this.#buf);
    this.#buf = null;
  }
}

const u = (x: number): UniformWord => ({ u: x });
const f = (x: number): UniformWord => ({ f: x });

/** Workgroup counts for a 1-D kernel of 256 lanes over n items, folded into y past 65535. */
function grid1d(n: number): [number, number] {
  return fold(Math.max(1, Math.ceil(n / 256)));
}

/** `groups` workgroups as x × y with x ≤ 65535 (kernels index them as x + y·num_workgroups.x). */
function fold(groups: number): [number, number] {
  if (groups <= MAX_GROUPS) return [groups, 1];
  const y = Math.ceil(groups / MAX_GROUPS);
  return [Math.ceil(groups / y), y];
}

/** The position of `kind` in a kernel's list of operations, or an error naming the op. */
function opIndex<T extends string>(list: readonly T[], kind: T, op: string): number {
  const i = list.indexOf(kind);
  if (i < 0) throw new ShapeError(`${op}: unknown kind ${JSON.stringify(kind)}`);
  return i;
}

function positiveInts(op: string, g: object, names: string[]): void {
  const rec = g as Record<string, unknown>;
  for (const k of names) {
    const v = rec[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new ShapeError(`${op}: geometry ${k} = ${v} is not a positive integer`);
    }
  }
}

/** H′ and W′ of a convolution, or an error naming the op and the geometry. */
function convOutput(op: string, g: ConvGeometry): [number, number] {
  positiveInts(op, g, ["channels", "height", "width", "filters", "kernel", "stride"]);
  if (!Number.isInteger(g.pad) || g.pad < 0) {
    throw new ShapeError(`${op}: geometry pad = ${g.pad} is not a non-negative integer`);
  }
  const ho = (g.height + 2 * g.pad - g.kernel) / g.stride + 1;
  const wo = (g.width + 2 * g.pad - g.kernel) / g.stride + 1;
  if (!(ho >= 1 && wo >= 1) || !Number.isInteger(ho) || !Number.isInteger(wo)) {
    throw new ShapeError(
      `${op}: a ${g.kernel}×${g.kernel} kernel with stride ${g.stride} and pad ${g.pad} does ` +
        `not tile a ${g.height}×${g.width} input`,
    );
  }
  return [ho, wo];
}

/** H′ and W′ of a pooling, or an error naming the op and the geometry. */
function poolOutput(op: string, g: PoolGeometry): [number, number] {
  positiveInts(op, g, ["channels", "height", "width", "size", "stride"]);
  if (g.kind !== "max" && g.kind !== "avg") {
    throw new ShapeError(`${op}: unknown pooling kind ${JSON.stringify(g.kind)}`);
  }
  const ho = (g.height - g.size) / g.stride + 1;
  const wo = (g.width - g.size) / g.stride + 1;
  if (!(ho >= 1 && wo >= 1) || !Number.isInteger(ho) || !Number.isInteger(wo)) {
    throw new ShapeError(
      `${op}: a ${g.size}×${g.size} window with stride ${g.stride} does not tile a ` +
        `${g.height}×${g.width} input`,
    );
  }
  return [ho, wo];
}

/** An input of `rows` rows must hold C·H·W values per column. */
function checkInputRows(op: string, what: string, s: Shape, c: number, h: number, w: number) {
  if (s[0] !== c * h * w) {
    throw new ShapeError(
      `${op}: ${what} ${fmtShape(s)} has not C·H·W = ${c}·${h}·${w} = ${c * h * w} rows`,
    );
  }
}

export class WebGpuBackend implements Backend {
  readonly name = "webgpu" as const;
  readonly dtype = "float32" as const;
  readonly adapter: AdapterFacts;
  #scopes = new Scopes();

  private constructor(readonly device: Device) {
    this.adapter = device.facts;
  }

  /** Opens the adapter; throws NoAdapterError when there is none. */
  static async create(): Promise<WebGpuBackend> {
    return new WebGpuBackend(await Device.open());
  }

  #make(shape: Shape, buf?: Buf): GpuTensor {
    const t = new GpuTensor(this, shape, buf ?? this.device.acquire(shape[0] * shape[1] * 4));
    this.#scopes.track(t);
    return t;
  }

  #own(t: Tensor): GpuTensor {
    if (!(t instanceof GpuTensor) || t.backend !== this) {
      throw new ShapeError(`tensor of backend ${t.backend.name} passed to a webgpu op`);
    }
    return t;
  }

  #run(
    kernel: string,
    constants: Record<string, number>,
    uniform: UniformWord[],
    bufs: Buf[],
    groups: readonly [number, number?, number?],
  ): void {
    this.device.dispatch(this.device.pipeline(kernel, constants), uniform, bufs, groups);
  }

  fromArray(data: ArrayLike<number>, shape: Shape): Tensor {
    checkShape(shape, "fromArray");
    if (data.length !== shape[0] * shape[1]) {
      throw new ShapeError(`fromArray: ${data.length} values do not fill shape [${shape}]`);
    }
    return this.#make([shape[0], shape[1]], this.device.upload(Float32Array.from(data)));
  }

  full(shape: Shape, value: number): Tensor {
    checkShape(shape, "full");
    const out = this.#make([shape[0], shape[1]]);
    this.#run("fill", {}, [u(out.size), f(value)], [out.buf], grid1d(out.size));
    return out;
  }

  async read(t: Tensor): Promise<Float64Array> {
    return (await this.readMany([t]))[0];
  }

  async readMany(ts: readonly Tensor[]): Promise<Float64Array[]> {
    const parts = ts.map((t) => {
      const g = this.#own(t);
      return { buf: g.buf, bytes: g.size * 4 };
    });
    const raw = await this.device.read(parts);
    return raw.map((r) => Float64Array.from(r));
  }

  flush(): Promise<void> {
    return this.device.flush();
  }

  matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
    const A = this.#own(a), B = this.#own(b);
    const ta = opts.transA ?? false, tb = opts.transB ?? false;
    const [m, n] = matmulShape(A.shape, B.shape, ta, tb);
    const k = ta ? A.shape[0] : A.shape[1];
    const [ai, aq] = ta ? [1, A.shape[1]] : [A.shape[1], 1];
    const [bq, bj] = tb ? [1, B.shape[1]] : [B.shape[1], 1];
    const out = this.#make([m, n]);
    this.#run(
      "matmul",
      {},
      [u(m), u(n), u(k), u(ai), u(aq), u(bq), u(bj)],
      [A.buf, B.buf, out.buf],
      [Math.ceil(n / 32), Math.ceil(m / 32)],
    );
    return out;
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    const A = this.#own(a), B = this.#own(b);
    const [sr, sc] = broadcastStrides(A.shape, B.shape, op);
    const out = this.#make(A.shape);
    this.#run(
      "binary",
      { OP: BINARY_OPS.indexOf(op) },
      [u(A.shape[0]), u(A.shape[1]), u(sr), u(sc)],
      [A.buf, B.buf, out.buf],
      grid1d(A.size),
    );
    return out;
  }

  unary(op: UnaryOp, a: Tensor, p0 = 0, p1 = 0): Tensor {
    const A = this.#own(a);
    const out = this.#make(A.shape);
    this.#run(
      "unary",
      { OP: UNARY_OPS.indexOf(op) },
      [u(A.size), u(0), f(p0), f(p1)],
      [A.buf, out.buf],
      grid1d(A.size),
    );
    return out;
  }

  sum(a: Tensor, axis?: Axis): Tensor {
    const A = this.#own(a);
    const [rows, cols] = A.shape;
    // A line is what one output sums: all elements, a column (axis 0) or a row (axis 1).
    const [lines, len, outerStride, innerStride, shape]: [number, number, number, number, Shape] =
      axis === undefined
        ? [1, A.size, 0, 1, [1, 1]]
        : axis === 0
        ? [cols, rows, 1, cols, [1, cols]]
        : [rows, cols, cols, 1, [rows, 1]];
    return this.#sumLines(A.buf, lines, len, outerStride, innerStride, shape);
  }

  #sumLines(src: Buf, lines: number, len: number, os: number, is: number, shape: Shape): GpuTensor {
    const chunks = Math.ceil(len / REDUCE_CHUNK);
    const yz: [number, number] = lines <= MAX_GROUPS
      ? [lines, 1]
      : [MAX_GROUPS, Math.ceil(lines / MAX_GROUPS)];
    if (chunks === 1) {
      const out = this.#make(shape);
      this.#run("reduce_sum", {}, [u(lines), u(len), u(os), u(is), u(1)], [src, out.buf], [
        1,
        ...yz,
      ]);
      return out;
    }
    // Partials [lines, chunks], then a second pass over each line's partials.
    const partial = this.device.acquire(lines * chunks * 4);
    this.#run(
      "reduce_sum",
      {},
      [u(lines), u(len), u(os), u(is), u(chunks)],
      [src, partial],
      [chunks, ...yz],
    );
    const out = this.#sumLines(partial, lines, chunks, chunks, 1, shape);
    this.device.release(partial);
    return out;
  }

  #copyRegion(src: Buf, dst: Buf, rows: number, cols: number, so: number, ss: number, d0: number, ds: number): void {
    this.#run(
      "copy_region",
      {},
      [u(rows), u(cols), u(so), u(ss), u(d0), u(ds)],
      [src, dst],
      grid1d(rows * cols),
    );
  }

  slice(a: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor {
    const A = this.#own(a);
    const shape = checkSlice(A.shape, r0, r1, c0, c1);
    const out = this.#make(shape);
    const cols = A.shape[1];
    this.#copyRegion(A.buf, out.buf, shape[0], shape[1], r0 * cols + c0, cols, 0, shape[1]);
    return out;
  }

  concatRows(a: Tensor, b: Tensor): Tensor {
    const A = this.#own(a), B = this.#own(b);
    if (A.shape[1] !== B.shape[1]) {
      throw new ShapeError(`concatRows: column counts differ: [${A.shape}] over [${B.shape}]`);
    }
    const cols = A.shape[1];
    const out = this.#make([A.shape[0] + B.shape[0], cols]);
    this.#copyRegion(A.buf, out.buf, A.shape[0], cols, 0, cols, 0, cols);
    this.#copyRegion(B.buf, out.buf, B.shape[0], cols, 0, cols, A.size, cols);
    return out;
  }

  update(w: Tensor, g: Tensor, lr: number): void {
    const W = this.#own(w), G = this.#own(g);
    sameShape(W.shape, G.shape, "update");
    this.#run("update", {}, [u(W.size), f(lr)], [W.buf, G.buf], grid1d(W.size));
  }

  assign(dst: Tensor, src: Tensor): void {
    const D = this.#own(dst), S = this.#own(src);
    sameShape(D.shape, S.shape, "assign");
    this.#copyRegion(S.buf, D.buf, 1, S.size, 0, 0, 0, 0);
  }

  tidy<T>(fn: () => T): T {
    return this.#scopes.run(fn);
  }

  destroy(): void {
    this.device.destroy();
  }
}
