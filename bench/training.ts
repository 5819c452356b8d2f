/**
 * End-to-end training, each measured in one run beside its peers: the course's small-network
 * setups (planar, circles, moons with Adam) on webgpu (the fused path: `fused: true`), on the
 * cpu backend and in NumPy float64 (bench/peers/fused_mlp_numpy.py, our own script of the
 * same computation). TensorFlow.js is not measured here yet; the batched learning-rate sweep is
 * bench/sweep.ts.
 */
import type { Backend } from "../kernels/backend.ts";
import { coursePlanar } from "../data/planar.ts";
import { courseCircles, courseMoons } from "../data/sklearn_shapes.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network, type NetworkSpec } from "../nn/network.ts";
import { Adam, GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { runPythonPeer } from "./peers.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { median } from "./timing.ts";

interface Setup {
  id: string;
  /** The setup's name in bench/peers/fused_mlp_numpy.py. */
  peer: string;
  what: string;
  spec: NetworkSpec;
  data: () => { X: Float64Array; Y: Float64Array; m: number };
  init: "random" | "he";
  initSeed: number;
  epochs: number;
  adam?: { lr: number; batch: number };
  lr: number;
}

const SETUPS: Setup[] = [
  {
    id: "planar",
    peer: "planar",
    what: "planar [2,4,1] tanh, lr 1.2, 10000 iterations",
    spec: { layerDims: [2, 4, 1], hidden: "tanh" },
    data: coursePlanar,
    init: "random",
    initSeed: 2,
    epochs: 10000,
    lr: 1.2,
  },
  {
    id: "circles",
    peer: "circles",
    what: "circles [2,10,5,1] relu, He, lr 0.01, 15000 iterations",
    spec: { layerDims: [2, 10, 5, 1], hidden: "relu" },
    data: () => courseCircles().train,
    init: "he",
    initSeed: 3,
    epochs: 15000,
    lr: 0.01,
  },
  {
    id: "moons",
    peer: "moons-adam",
    what: "moons [2,5,2,1] relu, Adam, batches of 64, 10000 epochs",
    spec: { layerDims: [2, 5, 2, 1], hidden: "relu" },
    data: courseMoons,
    init: "he",
    initSeed: 3,
    epochs: 10000,
    lr: 0.0007,
    adam: { lr: 0.0007, batch: 64 },
  },
];

/** Milliseconds of one training of `s` on `b` (data upload and parameter init excluded). */
async function trainOnce(b: Backend, s: Setup, epochs: number): Promise<number> {
  const d = s.data();
  const X = b.fromArray(d.X, [2, d.m]), Y = b.fromArray(d.Y, [1, d.m]);
  const values = initializeParameters(new RandomState(s.initSeed), s.spec.layerDims, s.init, {
    scale: 0.01,
  });
  const net = Network.fromValues(b, s.spec, values);
  const optimizer = s.adam
    ? new Adam(b, net.parameters(), s.lr)
    : new GradientDescent(b, net.parameters(), s.lr);
  await b.flush();
  const t = performance.now();
  await train(b, net, X, Y, {
    optimizer,
    epochs,
    miniBatchSize: s.adam?.batch,
    seed: s.adam ? 10 : undefined,
    logEvery: 1000,
    // webgpu's fused trainer (cpu has none: the layered loop there, as before).
    fused: true,
  });
  const ms = performance.now() - t;
  for (const x of [X, Y]) x.dispose();
  net.dispose();
  return ms;
}

/** NumPy float64 medians by setup id, or the reason there are none. */
async function numpyTimes(runs: number): Promise<Record<string, number> | string> {
  const out = await runPythonPeer("fused_mlp_numpy.py", {
    args: [String(runs), SETUPS.map((s) => s.peer).join(",")],
  });
  if (!out.ok) return `numpy: not available (${out.reason})`;
  const times: Record<string, number> = {};
  for (const line of out.result.trim().split("\n")) {
    const r = JSON.parse(line) as { setup: string; ms: number };
    times[r.setup] = r.ms;
  }
  return times;
}

export const trainingBench: BenchModule = {
  id: "training",
  describe: "course trainings end to end: webgpu (fused), cpu, NumPy f64",
  async run(ctx: BenchContext): Promise<Section> {
    const rows: Record<string, Cell>[] = [];
    const notes: string[] = [];
    const runs = ctx.quick ? 1 : 3;
    const scale = ctx.quick ? 0.1 : 1;
    const np = await numpyTimes(runs);
    if (typeof np === "string") notes.push(np);
    for (const s of SETUPS) {
      const epochs = Math.round(s.epochs * scale);
      ctx.log(`training ${s.id}: ${epochs} epochs`);
      const gpu = ctx.gpu ? [] as number[] : null;
      for (let r = 0; gpu && r < runs; r++) gpu.push(await trainOnce(ctx.gpu!, s, epochs));
      const cpu = await trainOnce(ctx.cpu, s, epochs);
      const peerMs = typeof np === "string" ? undefined : np[s.peer];
      // The peer always runs the full setup; scale it to the epochs trained here.
      const npMs = peerMs === undefined ? null : peerMs * scale;
      const gpuMs = gpu ? median(gpu) : null;
      rows.push({
        case: s.what,
        webgpu: gpuMs,
        cpu,
        numpy: npMs,
        ratio: gpuMs !== null && npMs !== null ? npMs / gpuMs : null,
      });
    }
    notes.push(
      "ratio = NumPy float64 ms / webgpu ms (> 1: webgpu faster); medians of " +
        `${runs} run(s); NumPy data are stand-ins of the same shapes`,
    );
    return {
      id: "training",
      title: "End-to-end training (ms)",
      columns: [
        { key: "case", label: "case" },
        { key: "webgpu", label: "webgpu", unit: "ms" },
        { key: "cpu", label: "cpu", unit: "ms" },
        { key: "numpy", label: "NumPy f64", unit: "ms" },
        { key: "ratio", label: "NumPy / webgpu", digits: 2 },
      ],
      rows,
      notes,
    };
  },
};
