/**
 * scikit-learn's `make_circles` and `make_moons`, drawing from numpy's global RandomState as
 * scikit-learn does when called with `random_state=None`, so that the course's
 *
 *     np.random.seed(1); make_circles(n_samples=300, noise=.05)
 *
 * is `makeCircles(new RandomState(1), { nSamples: 300, noise: 0.05 })` here, bit for bit.
 *
 * Both follow scikit-learn 1.x (`sklearn/datasets/_samples_generator.py`): the noiseless points,
 * class 0 first (the outer circle / upper moon: floor(n/2) points), then class 1; then, with
 * `shuffle`, `sklearn.utils.shuffle`, which draws `rs.shuffle(arange(n))` and reorders the rows;
 * then, with `noise`, `X += rs.normal(scale=noise, size=(n, 2))`, filled in C order (x1 and x2
 * of sample 0, then of sample 1, ...). For even n, scikit-learn versions before 0.22 gave the
 * same points for circles (their `linspace(0, 2 pi, n/2 + 1)[:-1]` equals the newer
 * `linspace(0, 2 pi, n/2, endpoint=False)`).
 *
 * The course's datasets are {@link courseCircles} and {@link courseMoons}; tests/generators_test.ts
 * checks them against numpy + scikit-learn output bit for bit.
 *
 * @module
 */

import { RandomState } from "../numpy/rng.ts";
import { cos, sin } from "../numpy/exact_sincos.ts";
import { linspace } from "../numpy/linspace.ts";
import type { XY } from "./reg2d.ts";

/** Options shared by {@link makeCircles} and {@link makeMoons}. */
export interface ShapeOptions {
  /** Total number of points; class 0 gets floor(n/2), class 1 the rest. */
  nSamples: number;
  /**
   * Standard deviation of the Gaussian noise added to every coordinate. Omitted, no noise is
   * added and no normals are drawn (scikit-learn's `noise=None`; `noise: 0` still draws).
   */
  noise?: number;
  /** Shuffle the points (scikit-learn's default, true). */
  shuffle?: boolean;
}

/** Options of {@link makeCircles}. */
export interface CircleOptions extends ShapeOptions {
  /** Radius of the inner circle relative to the outer one, in [0, 1); default 0.8. */
  factor?: number;
}

/** The course's seeds and sizes (initialization assignment, optimization assignment). */
export const COURSE_SHAPES = {
  circlesTrain: { seed: 1, nSamples: 300, noise: 0.05 },
  circlesTest: { seed: 2, nSamples: 100, noise: 0.05 },
  moons: { seed: 3, nSamples: 300, noise: 0.2 },
} as const;

function checkOptions(opts: ShapeOptions): void {
  const { nSamples, noise } = opts;
  if (!Number.isSafeInteger(nSamples) || nSamples < 1) {
    throw new RangeError(`nSamples must be a positive integer, got ${nSamples}`);
  }
  if (noise !== undefined && !(noise >= 0 && noise < Infinity)) {
    throw new RangeError(`noise must be a finite number >= 0, got ${noise}`);
  }
}

/**
 * Shuffles (as `sklearn.utils.shuffle`) and adds noise (as `generator.normal`) to sample-major
 * points `pts` (x1, x2 of sample i at 2i, 2i + 1), then returns them feature-major.
 */
function finish(rs: RandomState, pts: Float64Array, labels: Float64Array, opts: ShapeOptions): XY {
  const m = labels.length;
  // resample(replace=False): indices = arange(n); random_state.shuffle(indices); X[indices].
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  if (opts.shuffle ?? true) rs.shuffle(order);
  const noise = opts.noise === undefined ? null : rs.normal(0, opts.noise, 2 * m);
  const X = new Float64Array(2 * m);
  const Y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const src = order[i];
    X[i] = pts[2 * src];
    X[m + i] = pts[2 * src + 1];
    if (noise) {
      X[i] += noise[2 * i];
      X[m + i] += noise[2 * i + 1];
    }
    Y[i] = labels[src];
  }
  return { X, Y, m };
}

/**
 * scikit-learn's `make_circles(n_samples, shuffle, noise, random_state=None, factor)`: a large
 * circle (class 0) around a smaller one (class 1), drawing from `rs`, which the caller seeds.
 *
 * @returns X 2 × n (row-major: x1 of all points, then x2), Y 1 × n in {0, 1}, m = n.
 * @throws {RangeError} for a bad nSamples, noise or factor.
 */
export function makeCircles(rs: RandomState, opts: CircleOptions): XY {
  checkOptions(opts);
  const factor = opts.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) {
    throw new RangeError(`factor must be in [0, 1), got ${factor}`);
  }
  const n = opts.nSamples;
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  // endpoint=False so the first point is not repeated as the last.
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const pts = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < nOut; i++) {
    pts[2 * i] = cos(tOut[i]);
    pts[2 * i + 1] = sin(tOut[i]);
  }
  for (let i = 0; i < nIn; i++) {
    const p = nOut + i;
    pts[2 * p] = cos(tIn[i]) * factor;
    pts[2 * p + 1] = sin(tIn[i]) * factor;
    labels[p] = 1;
  }
  return finish(rs, pts, labels, opts);
}

/**
 * scikit-learn's `make_moons(n_samples, shuffle, noise, random_state=None)`: two interleaving
 * half circles, the upper one (class 0) centred at (0, 0), the lower one (class 1) at (1, 0.5),
 * drawing from `rs`, which the caller seeds.
 *
 * @returns X 2 × n (row-major: x1 of all points, then x2), Y 1 × n in {0, 1}, m = n.
 * @throws {RangeError} for a bad nSamples or noise.
 */
export function makeMoons(rs: RandomState, opts: ShapeOptions): XY {
  checkOptions(opts);
  const n = opts.nSamples;
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const pts = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < nOut; i++) {
    pts[2 * i] = cos(tOut[i]);
    pts[2 * i + 1] = sin(tOut[i]);
  }
  for (let i = 0; i < nIn; i++) {
    const p = nOut + i;
    pts[2 * p] = 1 - cos(tIn[i]);
    pts[2 * p + 1] = 1 - sin(tIn[i]) - 0.5; // scikit-learn's order: (1 - sin) - 0.5
    labels[p] = 1;
  }
  return finish(rs, pts, labels, opts);
}

/**
 * The course's circles (initialization assignment): `np.random.seed(1)`, 300 training points,
 * then `np.random.seed(2)`, 100 test points, noise 0.05 both.
 */
export function courseCircles(): { train: XY; test: XY } {
  const { circlesTrain: tr, circlesTest: te } = COURSE_SHAPES;
  return {
    train: makeCircles(new RandomState(tr.seed), { nSamples: tr.nSamples, noise: tr.noise }),
    test: makeCircles(new RandomState(te.seed), { nSamples: te.nSamples, noise: te.noise }),
  };
}

/** The course's moons (optimization assignment): `np.random.seed(3)`, 300 points, noise 0.2. */
export function courseMoons(): XY {
  const { seed, nSamples, noise } = COURSE_SHAPES.moons;
  return makeMoons(new RandomState(seed), { nSamples, noise });
}
