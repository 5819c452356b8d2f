/**
 * The neural-network ops on `webgpu` against the `cpu` reference on seeded random inputs:
 * reductions (mean, max, argmax), activations and their derivatives, softmax, losses and their
 * gradients, oneHot, accuracy, gatherColumns, convolution and pooling (forward and backward).
 * Both backends see the same float32-representable inputs; tolerances are scaled to float32 and
 * to the length of the sums involved. OPS_REPORT=1 prints the worst observed difference per op.
 */
import { strict as assert } from "node:assert";
import type {
  Activation,
  Axis,
  Backend,
  ConvGeometry,
  Loss,
  PoolGeometry,
  Shape,
  Tensor,
} from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";
import { RandomState } from "../../numpy/rng.ts";

const gpu = await WebGpuBackend.create();
const cpu = new CpuBackend();
const rng = new RandomState(3);
const F32_EPS = 2 ** -23;

interface Input {
  data: ArrayLike<number>;
  shape: Shape;
}

/** Runs `op` on both backends with the same float32-representable inputs: [webgpu, cpu]. */
async function both(
  inputs: Input[],
  op: (b: Backend, ts: Tensor[]) => Tensor[],
): Promise<[Float64Array[], Float64Array[]]> {
  // Rounded through a Float32Array (Float64Array.from with Math.fround takes ~1 s per 2.5M).
  const data = inputs.map((i) => new Float64Array(Float32Array.from(i.data)));
  const run = async (b: Backend) => {
    const ts = inputs.map((i, k) => b.fromArray(data[k], i.shape));
    const outs = op(b, ts);
    for (const o of outs) assert.equal(o.backend, b);
    const vs = await b.readMany(outs);
    for (const t of [...ts, ...outs]) t.dispose();
    return vs;
  };
  return [await run(gpu), await run(cpu)];
}

/** As `both` for an op with one output. */
async function both1(
  inputs: Input[],
  op: (b: Backend, ts: Tensor[]) => Tensor,
): Promise<[Float64Array, Float64Array]> {
  const [[g], [c]] = await both(inputs, (b, ts) => [op(b, ts)]);
  return [g, c];
}

/** Per op family: the worst |webgpu − cpu|, the worst relative difference where |cpu| ≥ 1e-3,
 * and the largest share of its tolerance any element used (printed with OPS_REPORT=1). */
const worst = new Map<string, { abs: number; rel: number; used: number; at: string }>();

/** |g − c| ≤ rel·|c| + abs elementwise (NaN only where both are NaN). */
function assertClose(g: Float64Array, c: Float64Array, rel: number, abs: number, what: string) {
  assert.equal(g.length, c.length, `${what}: length`);
  const family = what.split(" ")[0];
  const w = worst.get(family) ?? { abs: 0, rel: 0, used: 0, at: "" };
  for (let i = 0; i < c.length; i++) {
    if (g[i] === c[i] || (Number.isNaN(g[i]) && Number.isNaN(c[i]))) continue;
    const d = Math.abs(g[i] - c[i]);
    const bound = rel * Math.abs(c[i]) + abs;
    if (!(d <= bound)) {
      assert.fail(`${what}: element ${i}: webgpu ${g[i]} vs cpu ${c[i]} (bound ${bound})`);
    }
    w.abs = Math.max(w.abs, d);
    w.used = Math.max(w.used, d / bound);
    if (Math.abs(c[i]) >= 1e-3 && d / Math.abs(c[i]) > w.rel) {
      w.rel = d / Math.abs(c[i]);
      w.at = `${what} [${i}]: ${g[i]} vs ${c[i]}`;
    }
  }
  worst.set(family, w);
}

function assertExact(g: Float64Array, c: Float64Array, what: string) {
  assertClose(g, c, 0, 0, what);
}

const uniform = (n: number, lo = -1, hi = 1) => rng.uniform(lo, hi, n);
/** Small integers 0..levels−1: many ties for max, argmax and max pooling. */
const levels = (n: number, k: number) => rng.randint(0, k, n);

const REDUCE_SHAPES: Shape[] = [
  [1, 1],
  [1, 7],
  [7, 1],
  [17, 23],
  [2, 300], // long rows: a workgroup per line along axis 1
  [4097, 3],
  [12288, 209],
];

Deno.test("mean: whole tensor and each axis, 1×1 to 12288×209", async () => {
  const axes = [undefined, 0, 1] as const;
  for (const shape of REDUCE_SHAPES) {
    const data = uniform(shape[0] * shape[1], 0, 1);
    const [gs, cs] = await both([{ data, shape }], (b, [x]) => axes.map((a) => b.mean(x, a)));
    axes.forEach((axis, k) => {
      const len = axis === undefined ? data.length : shape[axis];
      const rel = Math.min(1e-5, 8 * Math.log2(len + 1) * F32_EPS + 2 * F32_EPS);
      assertClose(gs[k], cs[k], rel, 0, `mean ${shape} axis ${axis}`);
    });
  }
});

Deno.test("max and argmax along each axis, with ties (first maximum, as numpy)", async () => {
  for (const shape of REDUCE_SHAPES) {
    const n = shape[0] * shape[1];
    for (const data of [uniform(n, -5, 5), levels(n, 4), new Float64Array(n).fill(-2)]) {
      const [g, c] = await both(
        [{ data, shape }],
        (b, [x]) => [b.max(x, 0), b.argmax(x, 0), b.max(x, 1), b.argmax(x, 1)],
      );
      for (const axis of [0, 1]) {
        assertExact(g[2 * axis], c[2 * axis], `max ${shape} axis ${axis}`);
        assertExact(g[2 * axis + 1], c[2 * axis + 1], `argmax ${shape} axis ${axis}`);
      }
    }
  }
});

Deno.test("max, argmax and softmax reject an axis other than 0 or 1", () => {
  const x = gpu.full([2, 3], 1);
  assert.throws(() => gpu.max(x, 2 as Axis), /max: axis 2 is not 0 or 1 \(tensor \[2, 3\]\)/);
  assert.throws(() => gpu.argmax(x, -1 as Axis), /argmax: axis -1 is not 0 or 1/);
  assert.throws(() => gpu.softmax(x, 3 as Axis), /softmax: axis 3 is not 0 or 1/);
  x.dispose();
});

const ACTIVATIONS: [Activation, number | undefined][] = [
  ["linear", undefined],
  ["step", undefined],
  ["sign", undefined],
  ["sigmoid", undefined],
  ["tanh", undefined],
  ["relu", undefined],
  ["leaky_relu", undefined],
  ["leaky_relu", 0.2],
  ["softplus", undefined],
  ["elu", undefined],
  ["elu", 0.5],
];

/** Values around every kink and every switch of formula inside the kernels. */
const SPECIAL = [0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 1e-4, -1e-4, 0.25, -0.25, 0.5, -0.5, 1, -1];

Deno.test("activations and derivatives, every kind, moderate and wide inputs", async () => {
  const shape: Shape = [37, 53];
  const n = shape[0] * shape[1];
  const moderate = uniform(n, -6, 6);
  const wide = uniform(n, -60, 60);
  moderate.set(SPECIAL);
  const small = uniform(n, -0.6, 0.6).map((v) => v * 10 ** -Math.floor(Math.abs(v) * 12));
  for (const [kind, param] of ACTIVATIONS) {
    const sets = [["moderate", moderate, 2e-6], ["wide", wide, 1e-5], ["small", small, 2e-6]];
    for (const [name, data, rel] of sets as [string, Float64Array, number][]) {
      const [[g, gd], [c, cd]] = await both(
        [{ data, shape }],
        (b, [z]) => [b.activation(kind, z, param), b.activationGrad(kind, z, param)],
      );
      // llvmpipe's exp(x) has a relative error growing with |x| (3e-6 at x = 45), hence the
      // wider bound for |z| up to 60; the absolute floor is for float32 underflow (e.g.
      // sigmoid(−60) = 8.8e-27 in Float64 is far below float32's normal range on the GPU).
      assertClose(g, c, rel, 1e-30, `activation ${kind}(${param}) ${name}`);
      // The cpu's s·(1 − s) and 1 − t² cancel to 0 in Float64 where the GPU's e/(1 + e)²
      // keeps e.g. sigmoid′(38) = 3e-17: derivatives get a floor of Float64's epsilon.
      assertClose(gd, cd, rel, 2.3e-16, `activationGrad ${kind}(${param}) ${name}`);
    }
  }
});

Deno.test("activation: an unknown kind is an error naming the op", () => {
  const x = gpu.full([1, 1], 0);
  assert.throws(() => gpu.activation("swish" as Activation, x), /activation: unknown kind "swish"/);
  x.dispose();
});

Deno.test("softmax along each axis, lanes and workgroups per line", async () => {
  const cases: [Shape, Axis, number][] = [
    [[1, 1], 0, 1],
    [[1, 1], 1, 1],
    [[7, 1], 0, 5],
    [[1, 7], 1, 5],
    [[10, 1000], 0, 8],
    [[10, 1000], 1, 8],
    [[3, 500], 1, 40], // lines of 500: a workgroup each
    [[300, 7], 0, 40],
    [[13, 29], 0, 1e3],
  ];
  for (const [shape, axis, scale] of cases) {
    const data = uniform(shape[0] * shape[1], -scale, scale);
    const [g, c] = await both1([{ data, shape }], (b, [z]) => b.softmax(z, axis));
    // exp's error grows with |z − max| on llvmpipe (see the activations); 1e-30 for underflow.
    const rel = 2e-6 + 1e-7 * Math.min(2 * scale, 100);
    assertClose(g, c, rel, 1e-30, `softmax ${shape} axis ${axis} ±${scale}`);
  }
});

const LOSSES: Loss[] = ["bce", "cce", "sse", "mse", "l1", "l2"];

/** ŷ in (0, 1) and a binary y for the cross-entropies; two real matrices otherwise. */
function lossInputs(kind: Loss, shape: Shape): [Input, Input] {
  const n = shape[0] * shape[1];
  if (kind === "bce" || kind === "cce") {
    const yhat = uniform(n, 0.001, 0.999);
    const y = levels(n, 2);
    return [{ data: yhat, shape }, { data: y, shape }];
  }
  return [{ data: uniform(n, -2, 2), shape }, { data: uniform(n, -2, 2), shape }];
}

Deno.test("losses, 1×1 to 12288×209, against the Float64 reference to 1e-5", async () => {
  const shapes: Shape[] = [[1, 1], [1, 7], [3, 7], [10, 209], [4096, 1], [4097, 1], [12288, 209]];
  for (const shape of shapes) {
    // One upload per input kind: the cross-entropies, then the regression losses.
    for (const kinds of [["bce", "cce"], ["sse", "mse", "l1", "l2"]] as Loss[][]) {
      const [gs, cs] = await both(
        lossInputs(kinds[0], shape),
        (b, [a, t]) => kinds.map((k) => b.loss(k, a, t)),
      );
      kinds.forEach((kind, k) => assertClose(gs[k], cs[k], 1e-5, 0, `loss ${kind} ${shape}`));
    }
  }
});

Deno.test("loss gradients, including saturated predictions and exact hits", async () => {
  for (const shape of [[1, 1], [13, 29], [3, 1000]] as Shape[]) {
    for (const kind of LOSSES) {
      const [yhat, y] = lossInputs(kind, shape);
      const a = Float64Array.from(yhat.data);
      const t = Float64Array.from(y.data);
      if (a.length > 8) {
        // ŷ at 0 and 1 (the guards), and ŷ = y (l1's sign is 0 there).
        a.set([0, 1, 0, 1]);
        t.set([1, 0, 0, 1]);
        t[5] = a[5];
      }
      const [g, c] = await both1(
        [{ data: a, shape }, { data: t, shape }],
        (b, [p, q]) => b.lossGrad(kind, p, q),
      );
      assertClose(g, c, 4e-6, 1e-30, `lossGrad ${kind} ${shape}`);
    }
  }
});

Deno.test("loss and lossGrad: mismatched shapes name both", () => {
  const a = gpu.full([2, 3], 0.5), b = gpu.full([3, 2], 1);
  assert.throws(() => gpu.loss("bce", a, b), /loss bce: shapes \[2, 3\] and \[3, 2\] differ/);
  assert.throws(() => gpu.lossGrad("mse", a, b), /lossGrad mse: shapes \[2, 3\] and \[3, 2\]/);
  a.dispose();
  b.dispose();
});

Deno.test("oneHot, accuracy and gatherColumns", async () => {
  for (const [k, m] of [[1, 1], [3, 7], [10, 1000], [10, 70000]]) {
    const labels = levels(m, k);
    const [g, c] = await both1([{ data: labels, shape: [1, m] }], (b, [l]) => b.oneHot(l, k));
    assertExact(g, c, `oneHot k=${k} m=${m}`);
  }
  for (const shape of [[1, 1], [1, 1000], [3, 7], [1, 70000]] as Shape[]) {
    const n = shape[0] * shape[1];
    const pred = levels(n, 3), labels = levels(n, 3);
    const [g, c] = await both1(
      [{ data: pred, shape }, { data: labels, shape }],
      (b, [p, l]) => b.accuracy(p, l),
    );
    assertClose(g, c, 2 * F32_EPS, 0, `accuracy ${shape}`);
  }
  for (const [rows, cols, n] of [[1, 1, 1], [4, 9, 9], [3, 209, 64], [12288, 7, 5]]) {
    const idx = Array.from(rng.permutation(cols)).slice(0, n);
    const [g, c] = await both1(
      [{ data: uniform(rows * cols), shape: [rows, cols] }, { data: idx, shape: [1, n] }],
      (b, [a, i]) => b.gatherColumns(a, i),
    );
    assertExact(g, c, `gatherColumns ${rows}x${cols} n=${n}`);
  }
  const l = gpu.full([2, 3], 0);
  assert.throws(() => gpu.oneHot(l, 3), /oneHot: labels \[2, 3\] are not one row/);
  assert.throws(() => gpu.gatherColumns(l, l), /gatherColumns: indices \[2, 3\] are not one row/);
  assert.throws(
    () => gpu.accuracy(l, gpu.full([3, 2], 0)),
    /accuracy: shapes \[2, 3\] and \[3, 2\]/,
  );
});

/** A convolution case: name, C, H, W, F, k, stride, pad, examples. */
type ConvCase = [string, number, number, number, number, number, number, number, number];
const CONVS: ConvCase[] = [
  ["lenet C1", 1, 32, 32, 6, 5, 1, 0, 100], // 78400 dW terms: a workgroup per weight's partials
  ["lenet C3", 6, 14, 14, 16, 5, 1, 0, 37],
  ["lenet C5", 16, 5, 5, 120, 5, 1, 0, 13], // one dW chunk: written in place
  ["stride 2 pad 2", 3, 7, 7, 5, 3, 2, 2, 5],
  ["non-square input", 2, 9, 7, 3, 3, 2, 1, 3],
  ["k 4 stride 3", 2, 8, 8, 7, 4, 3, 1, 6],
  ["1×1 kernel", 4, 3, 3, 2, 1, 1, 0, 1],
  ["kernel over pad", 1, 2, 2, 1, 3, 1, 1, 2],
  ["one channel stride 2", 1, 11, 11, 2, 3, 2, 1, 7], // dx: 8 columns per invocation
  ["same pad", 3, 6, 5, 4, 5, 1, 2, 9],
];

function convOut(g: ConvGeometry): [number, number] {
  return [
    (g.height + 2 * g.pad - g.kernel) / g.stride + 1,
    (g.width + 2 * g.pad - g.kernel) / g.stride + 1,
  ];
}

Deno.test("conv2d forward and backward: LeNet shapes, strides, padding, odd sizes", async () => {
  for (const [name, C, H, W, F, k, stride, pad, m] of CONVS) {
    const geo: ConvGeometry = {
      channels: C,
      height: H,
      width: W,
      filters: F,
      kernel: k,
      stride,
      pad,
    };
    const [ho, wo] = convOut(geo);
    const x = { data: uniform(C * H * W * m), shape: [C * H * W, m] as Shape };
    const w = { data: uniform(F * C * k * k), shape: [F, C * k * k] as Shape };
    const b = { data: uniform(F), shape: [F, 1] as Shape };
    const dy = { data: uniform(F * ho * wo * m), shape: [F * ho * wo, m] as Shape };
    const [[gy, gdx, gdw, gdb], [cy, cdx, cdw, cdb]] = await both(
      [x, w, b, dy],
      (be, [X, Wt, B, D]) => {
        const { dx, dw, db } = be.conv2dBackward(D, X, Wt, geo);
        return [be.conv2d(X, Wt, B, geo), dx, dw, db];
      },
    );
    // Sums of products of values in [−1, 1]: the error bound grows with the number of terms.
    assertClose(gy, cy, 1e-5, 4 * (C * k * k + 1) * F32_EPS, `conv2d ${name}`);
    assertClose(gdx, cdx, 1e-5, 4 * F * k * k * F32_EPS, `conv2dBackward-dx ${name}`);
    const terms = ho * wo * m;
    assertClose(gdw, cdw, 1e-5, 4 * Math.sqrt(terms) * 16 * F32_EPS, `conv2dBackward-dw ${name}`);
    assertClose(gdb, cdb, 1e-5, 4 * Math.sqrt(terms) * 16 * F32_EPS, `conv2dBackward-db ${name}`);
  }
});

Deno.test("conv2d: geometry that does not match the tensors names the op and shapes", () => {
  const geo: ConvGeometry = {
    channels: 1,
    height: 4,
    width: 4,
    filters: 2,
    kernel: 3,
    stride: 1,
    pad: 0,
  };
  const x = gpu.full([16, 3], 1), w = gpu.full([2, 9], 1), b = gpu.full([2, 1], 0);
  const bad = gpu.full([15, 3], 1);
  assert.throws(
    () => gpu.conv2d(bad, w, b, geo),
    /conv2d: input \[15, 3\] has not C·H·W = 1·4·4 = 16 rows/,
  );
  assert.throws(
    () => gpu.conv2d(x, gpu.full([2, 8], 1), b, geo),
    /conv2d: filters \[2, 8\] are not \[F, C·k·k\] = \[2, 9\]/,
  );
  assert.throws(() => gpu.conv2d(x, w, gpu.full([3, 1], 0), geo), /conv2d: bias \[3, 1\] is not/);
  assert.throws(
    () => gpu.conv2d(x, w, b, { ...geo, stride: 2 }),
    /conv2d: a 3×3 kernel with stride 2 and pad 0 does not tile a 4×4 input/,
  );
  assert.throws(() => gpu.conv2d(x, w, b, { ...geo, kernel: 0 }), /conv2d: geometry kernel = 0/);
  assert.throws(
    () => gpu.conv2dBackward(gpu.full([8, 2], 0), x, w, geo),
    /conv2dBackward: dY \[8, 2\] is not \[F·H′·W′, m\] = \[8, 3\] for input \[16, 3\]/,
  );
});

/** A pooling case: name, C, H, W, size, stride, examples. */
const POOLS: [string, number, number, number, number, number, number][] = [
  ["lenet S2", 6, 28, 28, 2, 2, 50],
  ["lenet S4", 16, 10, 10, 2, 2, 21],
  ["overlapping 3/2", 3, 7, 7, 3, 2, 5],
  ["overlapping 3/1", 2, 5, 6, 3, 1, 4],
  ["2/1", 1, 3, 3, 2, 1, 1],
  ["whole map", 2, 4, 4, 4, 1, 3],
  ["1×1", 1, 1, 1, 1, 1, 1],
];

Deno.test("pool2d forward and backward, max and avg, with ties", async () => {
  for (const [name, C, H, W, z, s, m] of POOLS) {
    for (const kind of ["max", "avg"] as const) {
      const geo: PoolGeometry = { channels: C, height: H, width: W, size: z, stride: s, kind };
      const ho = (H - z) / s + 1, wo = (W - z) / s + 1;
      const n = C * H * W * m;
      for (const data of [uniform(n), levels(n, 3)]) {
        const x = { data, shape: [C * H * W, m] as Shape };
        const dy = { data: uniform(C * ho * wo * m), shape: [C * ho * wo, m] as Shape };
        const [[gy, gdx], [cy, cdx]] = await both(
          [x, dy],
          (be, [X, D]) => [be.pool2d(X, geo), be.pool2dBackward(D, X, geo)],
        );
        // A mean of size² values in [−1, 1] may cancel: bound the error by their magnitude.
        assertClose(gy, cy, 4 * F32_EPS, 2 * F32_EPS, `pool2d ${kind} ${name}`);
        assertClose(gdx, cdx, 8 * F32_EPS, 1e-7, `pool2dBackward ${kind} ${name}`);
      }
    }
  }
});

Deno.test("pool2d: geometry that does not match the tensors names the op and shapes", () => {
  const geo: PoolGeometry = { channels: 2, height: 4, width: 4, size: 2, stride: 2, kind: "avg" };
  const x = gpu.full([32, 2], 1);
  assert.throws(
    () => gpu.pool2d(gpu.full([31, 2], 1), geo),
    /pool2d: input \[31, 2\] has not C·H·W/,
  );
  assert.throws(
    () => gpu.pool2d(x, { ...geo, size: 3 }),
    /pool2d: a 3×3 window with stride 2 does not tile a 4×4 input/,
  );
  assert.throws(
    () => gpu.pool2dBackward(gpu.full([8, 3], 0), x, geo),
    /pool2dBackward: dY \[8, 3\] is not \[C·H′·W′, m\] = \[8, 2\] for input \[32, 2\]/,
  );
});

Deno.test({
  name: "teardown",
  fn() {
    if (Deno.env.get("OPS_REPORT")) {
      for (const [op, w] of worst) {
        const nums = `max |Δ| ${w.abs.toExponential(2)}, max rel ${w.rel.toExponential(2)}`;
        console.log(`${op}: ${nums}, ${(100 * w.used).toFixed(0)}% of tolerance (${w.at})`);
      }
    }
    gpu.destroy();
  },
  sanitizeResources: false,
});
