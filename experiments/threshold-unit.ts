/**
 * Lecture 004's thresholded logic unit (McCulloch and Pitts): output 1 when Σ wⱼxⱼ exceeds the
 * threshold, 0 when it does not (ties give 0), with weights set by hand, not learned. Set so, it
 * computes AND and OR; no setting of a grid of weights and thresholds computes XOR.
 */
import { logicGate } from "../data/toy.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const TLU = "Thresholded logic unit: Maps inputs to 1 or 0";
const TABLES = "Marvin Minsky and Seymour Papert - XOR problem [1969]";
const GATES = ["AND", "OR", "XOR"] as const;

export default defineExperiment({
  id: "threshold-unit",
  title: "The thresholded logic unit: AND and OR by hand-set weights, never XOR",
  source: lecture(4, TLU),
  description: "output = 0 if Σ wⱼxⱼ ≤ threshold, 1 if Σ wⱼxⱼ > threshold, on the inputs " +
    "[0,0], [0,1], [1,0], [1,1], computed by the backend as 1 − step(threshold − w·x). Three " +
    "hand-set units with w = [1, 1] and thresholds 1.5, 0.5 and 1 (the tie Σ = threshold at " +
    "[0,1] and [1,0]); then every unit with w₁, w₂ and the threshold on a grid from −range to " +
    "range in steps of `step`, counting the settings that compute each gate of the lecture's " +
    "tables.",
  params: {
    range: { type: "number", default: 2, min: 0, doc: "weights and thresholds in [−range, range]" },
    step: { type: "number", default: 0.125, min: 0.001, doc: "grid spacing" },
  },
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const { X } = logicGate("AND");
    const x = b.fromArray(X, [2, 4]);
    // Units as rows: [w1, w2] in W and the threshold in theta.
    const units = (w: number[][], theta: number[]) =>
      b.tidy(() => {
        const sums = b.matmul(b.fromArray(w.flat(), [w.length, 2]), x);
        // threshold − Σ wⱼxⱼ, as −(Σ − threshold): the [units, 1] thresholds broadcast.
        const margin = b.unary(
          "affine",
          b.binary("sub", sums, b.fromArray(theta, [theta.length, 1])),
          -1,
          0,
        );
        return b.unary("affine", b.unary("step", margin, 0), -1, 1);
      });
    const handSet = units([[1, 1], [1, 1], [1, 1]], [1.5, 0.5, 1]);
    const n = Math.round((2 * ctx.params.range) / ctx.params.step) + 1;
    const values = Array.from({ length: n }, (_, i) => -ctx.params.range + i * ctx.params.step);
    const w: number[][] = [], theta: number[] = [];
    for (const w1 of values) {
      for (const w2 of values) {
        for (const t of values) {
          w.push([w1, w2]);
          theta.push(t);
        }
      }
    }
    const grid = units(w, theta);
    const [hand, all] = await b.readMany([handSet, grid]);
    for (const t of [x, handSet, grid]) t.dispose();
    const row = (v: Float64Array, i: number) => Array.from(v.subarray(4 * i, 4 * i + 4));
    const computing: Record<string, number> = {};
    for (const gate of GATES) {
      const target = Array.from(logicGate(gate).Y);
      computing[gate] = theta.filter((_, i) => row(all, i).every((o, k) => o === target[k]))
        .length;
    }
    return {
      and: row(hand, 0),
      or: row(hand, 1),
      tie: row(hand, 2),
      gridUnits: theta.length,
      computing,
    };
  },
  claims: [
    {
      id: "and-by-hand",
      text: "A thresholded logic unit with weights set, not learned (w = [1, 1], threshold " +
        "1.5), computes the AND table: outputs on [0,0], [0,1], [1,0], [1,1]",
      source: lecture(4, TABLES),
      expected: [0, 0, 0, 1],
      check: { kind: "equals" },
      when: { range: 2, step: 0.125 },
      observe: ({ outputs }) => outputs.and,
    },
    {
      id: "or-by-hand",
      text: "With threshold 0.5 the same unit computes the OR table: outputs on [0,0], [0,1], " +
        "[1,0], [1,1]",
      source: lecture(4, TABLES),
      expected: [0, 1, 1, 1],
      check: { kind: "equals" },
      when: { range: 2, step: 0.125 },
      observe: ({ outputs }) => outputs.or,
    },
    {
      id: "tie-gives-zero",
      text: "output = 0 if Σ wⱼxⱼ ≤ threshold: with w = [1, 1] and threshold 1, the inputs " +
        "[0,1] and [1,0] sit exactly on the threshold and map to 0 (the unit computes AND)",
      source: lecture(4, TLU, "Maps inputs to 1 or 0"),
      expected: [0, 0, 0, 1],
      check: { kind: "equals" },
      when: { range: 2, step: 0.125 },
      observe: ({ outputs }) => outputs.tie,
    },
    {
      id: "no-unit-computes-xor",
      text: "A single threshold unit cannot compute XOR (it is linear; XOR is not): of the " +
        "units with w₁, w₂ and threshold on the grid −2, −1.875, …, 2, those computing XOR",
      source: lecture(
        4,
        TABLES,
        "this isn't surprising to us, as the model implied by the perceptron is a linear one " +
          "and the XOR function is nonlinear",
      ),
      expected: 0,
      check: { kind: "equals" },
      when: { range: 2, step: 0.125 },
      observe: ({ outputs }) => outputs.computing.XOR,
      note: ({ outputs: o }) =>
        `Of ${o.gridUnits} grid units, ${o.computing.AND} compute AND, ${o.computing.OR} OR ` +
        `and ${o.computing.XOR} XOR.`,
    },
  ],
});
