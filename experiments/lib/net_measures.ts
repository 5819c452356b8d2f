/**
 * Figures a trained (or freshly initialised) network is judged by in the initialisation,
 * activation and regularisation experiments: accuracy as the course prints it, how far apart the
 * hidden units are (symmetry), Σ‖W‖², the share of saturated hidden units, and when a cost curve
 * first reaches a target.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import type { Network } from "../../nn/network.ts";

/**
 * Accuracy in percent on each (X, Y): the share of examples where `predict` (ŷ > 0.5) equals
 * the label, i.e. the course's (Y·pᵀ + (1 − Y)·(1 − p)ᵀ) / m · 100. One read for all sets.
 */
export function accuracyPercent(
  backend: Backend,
  net: Network,
  sets: readonly { X: Tensor; Y: Tensor }[],
): Promise<number[]> {
  return accuracies(backend, sets.map((set) => ({ net, set })));
}

/** The accuracy (%) of each network on the same set, read from the device together. */
export function accuracyOfEach(
  backend: Backend,
  nets: readonly Network[],
  set: { X: Tensor; Y: Tensor },
): Promise<number[]> {
  return accuracies(backend, nets.map((net) => ({ net, set })));
}

/** Accuracies (%) of network/set pairs, with one read for all of them. */
async function accuracies(
  backend: Backend,
  pairs: readonly { net: Network; set: { X: Tensor; Y: Tensor } }[],
): Promise<number[]> {
  const shares = pairs.map(({ net, set }) =>
    backend.tidy(() => backend.accuracy(net.predict(set.X), set.Y))
  );
  const values = await backend.readMany(shares);
  for (const t of shares) t.dispose();
  // The share is k / m for a whole count k: recover k so float32 gives 47, not 46.99999988.
  return values.map((v, i) => {
    const m = pairs[i].set.Y.size;
    return 100 * Math.round(v[0] * m) / m;
  });
}

/** How alike the hidden units of layer 1 are. */
export type UnitSpread = {
  /** Largest |difference| between two units, over their W[1] row, b[1] entry and W[2] column. */
  maxDifference: number;
  /** Smallest such largest-difference over all pairs of units (0: two units are identical). */
  minPairDifference: number;
  /** Units that differ from every earlier unit. */
  distinctUnits: number;
  units: number;
};

/**
 * Compares the hidden units of the first layer: unit i is W[1][i, :], b[1][i] and the weight
 * W[2][:, i] it feeds forward. Identical units compute the same function (the symmetry that
 * zero initialisation never breaks, lecture 002 "Initializing weights").
 */
export function unitSpread(layers: readonly LayerValues[]): UnitSpread {
  const [l1, l2] = layers;
  const n = l1.rows;
  const unit = (i: number) => {
    const v = [...l1.W.subarray(i * l1.cols, (i + 1) * l1.cols), l1.b[i]];
    if (l2) { for (let r = 0; r < l2.rows; r++) v.push(l2.W[r * l2.cols + i]); }
    return v;
  };
  const units = Array.from({ length: n }, (_, i) => unit(i));
  let maxDifference = 0, minPairDifference = Infinity, distinctUnits = 0;
  for (let i = 0; i < n; i++) {
    let distinct = true;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.max(...units[i].map((v, k) => Math.abs(v - units[j][k])));
      maxDifference = Math.max(maxDifference, d);
      minPairDifference = Math.min(minPairDifference, d);
      if (j < i && d === 0) distinct = false;
    }
    if (distinct) distinctUnits++;
  }
  return {
    maxDifference,
    minPairDifference: n > 1 ? minPairDifference : 0,
    distinctUnits,
    units: n,
  };
}

/** Σ_l ‖W[l]‖²_F: the quantity L2 regularisation penalises (biases excluded, as the course). */
export function sumSquaredWeights(layers: readonly LayerValues[]): number {
  let s = 0;
  for (const l of layers) for (const w of l.W) s += w * w;
  return s;
}

/**
 * The share of hidden pre-activations z (every hidden unit × every example of X) at which the
 * unit is saturated, g′(z) < `threshold`: the "flat areas" where gradient descent crawls.
 */
export async function saturatedShare(
  backend: Backend,
  net: Network,
  X: Tensor,
  threshold: number,
): Promise<number> {
  const counts = backend.tidy(() => {
    const { caches } = net.forward(X);
    const limit = backend.full([1, 1], threshold);
    return caches.slice(0, -1).map((c, l) => {
      const g = net.activationOf(l + 1);
      if (g === "softmax") throw new RangeError("saturatedShare: softmax hidden layer");
      const slope = backend.activationGrad(g, c.Z, net.spec.activationParam);
      return backend.sum(backend.binary("lt", slope, limit));
    });
  });
  const values = await backend.readMany(counts);
  for (const t of counts) t.dispose();
  const hidden = net.spec.layerDims.slice(1, -1).reduce((s, n) => s + n, 0);
  return values.reduce((s, v) => s + v[0], 0) / (hidden * X.shape[1]);
}

/** The first logged step whose cost is at or below `target`, or null when none is. */
export function firstReach(
  costs: readonly { epoch: number; cost: number }[],
  target: number,
): number | null {
  return costs.find((c) => c.cost <= target)?.epoch ?? null;
}

/** `firstReach`'s result in words, for a claim's observed value. */
export function reachedAt(iteration: number | null, target: number): string {
  return iteration === null
    ? `cost never ≤ ${target} in the run`
    : `cost ≤ ${target} first at iteration ${iteration}`;
}
