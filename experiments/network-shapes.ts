/** Lectures 0, 2 and 3: network matrix dimensions, read from the tensors the backend computes. */
import { measureNetworks, type NetShapes } from "./lib/net_shapes.ts";
import { exactClaims } from "./lib/exact_claims.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** The networks the lectures draw, with the hidden activation each uses. */
const NETS = {
  /** Lecture 2, "Notations in Deep Neural Networks": L = 5, n = [2, 3, 5, 4, 2, 1]. */
  "l5": { dims: [2, 3, 5, 4, 2, 1], hidden: "relu" },
  /** Lecture 2, "One hidden layer Neural Network": 4 hidden units (3 inputs chosen here). */
  "shallow-4": { dims: [3, 4, 1], hidden: "sigmoid" },
  /** Lecture 3, "A 2-layer FC-NN Example:": 5 inputs, 3 hidden units, 1 output. */
  "fc-5-3-1": { dims: [5, 3, 1], hidden: "sigmoid" },
  /** Lecture 3, "Another 2 layer FC NN Example": 6 inputs, 4 hidden units, 2 outputs. */
  "fc-6-4-2": { dims: [6, 4, 2], hidden: "sigmoid" },
} as const;

const DIMS_CORRECT = "Getting your matrix dimensions correct";
const VECTORIZED = "Dimensions of vectorized implementations";
const Z_ONE = "$(n^{[l]}, 1) = (n^{[l]}, n^{[l-1]}) \\times (n^{[l-1]}, 1) + (n^{[l]}, 1)$";
const Z_M = "$(n^{[l]}, m) = (n^{[l]}, n^{[l-1]}) \\times (n^{[l-1]}, m) + (n^{[l]}, m)$";
const LESS_LOOP = "Computation with less for-loop";
const TABLE_NM = "$Z^{[l]}, A^{[l]}, b^{[l]}, dZ^{[l]}, dA^{[l]}, db^{[l]}$ $(n^{[l]}, m)$";
/** Lecture 2's L = 5 network, layers 1 … 5: (n[l], n[l−1]), (n[l], 1) and (n[l], m = 10). */
const L5_W = [[3, 2], [5, 3], [4, 5], [2, 4], [1, 2]];
const L5_COLUMN = [[3, 1], [5, 1], [4, 1], [2, 1], [1, 1]];
const L5_M = [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]];
const FC531_COL = [[3, 1], [1, 1]];

const M_DOC = "m, the examples (columns) of X: the lectures leave it open";
const PARAMS = {
  examples: { type: "integer", default: 10, min: 1, max: 10000, doc: M_DOC },
} as const;
type Output = { nets: Record<keyof typeof NETS, NetShapes>; perUnitVsStacked: number };
const exact = exactClaims<Output, typeof PARAMS>();

export default defineExperiment({
  id: "network-shapes",
  title: "Matrix dimensions of fully connected networks, forward and backward",
  source: lecture(2, DIMS_CORRECT),
  description:
    "Lecture 2's L = 5 network (n = [2, 3, 5, 4, 2, 1], ReLU hidden layers, sigmoid output), " +
    "its one-hidden-layer network with 4 sigmoid units (on 3 inputs: the slide's figure is not " +
    "in the text), and lecture 3's 5-3-1 and 6-4-2 sigmoid networks are built with " +
    "nn/network.ts from the lectures' initialisation (W = randn·0.01, b = 0, from the trial's " +
    "RandomState) and run on `examples` randn input columns with random 0/1 labels. Every " +
    "shape is read from a tensor the backend computed: W[l] and b[l] as allocated; z[l], a[l] " +
    "of a forward pass on one example (the first column); Z[l], A[l] of a forward pass on all " +
    "m; dW[l], db[l] of the network's backward pass; dZ[l] and dA[l] of lecture 2's backward " +
    "blocks chained from dA[L] = −(Y/A − (1 − Y)/(1 − A)) (experiments/lib/blocks.ts). The " +
    "loop of Algorithm 1 runs the forward pass once per example (a column slice) and is " +
    "compared with the vectorised Algorithm 2 on every layer's activations; lecture 2's unit-" +
    "by-unit z_i = w_iᵀx + b_i multiplies row i of W[1] with x.",
  params: PARAMS,
  seeds: [1],
  charts: [],
  run(ctx): Promise<Output> {
    return measureNetworks(ctx.backend, ctx.rng, NETS, ctx.params.examples, "shallow-4");
  },
  claims: [
    exact({
      id: "l5-z1-one-example",
      text: "z[1] = W[1]x + b[1]: (3, 1) = (?, ?) × (2, 1) + (3, 1), thus dim of W[1] is " +
        "(n[1], n[0]) = (3, 2)",
      source: lecture(2, DIMS_CORRECT, "Thus, dim of $W^{[1]}$ is $(n^{[1]}, n^{[0]})$"),
      expected: { z1: [3, 1], W1: [3, 2], x: [2, 1], b1: [3, 1] },
      observe: ({ outputs: { nets: { l5: { W, b, single } } } }) => {
        return { z1: single.Z[0], W1: W[0], x: single.x, b1: b[0] };
      },
    }),
    exact({
      id: "l5-w-shapes",
      text: "dim of W[l] is (n[l], n[l−1]): W[1] (3, 2), W[2] (5, 3), W[3] (4, 5), W[4] (2, 4), " +
        "W[5] (1, 2)",
      source: lecture(2, DIMS_CORRECT, "In this example, dim of $W^{[2]}$ is $(5, 3)$"),
      expected: L5_W,
      observe: ({ outputs }) => outputs.nets.l5.W,
    }),
    exact({
      id: "l5-b-shapes",
      text: "dim of b[l] is (n[l], 1): (3, 1), (5, 1), (4, 1), (2, 1), (1, 1)",
      source: lecture(2, DIMS_CORRECT, "and dim of $b^{[l]}$ is $(n^{[l]}, 1)$"),
      expected: L5_COLUMN,
      observe: ({ outputs }) => outputs.nets.l5.b,
    }),
    exact({
      id: "l5-z-one-example",
      text: "For one single training example z[l] = W[l]a[l−1] + b[l]: (n[l], 1) = " +
        "(n[l], n[l−1]) × (n[l−1], 1) + (n[l], 1), for l = 1 … 5",
      source: lecture(2, VECTORIZED, Z_ONE),
      expected: L5_COLUMN,
      observe: ({ outputs }) => outputs.nets.l5.single.Z,
    }),
    exact({
      id: "l5-z-a-m-examples",
      text: "Vectorized over m examples Z[l] = W[l]A[l−1] + b[l]: (n[l], m) = (n[l], n[l−1]) × " +
        "(n[l−1], m) + (n[l], m); A[l] = g[l](Z[l]) has the same shape (m = 10)",
      source: lecture(2, VECTORIZED, Z_M),
      expected: { Z: L5_M, A: L5_M },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5 } } }) => ({ Z: l5.batch.Z, A: l5.batch.A }),
    }),
    exact({
      id: "l5-table-dz-da",
      text: "Table: dZ[l] and dA[l] are (n[l], m) — dZ[1 … 5] from the backward blocks, and " +
        "dA[0 … 5] (dA[0] is what layer 1's block returns), m = 10",
      source: lecture(2, VECTORIZED, TABLE_NM),
      expected: { dZ: L5_M, dA: [[2, 10], ...L5_M] },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5 } } }) => ({ dZ: l5.batch.dZ, dA: l5.batch.dA }),
    }),
    exact({
      id: "l5-table-w-dw",
      text: "Table: W[l] and dW[l] are (n[l], n[l−1]) — dW from the network's backward pass",
      source: lecture(2, VECTORIZED, "$W^{[l]}, dW^{[l]}$ $(n^{[l]}, n^{[l-1]})$"),
      expected: { W: L5_W, dW: L5_W },
      observe: ({ outputs: { nets: { l5 } } }) => ({ W: l5.W, dW: l5.batch.dW }),
    }),
    exact({
      id: "l5-table-b-db",
      text: "Table: b[l] and db[l] are (n[l], m) (m = 10)",
      source: lecture(2, VECTORIZED, TABLE_NM),
      expected: { b: L5_M, db: L5_M },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5 } } }) => ({ b: l5.b, db: l5.batch.db }),
      note: ({ outputs: { nets: { l5 } } }) =>
        `b[l] and db[l] are (n[l], 1) here: ${JSON.stringify(l5.b)} and ` +
        `${JSON.stringify(l5.batch.db)}; b is broadcast across the m columns when added to ` +
        "W[l]A[l−1].",
      diverges: {
        reason: 'b[l] and db[l] are (n[l], 1), not (n[l], m): the same lecture states "dim of ' +
          'b[l] is (n[l], 1)" on the previous slide, and its own formula db[l] = (1/m) ' +
          "np.sum(dZ[l], axis=1, keepdims=True) has shape (n[l], 1) (lecture 0's \"Dimensions " +
          'of Stacked Matrices" also gives db[l] as (n[l], 1)). b[l] is broadcast to (n[l], m) ' +
          "only inside the sum W[l]A[l−1] + b[l]; the table groups b and db with Z and A.",
      },
    }),
    exact({
      id: "shallow-unit-by-unit",
      text: "z_i[1] = w_i[1]ᵀx + b_i[1] for the 4 hidden units, one at a time, is z[1] = " +
        "W[1]x + b[1] (max |difference| over the 4 units)",
      source: lecture(2, "Computing NN's Output", "$$z^{[1]} = W^{[1]}x + b^{[1]}$$"),
      expected: 0,
      observe: ({ outputs }) => outputs.perUnitVsStacked,
    }),
    exact({
      id: "shallow-loop-equals-vectorized",
      text: "for i = 1 to m: z[1](i) = W[1]x(i) + b[1], a[1](i) = σ(z[1](i)), z[2](i) = " +
        "W[2]a[1](i) + b[2], a[2](i) = σ(z[2](i)) gives the columns of Z[1] = W[1]X + b[1], " +
        "A[1] = σ(Z[1]), Z[2] = W[2]A[1] + b[2], A[2] = σ(Z[2]) (max |difference| over both " +
        "layers and all m examples)",
      source: lecture(2, "Vectorizing across multiple examples"),
      expected: 0,
      observe: ({ outputs }) => outputs.nets["shallow-4"].loopVsVectorized,
    }),
    exact({
      id: "fc-5-3-1-shapes",
      text: "W[1] is a (3x5) matrix, b[1] is a (3x1) vector, W[2] is a (1x3) matrix (i.e., a row " +
        "vector), b[2] is a (1x1) vector; x is 5×1, z[1] and a[1] are 3×1, ŷ = a[2] is 1×1",
      source: lecture(3, "A 2-layer FC-NN Example:", "is a (3x5) matrix"),
      expected: { W: [[3, 5], [1, 3]], b: FC531_COL, x: [5, 1], Z: FC531_COL, A: FC531_COL },
      observe: ({ outputs: { nets: { "fc-5-3-1": { W, b, single } } } }) => {
        return { W, b, x: single.x, Z: single.Z, A: single.A };
      },
    }),
    exact({
      id: "fc-5-3-1-z-shape-of-a",
      text: "Z[1] has the same shape as A[1] (3 × m, m = 10)",
      source: lecture(3, LESS_LOOP, "($Z^{[1]}$ has the same shape as $A^{[1]}$)"),
      expected: { Z1: [3, 10], A1: [3, 10] },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { "fc-5-3-1": { batch } } } }) => {
        return { Z1: batch.Z[0], A1: batch.A[0] };
      },
    }),
    exact({
      id: "fc-5-3-1-algorithm-1-equals-2",
      text: "Algorithm 1 (for i = 1 to m, one example at a time) and Algorithm 2 (Z[1] = " +
        "W[1]X + b[1], A[1] = σ(Z[1]), Z[2] = W[2]A[1] + b[2], A[2] = σ(Z[2])) compute the same " +
        "activations (max |difference| over both layers and all m examples)",
      source: lecture(3, LESS_LOOP),
      expected: 0,
      observe: ({ outputs }) => outputs.nets["fc-5-3-1"].loopVsVectorized,
    }),
    exact({
      id: "fc-6-4-2-w1",
      text: "A 2 layer NN with 6 inputs and 2 outputs: a[1] is 4×1, ŷ = a[2] is 2×1, and " +
        "W[1] is (a × b) with a = 4 and b = 6",
      source: lecture(3, "Another 2 layer FC NN Example", "a=4 and b=6 for $\\mathbf{W}^{[1]}$"),
      expected: { W1: [4, 6], a1: [4, 1], yhat: [2, 1] },
      observe: ({ outputs: { nets: { "fc-6-4-2": { W, single } } } }) => {
        return { W1: W[0], a1: single.A[0], yhat: single.A[1] };
      },
    }),
    exact({
      id: "l5-stacked-matrices",
      text: "Z[l] = W[l]·A[l−1] + b[l] with Z (n[l], m), W (n[l], n[l−1]), A[l−1] (n[l−1], m), " +
        "b (n[l], 1) during addition, A[l] (n[l], m); dZ[l] and dA[l] (n[l], m), dW[l] " +
        "(n[l], n[l−1]), db[l] (n[l], 1) — on lecture 2's L = 5 network, m = 10",
      source: lecture(0, "Dimensions of Stacked Matrices"),
      expected: {
        Z: L5_M,
        W: L5_W,
        Aprev: [[2, 10], [3, 10], [5, 10], [4, 10], [2, 10]],
        b: L5_COLUMN,
        A: L5_M,
        dZ: L5_M,
        dA: L5_M,
        dW: L5_W,
        db: L5_COLUMN,
      },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5: { W, b, batch: { X, Z, A, dZ, dA, dW, db } } } } }) => {
        return { Z, W, Aprev: [X, ...A.slice(0, -1)], b, A, dZ, dA: dA.slice(1), dW, db };
      },
    }),
  ],
});
