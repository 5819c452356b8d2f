/**
 * Two-feature classification data (planar flower, circles, moons, the regularisation set) on the
 * device, and a network's decision boundary over it, as the course's `plot_decision_boundary`:
 * after training, or at several points of it (`trainWithSnapshots`).
 */
import type { XY } from "../../data/reg2d.ts";
import type { BoundarySnapshots, DecisionBoundary } from "../../schema/payloads.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { decisionBoundaries, decisionBoundary } from "../../nn/boundary.ts";
import type { Network } from "../../nn/network.ts";
import { type CostEntry, train, type TrainOptions, type TrainResult } from "../../nn/train.ts";

/** X (2 × m) and Y (1 × m) as device tensors. */
export interface XYTensors {
  X: Tensor;
  Y: Tensor;
}

/** Uploads one split; the caller disposes both tensors. */
export function uploadXY(backend: Backend, data: XY): XYTensors {
  return {
    X: backend.fromArray(data.X, [2, data.m]),
    Y: backend.fromArray(data.Y, [1, data.m]),
  };
}

/** Frees the tensors of every split given. */
export function disposeXY(...sets: XYTensors[]): void {
  for (const s of sets) {
    s.X.dispose();
    s.Y.dispose();
  }
}

/**
 * The network's output probability ŷ = a[L] on a grid over `data` (the class boundary is where
 * it crosses 0.5), with the labelled points on top.
 */
export function networkBoundary(
  backend: Backend,
  net: Network,
  data: XY,
  opts: { n?: number } = {},
): Promise<DecisionBoundary> {
  return decisionBoundary(backend, (grid) => net.forward(grid).AL, data.X, data.Y, {
    n: opts.n,
    xTitle: "x1",
    yTitle: "x2",
  });
}

/**
 * Grid points per axis of a snapshot's boundary: a snapshot is drawn as one of a row of small
 * panels (about 140 px wide in a row of five), where 24 cells are as fine as the final boundary's
 * 40 drawn cells in its 230 px panel; result.json and the page stay small.
 */
export const SNAPSHOT_GRID = 24;

/** `networkBoundary` of several networks on the same data, read from the device together. */
export function networkBoundaries(
  backend: Backend,
  nets: readonly Network[],
  data: XY,
): Promise<DecisionBoundary[]> {
  return decisionBoundaries(
    backend,
    nets.map((net) => (grid) => net.forward(grid).AL),
    data.X,
    data.Y,
    {
      xTitle: "x1",
      yTitle: "x2",
    },
  );
}

/**
 * Where to record a boundary during `total` iterations: 0, each fraction of `total` rounded to
 * one significant digit (1/15 of 1500 → 100, 1/6 of 2000 → 300), and `total`; in order, once
 * each.
 */
export function snapshotPoints(total: number, fractions: readonly number[]): number[] {
  const nice = (v: number) => {
    if (v < 1) return 0;
    const unit = 10 ** Math.floor(Math.log10(v));
    return Math.round(v / unit) * unit;
  };
  const points = [0, ...fractions.map((f) => nice(f * total)), total];
  return [...new Set(points.filter((i) => i >= 0 && i <= total))].sort((a, b) => a - b);
}

/**
 * Trains `net` as `train(backend, net, X, Y, opts)` would, and records its boundary on `data`
 * (`networkBoundary` on a `SNAPSHOT_GRID` grid) before training, if `at` holds 0, and after each iteration count of `at`.
 * Training stops there and goes on with another `train` call: each chunk starts where the last
 * one ended (the parameters in place, an optimiser's state with them: Adam's v, s and t,
 * momentum's v), shuffles with `opts.seed` + its first epoch as the whole run's epoch would, and
 * hands `opts.onLog` the costs the whole run logs (every `opts.logEvery`-th epoch, and the last
 * with `logLast`), numbered from the run's start. A chunk starts at a logged epoch, or ends
 * before the next one (after a count of `at` between two logged epochs, the next logged one is a
 * chunk boundary too); the cost a chunk measures at its start is dropped when the whole run
 * would not log it. The updates are the whole run's, so the parameters and every logged cost
 * are too (checked bit for bit on cpu and on webgpu's fused trainer). Not for `stopOnNonFinite`
 * runs: a chunk reads its costs back on its own schedule, so it would stop elsewhere.
 */
export async function trainWithSnapshots(
  backend: Backend,
  net: Network,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions,
  data: XY,
  at: readonly number[],
  unit = "iteration",
): Promise<{ result: TrainResult; snapshots: BoundarySnapshots }> {
  if (opts.stopOnNonFinite) throw new RangeError("trainWithSnapshots: not with stopOnNonFinite");
  const total = opts.epochs;
  const every = opts.logEvery ?? 100;
  const logLast = opts.logLast ?? true;
  const stops = [...new Set(at)].filter((i) => i > 0 && i < total).sort((a, b) => a - b);
  const cuts = new Set(stops);
  for (const i of stops) {
    const next = (Math.floor(i / every) + 1) * every;
    if (i % every !== 0 && next < total) cuts.add(next);
  }
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), total];
  const snapshots: BoundarySnapshots["snapshots"] = [];
  const snap = async (i: number) => {
    if (at.includes(i)) {
      const boundary = await networkBoundary(backend, net, data, { n: SNAPSHOT_GRID });
      snapshots.push({ at: i, boundary });
    }
  };
  const costs: CostEntry[] = [];
  let steps = 0, epochs = 0, stopped = false;
  await snap(0);
  for (let k = 0; k + 1 < bounds.length && !stopped; k++) {
    const start = bounds[k], end = bounds[k + 1];
    if (end <= start) continue;
    const base = steps;
    const r = await train(backend, net, X, Y, {
      ...opts,
      epochs: end - start,
      seed: (opts.seed ?? 0) + start,
      // Aligned, the chunk logs what the whole run logs in it; else it logs only its first epoch
      // (dropped below), since the next logged one starts the next chunk.
      logEvery: start % every === 0 ? every : end - start,
      logLast: logLast && end === total,
      onLog: (c) => {
        const epoch = start + c.epoch;
        if (epoch % every !== 0 && !(logLast && epoch === total - 1)) return;
        const entry = { epoch, step: base + c.step, cost: c.cost };
        costs.push(entry);
        opts.onLog?.(entry);
      },
    });
    steps += r.steps;
    epochs += r.epochs;
    stopped = r.stopped;
    if (!stopped) await snap(end);
  }
  return { result: { costs, steps, epochs, stopped }, snapshots: { unit, snapshots } };
}
