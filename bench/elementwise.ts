/**
 * Elementwise throughput: GB/s of out = a + b (bytes read and written: 3 × size × element size)
 * on webgpu (float32; R adds per submit, then one read) and cpu (Float64) beside NumPy.
 */
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { runNumpy } from "./peers.ts";
import { medianMs, randomArray } from "./timing.ts";

const PER_SUBMIT = 20;

export const elementwiseBench: BenchModule = {
  id: "elementwise",
  describe: "elementwise GB/s: binary add on 1M and 4M elements",
  async run(ctx: BenchContext): Promise<Section> {
    const sizes = ctx.quick ? [1 << 20] : [1 << 20, 1 << 22];
    const reps = ctx.quick ? 3 : 7;
    const notes: string[] = [];
    const np = await runNumpy({
      reps,
      elementwise: sizes.map((n) => ({ id: `add ${n}`, size: n })),
    });
    if (np.ok) notes.push(`numpy ${np.result.numpy}, same sizes, same run`);
    else notes.push(`numpy: not available (${np.reason})`);
    const rows: Record<string, Cell>[] = [];
    for (const n of sizes) {
      ctx.log(`elementwise add ${n}`);
      const shape = [n >> 10, 1024] as const;
      let gpuMs: number | null = null;
      if (ctx.gpu) {
        const gpu = ctx.gpu;
        const a = gpu.fromArray(randomArray(n, 1), shape),
          b = gpu.fromArray(randomArray(n, 2), shape);
        const batch = async () => {
          let out = gpu.binary("add", a, b);
          for (let i = 1; i < PER_SUBMIT; i++) {
            out.dispose();
            out = gpu.binary("add", a, b);
          }
          await gpu.read(out);
          out.dispose();
        };
        gpuMs = (await medianMs(batch, reps, 1)) / PER_SUBMIT;
        a.dispose();
        b.dispose();
      }
      const cpu = ctx.cpu;
      const ca = cpu.fromArray(randomArray(n, 1), shape),
        cb = cpu.fromArray(randomArray(n, 2), shape);
      const cpuMs = await medianMs(() => cpu.binary("add", ca, cb).dispose(), reps, 1);
      const peer = np.ok ? np.result.elementwise[`add ${n}`] : undefined;
      const gbs = (bytes: number, ms: number | null) => (ms === null ? null : bytes / ms / 1e6);
      rows.push({
        op: "add",
        size: n,
        gpu: gbs(12 * n, gpuMs),
        gpuMs,
        cpu: gbs(24 * n, cpuMs),
        np32: peer ? 12 * n / peer.float32 / 1e9 : null,
        np64: peer ? 24 * n / peer.float64 / 1e9 : null,
      });
    }
    notes.push(
      "bytes moved = 3 × size × (4 for float32, 8 for float64); webgpu: 20 adds per submit, then " +
        "one read (the read's copy is included, spread over the 20)",
    );
    return {
      id: "elementwise",
      title: "Elementwise (a + b)",
      columns: [
        { key: "op", label: "op" },
        { key: "size", label: "elements", digits: 0 },
        { key: "gpu", label: "webgpu f32", unit: "GB/s" },
        { key: "gpuMs", label: "webgpu", unit: "ms" },
        { key: "cpu", label: "cpu f64", unit: "GB/s" },
        { key: "np32", label: "numpy f32", unit: "GB/s" },
        { key: "np64", label: "numpy f64", unit: "GB/s" },
      ],
      rows,
      notes,
    };
  },
};
