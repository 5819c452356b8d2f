/**
 * The course's planar "flower" (week 3, `planar_utils.load_planar_dataset`): 400 points in two
 * classes of 200 that form the petals of a rose curve r = 4 sin(4t), which logistic regression
 * cannot separate and a one-hidden-layer network can.
 *
 * The course calls it right after `np.random.seed(1)` (inside the function), so the lecture's
 * data is {@link coursePlanar}, i.e. {@link planarFlower} on `new RandomState(PLANAR_SEED)`;
 * tests/generators_test.ts checks that against numpy's output bit for bit.
 *
 * @module
 */

import { RandomState } from "../numpy/rng.ts";
import { cos, sin } from "../numpy/exact_sincos.ts";
import { linspace } from "../numpy/linspace.ts";
import type { XY } from "./reg2d.ts";

/** The seed `load_planar_dataset` sets with `np.random.seed(1)`. */
export const PLANAR_SEED = 1;

const PER_CLASS = 200; // N in the course
const PETAL = 4; // a: maximum ray of the flower

/**
 * The planar flower drawn from `rs`, which the caller seeds (the course: `new RandomState(1)`).
 * Consumes 800 normals: for each class j = 0, 1 in turn, 200 for the angle noise and then 200
 * for the radius noise, exactly as numpy does:
 *
 *     t = linspace(3.12 j, 3.12 (j + 1), 200) + randn(200) * 0.2
 *     r = 4 sin(4 t) + randn(200) * 0.2
 *     X[200 j : 200 (j + 1)] = c_[r sin(t), r cos(t)];  Y[...] = j
 *
 * @returns X 2 × 400 (row-major: x1 of all points, then x2), Y 1 × 400 (200 zeros, then 200
 *   ones), m = 400.
 */
export function planarFlower(rs: RandomState): XY {
  const m = 2 * PER_CLASS;
  const X = new Float64Array(2 * m);
  const Y = new Float64Array(m);
  for (let j = 0; j < 2; j++) {
    const t = linspace(j * 3.12, (j + 1) * 3.12, PER_CLASS);
    const tNoise = rs.randn(PER_CLASS);
    for (let i = 0; i < PER_CLASS; i++) t[i] += tNoise[i] * 0.2;
    const rNoise = rs.randn(PER_CLASS);
    for (let i = 0; i < PER_CLASS; i++) {
      // Same operation order as numpy: a * sin(4 t) + noise * 0.2.
      const r = PETAL * sin(4 * t[i]) + rNoise[i] * 0.2;
      const ix = PER_CLASS * j + i;
      X[ix] = r * sin(t[i]);
      X[m + ix] = r * cos(t[i]);
      Y[ix] = j;
    }
  }
  return { X, Y, m };
}

/** The lecture's planar flower: {@link planarFlower} after seeding with {@link PLANAR_SEED}. */
export function coursePlanar(): XY {
  return planarFlower(new RandomState(PLANAR_SEED));
}
