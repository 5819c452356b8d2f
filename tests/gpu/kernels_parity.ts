/**
 * Every kernel on `webgpu` against the `cpu` reference on random inputs (seeded), with
 * tolerances scaled to float32 and to the size of the sums involved.
 */
import { strict as assert } from "node:assert";
import { type Backend, BINARY_OPS, type Shape, type UnaryOp } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";
import { RandomState } from "../../numpy/rng.ts";

const gpu = await WebGpuBackend.create();
const cpu = new CpuBackend();
const rng = new RandomState(7);
const F32_EPS = 2 ** -23;

function uniformArray(n: number, lo = -1, hi = 1): Float64Array {
  return rng.uniform(lo, hi, n);
}

/** Runs `op` on both backends with the same inputs; returns [gpu, cpu] results. */
async function both(
  inputs: { data: ArrayLike<number>; shape: Shape }[],
  op: (b: Backend, ts: ReturnType<Backend["fromArray"]>[]) => ReturnType<Backend["fromArray"]>,
): Promise<[Float64Array, Float64Array]> {
  const run = async (b: Backend) => {
    // Both backends see the same float32-representable inputs, so only the arithmetic differs.
    const ts = inputs.map((i) => b.fromArray(Float64Array.from(i.data, Math.fround), i.shape));
    const out = op(b, ts);
    const v = await b.read(out);
    for (const t of [...ts, out]) t.dispose();
    return v;
  };
  return [await run(gpu), await run(cpu)];
}

/** |g − c| ≤ rel·|c| + abs elementwise, reporting the worst index. */
function assertClose(g: Float64Array, c: Float64Array, rel: number, abs: number, what: string) {
  assert.equal(g.length, c.length, `${what}: length`);
  for (let i = 0; i < c.length; i++) {
    if (g[i] === c[i]) continue;
    const bound = rel * Math.abs(c[i]) + abs;
    if (!(Math.abs(g[i] - c[i]) <= bound) && !(Number.isNaN(g[i]) && Number.isNaN(c[i]))) {
      assert.fail(`${what}: element ${i}: webgpu ${g[i]} vs cpu ${c[i]} (bound ${bound})`);
    }
  }
}

const MATMUL_SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 5, 7],
  [13, 17, 11],
  [31, 2, 37],
  [4, 2, 400],
  [1, 4, 400],
  [7, 20, 209],
  [1, 12288, 209],
  [20, 12288, 209],
];

Deno.test("matmul: every transpose combination on odd, prime and lecture shapes", async () => {
  for (const [m, k, n] of MATMUL_SHAPES) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      if (k === 12288 && (ta || tb) && m * n > 300) continue; // the big ones once, untransposed
      const a = { data: uniformArray(m * k), shape: (ta ? [k, m] : [m, k]) as Shape };
      const b = { data: uniformArray(k * n), shape: (tb ? [n, k] : [k, n]) as Shape };
      const [g, c] = await both(
        [a, b],
        (be, [x, y]) => be.matmul(x, y, { transA: ta, transB: tb }),
      );
      // Sums of k products of values in [-1, 1]: error grows with k (Σ|a·b| ≤ k).
      assertClose(g, c, 1e-5, 4 * k * F32_EPS, `matmul ${m}x${k}x${n} ta=${ta} tb=${tb}`);
    }
  }
});

Deno.test("matmul: mismatched inner dimensions name both shapes", () => {
  for (const b of [gpu, cpu] as Backend[]) {
    const x = b.full([2, 3], 1), y = b.full([4, 5], 1);
    assert.throws(() => b.matmul(x, y), /matmul: inner dimensions differ: \[2, 3\] · \[4, 5\]/);
  }
});

Deno.test("binary ops with every broadcast form", async () => {
  const shape: Shape = [13, 29];
  const a = uniformArray(13 * 29);
  for (const op of BINARY_OPS) {
    for (const bShape of [[13, 29], [13, 1], [1, 29], [1, 1]] as Shape[]) {
      // Comparisons need equal values somewhere: quantise the operands.
      const q = (v: Float64Array) => op.length === 2 ? v.map((x) => Math.round(x * 2) / 2) : v;
      const b = uniformArray(bShape[0] * bShape[1], 0.5, 1.5);
      const [g, c] = await both(
        [{ data: q(a), shape }, { data: q(b), shape: bShape }],
        (be, [x, y]) => be.binary(op, x, y),
      );
      assertClose(g, c, 4 * F32_EPS, 1e-7, `${op} b=${bShape}`);
    }
  }
});

Deno.test("binary: a shape that does not broadcast is an error naming both shapes", () => {
  const x = cpu.full([3, 4], 1), y = cpu.full([2, 4], 1);
  assert.throws(
    () => cpu.binary("add", x, y),
    /add: shape \[2, 4\] does not broadcast to \[3, 4\]/,
  );
});

const UNARY: [UnaryOp, number, number, number, number][] = [
  // op, p0, p1, input lo, input hi
  ["neg", 0, 0, -3, 3],
  ["abs", 0, 0, -3, 3],
  ["exp", 0, 0, -10, 10],
  ["log", 0, 0, 0.01, 100],
  ["sqrt", 0, 0, 0, 100],
  ["square", 0, 0, -3, 3],
  ["affine", 2.5, -1, -3, 3],
  ["clip", -0.5, 0.25, -3, 3],
  ["sign", 0, 0, -3, 3],
  ["sign", 0.5, 0, -3, 3],
  ["step", 0, 0, -3, 3],
];

Deno.test("unary ops", async () => {
  for (const [op, p0, p1, lo, hi] of UNARY) {
    const data = uniformArray(1000, lo, hi);
    data[0] = p0; // the threshold itself: sign and step map z = p0 to 1
    const [g, c] = await both([{ data, shape: [10, 100] }], (be, [x]) => be.unary(op, x, p0, p1));
    assertClose(g, c, 1e-6, 1e-7, `${op}(${p0}, ${p1})`);
  }
});

Deno.test("sums: whole tensor and along each axis, 1×1 to 12288×209", async () => {
  for (const shape of [[1, 1], [1, 7], [7, 1], [17, 23], [4097, 3], [12288, 209]] as Shape[]) {
    const data = uniformArray(shape[0] * shape[1], 0, 1);
    for (const axis of [undefined, 0, 1] as const) {
      const [g, c] = await both([{ data, shape }], (be, [x]) => be.sum(x, axis));
      const len = axis === undefined ? data.length : axis === 0 ? shape[0] : shape[1];
      // Positive terms: relative error ~ log2(len)·eps for the tree; 1e-5 is the lecture bound.
      assertClose(
        g,
        c,
        Math.min(1e-5, 8 * Math.log2(len + 1) * F32_EPS + F32_EPS),
        0,
        `sum ${shape} axis ${axis}`,
      );
    }
  }
});

Deno.test("slice, concatRows, full, update and assign", async () => {
  const data = uniformArray(6 * 9);
  let [g, c] = await both([{ data, shape: [6, 9] }], (be, [x]) => be.slice(x, 1, 5, 2, 9));
  assertClose(g, c, 0, 0, "slice");
  [g, c] = await both(
    [{ data, shape: [6, 9] }, { data: uniformArray(2 * 9), shape: [2, 9] }],
    (be, [x, y]) => be.concatRows(x, y),
  );
  assertClose(g, c, 0, 0, "concatRows");
  [g, c] = await both([], (be) => be.full([3, 5], -2.5));
  assertClose(g, c, 0, 0, "full");
  [g, c] = await both(
    [{ data, shape: [6, 9] }, { data: uniformArray(6 * 9), shape: [6, 9] }],
    (be, [w, dw]) => {
      be.update(w, dw, 0.3);
      return be.binary("add", w, be.full([1, 1], 0));
    },
  );
  assertClose(g, c, 4 * F32_EPS, 1e-7, "update");
  [g, c] = await both(
    [{ data, shape: [6, 9] }, { data: uniformArray(6 * 9), shape: [6, 9] }],
    (be, [dst, src]) => {
      be.assign(dst, src);
      return be.binary("add", dst, be.full([1, 1], 0));
    },
  );
  assertClose(g, c, 0, 0, "assign");
  assert.throws(
    () => cpu.slice(cpu.full([2, 2], 0), 0, 3, 0, 1),
    /slice: \[0:3, 0:1\] is outside \[2, 2\]/,
  );
});

Deno.test("tidy frees temporaries and keeps what it returns", async () => {
  for (const b of [gpu, cpu] as Backend[]) {
    const kept = b.tidy(() => {
      const t = b.full([2, 2], 1);
      return { out: b.binary("add", t, t) };
    });
    assert.deepEqual(Array.from(await b.read(kept.out)), [2, 2, 2, 2]);
    const leaked = b.tidy(() => b.full([1, 1], 3) && null);
    assert.equal(leaked, null);
  }
});

Deno.test("matmul: inner dimensions past 65,536 (llvmpipe caps a loop's iterations per dispatch)", async () => {
  for (const [m, k, n, tb] of [[1, 100_000, 1, false], [2, 70_001, 3, true]] as const) {
    const a = { data: uniformArray(m * k), shape: [m, k] as Shape };
    const b = { data: uniformArray(k * n), shape: (tb ? [n, k] : [k, n]) as Shape };
    const [g, c] = await both([a, b], (be, [x, y]) => be.matmul(x, y, { transB: tb }));
    assertClose(g, c, 1e-4, 4 * Math.sqrt(k) * F32_EPS * 10, `matmul ${m}x${k}x${n} tb=${tb}`);
  }
});

Deno.test({
  name: "kernels parity: release the device",
  fn() {
    gpu.destroy();
  },
  sanitizeResources: false,
});
