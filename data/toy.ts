/**
 * Tiny hand-written datasets from the lectures: the logic gates a perceptron can (AND, OR,
 * NAND) or cannot (XOR) learn, and lecture 004's straight line y = 2x + 4.
 *
 * @module
 */

import type { XY } from "./reg2d.ts";

/** The gates {@link logicGate} knows. */
export const LOGIC_GATES = ["AND", "OR", "XOR", "NAND"] as const;
/** One of {@link LOGIC_GATES}. */
export type LogicGate = (typeof LOGIC_GATES)[number];

// Inputs in the order [0,0], [0,1], [1,0], [1,1]; row-major 2 × 4, so x1 of all four, then x2.
const INPUTS = [0, 0, 1, 1, 0, 1, 0, 1];

const TRUTH: Record<LogicGate, readonly number[]> = {
  AND: [0, 0, 0, 1],
  OR: [0, 1, 1, 1],
  XOR: [0, 1, 1, 0],
  NAND: [1, 1, 1, 0],
};

/**
 * A gate's truth table: X 2 × 4 with columns [0,0], [0,1], [1,0], [1,1] (in that order) and
 * Y 1 × 4 its outputs. Fresh arrays on every call, so callers may modify them.
 */
export function logicGate(gate: LogicGate): XY {
  const table = TRUTH[gate];
  if (!table) throw new RangeError(`unknown logic gate ${gate}; one of ${LOGIC_GATES.join(", ")}`);
  return { X: Float64Array.from(INPUTS), Y: Float64Array.from(table), m: 4 };
}

/** A 1-D regression dataset: X and Y both 1 × m. */
export interface Line1d {
  X: Float64Array;
  Y: Float64Array;
  m: number;
}

/** Lecture 004's toy regression: x = 1, 2, ..., 8 and y = 2x + 4 (6, 8, ..., 20), no noise. */
export function toyLine(): Line1d {
  const m = 8;
  const X = new Float64Array(m);
  const Y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    X[i] = i + 1;
    Y[i] = 2 * X[i] + 4;
  }
  return { X, Y, m };
}
