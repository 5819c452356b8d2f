/**
 * The chart payloads an experiment returns in its outputs and the report draws: produced by nn/
 * and data/, read by reports/. Type aliases, not interfaces, so that they are assignable to Json.
 */

/** A model evaluated on a grid over two input features, with the data points on top. */
export type DecisionBoundary = {
  /** Grid axes: n values each from min to max. */
  x: { min: number; max: number; n: number };
  y: { min: number; max: number; n: number };
  /** Model output per grid point, row-major with y outer: value[iy·x.n + ix]. */
  value: number[];
  points: { x: number[]; y: number[]; label: number[] };
  xTitle?: string;
  yTitle?: string;
};

/**
 * One model's decision boundary at several points of its training, in training order: the
 * "boundary" chart draws them as a row of panels titled "<unit> <at>" (e.g. "iteration 1000").
 */
export type BoundarySnapshots = {
  /** What `at` counts: "iteration" or "epoch". */
  unit: string;
  snapshots: { at: number; boundary: DecisionBoundary }[];
};

/** Curves over a shared x: e.g. g(z) and g′(z) for several activations. */
export type FunctionPlot = {
  x: number[];
  series: { name: string; y: number[] }[];
};

/** One bar: a label, its value, and an optional note written on it (e.g. "350×"). */
export type Bar = {
  label: string;
  value: number;
  group?: string;
  note?: string;
};

/** Small images as raw pixels, for grids of examples with their labels. */
export type ImageGrid = {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
  /** Each image's pixels, row-major then channel, 0–255, base64 of the bytes. */
  images: { pixels: string; title: string; highlight?: boolean }[];
};
