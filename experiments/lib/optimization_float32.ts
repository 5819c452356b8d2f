/**
 * Where float32 (webgpu, and NumPy float32 of the course's code) does not print the costs the
 * course's "Optimization methods" notebook prints for the moons, with what was measured: the
 * reasons the claims on those costs declare.
 */
const REFERENCE = "references/optimizers_moons.py (output in references/optimizers_moons.json)";

/** The printed costs float32 does not reach, with what was measured, by claim id. */
export const FLOAT32_COSTS: Readonly<Record<string, string>> = {
  "course-2017-costs-gd": "In float32 three of the ten last-mini-batch costs print one lower " +
    "in the sixth decimal: webgpu 0.619524, 0.607242, 0.464517 after epochs 3000, 5000, 9000 " +
    "(course 0.619525, 0.607243, 0.464518), and NumPy float32 of the course's code the same " +
    `three (${REFERENCE}); float64 (cpu, NumPy) prints all ten.`,
  "course-2017-costs-momentum": "In float32 the last-mini-batch costs drift from epoch 5000 " +
    "on: webgpu prints 0.607326, 0.529477, 0.460939, 0.465782, 0.464741 after epochs 5000–9000 " +
    "(course 0.607324, 0.529476, 0.460936, 0.465780, 0.464740), NumPy float32 of the course's " +
    `code 0.607326, 0.529477, 0.460939, 0.465781, 0.464740 (${REFERENCE}); float64 prints all ten.`,
  "course-2017-costs-adam": "In float32 Adam's steps amplify the rounding after epoch 6000: " +
    "webgpu prints 0.100550, 0.031613, 0.111937, 0.197725 after epochs 6000–9000 (course " +
    "0.100552, 0.031601, 0.111709, 0.197648), NumPy float32 of the course's code 0.100550, " +
    `0.031605, 0.111761, 0.197673 (${REFERENCE}); float64 prints all ten.`,
  "course-2021-costs-gd": "The float64 cost after epoch 2000, 0.63528757, lies 7e-8 above the " +
    "rounding boundary 0.6352875: webgpu's float32 lands at 0.63528749 and prints 0.635287 " +
    `(NumPy float32 of the course's code, summing in another order, lands on 0.635288, ${REFERENCE}).`,
};
