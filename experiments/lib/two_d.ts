/**
 * Two-feature classification data (planar flower, circles, moons, the regularisation set) on the
 * device, and a network's decision boundary over it, as the course's `plot_decision_boundary`.
 */
import type { XY } from "../../data/reg2d.ts";
import type { DecisionBoundary } from "../../schema/payloads.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { decisionBoundaries, decisionBoundary } from "../../nn/boundary.ts";
import type { Network } from "../../nn/network.ts";

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
): Promise<DecisionBoundary> {
  return decisionBoundary(backend, (grid) => net.forward(grid).AL, data.X, data.Y, {
    xTitle: "x1",
    yTitle: "x2",
  });
}

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
