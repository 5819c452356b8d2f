/**
 * The shapes of every tensor a fully connected network allocates and computes — W[l], b[l]; z[l],
 * a[l] on one example; Z[l], A[l], dW[l], db[l] on m, dZ[l] and dA[l] of lecture 2's backward
 * blocks — and the lectures' "for i = 1 to m" loop (Algorithm 1) and unit-by-unit z_i = w_iᵀx +
 * b_i against the vectorised computation, for the experiments on matrix dimensions.
 */
import type { Activation, Backend, Tensor } from "../../kernels/backend.ts";
import { initializeParameters } from "../../nn/init.ts";
import { Network } from "../../nn/network.ts";
import type { RandomState } from "../../numpy/rng.ts";
import { backwardBlocks, shapes } from "./blocks.ts";

export type Shape = [number, number];

export type NetShapes = {
  dims: number[];
  W: Shape[];
  b: Shape[];
  /** One example (its first column): x, then z[l] and a[l] for l = 1 … L. */
  single: { x: Shape; Z: Shape[]; A: Shape[] };
  /** All m examples: X, Z[l], A[l]; dZ[l], dA[l] (l = 0 … L) from the backward blocks; dW, db. */
  batch: { X: Shape; Z: Shape[]; A: Shape[]; dZ: Shape[]; dA: Shape[]; dW: Shape[]; db: Shape[] };
  /** max |a[l](i) − A[l][:, i]| over every layer and example: the loop against the matrices. */
  loopVsVectorized: number;
};

/** Shapes of one network on X (n_x × m) and Y, and its loop-vs-vectorised difference. */
export async function measureShapes(
  b: Backend,
  net: Network,
  X: Tensor,
  Y: Tensor,
): Promise<NetShapes> {
  const m = X.shape[1];
  const x = b.slice(X, 0, X.shape[0], 0, 1);
  const single = b.tidy(() => {
    const { caches } = net.forward(x);
    return { Z: shapes(caches.map((c) => c.Z)), A: shapes(caches.map((c) => c.A)) };
  });
  const batch = b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const g = net.backward(AL, Y, caches);
    const blocks = backwardBlocks(b, net, caches, Y);
    return {
      X: [X.shape[0], X.shape[1]] as Shape,
      Z: shapes(caches.map((c) => c.Z)),
      A: shapes(caches.map((c) => c.A)),
      dZ: shapes(blocks.dZ),
      dA: shapes(blocks.dA),
      dW: shapes(g.dW),
      db: shapes(g.db),
    };
  });
  // Algorithm 1: one example at a time; Algorithm 2: all m columns at once.
  const vectorized = b.tidy(() => net.forward(X).caches.map((c) => c.A));
  const looped = Array.from({ length: m }, (_, i) =>
    b.tidy(() => {
      const xi = b.slice(X, 0, X.shape[0], i, i + 1);
      return net.forward(xi).caches.map((c) => c.A);
    }));
  const L = vectorized.length;
  const all = await b.readMany([...vectorized, ...looped.flat()]);
  const vec = all.slice(0, L);
  const loop = looped.map((_, i) => all.slice(L + i * L, L + (i + 1) * L));
  let loopVsVectorized = 0;
  vec.forEach((A, l) => {
    const rows = vectorized[l].shape[0];
    for (let i = 0; i < m; i++) {
      for (let r = 0; r < rows; r++) {
        loopVsVectorized = Math.max(loopVsVectorized, Math.abs(loop[i][l][r] - A[r * m + i]));
      }
    }
  });
  for (const t of [x, ...vectorized, ...looped.flat()]) t.dispose();
  return {
    dims: [...net.spec.layerDims],
    W: shapes(net.params.W),
    b: shapes(net.params.b),
    single: { x: [x.shape[0], x.shape[1]], ...single },
    batch,
    loopVsVectorized,
  };
}

/** Lecture 2's z_i[1] = w_i[1]ᵀx + b_i[1], unit by unit, against the stacked W[1]x + b[1]. */
export async function perUnitVsStacked(b: Backend, net: Network, X: Tensor): Promise<number> {
  const W = net.params.W[0], bias = net.params.b[0];
  const units = W.shape[0], n = W.shape[1];
  const x = b.slice(X, 0, X.shape[0], 0, 1);
  const stacked = b.tidy(() => b.binary("add", b.matmul(W, x), bias));
  const perUnit = Array.from({ length: units }, (_, i) =>
    b.tidy(() => {
      const wi = b.slice(W, i, i + 1, 0, n); // w_i[1]ᵀ: row i of W[1]
      return b.binary("add", b.matmul(wi, x), b.slice(bias, i, i + 1, 0, 1));
    }));
  const [z, ...zi] = await b.readMany([stacked, ...perUnit]);
  for (const t of [x, stacked, ...perUnit]) t.dispose();
  return Math.max(...zi.map((v, i) => Math.abs(v[0] - z[i])));
}

/**
 * Builds each network from the lectures' initialisation (W = randn·0.01, b = 0, from `rng`), runs
 * it on `m` randn columns with random 0/1 labels and measures its shapes; the network `perUnit`
 * also has its first layer computed unit by unit.
 */
export async function measureNetworks<N extends string>(
  b: Backend,
  rng: RandomState,
  nets: Record<N, { dims: readonly number[]; hidden: Activation }>,
  m: number,
  perUnit: NoInfer<N>,
): Promise<{ nets: Record<N, NetShapes>; perUnitVsStacked: number }> {
  const out = {} as Record<N, NetShapes>;
  let perUnitVsStackedDiff = 0;
  for (const name of Object.keys(nets) as N[]) {
    const { dims, hidden } = nets[name];
    const layers = initializeParameters(rng, dims, "random", { scale: 0.01 });
    const net = Network.fromValues(b, { layerDims: dims, hidden }, layers);
    const X = b.fromArray(rng.randn(dims[0] * m), [dims[0], m]);
    const k = dims[dims.length - 1];
    const Y = b.fromArray(rng.randint(0, 2, k * m), [k, m]);
    out[name] = await measureShapes(b, net, X, Y);
    if (name === perUnit) perUnitVsStackedDiff = await perUnitVsStacked(b, net, X);
    for (const t of [X, Y]) t.dispose();
    net.dispose();
  }
  return { nets: out, perUnitVsStacked: perUnitVsStackedDiff };
}
