/**
 * Matrix products: GFLOP/s of C = op(A)·op(B) on webgpu and cpu beside NumPy float32/float64,
 * for squares and the lectures' shapes (deep-cat layer 1 forward and backward, the small
 * networks' layers).
 *
 * webgpu is timed two ways: `batched` encodes R products and then one read, so the ~11 ms of a
 * waited submit is spread over R (what a training loop sees); `single` is one product and its
 * read (what a lone call costs). `first` is the first call, pipeline compilation included.
 */
import type { Shape } from "../kernels/backend.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { runNumpy } from "./peers.ts";
import { medianMs, randomArray } from "./timing.ts";

export interface MatmulCase {
  id: string;
  /** What the product is in the lectures, or "" for squares. */
  role: string;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

const sq = (n: number): MatmulCase => ({
  id: `square ${n}`,
  role: "",
  m: n,
  k: n,
  n,
  transA: false,
  transB: false,
});

/** The lectures' products: deep-cat (12288 inputs, 209 examples) and the small networks. */
export const LECTURE_CASES: MatmulCase[] = [
  {
    id: "W1·X",
    role: "deep-cat layer 1 forward",
    m: 20,
    k: 12288,
    n: 209,
    transA: false,
    transB: false,
  },
  {
    id: "dZ1·Xᵀ",
    role: "deep-cat layer 1 dW",
    m: 20,
    k: 209,
    n: 12288,
    transA: false,
    transB: true,
  },
  {
    id: "W1ᵀ·dZ1",
    role: "deep-cat layer 1 dX",
    m: 12288,
    k: 20,
    n: 209,
    transA: true,
    transB: false,
  },
  {
    id: "w·X",
    role: "logistic regression forward",
    m: 1,
    k: 12288,
    n: 209,
    transA: false,
    transB: false,
  },
  {
    id: "W2·A1",
    role: "deep-cat layer 2 forward",
    m: 7,
    k: 20,
    n: 209,
    transA: false,
    transB: false,
  },
  { id: "W2ᵀ·dZ2", role: "deep-cat layer 2 dA", m: 20, k: 7, n: 209, transA: true, transB: false },
  {
    id: "W1·X (planar)",
    role: "planar 4-unit layer",
    m: 4,
    k: 2,
    n: 400,
    transA: false,
    transB: false,
  },
  { id: "W2·A1 (planar)", role: "planar output", m: 1, k: 4, n: 400, transA: false, transB: false },
];

function shapeText(c: MatmulCase): string {
  const a = c.transA ? `(${c.k}×${c.m})ᵀ` : `${c.m}×${c.k}`;
  const b = c.transB ? `(${c.n}×${c.k})ᵀ` : `${c.k}×${c.n}`;
  return `${a}·${b}`;
}

const flops = (c: MatmulCase) => 2 * c.m * c.n * c.k;
const gflops = (c: MatmulCase, ms: number | null) => (ms === null ? null : flops(c) / ms / 1e6);

/** Runs op(A)·op(B) of `c` on webgpu: first call, single (with read) and batched per-product ms. */
async function timeGpu(ctx: BenchContext, c: MatmulCase, reps: number) {
  const gpu = ctx.gpu!;
  const aShape: Shape = c.transA ? [c.k, c.m] : [c.m, c.k];
  const bShape: Shape = c.transB ? [c.n, c.k] : [c.k, c.n];
  const A = gpu.fromArray(randomArray(c.m * c.k, 1), aShape);
  const B = gpu.fromArray(randomArray(c.k * c.n, 2), bShape);
  const opts = { transA: c.transA, transB: c.transB };
  const once = async () => {
    const out = gpu.matmul(A, B, opts);
    await gpu.read(out);
    out.dispose();
  };
  const t = performance.now();
  await once();
  const first = performance.now() - t;
  const single = await medianMs(once, reps, 0);
  // Enough products per submit to spread its wait, within ~0.5 s per repetition.
  const r = Math.max(1, Math.min(20, Math.round(500 / single)));
  const batch = async () => {
    let out = gpu.matmul(A, B, opts);
    for (let i = 1; i < r; i++) {
      out.dispose(); // back to the pool: the next product reuses it, in queue order
      out = gpu.matmul(A, B, opts);
    }
    await gpu.read(out);
    out.dispose();
  };
  const batched = (await medianMs(batch, reps, 1)) / r;
  A.dispose();
  B.dispose();
  return { first, single, batched, r };
}

/** Times `c` on cpu once or a few times; null when it would take longer than `budgetMs`. */
async function timeCpu(ctx: BenchContext, c: MatmulCase, rate: number | null, budgetMs: number) {
  const est = rate === null ? 0 : flops(c) / rate / 1e6;
  if (est > budgetMs) return null;
  const cpu = ctx.cpu;
  const A = cpu.fromArray(randomArray(c.m * c.k, 1), c.transA ? [c.k, c.m] : [c.m, c.k]);
  const B = cpu.fromArray(randomArray(c.k * c.n, 2), c.transB ? [c.n, c.k] : [c.k, c.n]);
  const reps = est < 100 ? 5 : est < 500 ? 3 : 1;
  const ms = await medianMs(() => cpu.matmul(A, B, c).dispose(), reps, est < 500 ? 1 : 0);
  return ms;
}

function planText(ctx: BenchContext, c: MatmulCase): string {
  if (!ctx.gpu) return "";
  const p = ctx.gpu.matmulPlan({
    ...c,
    lda: c.transA ? c.m : c.k,
    ldb: c.transB ? c.k : c.n,
  });
  const name = p.kernel.replace(/^matmul_?/, "") || "simple";
  return `${name}${p.swap ? "ᵀ" : ""}${p.splits > 1 ? ` k/${p.splits}` : ""}`;
}

export const matmulBench: BenchModule = {
  id: "matmul",
  describe: "matrix-product GFLOP/s: squares 256–2048 and the lectures' shapes",
  async run(ctx: BenchContext): Promise<Section> {
    const cases = [
      ...(ctx.quick ? [256, 512, 1024] : [256, 512, 1024, 2048]).map(sq),
      ...LECTURE_CASES,
    ];
    const reps = ctx.quick ? 3 : 5;
    const notes: string[] = [];
    const np = await runNumpy({
      reps: ctx.quick ? 3 : 7,
      matmul: cases.map(({ id, m, k, n, transA, transB }) => ({ id, m, k, n, transA, transB })),
    });
    if (np.ok) notes.push(`numpy ${np.result.numpy} (${np.result.blas}), same shapes, same run`);
    else notes.push(`numpy: not available (${np.reason})`);
    if (!ctx.gpu) notes.push("webgpu: no adapter");
    const rows: Record<string, Cell>[] = [];
    let cpuRate: number | null = null; // FLOP per ms, from the first product timed
    const budget = ctx.quick ? 1000 : 2000;
    for (const c of cases) {
      ctx.log(`matmul ${c.id}: ${shapeText(c)}`);
      const g = ctx.gpu ? await timeGpu(ctx, c, reps) : null;
      const cpuMs = await timeCpu(ctx, c, cpuRate, budget);
      if (cpuMs !== null && flops(c) >= 1e6) {
        cpuRate = Math.min(cpuRate ?? Infinity, flops(c) / cpuMs / 1e6);
      }
      const peer = np.ok ? np.result.matmul[c.id] : undefined;
      rows.push({
        case: c.id,
        shape: shapeText(c),
        plan: planText(ctx, c),
        gpu: gflops(c, g?.batched ?? null),
        gpuMs: g?.batched ?? null,
        gpuSingle: g?.single ?? null,
        gpuFirst: g?.first ?? null,
        batch: g?.r ?? null,
        cpu: gflops(c, cpuMs),
        np32: peer ? flops(c) / peer.float32 / 1e9 : null,
        np64: peer ? flops(c) / peer.float64 / 1e9 : null,
      });
    }
    notes.push(
      "webgpu GFLOP/s and ms: batched (products per submit in `batch`, then one read); " +
        "1+read: one product and its read; first: the first call, pipeline compile included",
      `cpu (Float64 TypeScript) only where it takes < ${
        budget / 1000
      } s; medians of ${reps} runs after a warm-up`,
    );
    const lect = rows.find((r) => r.case === "W1·X");
    if (lect && typeof lect.gpuMs === "number") {
      notes.push(`deep-cat layer 1 forward: ${lect.gpuMs.toFixed(2)} ms per product batched`);
    }
    return {
      id: "matmul",
      title: "Matrix products",
      columns: [
        { key: "case", label: "case" },
        { key: "shape", label: "op(A)·op(B)" },
        { key: "plan", label: "webgpu kernel" },
        { key: "gpu", label: "webgpu", unit: "GFLOP/s" },
        { key: "gpuMs", label: "webgpu", unit: "ms" },
        { key: "gpuSingle", label: "1+read", unit: "ms" },
        { key: "gpuFirst", label: "first", unit: "ms", digits: 0 },
        { key: "batch", label: "batch", digits: 0 },
        { key: "cpu", label: "cpu f64", unit: "GFLOP/s" },
        { key: "np32", label: "numpy f32", unit: "GFLOP/s" },
        { key: "np64", label: "numpy f64", unit: "GFLOP/s" },
      ],
      rows,
      notes,
    };
  },
};
