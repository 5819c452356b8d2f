/**
 * Lecture 004's 2-layer sigmoid XOR network trained from many restarts at once: the initial
 * weights drawn in turn from a RandomState, one batched training for all (nn/fused.ts; on webgpu
 * one network per lane, on cpu one after another), and each restart judged on the four points.
 * Written once for the experiments that count which restarts learn XOR.
 */
import { logicGate } from "../../data/toy.ts";
import type { Backend } from "../../kernels/backend.ts";
import type { RandomState } from "../../numpy/rng.ts";
import type { DecisionBoundary } from "../../schema/payloads.ts";
import { decisionBoundary } from "../../nn/boundary.ts";
import { type BatchedOptions, type BatchedTrialResult, trainBatched } from "../../nn/fused.ts";
import { initializeParameters, type LayerValues } from "../../nn/init.ts";
import { Network, type NetworkSpec } from "../../nn/network.ts";

/** [2, hidden, 1] with sigmoid hidden units and a sigmoid output (cross-entropy cost). */
export function xorSpec(hidden: number): NetworkSpec {
  return { layerDims: [2, hidden, 1], hidden: "sigmoid", output: "sigmoid" };
}

/** `restarts` initial weight sets drawn in turn: W uniform in [−range, range), b = 0. */
export function xorInits(
  rng: RandomState,
  restarts: number,
  hidden: number,
  range: number,
): LayerValues[][] {
  const dims = xorSpec(hidden).layerDims;
  return Array.from(
    { length: restarts },
    () => initializeParameters(rng, dims, "uniform", { low: -range, high: range }),
  );
}

/** A trained restart: its training, its ŷ on the four points, and whether all four are right. */
export interface XorRestart extends BatchedTrialResult {
  outputs: Float64Array;
  learned: boolean;
}

/** Trains every restart by batch gradient descent at `lr` on XOR and judges each. */
export async function trainXorRestarts(
  b: Backend,
  inits: readonly LayerValues[][],
  lr: number,
  opts: Omit<BatchedOptions, "optimizer">,
): Promise<XorRestart[]> {
  const { X, Y } = logicGate("XOR");
  const spec = xorSpec(inits[0][0].rows);
  const x = b.fromArray(X, [2, 4]);
  const y = b.fromArray(Y, [1, 4]);
  try {
    const hypers = inits.map(() => ({ learningRate: lr }));
    const trained = await trainBatched(b, spec, inits, x, y, hypers, { ...opts, optimizer: "gd" });
    const out: XorRestart[] = [];
    for (const t of trained) {
      const net = Network.fromValues(b, spec, t.params);
      const AL = b.tidy(() => net.forward(x).AL);
      const outputs = await b.read(AL);
      AL.dispose();
      net.dispose();
      const learned = Array.from(outputs).every((v, i) => (v > 0.5 ? 1 : 0) === Y[i]);
      out.push({ ...t, outputs, learned });
    }
    return out;
  } finally {
    x.dispose();
    y.dispose();
  }
}

/** The cross-entropy of ŷ on the four points, guarded log(max(p, 1e-12)) as the backend's loss. */
export function xorCost(outputs: Float64Array): number {
  const { Y } = logicGate("XOR");
  return -Array.from(outputs).reduce(
    (s, v, i) =>
      s + Y[i] * Math.log(Math.max(v, 1e-12)) + (1 - Y[i]) * Math.log(Math.max(1 - v, 1e-12)),
    0,
  ) / 4;
}

/** How many restarts learned XOR, with each one's verdict and final cross-entropy. */
export function tallyXor(trained: readonly XorRestart[]): XorTally {
  const learned = trained.map((t) => t.learned);
  const finalCosts = trained.map((t) => xorCost(t.outputs));
  const successes = learned.filter((v) => v).length;
  return { successes, successRate: successes / trained.length, learned, finalCosts };
}

export type XorTally = {
  successes: number;
  successRate: number;
  /** Per restart: all four points right. */
  learned: boolean[];
  finalCosts: number[];
};

/** `onLog` for `trainXorRestarts` that collects every restart's cost, and their mean per epoch. */
export function meanCostLog(): {
  onLog: (restart: number, entry: { epoch: number; cost: number }) => void;
  means: () => { epoch: number; cost: number }[];
} {
  const costs = new Map<number, number[]>();
  return {
    onLog: (_, { epoch, cost }) => costs.set(epoch, [...costs.get(epoch) ?? [], cost]),
    means: () =>
      [...costs].sort((p, q) => p[0] - q[0])
        .map(([epoch, cs]) => ({ epoch, cost: cs.reduce((s, c) => s + c, 0) / cs.length })),
  };
}

/** ŷ of a restart over the plane around the four points (61 × 61 grid, margin 0.5). */
export async function xorBoundary(b: Backend, params: LayerValues[]): Promise<DecisionBoundary> {
  const { X, Y } = logicGate("XOR");
  const net = Network.fromValues(b, xorSpec(params[0].rows), params);
  try {
    return await decisionBoundary(b, (g) => net.forward(g).AL, X, Y, {
      n: 61,
      pad: 0.5,
      xTitle: "x1",
      yTitle: "x2",
    });
  } finally {
    net.dispose();
  }
}
