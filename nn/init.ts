/**
 * Weight initialisers, drawn on the host from a numpy-compatible `RandomState` in numpy's order,
 * so that a notebook's `np.random.seed(3)` followed by its initialiser gives the same weights
 * bit for bit (lecture 000 "Random Initialization of Weights"; the course's initialisation
 * assignment).
 *
 * Each scheme and the numpy expression it mirrors, per layer l (W is n_l × n_{l−1}):
 *
 * - `zeros`: `np.zeros((n_l, n_prev))` — `initialize_parameters_zeros`.
 * - `random` (scale s): `np.random.randn(n_l, n_prev) * s` — s = 0.01 in lecture 000 and the
 *   planar assignment's `initialize_parameters` (seed 2); s = 10 in
 *   `initialize_parameters_random` (seed 3, "too large").
 * - `uniform` (low, high): `np.random.uniform(low, high, (n_l, n_prev))`; by default Glorot's
 *   uniform limits ±sqrt(6 / (n_prev + n_l)).
 * - `xavier`: `np.random.randn(n_l, n_prev) * np.sqrt(1 / n_prev)` — Xavier/Glorot normal in
 *   the course's fan-in form (variance 1/n_prev, LeCun's), not Glorot's 2/(n_in + n_out).
 * - `he`: `np.random.randn(n_l, n_prev) * np.sqrt(2 / n_prev)` — `initialize_parameters_he`
 *   (seed 3).
 * - `deep`: `np.random.randn(n_l, n_prev) / np.sqrt(n_prev)` — `initialize_parameters_deep` of
 *   the course's application assignment (seed 1); divided, not multiplied by a reciprocal.
 *
 * Biases are `np.zeros((n_l, 1))` in every scheme and draw nothing. Layers are drawn in order,
 * W then b, as the course's loops do. The caller seeds: `rng.seed(3)` where the course's
 * function calls `np.random.seed(3)`.
 *
 * @module
 */
import { RandomState } from "../numpy/rng.ts";

/** Initialiser names, as the harness's `init` parameter spells them. */
export type InitName = "zeros" | "random" | "uniform" | "xavier" | "he" | "deep";

export const INIT_NAMES: readonly InitName[] = [
  "zeros",
  "random",
  "uniform",
  "xavier",
  "he",
  "deep",
];

export interface InitOptions {
  /** `random`'s multiplier s in `randn(n_l, n_prev) * s`; 0.01 (lecture 000) by default. */
  scale?: number;
  /** `uniform`'s bounds; ±sqrt(6 / (fan_in + fan_out)) (Glorot uniform) by default. */
  low?: number;
  high?: number;
}

/** One layer's parameter values on the host: W is `rows × cols` row-major, b is `rows × 1`. */
export interface LayerValues {
  W: Float64Array;
  b: Float64Array;
  rows: number;
  cols: number;
}

/** `np.zeros((rows, cols))`. */
export function initZeros(rows: number, cols: number): Float64Array {
  return new Float64Array(rows * cols);
}

/** `np.random.randn(rows, cols) * scale`. */
export function initNormal(
  rng: RandomState,
  rows: number,
  cols: number,
  scale: number,
): Float64Array {
  return rng.randn(rows * cols).map((v) => v * scale);
}

/** `np.random.uniform(low, high, (rows, cols))`. */
export function initUniform(
  rng: RandomState,
  rows: number,
  cols: number,
  low: number,
  high: number,
): Float64Array {
  return rng.uniform(low, high, rows * cols);
}

/** Xavier/Glorot normal, fan-in form: `np.random.randn(rows, cols) * np.sqrt(1 / fanIn)`. */
export function initXavier(
  rng: RandomState,
  rows: number,
  cols: number,
  fanIn = cols,
): Float64Array {
  return initNormal(rng, rows, cols, Math.sqrt(1 / fanIn));
}

/** He: `np.random.randn(rows, cols) * np.sqrt(2 / fanIn)` (`initialize_parameters_he`). */
export function initHe(rng: RandomState, rows: number, cols: number, fanIn = cols): Float64Array {
  return initNormal(rng, rows, cols, Math.sqrt(2 / fanIn));
}

/** `np.random.randn(rows, cols) / np.sqrt(fanIn)` (the course's `initialize_parameters_deep`). */
export function initDeep(rng: RandomState, rows: number, cols: number, fanIn = cols): Float64Array {
  const d = Math.sqrt(fanIn); // divided, not multiplied by 1/sqrt: the bits differ
  return rng.randn(rows * cols).map((v) => v / d);
}

/**
 * Weights `rows × cols` by the named scheme. `fanIn`/`fanOut` default to cols/rows (a dense
 * layer); a convolution passes C·k·k and F·k·k.
 */
export function initWeights(
  rng: RandomState,
  rows: number,
  cols: number,
  init: InitName,
  opts: InitOptions = {},
  fanIn = cols,
  fanOut = rows,
): Float64Array {
  switch (init) {
    case "zeros":
      return initZeros(rows, cols);
    case "random":
      return initNormal(rng, rows, cols, opts.scale ?? 0.01);
    case "uniform": {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return initUniform(rng, rows, cols, opts.low ?? -limit, opts.high ?? limit);
    }
    case "xavier":
      return initXavier(rng, rows, cols, fanIn);
    case "he":
      return initHe(rng, rows, cols, fanIn);
    case "deep":
      return initDeep(rng, rows, cols, fanIn);
  }
}

/**
 * Parameters of a fully connected network with `layerDims = [n_x, n_1, …, n_L]`, layer by
 * layer (W then a zero b), as the course's `initialize_parameters_*` loops
 * `for l in range(1, L): W = …; b = np.zeros((layer_dims[l], 1))`.
 */
export function initializeParameters(
  rng: RandomState,
  layerDims: readonly number[],
  init: InitName,
  opts: InitOptions = {},
): LayerValues[] {
  if (layerDims.length < 2 || !layerDims.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`layer dims must be ≥ 2 positive integers, got [${layerDims}]`);
  }
  const out: LayerValues[] = [];
  for (let l = 1; l < layerDims.length; l++) {
    const rows = layerDims[l], cols = layerDims[l - 1];
    out.push({
      W: initWeights(rng, rows, cols, init, opts),
      b: new Float64Array(rows),
      rows,
      cols,
    });
  }
  return out;
}

/**
 * The course's initialisers call np.random.seed(seed) before drawing: `initializeParameters`
 * from a fresh RandomState(seed).
 */
export function seededParameters(
  seed: number,
  layerDims: readonly number[],
  init: InitName,
  opts: InitOptions = {},
): LayerValues[] {
  return initializeParameters(new RandomState(seed), layerDims, init, opts);
}
