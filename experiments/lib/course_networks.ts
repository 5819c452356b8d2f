/**
 * Networks as the course's shallow-network notebook builds them: its n_h network drawn
 * randn·0.01 from a seeded RandomState, and logistic regression as the network without a
 * hidden layer (a = σ(w·x + b) from w = 0, b = 0), so that both train by the same code.
 */
import type { Backend } from "../../kernels/backend.ts";
import { seededParameters } from "../../nn/init.ts";
import { Network, type NetworkSpec } from "../../nn/network.ts";

/** `dims` with `hidden` activations, W = randn·0.01 from RandomState(`seed`) and b = 0. */
export function smallRandomNetwork(
  b: Backend,
  seed: number,
  dims: number[],
  hidden: NetworkSpec["hidden"],
): Network {
  const values = seededParameters(seed, dims, "random", { scale: 0.01 });
  return Network.fromValues(b, { layerDims: dims, hidden }, values);
}

/** Logistic regression on `nx` features: the network [nx, 1] from zeros. */
export function logisticNetwork(b: Backend, nx: number): Network {
  const zeros = seededParameters(0, [nx, 1], "zeros");
  return Network.fromValues(b, { layerDims: [nx, 1], hidden: [] }, zeros);
}
