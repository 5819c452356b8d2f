/**
 * One-hidden-layer networks [1, n, 1] whose parameters are set by construction (no training) to
 * approximate a function f on [0, 1]: the constructive side of the universal approximation
 * theorem, as layer values for nn/network.ts (linear output).
 */
import type { LayerValues } from "../../nn/init.ts";

/**
 * Sigmoid staircase with `units` steps: cells [k/n, (k+1)/n), n = units + 1, each valued f at
 * its centre; unit k steps up by f(c_k) − f(c_{k−1}) at x = k/n with steepness 40·n (the
 * step's width, ~4/steepness, is a tenth of a cell).
 */
export function sigmoidStaircase(f: (x: number) => number, units: number): LayerValues[] {
  const n = units + 1, s = 40 * n;
  const c = (k: number) => f((k + 0.5) / n);
  return [
    {
      W: Float64Array.from({ length: units }, () => s),
      b: Float64Array.from({ length: units }, (_, i) => -s * (i + 1) / n),
      rows: units,
      cols: 1,
    },
    {
      W: Float64Array.from({ length: units }, (_, i) => c(i + 1) - c(i)),
      b: Float64Array.of(c(0)),
      rows: 1,
      cols: units,
    },
  ];
}

/**
 * ReLU hinges: the piecewise-linear interpolant of f at k/units, k = 0 … units, as f(0) +
 * Σ_k (slope_k − slope_{k−1})·relu(x − k/units) over the units hinges at k = 0 … units − 1.
 */
export function reluHinges(f: (x: number) => number, units: number): LayerValues[] {
  const slope = (k: number) => (f((k + 1) / units) - f(k / units)) * units;
  return [
    {
      W: Float64Array.from({ length: units }, () => 1),
      b: Float64Array.from({ length: units }, (_, k) => -k / units),
      rows: units,
      cols: 1,
    },
    {
      W: Float64Array.from({ length: units }, (_, k) => slope(k) - (k > 0 ? slope(k - 1) : 0)),
      b: Float64Array.of(f(0)),
      rows: 1,
      cols: units,
    },
  ];
}
