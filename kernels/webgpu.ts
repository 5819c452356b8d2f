/**
 * The `webgpu` backend: float32 tensors in pooled GPU buffers, each op one WGSL dispatch (the
 * kernels of kernels/kernel_sources.ts) encoded lazily and submitted on read or flush; the op
 * codes the kernels switch on are the indices of kernels/backend.ts's lists. Its optional
 * `trainMlp` is kernels/fused_mlp.ts.
 */
import type {
  Activation,
  AdapterFacts,
  Axis,
  Backend,
  BinaryOp,
  ConvGeometry,
  ConvGrads,
  Loss,
  MatmulOptions,
  MlpDeclined,
  MlpJob,
  MlpResult,
  MlpTail,
  MlpTailJob,
  PoolGeometry,
  Shape,
  Tensor,
  TrainingPath,
  UnaryOp,
} from "./backend.ts";
import {
  ACTIVATIONS,
  BINARY_OPS,
  LINE_OPS,
  LOSSES,
  PAIR_TERMS,
  POOL_KINDS,
  UNARY_OPS,
} from "./backend.ts";
import { type Buf, Device, type UniformWord } from "./device.ts";
import { trainMlpOnDevice } from "./fused_mlp.ts";
import { openTail } from "./mlp_tail.ts";
import { OperandTextures } from "./operand_textures.ts";
import { type MatmulPlan, type MatmulProblem, planMatmul } from "./matmul_plan.ts";
import {
  broadcastStrides,
  checkShape,
  checkSlice,
  convShapes,
  fmtShape,
  matmulShape,
  poolShapes,
  sameShape,
  Scopes,
  ShapeError,
} from "./tensor_base.ts";

/** The code of `name` in an op list of kernels/backend.ts: its index (the kernel's constant). */
function code<T extends string>(list: readonly T[], name: T, op: string): number {
  const i = list.indexOf(name);
  if (i < 0) throw new ShapeError(`${op}: unknown kind ${JSON.stringify(name)}`);
  return i;
}

/** pair_reduce.wgsl's term for each PAIR_TERMS name. */
const TERM = Object.fromEntries(PAIR_TERMS.map((t, i) => [t, i])) as Record<
  (typeof PAIR_TERMS)[number],
  number
>;
/** reduce_lines.wgsl's op for each LINE_OPS name. */
const LINE = Object.fromEntries(LINE_OPS.map((t, i) => [t, i])) as Record<
  (typeof LINE_OPS)[number],
  number
>;
/** Each loss as pair_reduce's term and the scale of the sum (m columns, n elements). */
const LOSS_SUMS: Record<Loss, [number, (m: number, n: number) => number]> = {
  bce: [TERM.bce, (m) => 1 / m],
  cce: [TERM.cce, (m) => 1 / m],
  sse: [TERM.squared, () => 0.5],
  mse: [TERM.squared, (_, n) => 1 / n],
  l1: [TERM.abs, () => 1],
  l2: [TERM.squared, () => 1],
};

/** Elements one reduce_sum or pair_reduce workgroup covers (WG × PER_LANE in the kernels). */
const REDUCE_CHUNK = 256 * 16;
const MAX_GROUPS = 65535;
/** Lines longer than this get a workgroup each in reduce_lines and softmax, else a lane each. */
const LANE_LINE_MAX = 256;
/** Axis sums over lines up to this long run a lane per line (float32 error ~√len·ε). */
const SUM_LANE_MAX = 4096;
/** conv2d_dw: invocations to aim for (work for both cores), and the shortest chunk worth one. */
const DW_TARGET_INVOCATIONS = 8192;
const DW_MIN_CHUNK = 256;

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

/** `groups` workgroups as x × y, x ≤ 65535 (kernels index them as x + y·num_workgroups.x). */
function fold(groups: number): [number, number] {
  if (groups <= MAX_GROUPS) return [groups, 1];
  const y = Math.ceil(groups / MAX_GROUPS);
  return [Math.ceil(groups / y), y];
}

/** A block size ≤ 4 that splits n into equal blocks where it can (6 → 3, 16 → 4, 1 → 1). */
function blockOf(n: number): number {
  return Math.ceil(n / Math.ceil(n / 4));
}

export class WebGpuBackend implements Backend {
  readonly name = "webgpu" as const;
  readonly dtype = "float32" as const;
  readonly adapter: AdapterFacts;
  readonly trainings: Record<TrainingPath, number> = { layered: 0, fused: 0, stacked: 0 };
  #scopes = new Scopes();
  /** Texture copies of large matrix-product operands (llvmpipe). */
  readonly #textures: OperandTextures;

  private constructor(readonly device: Device) {
    this.adapter = device.facts;
    this.#textures = new OperandTextures(device, device.gpu.limits.maxTextureDimension2D);
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

  /** How `matmul` computes a product on this adapter (also shown by the benchmarks). */
  matmulPlan(problem: Omit<MatmulProblem, "maxTexture">): MatmulPlan {
    const fallback = this.adapter.isFallbackAdapter;
    // Texture operands pay on llvmpipe only (see kernels/operand_textures.ts).
    const maxTexture = fallback ? this.#textures.maxDimension : 0;
    return planMatmul({ ...problem, maxTexture }, fallback);
  }

  matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
    const A = this.#own(a), B = this.#own(b);
    const scale = opts.scale;
    const ta = opts.transA ?? false, tb = opts.transB ?? false;
    const [m, n] = matmulShape(A.shape, B.shape, ta, tb);
    const k = ta ? A.shape[0] : A.shape[1];
    const plan = this.matmulPlan({
      m,
      n,
      k,
      transA: ta,
      transB: tb,
      lda: A.shape[1],
      ldb: B.shape[1],
      rowBlocks: opts.rowBlocks,
      colBlocks: opts.colBlocks,
    });
    // The register-blocked kernels store c·scale + 0 themselves; the others get an affine pass.
    if (scale !== undefined && plan.variant !== "rb") {
      const c = this.matmul(A, B, { ...opts, scale: undefined });
      const out = this.unary("affine", c, scale, 0);
      c.dispose();
      return out;
    }
    const scaledStore = scale !== undefined && plan.reduce === null;
    const out = this.#make([m, n]);
    const pair = plan.swap ? [B, A] : [A, B];
    // The kernel's operands: storage buffers bound before the output, or textures after it.
    const operands = plan.textures ? [] : pair.map((t) => t.buf);
    const views = plan.textures
      ? pair.map((t) => this.#textures.view(t.buf, t.shape[0], t.shape[1], t.shape[1]))
      : [];
    const target = plan.reduce === null ? out.buf : this.device.acquire(plan.splits * m * n * 4);
    const words = plan.variant === "rb" ? [f(scale ?? 1), f(0)] : [];
    this.device.dispatch(
      this.device.pipeline(
        plan.kernel,
        scaledStore ? { ...plan.constants, SCALED: 1 } : plan.constants,
      ),
      [...plan.uniform.map(u), ...words],
      [...operands, target],
      plan.groups,
      views,
    );
    if (plan.reduce === null) return out;
    // Split-K: the partial products were written side by side; now their sum (times scale).
    const partial = target;
    this.#run(
      "matmul_reduce",
      scale !== undefined ? { SCALED: 1 } : {},
      [...plan.reduce.uniform.map(u), f(scale ?? 1), f(0)],
      [partial, out.buf],
      plan.reduce.groups,
    );
    this.device.release(partial);
    return out;
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    const A = this.#own(a), B = this.#own(b);
    const [sr, sc] = broadcastStrides(A.shape, B.shape, op);
    const out = this.#make(A.shape);
    this.#run(
      "binary",
      { OP: code(BINARY_OPS, op, "binary") },
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
      { OP: code(UNARY_OPS, op, "unary") },
      [u(A.size), u(0), f(p0), f(p1)],
      [A.buf, out.buf],
      grid1d(Math.ceil(A.size / 4)),
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
    if (len <= SUM_LANE_MAX && lines > 1) {
      // Lines of moderate length (a bias gradient's row over m examples, a column of a layer):
      // one lane sums each line; a 256-lane workgroup per line costs ~150 µs on llvmpipe.
      const out = this.#make(shape);
      this.#run(
        "reduce_lines",
        { OP: LINE.sum, GROUP_PER_LINE: 0 },
        [u(lines), u(len), u(os), u(is), u(0)],
        [src, out.buf],
        grid1d(lines),
      );
      return out;
    }
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

  mean(a: Tensor, axis?: Axis): Tensor {
    const A = this.#own(a);
    if (axis === undefined) return this.#pairReduce(TERM.sum, A.buf, A.buf, A.size, 1 / A.size);
    const s = this.sum(A, axis) as GpuTensor;
    const out = this.#make(s.shape);
    this.#run(
      "unary",
      { OP: code(UNARY_OPS, "affine", "mean") },
      [u(s.size), u(0), f(1 / A.shape[axis]), f(0)],
      [s.buf, out.buf],
      grid1d(Math.ceil(s.size / 4)),
    );
    s.dispose(); // safe while queued: a later reuse of its buffer is encoded after this read
    return out;
  }

  max(a: Tensor, axis: Axis): Tensor {
    return this.#reduceLines(LINE.max, a, axis, "max");
  }

  argmax(a: Tensor, axis: Axis): Tensor {
    return this.#reduceLines(LINE.argmax, a, axis, "argmax");
  }

  /** A tensor seen as lines along `axis`: [lines, len, outer stride, inner stride, kept shape]. */
  #lineView(s: Shape, axis: Axis, op: string): [number, number, number, number, Shape] {
    const [rows, cols] = s;
    if (axis === 0) return [cols, rows, 1, cols, [1, cols]];
    if (axis === 1) return [rows, cols, cols, 1, [rows, 1]];
    throw new ShapeError(`${op}: axis ${axis} is not 0 or 1 (tensor ${fmtShape(s)})`);
  }

  #reduceLines(op: number, a: Tensor, axis: Axis, name: string): Tensor {
    const A = this.#own(a);
    const [lines, len, os, is, shape] = this.#lineView(A.shape, axis, name);
    const out = this.#make(shape);
    const group = len > LANE_LINE_MAX;
    this.#run(
      "reduce_lines",
      { OP: op, GROUP_PER_LINE: group ? 1 : 0 },
      [u(lines), u(len), u(os), u(is), u(0)],
      [A.buf, out.buf],
      group ? fold(lines) : grid1d(lines),
    );
    return out;
  }

  /** out[o] = Σ_t src[offset + o·len + t] for o < lines: short lines of partial sums. */
  #sumPartials(src: Buf, lines: number, len: number, offset: number, out: Buf): void {
    const group = len > LANE_LINE_MAX;
    this.#run(
      "reduce_lines",
      { OP: LINE.sum, GROUP_PER_LINE: group ? 1 : 0 },
      [u(lines), u(len), u(len), u(1), u(offset)],
      [src, out],
      group ? fold(lines) : grid1d(lines),
    );
  }

  activation(kind: Activation, z: Tensor, param?: number): Tensor {
    return this.#activation(kind, z, param, false);
  }

  activationGrad(kind: Activation, z: Tensor, param?: number): Tensor {
    return this.#activation(kind, z, param, true);
  }

  #activation(kind: Activation, z: Tensor, param: number | undefined, grad: boolean): Tensor {
    const Z = this.#own(z);
    const k = code(ACTIVATIONS, kind, grad ? "activationGrad" : "activation");
    // Leaky ReLU's slope defaults to 0.01, ELU's alpha to 1; other kinds ignore it.
    const p = param ?? (kind === "elu" ? 1 : 0.01);
    const out = this.#make(Z.shape);
    this.#run(
      "activation",
      { KIND: k, GRAD: grad ? 1 : 0 },
      [u(Z.size), f(p)],
      [Z.buf, out.buf],
      grid1d(Z.size),
    );
    return out;
  }

  softmax(z: Tensor, axis: Axis): Tensor {
    const Z = this.#own(z);
    const [lines, len, os, is] = this.#lineView(Z.shape, axis, "softmax");
    const out = this.#make(Z.shape);
    const group = len > LANE_LINE_MAX;
    this.#run(
      "softmax",
      { GROUP_PER_LINE: group ? 1 : 0 },
      [u(lines), u(len), u(os), u(is)],
      [Z.buf, out.buf],
      group ? fold(lines) : grid1d(lines),
    );
    return out;
  }

  loss(kind: Loss, yhat: Tensor, y: Tensor): Tensor {
    const A = this.#own(yhat), Y = this.#own(y);
    code(LOSSES, kind, "loss");
    sameShape(A.shape, Y.shape, `loss ${kind}`);
    const [term, scale] = LOSS_SUMS[kind];
    const n = A.size;
    return this.#pairReduce(term, A.buf, Y.buf, n, scale(A.shape[1], n));
  }

  lossGrad(kind: Loss, yhat: Tensor, y: Tensor): Tensor {
    const A = this.#own(yhat), Y = this.#own(y);
    const op = code(LOSSES, kind, "lossGrad");
    sameShape(A.shape, Y.shape, `lossGrad ${kind}`);
    const scale = kind === "mse" ? 2 / A.size : 1 / A.shape[1];
    const out = this.#make(A.shape);
    this.#run(
      "loss_grad",
      { OP: op },
      [u(A.size), f(scale)],
      [A.buf, Y.buf, out.buf],
      grid1d(A.size),
    );
    return out;
  }

  /**
   * scale · Σ term(a[i], b[i]) over n elements as [1, 1]: chunk partials, then pair_reduce's
   * plain sum over them until one value is left; the scale is applied in the last pass only.
   */
  #pairReduce(term: number, a: Buf, b: Buf, n: number, scale: number): GpuTensor {
    const chunks = Math.ceil(n / REDUCE_CHUNK);
    if (chunks === 1) {
      const out = this.#make([1, 1]);
      this.#run("pair_reduce", { OP: term }, [u(n), f(scale)], [a, b, out.buf], [1]);
      return out;
    }
    const partial = this.device.acquire(chunks * 4);
    this.#run("pair_reduce", { OP: term }, [u(n), f(1)], [a, b, partial], fold(chunks));
    const out = this.#pairReduce(TERM.sum, partial, partial, chunks, scale);
    this.device.release(partial);
    return out;
  }

  oneHot(labels: Tensor, k: number): Tensor {
    const L = this.#own(labels);
    if (L.shape[0] !== 1) {
      throw new ShapeError(`oneHot: labels ${fmtShape(L.shape)} are not one row`);
    }
    if (!Number.isInteger(k) || k < 1) {
      throw new ShapeError(`oneHot: k = ${k} is not a positive integer`);
    }
    const m = L.shape[1];
    const out = this.#make([k, m]);
    this.#run("one_hot", {}, [u(k), u(m)], [L.buf, out.buf], grid1d(k * m));
    return out;
  }

  accuracy(pred: Tensor, labels: Tensor): Tensor {
    const P = this.#own(pred), L = this.#own(labels);
    sameShape(P.shape, L.shape, "accuracy");
    return this.#pairReduce(TERM.equal, P.buf, L.buf, P.size, 1 / P.size);
  }

  #convWords(g: ConvGeometry, ho: number, wo: number, m: number): UniformWord[] {
    return [g.channels, g.height, g.width, g.filters, g.kernel, g.stride, g.pad, ho, wo, m].map(u);
  }

  conv2d(x: Tensor, w: Tensor, b: Tensor, g: ConvGeometry): Tensor {
    const X = this.#own(x), Wt = this.#own(w), B = this.#own(b);
    const [ho, wo] = convShapes("conv2d", g, X.shape, Wt.shape, { bias: B.shape });
    const m = X.shape[1];
    const out = this.#make([g.filters * ho * wo, m]);
    const fb = blockOf(g.filters);
    const invocations = Math.ceil(m / 4) * ho * wo * Math.ceil(g.filters / fb);
    this.#run(
      "conv2d",
      { FB: fb },
      this.#convWords(g, ho, wo, m),
      [X.buf, Wt.buf, B.buf, out.buf],
      grid1d(invocations),
    );
    return out;
  }

  conv2dBackward(dy: Tensor, x: Tensor, w: Tensor, g: ConvGeometry): ConvGrads;
  conv2dBackward(
    dy: Tensor,
    x: Tensor,
    w: Tensor,
    g: ConvGeometry,
    inputGrad: false,
  ): ConvGrads<null>;
  conv2dBackward(
    dy: Tensor,
    x: Tensor,
    w: Tensor,
    g: ConvGeometry,
    inputGrad = true,
  ): ConvGrads<Tensor | null> {
    const D = this.#own(dy), X = this.#own(x), Wt = this.#own(w);
    const [ho, wo] = convShapes("conv2dBackward", g, X.shape, Wt.shape, { dy: D.shape });
    const m = X.shape[1], F = g.filters, P = ho * wo;
    const words = this.#convWords(g, ho, wo, m);
    let dx: GpuTensor | null = null;
    if (inputGrad) {
      dx = this.#make(X.shape);
      const cb = blockOf(g.channels), wb = Math.floor(8 / cb);
      const dxInvocations = Math.ceil(m / 4) * Math.ceil(g.width / wb) * g.height *
        Math.ceil(g.channels / cb);
      this.#run(
        "conv2d_dx",
        { CB: cb, WB: wb },
        words,
        [D.buf, Wt.buf, dx.buf],
        grid1d(dxInvocations),
      );
    }
    // dW and dB: the sum over (position, example) is split into chunks so that there are about
    // DW_TARGET_INVOCATIONS invocations; reduce_lines then adds each weight's and each bias's
    // partials (rows F·C·k·k and F of one partial buffer).
    const rowLen = Wt.shape[1], fb = blockOf(F), terms = P * m;
    const blocks = Math.ceil(rowLen / 4) * Math.ceil(F / fb);
    const wanted = Math.max(1, Math.ceil(DW_TARGET_INVOCATIONS / blocks));
    const chunkLen = Math.max(DW_MIN_CHUNK, Math.ceil(terms / wanted));
    const chunks = Math.ceil(terms / chunkLen);
    const partial = this.device.acquire((F * rowLen + F) * chunks * 4);
    this.#run(
      "conv2d_dw",
      { FB: fb },
      [...words, u(chunkLen), u(chunks)],
      [D.buf, X.buf, partial],
      grid1d(chunks * blocks),
    );
    const dw = this.#make([F, rowLen]), db = this.#make([F, 1]);
    this.#sumPartials(partial, F * rowLen, chunks, 0, dw.buf);
    this.#sumPartials(partial, F, chunks, F * rowLen * chunks, db.buf);
    this.device.release(partial);
    return { dx, dw, db };
  }

  #poolWords(g: PoolGeometry, ho: number, wo: number, m: number): UniformWord[] {
    return [g.channels, g.height, g.width, g.size, g.stride, ho, wo, m].map(u);
  }

  pool2d(x: Tensor, g: PoolGeometry): Tensor {
    const X = this.#own(x);
    const [ho, wo] = poolShapes("pool2d", g, X.shape);
    const m = X.shape[1];
    const out = this.#make([g.channels * ho * wo, m]);
    this.#run(
      "pool2d",
      { OP: code(POOL_KINDS, g.kind, "pool2d") },
      this.#poolWords(g, ho, wo, m),
      [X.buf, out.buf],
      grid1d(out.size),
    );
    return out;
  }

  pool2dBackward(dy: Tensor, x: Tensor, g: PoolGeometry): Tensor {
    const D = this.#own(dy), X = this.#own(x);
    const [ho, wo] = poolShapes("pool2dBackward", g, X.shape, D.shape);
    const m = X.shape[1];
    const dx = this.#make(X.shape);
    this.#run(
      "pool2d_backward",
      { OP: code(POOL_KINDS, g.kind, "pool2d") },
      this.#poolWords(g, ho, wo, m),
      [D.buf, X.buf, dx.buf],
      grid1d(X.size),
    );
    return dx;
  }

  #copyRegion(
    src: Buf,
    dst: Buf,
    rows: number,
    cols: number,
    so: number,
    ss: number,
    d0: number,
    ds: number,
  ): void {
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

  gatherColumns(a: Tensor, indices: Tensor): Tensor {
    const A = this.#own(a), I = this.#own(indices);
    if (I.shape[0] !== 1) {
      throw new ShapeError(`gatherColumns: indices ${fmtShape(I.shape)} are not one row`);
    }
    const [rows, cols] = A.shape, n = I.shape[1];
    const out = this.#make([rows, n]);
    this.#run(
      "gather_columns",
      {},
      [u(rows), u(cols), u(n)],
      [A.buf, I.buf, out.buf],
      grid1d(rows * n),
    );
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
    this.#run("update", {}, [u(W.size), f(lr)], [W.buf, G.buf], grid1d(Math.ceil(W.size / 4)));
  }

  assign(dst: Tensor, src: Tensor): void {
    const D = this.#own(dst), S = this.#own(src);
    sameShape(D.shape, S.shape, "assign");
    this.#copyRegion(S.buf, D.buf, 1, S.size, 0, 0, 0, 0);
  }

  /** The fused trainer (kernels/fused_mlp.ts); counts the networks it trained as `fused`. */
  async trainMlp(job: MlpJob): Promise<MlpResult | MlpDeclined> {
    const r = await trainMlpOnDevice(this.device, job, (t) => this.#own(t).buf);
    if (!("declined" in r)) this.trainings.fused += job.nets.length;
    return r;
  }

  /** The fused tail (kernels/mlp_tail.ts). */
  mlpTail(job: MlpTailJob): MlpTail | MlpDeclined {
    if (!this.adapter.isFallbackAdapter) {
      return { declined: "mlp tail: written for llvmpipe's register-blocked products" };
    }
    return openTail({
      device: this.device,
      bufOf: (t) => this.#own(t).buf,
      plan: (pr) => this.matmulPlan(pr),
      make: (shape, buf) => this.#make(shape, buf),
    }, job);
  }

  tidy<T>(fn: () => T): T {
    return this.#scopes.run(fn);
  }

  destroy(): void {
    this.#textures.destroy();
    this.device.destroy();
  }
}
