/**
 * The matrix dimensions of a deep network as lecture 002 lists them, read from the tensors of
 * one forward and backward pass rather than from the layer sizes.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { Network } from "../../nn/network.ts";

type Shape = number[];

/** Shapes of W[l], b[l], Z[l], A[l], dW[l], db[l] (l = 1 … L) in a pass over (X, Y). */
export type PassShapes = {
  W: Shape[];
  b: Shape[];
  Z: Shape[];
  A: Shape[];
  dW: Shape[];
  db: Shape[];
};

/** `PassShapes` of `net`'s parameters and of a forward and backward pass over (X, Y). */
export function passShapes(b: Backend, net: Network, X: Tensor, Y: Tensor): PassShapes {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const g = net.backward(AL, Y, caches);
    const of = (ts: readonly { shape: readonly number[] }[]) => ts.map((t) => [...t.shape]);
    return {
      W: of(net.params.W),
      b: of(net.params.b),
      Z: of(caches.map((c) => c.Z)),
      A: of(caches.map((c) => c.A)),
      dW: of(g.dW),
      db: of(g.db),
    };
  });
}
