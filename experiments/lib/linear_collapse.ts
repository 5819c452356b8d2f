/**
 * Lecture 003's "The output is always a linear function of the input!": a 2-layer network with a
 * linear hidden layer is the one linear model W = W[2]·W[1], b = W[2]·b[1] + b[2]. The collapsed
 * model is computed in float64 on the host and the network's outputs are held against it, on the
 * scale rounding errors follow.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import { Network, readParameters } from "../../nn/network.ts";
import type { RandomState } from "../../numpy/rng.ts";

/** W = W2·W1 (n_y × n_x) and b = W2·b1 + b2, in float64 on the host. */
export function collapse([l1, l2]: readonly LayerValues[]): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(l2.rows * l1.cols), b = Float64Array.from(l2.b);
  for (let i = 0; i < l2.rows; i++) {
    for (let k = 0; k < l2.cols; k++) {
      const w2 = l2.W[i * l2.cols + k];
      b[i] += w2 * l1.b[k];
      for (let j = 0; j < l1.cols; j++) W[i * l1.cols + j] += w2 * l1.W[k * l1.cols + j];
    }
  }
  return { W, b };
}

/**
 * max |network − W·x − b| over the largest magnitude the network sums, Σ|W[2]|(|W[1]||x| +
 * |b[1]|) + |b[2]|: rounding errors scale with that, not with the (possibly tiny) output.
 */
function relDiff(net: ArrayLike<number>, layers: readonly LayerValues[], X: Float64Array): number {
  const [l1, l2] = layers;
  const c = collapse(layers);
  const m = net.length, nx = l1.cols;
  let d = 0, s = 0;
  for (let i = 0; i < m; i++) {
    let z = c.b[0], bound = Math.abs(l2.b[0]);
    for (let j = 0; j < nx; j++) z += c.W[j] * X[j * m + i];
    for (let k = 0; k < l1.rows; k++) {
      let a = Math.abs(l1.b[k]);
      for (let j = 0; j < nx; j++) a += Math.abs(l1.W[k * nx + j] * X[j * m + i]);
      bound += Math.abs(l2.W[k]) * a;
    }
    d = Math.max(d, Math.abs(net[i] - z));
    s = Math.max(s, bound);
  }
  return d / s;
}

/**
 * A [nx, h, 1] network with linear activations, its weights and biases drawn randn (W[1], b[1],
 * W[2], b[2] in that order), evaluated by the backend on `m` randn inputs drawn next: its
 * relative difference from the collapsed model.
 */
export async function randomCollapseDifference(
  b: Backend,
  rng: RandomState,
  nx: number,
  h: number,
  m: number,
): Promise<number> {
  const rand: LayerValues[] = [
    { W: rng.randn(h * nx), b: rng.randn(h), rows: h, cols: nx },
    { W: rng.randn(h), b: rng.randn(1), rows: 1, cols: h },
  ];
  const Xr = rng.randn(nx * m);
  const net = Network.fromValues(
    b,
    { layerDims: [nx, h, 1], hidden: "linear", output: "linear" },
    rand,
  );
  const xr = b.fromArray(Xr, [nx, m]);
  const out = b.tidy(() => net.forward(xr).AL);
  const d = relDiff(await b.read(out), rand, Xr);
  for (const t of [out, net, xr]) t.dispose();
  return d;
}

/**
 * A trained linear-hidden network's collapsed model, and the relative difference of its logits
 * z[2] on X (host values `X`, device `x`) from W·x + b.
 */
export async function trainedCollapse(
  b: Backend,
  net: Network,
  X: Float64Array,
  x: Tensor,
): Promise<{ relDiff: number; W: number[]; b: number }> {
  const trained = await readParameters(b, net.params);
  const c = collapse(trained);
  const logits = b.tidy(() => net.forward(x).caches[1].Z);
  const d = relDiff(await b.read(logits), trained, X);
  logits.dispose();
  return { relDiff: d, W: Array.from(c.W), b: c.b[0] };
}
