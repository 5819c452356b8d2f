/**
 * Fixed costs on webgpu: one submit-and-wait, one read of a single value, and one more dispatch
 * in an already open command buffer (the difference between many tiny dispatches and one, per
 * dispatch).
 */
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { medianMs } from "./timing.ts";

export const overheadBench: BenchModule = {
  id: "overhead",
  describe: "fixed costs: a submit-and-wait, a 1-value read, one extra dispatch",
  async run(ctx: BenchContext): Promise<Section> {
    const rows: Record<string, Cell>[] = [];
    const notes: string[] = [];
    const gpu = ctx.gpu;
    if (!gpu) {
      notes.push("webgpu: no adapter");
    } else {
      const reps = ctx.quick ? 10 : 30;
      // Tiny in-place updates: same pipeline, uniform and bind group every time.
      const w = gpu.full([1, 1], 0), g = gpu.full([1, 1], 1);
      const dispatches = async (d: number) => {
        for (let i = 0; i < d; i++) gpu.update(w, g, 1e-3);
        await gpu.flush();
      };
      const empty = await medianMs(() => gpu.flush(), reps);
      const one = await medianMs(() => dispatches(1), reps);
      const d = ctx.quick ? 200 : 1000;
      const many = await medianMs(() => dispatches(d), ctx.quick ? 3 : 7);
      const read = await medianMs(() => gpu.read(w), reps);
      rows.push(
        { what: "submit + wait, nothing queued", value: empty, unit: "ms" },
        { what: "submit + wait of 1 tiny dispatch", value: one, unit: "ms" },
        { what: "read of one value (copy, submit, map)", value: read, unit: "ms" },
        {
          what: `one more dispatch (${d} in one submit)`,
          value: ((many - one) / (d - 1)) * 1000,
          unit: "µs",
        },
      );
      w.dispose();
      g.dispose();
      notes.push(`medians of ${reps} runs after a warm-up`);
    }
    return {
      id: "overhead",
      title: "Fixed costs (webgpu)",
      columns: [
        { key: "what", label: "what" },
        { key: "value", label: "median" },
        { key: "unit", label: "unit" },
      ],
      rows,
      notes,
    };
  },
};
