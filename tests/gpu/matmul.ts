/**
 * Every matrix-product kernel on `webgpu`, forced through `matmulKnobs`, against the Float64
 * `cpu` reference on all four transpose combinations: 1×1×1, odd and prime shapes, shapes that
 * straddle tile edges, split-K and the lectures' K = 12288 shapes. Tolerance: float32 rounding of
 * sums of k products, relative to Σ|a·b| (which outputs where terms cancel need) plus a little.
 *
 * Pipelines are compiled on first use; llvmpipe's JIT is slow (seconds for the larger register
 * blocks, tens of seconds for the shared-memory kernel) but Mesa caches the result on disk, so a
 * second run is fast.
 */
import { strict as assert } from "node:assert";
import type { Shape } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";
import {
  type MatmulKnobs,
  planMatmul,
  RB_TILES,
  setMatmulKnobs,
} from "../../kernels/matmul_plan.ts";
import { RandomState } from "../../numpy/rng.ts";

const gpu = await WebGpuBackend.create();
const cpu = new CpuBackend();
const rng = new RandomState(11);
const F32_EPS = 2 ** -23;
const COMBOS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

/** op(A)·op(B) on both backends; asserts |gpu − cpu| ≤ 1e-5·|cpu| + tol·Σ|a·b| per element. */
async function check(m: number, k: number, n: number, ta: boolean, tb: boolean, what: string) {
  const a = Float64Array.from(rng.uniform(-1, 1, m * k), Math.fround);
  const b = Float64Array.from(rng.uniform(-1, 1, k * n), Math.fround);
  const aShape: Shape = ta ? [k, m] : [m, k], bShape: Shape = tb ? [n, k] : [k, n];
  const ga = gpu.fromArray(a, aShape), gb = gpu.fromArray(b, bShape);
  const gc = gpu.matmul(ga, gb, { transA: ta, transB: tb });
  const g = await gpu.read(gc);
  for (const t of [ga, gb, gc]) t.dispose();
  const ca = cpu.fromArray(a, aShape), cb = cpu.fromArray(b, bShape);
  const c = await cpu.read(cpu.matmul(ca, cb, { transA: ta, transB: tb }));
  const absA = cpu.fromArray(a.map(Math.abs), aShape),
    absB = cpu.fromArray(b.map(Math.abs), bShape);
  const scale = await cpu.read(cpu.matmul(absA, absB, { transA: ta, transB: tb }));
  // Sequential float32 sums err by up to ~k·ε·Σ|a·b| in the worst case, ~√k·ε typically; the
  // kernels sum in blocks of 4 and split-K partials, so √k·ε with a generous factor covers them.
  const tol = 8 * Math.sqrt(k) * F32_EPS + 4 * F32_EPS;
  assert.equal(g.length, m * n, `${what}: length`);
  for (let i = 0; i < g.length; i++) {
    const bound = 1e-5 * Math.abs(c[i]) + tol * scale[i] + 1e-30;
    if (!(Math.abs(g[i] - c[i]) <= bound)) {
      const at = `[${Math.floor(i / n)}, ${i % n}]`;
      assert.fail(
        `${what}: C${at}: webgpu ${g[i]} vs cpu ${c[i]} (bound ${bound.toExponential(2)})`,
      );
    }
  }
}

async function forAll(knobs: MatmulKnobs, shapes: [number, number, number][], label: string) {
  setMatmulKnobs(knobs);
  try {
    for (const [m, k, n] of shapes) {
      for (const [ta, tb] of COMBOS) {
        await check(m, k, n, ta, tb, `${label} ${m}×${k}·${k}×${n} ta=${ta} tb=${tb}`);
      }
    }
  } finally {
    setMatmulKnobs();
  }
}

// Small and edge shapes: 1×1×1, primes, and 63/64/65/127/129 around tile and vec4 edges. Each
// (tile, transposes, lda mod 4, ldb mod 4) is a pipeline that llvmpipe compiles in 1–3 s on
// first use, so the sizes mostly share a residue mod 4: ODD are all 1 mod 4, ALIGNED 0 mod 4.
const ODD: [number, number, number][] = [[1, 1, 1], [13, 17, 5], [65, 129, 33]];
const ALIGNED: [number, number, number][] = [[4, 4, 4], [64, 128, 96]];
const MIXED: [number, number, number][] = [[63, 64, 127], [3, 7, 2]];

for (const [rows, cols] of RB_TILES) {
  Deno.test(`rb ${rows}x${cols}: all transposes, edge shapes, both orientations`, async () => {
    const tile = `${rows}x${cols}`;
    await forAll({ variant: "rb", tile, transposed: false }, [...ODD, ...ALIGNED], `rb${tile}`);
    await forAll({ variant: "rb", tile, transposed: true }, [[5, 9, 13], [8, 12, 4]], `rb${tile}ᵀ`);
  });
}

Deno.test("rb with texture operands: all transposes, edge shapes, both orientations", async () => {
  // Textures hold rows as stored, zero-padded to whole texels: every residue of k and of the
  // leading dimensions, rows past the end (out-of-bounds fetches) and split-K.
  const knobs: MatmulKnobs = { variant: "rb", tile: "20x16", textures: true };
  await forAll({ ...knobs, transposed: false }, [...ODD, ...MIXED, [21, 6, 35]], "rb20x16 tex");
  await forAll({ ...knobs, transposed: true }, [[5, 9, 13], [8, 12, 4]], "rb20x16ᵀ tex");
  await forAll({ ...knobs, splitK: 3 }, [[20, 1001, 37]], "rb20x16 tex split");
});

Deno.test("texture operands are packed again when their buffer changes", async () => {
  setMatmulKnobs({ variant: "rb", textures: true });
  try {
    const a = Float64Array.from(rng.uniform(-1, 1, 6 * 10), Math.fround);
    const b = Float64Array.from(rng.uniform(-1, 1, 10 * 7), Math.fround);
    const g = Float64Array.from(rng.uniform(-1, 1, 6 * 10), Math.fround);
    const A = gpu.fromArray(a, [6, 10]),
      B = gpu.fromArray(b, [10, 7]),
      G = gpu.fromArray(g, [6, 10]);
    const product = async (x: Float64Array, y: Float64Array) =>
      await cpu.read(cpu.matmul(cpu.fromArray(x, [6, 10]), cpu.fromArray(y, [10, 7])));
    const close = (got: Float64Array, want: Float64Array, what: string) =>
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `${what}: ${v} vs ${want[i]}`));
    close(await gpu.read(gpu.matmul(A, B)), await product(a, b), "first product");
    // In place: A −= 0.5·G (the cached texture of A is now stale).
    gpu.update(A, G, 0.5);
    const a2 = a.map((v, i) => Math.fround(v - Math.fround(0.5 * g[i])));
    close(await gpu.read(gpu.matmul(A, B)), await product(a2, b), "after update");
    // A buffer back in the pool and reused by a new tensor of the same size.
    B.dispose();
    const b3 = Float64Array.from(rng.uniform(-1, 1, 10 * 7), Math.fround);
    const B3 = gpu.fromArray(b3, [10, 7]);
    const C3 = gpu.full([10, 7], 0);
    gpu.assign(C3, B3); // C3 comes from the pool (B's old buffer) and is written by a copy
    close(await gpu.read(gpu.matmul(A, C3)), await product(a2, b3), "after reuse and assign");
    for (const t of [A, G, B3, C3]) t.dispose();
  } finally {
    setMatmulKnobs();
  }
});

Deno.test("rb: every residue of the leading dimensions mod 4", async () => {
  await forAll({ variant: "rb", tile: "16x16" }, MIXED, "rb16x16");
});

Deno.test("rb: split-K, including a k that the partitions do not divide", async () => {
  await forAll({ variant: "rb", splitK: 3 }, [[7, 130, 9], [20, 1001, 37]], "rb split");
});

Deno.test("rb (automatic): the lectures' K = 12288 shapes", async () => {
  // Forward of deep-cat layer 1, dW = dZ·Aᵀ, the one-unit forward and the backward Wᵀ·dZ, each
  // in the transpose combination the lecture uses (all four run for the forward).
  await forAll({}, [[20, 12288, 209]], "auto");
  setMatmulKnobs();
  await check(20, 209, 12288, false, true, "dW = dZ·Aᵀ");
  await check(1, 12288, 209, false, false, "1×12288·12288×209");
  await check(12288, 20, 209, true, false, "Wᵀ·dZ");
  await check(7, 20, 209, false, false, "7×20·20×209");
  await check(4, 2, 400, false, false, "4×2·2×400");
  await check(1, 4, 400, false, false, "1×4·4×400");
});

Deno.test("tiled (shared memory, real GPUs): all transposes, edges, split-K, K = 12288", async () => {
  await forAll({ variant: "tiled" }, [[1, 1, 1], [13, 17, 11], [65, 63, 127]], "tiled");
  await forAll({ variant: "tiled", splitK: 4 }, [[20, 12288, 209]], "tiled split");
});

Deno.test("simple (the original kernel): all transposes", async () => {
  await forAll({ variant: "simple" }, [[1, 1, 1], [13, 17, 11], [65, 63, 67]], "simple");
});

Deno.test("plan: adapters choose their kernel; llvmpipe splits skinny products", () => {
  const lecture = { m: 20, n: 209, k: 12288, transA: false, transB: false, lda: 12288, ldb: 209 };
  assert.equal(planMatmul(lecture, false).variant, "tiled");
  const p = planMatmul(lecture, true);
  assert.equal(p.variant, "rb");
  assert.ok(p.splits > 1 && p.reduce !== null, `split-K expected: ${JSON.stringify(p)}`);
  // A k that one workgroup could not loop over (llvmpipe caps loops at 65,535 iterations).
  const long = { ...lecture, m: 1, n: 1, k: 1_000_000, lda: 1_000_000, ldb: 1 };
  for (const fallback of [true, false]) {
    const q = planMatmul(long, fallback);
    assert.ok(q.splits >= Math.ceil(1_000_000 / (4 * 65535)), `${q.variant}: ${q.splits} splits`);
  }
  // Narrow C is computed transposed so that the narrow side gets the tile's short axis.
  const narrow = { m: 12288, n: 1, k: 209, transA: false, transB: true, lda: 209, ldb: 209 };
  assert.equal(planMatmul(narrow, true).swap, true);
  // Large products on llvmpipe read their operands from textures when they fit.
  assert.equal(planMatmul({ ...lecture, maxTexture: 16384 }, true).textures, true);
  assert.equal(planMatmul({ ...lecture, maxTexture: 0 }, true).textures, false);
  assert.equal(planMatmul({ ...lecture, maxTexture: 2048 }, true).textures, false); // 12288 rows
  const shortK = { m: 12288, n: 209, k: 20, transA: true, transB: false, lda: 12288, ldb: 209 };
  assert.equal(planMatmul({ ...shortK, maxTexture: 16384 }, true).textures, false);
  const small = { m: 4, n: 400, k: 2, transA: false, transB: false, lda: 2, ldb: 400 };
  assert.equal(planMatmul({ ...small, maxTexture: 16384 }, true).textures, false);
});

Deno.test("matmul's scale stores c·scale as unary affine would, bit for bit (split-K or not)", async () => {
  const g = gpu;
  const rng = new RandomState(5);
  const shapes: [number, number, number][] = [[20, 209, 12288], [7, 209, 20], [64, 5000, 64]];
  for (const [m, k, n] of shapes) {
    const A = g.fromArray(rng.randn(m * k), [m, k]);
    const B = g.fromArray(rng.rand(n * k), [n, k]);
    const ref = g.unary("affine", g.matmul(A, B, { transB: true }), 1 / 209, 0);
    const got = g.matmul(A, B, { transB: true, scale: 1 / 209 });
    const [x, y] = await g.readMany([ref, got]);
    assert.deepEqual(y, x, `${m}×${k}·${k}×${n}`);
    for (const t of [A, B, ref, got]) t.dispose();
  }
});

Deno.test("stacked products (rowBlocks, colBlocks) give each block its lone product bit for bit", async () => {
  const g = gpu;
  const rng = new RandomState(6);
  // [blocks, rows per block, k, n]: the cat sweeps' shapes and a split-K one.
  for (
    const [k, r, K, n] of [[2, 7, 12288, 209], [4, 1, 12288, 209], [7, 1, 12288, 209], [
      3,
      20,
      700,
      50,
    ]]
  ) {
    // Rows stacked: W (k·r × K) · X, and the logistic layout Wᵀ·X with W (K × k·r).
    const W = g.fromArray(rng.randn(k * r * K), [k * r, K]);
    const Wt = g.fromArray(rng.randn(K * k * r), [K, k * r]);
    const X = g.fromArray(rng.rand(K * n), [K, n]);
    const dZ = g.fromArray(rng.randn(k * r * n), [k * r, n]);
    const stacked = [
      g.matmul(W, X, { rowBlocks: k }),
      g.matmul(Wt, X, { transA: true, rowBlocks: k }),
      g.matmul(X, dZ, { transB: true, colBlocks: k }), // C is K × k·r: columns stacked
    ];
    const lone = Array.from({ length: k }, (_, t) => {
      const Wb = g.slice(W, t * r, (t + 1) * r, 0, K);
      const Wtb = g.slice(Wt, 0, K, t * r, (t + 1) * r);
      const dZb = g.slice(dZ, t * r, (t + 1) * r, 0, n);
      return [
        g.matmul(Wb, X),
        g.matmul(Wtb, X, { transA: true }),
        g.matmul(X, dZb, { transB: true }),
      ];
    });
    const [s0, s1, s2] = await g.readMany(stacked);
    for (const [t, ts] of lone.entries()) {
      const [a, b2, c] = await g.readMany(ts);
      const what = `${k} blocks of ${r}×${K}·${K}×${n}, block ${t}`;
      assert.deepEqual(a, s0.slice(t * r * n, (t + 1) * r * n), `${what}: W·X`);
      assert.deepEqual(b2, s1.slice(t * r * n, (t + 1) * r * n), `${what}: Wᵀ·X`);
      const cols = Float64Array.from(
        { length: K * r },
        (_, i) => s2[Math.floor(i / r) * k * r + t * r + (i % r)],
      );
      assert.deepEqual(c, cols, `${what}: X·dZᵀ`);
    }
  }
});

Deno.test({
  name: "matmul: release the device",
  fn() {
    gpu.destroy();
  },
  sanitizeResources: false,
});
