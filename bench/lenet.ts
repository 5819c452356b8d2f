/**
 * LeNet-5 training on the same digits (experiments/lenet5-digits.ts: nn/lenet5.ts, Adam at lr
 * 0.001, mini-batches of 32 reshuffled every epoch) on webgpu, against TensorFlow.js with the same
 * layers and optimiser (bench/peers/lenet5_tfjs.ts) on its wasm backend (and its cpu backend,
 * when it finishes within the limit). Target: webgpu no slower than TF.js wasm.
 */
import { loadDigits } from "../data/digits.ts";
import { runTfjsPeer } from "./peers.ts";
import { uploadDigits } from "../experiments/lib/digits_eval.ts";
import { LeNet5 } from "../nn/lenet5.ts";
import { makeOptimizer } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { RandomState } from "../numpy/rng.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";

/** The experiment's training: its default digits, batch size and optimiser; one epoch timed. */
export const LENET = { trainCount: 5000, batchSize: 32, lr: 0.001, epochs: 1 } as const;

/** One line of the TF.js peer's output. */
type TfjsLenetLine =
  | { backend: string; epochs: number; steps: number; ms: number; cost: number; detail: string }
  | { backend: string; error: string };

function f64Bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Runs the TF.js LeNet-5 peer on the digits written into `dir`. */
function runTfjsLenet(
  dir: string,
  backends: readonly string[],
  epochs: number,
): Promise<TfjsLenetLine[] | string> {
  return runTfjsPeer<TfjsLenetLine>("lenet5_tfjs.ts", dir, [
    backends.join(","),
    String(epochs),
    String(LENET.batchSize),
  ]);
}

export const lenetBench: BenchModule = {
  id: "lenet",
  describe: "LeNet-5 on the digits, Adam, batches of 32: webgpu vs TF.js (wasm)",
  async run(ctx: BenchContext): Promise<Section> {
    const rows: Record<string, Cell>[] = [];
    const notes: string[] = [];
    const trainCount = ctx.quick ? 500 : LENET.trainCount;
    const digits = await loadDigits({ trainCount, testCount: 10, pad: 2 });
    const steps = Math.ceil(trainCount / LENET.batchSize) * LENET.epochs;
    let gpuMs: number | null = null;
    if (ctx.gpu) {
      const b = ctx.gpu;
      const sets = uploadDigits(b, digits);
      const epoch = async (epochs: number, count: number) => {
        const lenet = LeNet5.create(b, new RandomState(1));
        const opt = makeOptimizer(b, lenet.parameters(), "adam", { learningRate: LENET.lr });
        const X = count < trainCount ? b.slice(sets.X, 0, 1024, 0, count) : sets.X;
        const Y = count < trainCount ? b.slice(sets.Y, 0, 10, 0, count) : sets.Y;
        try {
          await b.flush();
          const t = performance.now();
          await train(b, lenet, X, Y, {
            optimizer: opt,
            epochs,
            miniBatchSize: LENET.batchSize,
            seed: 1,
            logEvery: 1,
          });
          await b.read(lenet.parameters().at(-1)!);
          return performance.now() - t;
        } finally {
          if (X !== sets.X) X.dispose();
          if (Y !== sets.Y) Y.dispose();
          opt.dispose();
          lenet.dispose();
        }
      };
      ctx.log(`lenet: webgpu, ${trainCount} digits, ${LENET.epochs} epoch`);
      await epoch(1, 4 * LENET.batchSize); // pipelines compiled, pools filled
      gpuMs = await epoch(LENET.epochs, trainCount);
      sets.dispose();
      rows.push({ case: "webgpu (nn/lenet5.ts)", ms: gpuMs, msPerStep: gpuMs / steps, vsGpu: 1 });
    } else notes.push("no WebGPU adapter: webgpu not measured");

    const dir = await Deno.makeTempDir({ prefix: "bench-lenet-" });
    try {
      await Deno.writeFile(`${dir}/X.f64`, f64Bytes(digits.trainX));
      await Deno.writeFile(`${dir}/Y.f64`, f64Bytes(Float64Array.from(digits.trainY)));
      ctx.log("lenet: TF.js (wasm, cpu)");
      const backends = ctx.quick ? ["wasm"] : ["wasm", "cpu"];
      const t = await runTfjsLenet(dir, backends, LENET.epochs);
      if (typeof t === "string") notes.push(t);
      else {
        for (const line of t) {
          if ("error" in line) {
            notes.push(`TF.js ${line.backend}: ${line.error}`);
            continue;
          }
          rows.push({
            case: `TF.js 4.22 ${line.backend}${line.detail ? ` (${line.detail})` : ""}`,
            ms: line.ms,
            msPerStep: line.ms / line.steps,
            vsGpu: gpuMs === null ? null : line.ms / gpuMs,
          });
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
    const wasm = rows.find((r) => String(r.case).includes("wasm"));
    const r = wasm && gpuMs !== null ? (wasm.ms as number) / gpuMs : null;
    notes.push(
      `TF.js wasm / webgpu: ${
        r === null ? "not measured" : `${r.toFixed(2)} (target ≥ 1: ${r >= 1 ? "met" : "not met"})`
      }`,
      `${trainCount} padded 32 × 32 digits, ${LENET.epochs} epoch of ${steps} mini-batches of ` +
        `${LENET.batchSize}, Adam lr ${LENET.lr}; the same layers on both sides (C1 6@5×5, ` +
        "avg-pool + tanh, C3 16@5×5 fully connected to S2, avg-pool + tanh, C5 120@5×5, F6 84, " +
        "softmax 10); training through the final read, after an untimed warm-up",
    );
    return {
      id: "lenet",
      title: "LeNet-5 training on the digits (ms)",
      columns: [
        { key: "case", label: "implementation" },
        { key: "ms", label: "one epoch", unit: "ms" },
        { key: "msPerStep", label: "per mini-batch", unit: "ms" },
        { key: "vsGpu", label: "× webgpu", digits: 2 },
      ],
      rows,
      notes,
    };
  },
};
