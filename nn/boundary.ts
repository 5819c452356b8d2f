/**
 * Decision boundaries for 2-D datasets, as the course's `plot_decision_boundary`: the model
 * evaluated on a grid spanning the data (padded by 1 on each side), with the points on top.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import type { DecisionBoundary } from "../schema/payloads.ts";

export interface BoundaryOptions {
  /** Grid points per axis (80 by default). */
  n?: number;
  /** Margin around the data on each axis (1 by default, as the course's plot). */
  pad?: number;
  xTitle?: string;
  yTitle?: string;
}

/**
 * Evaluates `model` (2 × k inputs → 1 × k outputs, e.g. probabilities or 0/1 predictions) on
 * a grid over the data `X` (2 × m, row-major) and returns it with the labelled points.
 */
export async function decisionBoundary(
  backend: Backend,
  model: (grid: Tensor) => Tensor,
  X: Float64Array,
  Y: Float64Array,
  opts: BoundaryOptions = {},
): Promise<DecisionBoundary> {
  return (await decisionBoundaries(backend, [model], X, Y, opts))[0];
}

/**
 * `decisionBoundary` for several models over the same data (a batch of trials): one grid, and
 * one read for all of them, so a 16-trial batch waits for the device once, not 16 times.
 */
export async function decisionBoundaries(
  backend: Backend,
  models: readonly ((grid: Tensor) => Tensor)[],
  X: Float64Array,
  Y: Float64Array,
  opts: BoundaryOptions = {},
): Promise<DecisionBoundary[]> {
  const n = opts.n ?? 80, pad = opts.pad ?? 1;
  const m = Y.length;
  const xs = X.subarray(0, m), ys = X.subarray(m, 2 * m);
  const axis = (v: Float64Array) => {
    let lo = Infinity, hi = -Infinity;
    for (const x of v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return { min: lo - pad, max: hi + pad, n };
  };
  const ax = axis(xs), ay = axis(ys);
  const grid = new Float64Array(2 * n * n);
  for (let iy = 0; iy < n; iy++) {
    for (let ix = 0; ix < n; ix++) {
      const k = iy * n + ix;
      grid[k] = ax.min + (ax.max - ax.min) * ix / (n - 1);
      grid[n * n + k] = ay.min + (ay.max - ay.min) * iy / (n - 1);
    }
  }
  const G = backend.fromArray(grid, [2, n * n]);
  const outs = models.map((model) => backend.tidy(() => model(G)));
  const values = await backend.readMany(outs);
  for (const t of [...outs, G]) t.dispose();
  const points = { x: Array.from(xs), y: Array.from(ys), label: Array.from(Y) };
  return values.map((value) => ({
    x: ax,
    y: ay,
    value: Array.from(value, (v) => Number(v.toPrecision(6))),
    points,
    xTitle: opts.xTitle,
    yTitle: opts.yTitle,
  }));
}
