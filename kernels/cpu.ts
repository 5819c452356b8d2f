/**
 * The reference backend: plain TypeScript in Float64, the arithmetic of the lectures' numpy
 * code. Every WGSL kernel is tested against it, and it is the fallback when no adapter exists.
 */
import type {
  Activation,
  Axis,
  Backend,
  BinaryOp,
  ConvGeometry,
  ConvGrads,
  Loss,
  MatmulOptions,
  PoolGeometry,
  Shape,
  Tensor,
  TrainingPath,
  UnaryOp,
} from "./backend.ts";
import {
  activationFn,
  activationGradFn,
  conv2dForward,
  conv2dGrads,
  lossGradFn,
  lossValue,
  pool2dForward,
  pool2dGrad,
} from "./cpu_nn.ts";
import {
  broadcastStrides,
  checkShape,
  checkSlice,
  convShapes,
  matmulShape,
  poolShapes,
  sameShape,
  Scopes,
  ShapeError,
} from "./tensor_base.ts";

class CpuTensor implements Tensor {
  readonly size: number;
  #data: Float64Array | null;

  constructor(readonly backend: CpuBackend, readonly shape: Shape, data: Float64Array) {
    this.size = shape[0] * shape[1];
    this.#data = data;
  }

  get data(): Float64Array {
    if (this.#data === null) throw new ShapeError("tensor used after dispose()");
    return this.#data;
  }

  dispose(): void {
    this.#data = null;
  }
}

const BINARY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  max: (x, y) => Math.max(x, y),
  min: (x, y) => Math.min(x, y),
  eq: (x, y) => x === y ? 1 : 0,
  ne: (x, y) => x !== y ? 1 : 0,
  lt: (x, y) => x < y ? 1 : 0,
  le: (x, y) => x <= y ? 1 : 0,
  gt: (x, y) => x > y ? 1 : 0,
  ge: (x, y) => x >= y ? 1 : 0,
};

const UNARY: Record<UnaryOp, (x: number, p0: number, p1: number) => number> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  affine: (x, p0, p1) => x * p0 + p1,
  clip: (x, p0, p1) => Math.min(Math.max(x, p0), p1),
  sign: (x, p0) => x >= p0 ? 1 : -1,
  step: (x, p0) => x >= p0 ? 1 : 0,
};

/** `MatmulOptions.scale` applied as `unary("affine", C, scale, 0)` computes it. */
function scaled(out: Float64Array, scale: number | undefined): Float64Array {
  if (scale !== undefined) { for (let i = 0; i < out.length; i++) out[i] = out[i] * scale + 0; }
  return out;
}

export class CpuBackend implements Backend {
  readonly name = "cpu" as const;
  readonly dtype = "float64" as const;
  readonly adapter = null;
  /** No `trainMlp` here: nn/train.ts's loop trains every model (counted as `layered`). */
  readonly trainings: Record<TrainingPath, number> = { layered: 0, fused: 0, stacked: 0 };
  #scopes = new Scopes();

  #make(shape: Shape, data: Float64Array): CpuTensor {
    const t = new CpuTensor(this, shape, data);
    this.#scopes.track(t);
    return t;
  }

  #own(t: Tensor): CpuTensor {
    if (!(t instanceof CpuTensor) || t.backend !== this) {
      throw new ShapeError(`tensor of backend ${t.backend.name} passed to a cpu op`);
    }
    return t;
  }

  fromArray(data: ArrayLike<number>, shape: Shape): Tensor {
    checkShape(shape, "fromArray");
    if (data.length !== shape[0] * shape[1]) {
      throw new ShapeError(`fromArray: ${data.length} values do not fill shape [${shape}]`);
    }
    return this.#make([shape[0], shape[1]], Float64Array.from(data));
  }

  full(shape: Shape, value: number): Tensor {
    checkShape(shape, "full");
    return this.#make([shape[0], shape[1]], new Float64Array(shape[0] * shape[1]).fill(value));
  }

  read(t: Tensor): Promise<Float64Array> {
    const data = this.#own(t).data.slice();
    return this.#turn().then(() => data);
  }

  readMany(ts: readonly Tensor[]): Promise<Float64Array[]> {
    const data = ts.map((t) => this.#own(t).data.slice());
    return this.#turn().then(() => data);
  }

  flush(): Promise<void> {
    return this.#turn();
  }

  #lastTurn = performance.now();

  /**
   * Every quarter second of computing, a read gives the event loop a turn (a macrotask): the
   * cpu's awaits otherwise resolve as microtasks, and a long trial would hold back Ctrl-C and
   * the progress heartbeat until it ended. The values are the same either way.
   */
  #turn(): Promise<void> {
    const now = performance.now();
    if (now - this.#lastTurn < 250) return Promise.resolve();
    this.#lastTurn = now;
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
    const A = this.#own(a), B = this.#own(b);
    const ta = opts.transA ?? false, tb = opts.transB ?? false;
    const [m, n] = matmulShape(A.shape, B.shape, ta, tb);
    const k = ta ? A.shape[0] : A.shape[1];
    // Element strides of op(A)[i, p] and op(B)[p, j] in the row-major storage.
    const [ai, ap] = ta ? [1, A.shape[1]] : [A.shape[1], 1];
    const [bp, bj] = tb ? [1, B.shape[1]] : [B.shape[1], 1];
    const ad = A.data, bd = B.data, out = new Float64Array(m * n);
    if (tb && !ta) {
      // A·Bᵀ: rows of A and of B are both contiguous, so each element is a dot product. The
      // loop below would walk B with stride k (5× slower at the lectures' dZ1·Xᵀ); the sum runs
      // over p in the same order and skips the same zeros, so the result is bit for bit the same.
      for (let i = 0; i < m; i++) {
        const aOff = i * k;
        for (let j = 0; j < n; j++) {
          const bOff = j * k;
          let s = 0;
          for (let p = 0; p < k; p++) {
            const av = ad[aOff + p];
            if (av !== 0) s += av * bd[bOff + p];
          }
          out[i * n + j] = s;
        }
      }
      return this.#make([m, n], scaled(out, opts.scale));
    }
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const av = ad[i * ai + p * ap];
        if (av === 0) continue;
        const row = i * n;
        const bOff = p * bp;
        for (let j = 0; j < n; j++) out[row + j] += av * bd[bOff + j * bj];
      }
    }
    return this.#make([m, n], scaled(out, opts.scale));
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    const A = this.#own(a), B = this.#own(b);
    const [sr, sc] = broadcastStrides(A.shape, B.shape, op);
    const f = BINARY[op];
    const [rows, cols] = A.shape;
    const ad = A.data, bd = B.data, out = new Float64Array(A.size);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[r * cols + c] = f(ad[r * cols + c], bd[r * sr + c * sc]);
    }
    return this.#make(A.shape, out);
  }

  unary(op: UnaryOp, a: Tensor, p0 = 0, p1 = 0): Tensor {
    const A = this.#own(a);
    const f = UNARY[op];
    const ad = A.data, out = new Float64Array(A.size);
    for (let i = 0; i < out.length; i++) out[i] = f(ad[i], p0, p1);
    return this.#make(A.shape, out);
  }

  sum(a: Tensor, axis?: Axis): Tensor {
    const A = this.#own(a);
    const [rows, cols] = A.shape;
    const d = A.data;
    if (axis === undefined) {
      let s = 0;
      for (let i = 0; i < d.length; i++) s += d[i];
      return this.#make([1, 1], Float64Array.of(s));
    }
    if (axis === 0) {
      const out = new Float64Array(cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] += d[r * cols + c];
      return this.#make([1, cols], out);
    }
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += d[r * cols + c];
      out[r] = s;
    }
    return this.#make([rows, 1], out);
  }

  mean(a: Tensor, axis?: Axis): Tensor {
    const n = axis === undefined ? a.size : a.shape[axis];
    const s = this.#own(this.sum(a, axis));
    s.data.forEach((v, i) => s.data[i] = v / n);
    return s;
  }

  /** The maximum of each line along `axis` and its first index, passed to `emit`. */
  #scan(a: Tensor, axis: Axis, emit: (best: number, at: number) => number): Tensor {
    const A = this.#own(a);
    const [rows, cols] = A.shape;
    const [lines, len] = axis === 0 ? [cols, rows] : [rows, cols];
    const out = new Float64Array(lines);
    for (let l = 0; l < lines; l++) {
      let best = -Infinity, at = 0;
      for (let t = 0; t < len; t++) {
        const v = A.data[axis === 0 ? t * cols + l : l * cols + t];
        if (t === 0 || v > best) { // strict: the first maximum wins ties, as numpy
          best = v;
          at = t;
        }
      }
      out[l] = emit(best, at);
    }
    return this.#make(axis === 0 ? [1, cols] : [rows, 1], out);
  }

  max(a: Tensor, axis: Axis): Tensor {
    return this.#scan(a, axis, (best) => best);
  }

  argmax(a: Tensor, axis: Axis): Tensor {
    return this.#scan(a, axis, (_, at) => at);
  }

  activation(kind: Activation, z: Tensor, param?: number): Tensor {
    const Z = this.#own(z);
    return this.#make(Z.shape, Z.data.map(activationFn(kind, param)));
  }

  activationGrad(kind: Activation, z: Tensor, param?: number): Tensor {
    const Z = this.#own(z);
    return this.#make(Z.shape, Z.data.map(activationGradFn(kind, param)));
  }

  softmax(z: Tensor, axis: Axis): Tensor {
    const Z = this.#own(z);
    const [rows, cols] = Z.shape;
    const out = new Float64Array(Z.size);
    const [lines, len] = axis === 0 ? [cols, rows] : [rows, cols];
    const at = (l: number, t: number) => axis === 0 ? t * cols + l : l * cols + t;
    for (let l = 0; l < lines; l++) {
      let max = -Infinity;
      for (let t = 0; t < len; t++) max = Math.max(max, Z.data[at(l, t)]);
      let sum = 0;
      for (let t = 0; t < len; t++) sum += out[at(l, t)] = Math.exp(Z.data[at(l, t)] - max);
      for (let t = 0; t < len; t++) out[at(l, t)] /= sum;
    }
    return this.#make(Z.shape, out);
  }

  loss(kind: Loss, yhat: Tensor, y: Tensor): Tensor {
    const A = this.#own(yhat), Y = this.#own(y);
    sameShape(A.shape, Y.shape, `loss ${kind}`);
    return this.#make([1, 1], Float64Array.of(lossValue(kind, A.data, Y.data, A.shape[1])));
  }

  lossGrad(kind: Loss, yhat: Tensor, y: Tensor): Tensor {
    const A = this.#own(yhat), Y = this.#own(y);
    sameShape(A.shape, Y.shape, `lossGrad ${kind}`);
    const g = lossGradFn(kind, A.shape[1], A.size);
    return this.#make(A.shape, A.data.map((a, i) => g(a, Y.data[i])));
  }

  oneHot(labels: Tensor, k: number): Tensor {
    const L = this.#own(labels);
    if (L.shape[0] !== 1) throw new ShapeError(`oneHot: labels [${L.shape}] are not one row`);
    const m = L.shape[1];
    const out = new Float64Array(k * m);
    L.data.forEach((v, e) => {
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new ShapeError(`oneHot: label ${v} at column ${e} is not an integer in [0, ${k})`);
      }
      out[v * m + e] = 1;
    });
    return this.#make([k, m], out);
  }

  accuracy(pred: Tensor, labels: Tensor): Tensor {
    const P = this.#own(pred), L = this.#own(labels);
    sameShape(P.shape, L.shape, "accuracy");
    const hits = P.data.reduce((s, v, i) => s + (v === L.data[i] ? 1 : 0), 0);
    return this.#make([1, 1], Float64Array.of(hits / P.size));
  }

  conv2d(x: Tensor, w: Tensor, b: Tensor, g: ConvGeometry): Tensor {
    const X = this.#own(x), Wt = this.#own(w), B = this.#own(b);
    const [ho, wo] = convShapes("conv2d", g, X.shape, Wt.shape, { bias: B.shape });
    const m = X.shape[1];
    return this.#make([g.filters * ho * wo, m], conv2dForward(X.data, Wt.data, B.data, m, g));
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
    convShapes("conv2dBackward", g, X.shape, Wt.shape, { dy: D.shape });
    const r = conv2dGrads(D.data, X.data, Wt.data, X.shape[1], g);
    return {
      dx: inputGrad ? this.#make(X.shape, r.dx) : null,
      dw: this.#make(Wt.shape, r.dw),
      db: this.#make([g.filters, 1], r.db),
    };
  }

  pool2d(x: Tensor, g: PoolGeometry): Tensor {
    const X = this.#own(x);
    const [ho, wo] = poolShapes("pool2d", g, X.shape);
    const m = X.shape[1];
    return this.#make([g.channels * ho * wo, m], pool2dForward(X.data, m, g).out);
  }

  pool2dBackward(dy: Tensor, x: Tensor, g: PoolGeometry): Tensor {
    const D = this.#own(dy), X = this.#own(x);
    poolShapes("pool2dBackward", g, X.shape, D.shape);
    return this.#make(X.shape, pool2dGrad(D.data, X.data, X.shape[1], g));
  }

  slice(a: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor {
    const A = this.#own(a);
    const shape = checkSlice(A.shape, r0, r1, c0, c1);
    const out = new Float64Array(shape[0] * shape[1]);
    for (let r = r0; r < r1; r++) {
      out.set(A.data.subarray(r * A.shape[1] + c0, r * A.shape[1] + c1), (r - r0) * shape[1]);
    }
    return this.#make(shape, out);
  }

  gatherColumns(a: Tensor, indices: Tensor): Tensor {
    const A = this.#own(a), I = this.#own(indices);
    if (I.shape[0] !== 1) {
      throw new ShapeError(`gatherColumns: indices [${I.shape}] are not one row`);
    }
    const [rows, cols] = A.shape, n = I.shape[1];
    const out = new Float64Array(rows * n);
    I.data.forEach((c, j) => {
      if (!Number.isInteger(c) || c < 0 || c >= cols) {
        throw new ShapeError(`gatherColumns: index ${c} is outside [0, ${cols})`);
      }
      for (let r = 0; r < rows; r++) out[r * n + j] = A.data[r * cols + c];
    });
    return this.#make([rows, n], out);
  }

  concatRows(a: Tensor, b: Tensor): Tensor {
    const A = this.#own(a), B = this.#own(b);
    if (A.shape[1] !== B.shape[1]) {
      throw new ShapeError(
        `concatRows: column counts differ: [${A.shape}] over [${B.shape}]`,
      );
    }
    const out = new Float64Array(A.size + B.size);
    out.set(A.data);
    out.set(B.data, A.size);
    return this.#make([A.shape[0] + B.shape[0], A.shape[1]], out);
  }

  update(w: Tensor, g: Tensor, lr: number): void {
    const W = this.#own(w), G = this.#own(g);
    sameShape(W.shape, G.shape, "update");
    const wd = W.data, gd = G.data;
    for (let i = 0; i < wd.length; i++) wd[i] -= lr * gd[i];
  }

  assign(dst: Tensor, src: Tensor): void {
    const D = this.#own(dst), S = this.#own(src);
    sameShape(D.shape, S.shape, "assign");
    D.data.set(S.data);
  }

  tidy<T>(fn: () => T): T {
    return this.#scopes.run(fn);
  }

  destroy(): void {}
}
