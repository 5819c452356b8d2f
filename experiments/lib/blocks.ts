/**
 * Lecture 2's "Building Blocks of Deep Neural Networks", written as the slides write them and
 * run on the backend: the backward block of layer l takes dA[l] and the layer's cache and
 * returns dA[l−1], dW[l], db[l] ("Backward Propagation for DNN", vectorized):
 *
 *   dZ[l] = dA[l] ∗ g[l]′(Z[l]),  dW[l] = (1/m)·dZ[l]·A[l−1]ᵀ,
 *   db[l] = (1/m)·np.sum(dZ[l], axis=1, keepdims=True),  dA[l−1] = W[l]ᵀ·dZ[l].
 *
 * The chain starts from dA[L] = ∂L/∂A[L] of the cross-entropy, −(Y/A − (1 − Y)/(1 − A)), so the
 * output layer goes through the same block as every other (nn/network.ts instead starts from
 * dZ[L] = A[L] − Y). The forward pass is nn/network.ts's, whose caches hold A[l−1] and Z[l]
 * (the slides' cache lists z[l], W[l], b[l]; dW[l] also needs a[l−1]).
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { LayerCache, Network } from "../../nn/network.ts";

/** Every tensor the backward blocks produce, layer by layer (index l − 1 for layer l). */
export interface BlockGradients {
  /** dA[l] for l = 0 … L (index l): dA[0] is what layer 1's block returns. */
  dA: Tensor[];
  dZ: Tensor[];
  dW: Tensor[];
  db: Tensor[];
}

/** One backward block: dA[l] and layer l's cache and W[l] → dZ[l], dW[l], db[l], dA[l−1]. */
export function backwardBlock(
  backend: Backend,
  net: Network,
  l: number,
  dA: Tensor,
  cache: LayerCache,
): { dZ: Tensor; dW: Tensor; db: Tensor; dA_prev: Tensor } {
  const b = backend;
  const m = dA.shape[1];
  const g = net.activationOf(l);
  if (g === "softmax") throw new RangeError("backward blocks: softmax has no elementwise g′");
  const param = l === net.L ? undefined : net.spec.activationParam;
  const dZ = b.binary("mul", dA, b.activationGrad(g, cache.Z, param));
  const dW = b.unary("affine", b.matmul(dZ, cache.A_prev, { transB: true }), 1 / m, 0);
  const db = b.unary("affine", b.sum(dZ, 1), 1 / m, 0);
  const dA_prev = b.matmul(net.params.W[l - 1], dZ, { transA: true });
  return { dZ, dW, db, dA_prev };
}

/** dA[L] = −(Y/A[L] − (1 − Y)/(1 − A[L])), the course's `dAL`. */
export function crossEntropyDA(backend: Backend, AL: Tensor, Y: Tensor): Tensor {
  const b = backend;
  const yOverA = b.binary("div", Y, AL);
  // (1 − Y) / (1 − A): affine(v, −1, 1) = 1 − v.
  const rest = b.binary("div", b.unary("affine", Y, -1, 1), b.unary("affine", AL, -1, 1));
  return b.unary("neg", b.binary("sub", yOverA, rest));
}

/**
 * The backward blocks chained from layer L down to layer 1, on the caches of `net.forward(X)`
 * (a sigmoid output with the cross-entropy cost). Call inside `backend.tidy`.
 */
export function backwardBlocks(
  backend: Backend,
  net: Network,
  caches: readonly LayerCache[],
  Y: Tensor,
): BlockGradients {
  const L = net.L;
  const dA: Tensor[] = new Array(L + 1);
  const dZ: Tensor[] = new Array(L), dW: Tensor[] = new Array(L), db: Tensor[] = new Array(L);
  dA[L] = crossEntropyDA(backend, caches[L - 1].A, Y);
  for (let l = L; l >= 1; l--) {
    const r = backwardBlock(backend, net, l, dA[l], caches[l - 1]);
    dZ[l - 1] = r.dZ;
    dW[l - 1] = r.dW;
    db[l - 1] = r.db;
    dA[l - 1] = r.dA_prev;
  }
  return { dA, dZ, dW, db };
}

/** The shapes of tensors, as [rows, cols] pairs. */
export function shapes(ts: readonly Tensor[]): [number, number][] {
  return ts.map((t) => [t.shape[0], t.shape[1]]);
}
