/**
 * Lectures 0, 2 and 3: the dimensions of a fully connected network's matrices — W[l] is
 * n[l] × n[l−1], b[l] is n[l] × 1, Z[l] and A[l] are n[l] × m, dW[l] has W[l]'s shape — read
 * from the tensors the backend builds and runs: lecture 2's L = 5 network ([2, 3, 5, 4, 2, 1]),
 * its one-hidden-layer network with 4 hidden units, and lecture 3's 5-3-1 and 6-4-2 networks.
 * With them, the lectures' "for i = 1 to m" loop against the vectorised pass (Algorithm 1 =
 * Algorithm 2) and the unit-by-unit z_i = w_iᵀx + b_i against the stacked W·x + b.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { backwardBlocks, shapes } from "./lib/blocks.ts";
import { defineExperiment, lecture } from "./prelude.ts";

type Shape = [number, number];

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
type NetName = keyof typeof NETS;

type NetShapes = {
  dims: number[];
  W: Shape[];
  b: Shape[];
  /** One example (its first column): x, then z[l] and a[l] for l = 1 … L. */
  single: { x: Shape; Z: Shape[]; A: Shape[] };
  /** All m examples: X, Z[l], A[l]; dZ[l], dA[l] (l = 0 … L) from the backward blocks; dW, db. */
  batch: {
    X: Shape;
    Z: Shape[];
    A: Shape[];
    dZ: Shape[];
    dA: Shape[];
    dW: Shape[];
    db: Shape[];
  };
  /** max |a[l](i) − A[l][:, i]| over every layer and example: the loop against the matrices. */
  loopVsVectorized: number;
};

/** Shapes of one network on X (n_x × m) and Y, and its loop-vs-vectorised difference. */
async function measure(b: Backend, net: Network, X: Tensor, Y: Tensor): Promise<NetShapes> {
  const m = X.shape[1];
  const x = b.slice(X, 0, X.shape[0], 0, 1);
  const single = b.tidy(() => {
    const { caches } = net.forward(x);
    return { Z: shapes(caches.map((c) => c.Z)), A: shapes(caches.map((c) => c.A)) };
  });
  const batch = b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const g = net.backward(AL, Y, caches);
    const blocks = backwardBlocks(b, net, caches, Y);
    return {
      X: [X.shape[0], X.shape[1]] as Shape,
      Z: shapes(caches.map((c) => c.Z)),
      A: shapes(caches.map((c) => c.A)),
      dZ: shapes(blocks.dZ),
      dA: shapes(blocks.dA),
      dW: shapes(g.dW),
      db: shapes(g.db),
    };
  });
  // Algorithm 1: one example at a time; Algorithm 2: all m columns at once.
  const vectorized = b.tidy(() => net.forward(X).caches.map((c) => c.A));
  const looped = Array.from({ length: m }, (_, i) =>
    b.tidy(() => {
      const xi = b.slice(X, 0, X.shape[0], i, i + 1);
      return net.forward(xi).caches.map((c) => c.A);
    }));
  const L = vectorized.length;
  const all = await b.readMany([...vectorized, ...looped.flat()]);
  const vec = all.slice(0, L);
  const loop = looped.map((_, i) => all.slice(L + i * L, L + (i + 1) * L));
  let loopVsVectorized = 0;
  vec.forEach((A, l) => {
    const rows = vectorized[l].shape[0];
    for (let i = 0; i < m; i++) {
      for (let r = 0; r < rows; r++) {
        loopVsVectorized = Math.max(loopVsVectorized, Math.abs(loop[i][l][r] - A[r * m + i]));
      }
    }
  });
  for (const t of [x, ...vectorized, ...looped.flat()]) t.dispose();
  return {
    dims: [...net.spec.layerDims],
    W: shapes(net.params.W),
    b: shapes(net.params.b),
    single: { x: [x.shape[0], x.shape[1]], ...single },
    batch,
    loopVsVectorized,
  };
}

/** Lecture 2's z_i[1] = w_i[1]ᵀx + b_i[1], unit by unit, against the stacked W[1]x + b[1]. */
async function perUnitVsStacked(b: Backend, net: Network, X: Tensor): Promise<number> {
  const W = net.params.W[0], bias = net.params.b[0];
  const units = W.shape[0], n = W.shape[1];
  const x = b.slice(X, 0, X.shape[0], 0, 1);
  const stacked = b.tidy(() => b.binary("add", b.matmul(W, x), bias));
  const perUnit = Array.from({ length: units }, (_, i) =>
    b.tidy(() => {
      const wi = b.slice(W, i, i + 1, 0, n); // w_i[1]ᵀ: row i of W[1]
      return b.binary("add", b.matmul(wi, x), b.slice(bias, i, i + 1, 0, 1));
    }));
  const [z, ...zi] = await b.readMany([stacked, ...perUnit]);
  for (const t of [x, stacked, ...perUnit]) t.dispose();
  return Math.max(...zi.map((v, i) => Math.abs(v[0] - z[i])));
}

export default defineExperiment({
  id: "network-shapes",
  title: "Matrix dimensions of fully connected networks, forward and backward",
  source: lecture(2, "Getting your matrix dimensions correct"),
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
  params: {
    examples: {
      type: "integer",
      default: 10,
      min: 1,
      max: 10000,
      doc: "m, the examples (columns) of X: the lectures leave it open",
    },
  },
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const m = ctx.params.examples;
    const nets = {} as Record<NetName, NetShapes>;
    let perUnit = 0;
    for (const name of Object.keys(NETS) as NetName[]) {
      const { dims, hidden } = NETS[name];
      const layers = initializeParameters(ctx.rng, dims, "random", { scale: 0.01 });
      const net = Network.fromValues(b, { layerDims: dims, hidden }, layers);
      const X = b.fromArray(ctx.rng.randn(dims[0] * m), [dims[0], m]);
      const k = dims[dims.length - 1];
      const Y = b.fromArray(ctx.rng.randint(0, 2, k * m), [k, m]);
      nets[name] = await measure(b, net, X, Y);
      if (name === "shallow-4") perUnit = await perUnitVsStacked(b, net, X);
      for (const t of [X, Y]) t.dispose();
      net.dispose();
    }
    return { nets, perUnitVsStacked: perUnit };
  },
  claims: [
    // Lecture 2, "Getting your matrix dimensions correct".
    {
      id: "l5-z1-one-example",
      text: "z[1] = W[1]x + b[1]: (3, 1) = (?, ?) × (2, 1) + (3, 1), thus dim of W[1] is " +
        "(n[1], n[0]) = (3, 2)",
      source: lecture(
        2,
        "Getting your matrix dimensions correct",
        "Thus, dim of $W^{[1]}$ is $(n^{[1]}, n^{[0]})$",
      ),
      expected: { z1: [3, 1], W1: [3, 2], x: [2, 1], b1: [3, 1] },
      check: { kind: "equals" },
      observe: ({ outputs: { nets: { l5 } } }) => ({
        z1: l5.single.Z[0],
        W1: l5.W[0],
        x: l5.single.x,
        b1: l5.b[0],
      }),
    },
    {
      id: "l5-w-shapes",
      text: "dim of W[l] is (n[l], n[l−1]): W[1] (3, 2), W[2] (5, 3), W[3] (4, 5), W[4] (2, 4), " +
        "W[5] (1, 2)",
      source: lecture(
        2,
        "Getting your matrix dimensions correct",
        "In this example, dim of $W^{[2]}$ is $(5, 3)$",
      ),
      expected: [[3, 2], [5, 3], [4, 5], [2, 4], [1, 2]],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.nets.l5.W,
    },
    {
      id: "l5-b-shapes",
      text: "dim of b[l] is (n[l], 1): (3, 1), (5, 1), (4, 1), (2, 1), (1, 1)",
      source: lecture(
        2,
        "Getting your matrix dimensions correct",
        "and dim of $b^{[l]}$ is $(n^{[l]}, 1)$",
      ),
      expected: [[3, 1], [5, 1], [4, 1], [2, 1], [1, 1]],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.nets.l5.b,
    },
    // Lecture 2, "Dimensions of vectorized implementations".
    {
      id: "l5-z-one-example",
      text: "For one single training example z[l] = W[l]a[l−1] + b[l]: (n[l], 1) = " +
        "(n[l], n[l−1]) × (n[l−1], 1) + (n[l], 1), for l = 1 … 5",
      source: lecture(
        2,
        "Dimensions of vectorized implementations",
        "$(n^{[l]}, 1) = (n^{[l]}, n^{[l-1]}) \\times (n^{[l-1]}, 1) + (n^{[l]}, 1)$",
      ),
      expected: [[3, 1], [5, 1], [4, 1], [2, 1], [1, 1]],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.nets.l5.single.Z,
    },
    {
      id: "l5-z-a-m-examples",
      text: "Vectorized over m examples Z[l] = W[l]A[l−1] + b[l]: (n[l], m) = (n[l], n[l−1]) × " +
        "(n[l−1], m) + (n[l], m); A[l] = g[l](Z[l]) has the same shape (m = 10)",
      source: lecture(
        2,
        "Dimensions of vectorized implementations",
        "$(n^{[l]}, m) = (n^{[l]}, n^{[l-1]}) \\times (n^{[l-1]}, m) + (n^{[l]}, m)$",
      ),
      expected: {
        Z: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        A: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
      },
      check: { kind: "equals" },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5 } } }) => ({ Z: l5.batch.Z, A: l5.batch.A }),
    },
    {
      id: "l5-table-dz-da",
      text: "Table: dZ[l] and dA[l] are (n[l], m) — dZ[1 … 5] from the backward blocks, and " +
        "dA[0 … 5] (dA[0] is what layer 1's block returns), m = 10",
      source: lecture(
        2,
        "Dimensions of vectorized implementations",
        "$Z^{[l]}, A^{[l]}, b^{[l]}, dZ^{[l]}, dA^{[l]}, db^{[l]}$ $(n^{[l]}, m)$",
      ),
      expected: {
        dZ: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        dA: [[2, 10], [3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
      },
      check: { kind: "equals" },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5 } } }) => ({ dZ: l5.batch.dZ, dA: l5.batch.dA }),
    },
    {
      id: "l5-table-w-dw",
      text: "Table: W[l] and dW[l] are (n[l], n[l−1]) — dW from the network's backward pass",
      source: lecture(
        2,
        "Dimensions of vectorized implementations",
        "$W^{[l]}, dW^{[l]}$ $(n^{[l]}, n^{[l-1]})$",
      ),
      expected: {
        W: [[3, 2], [5, 3], [4, 5], [2, 4], [1, 2]],
        dW: [[3, 2], [5, 3], [4, 5], [2, 4], [1, 2]],
      },
      check: { kind: "equals" },
      observe: ({ outputs: { nets: { l5 } } }) => ({ W: l5.W, dW: l5.batch.dW }),
    },
    {
      id: "l5-table-b-db",
      text: "Table: b[l] and db[l] are (n[l], m) (m = 10)",
      source: lecture(
        2,
        "Dimensions of vectorized implementations",
        "$Z^{[l]}, A^{[l]}, b^{[l]}, dZ^{[l]}, dA^{[l]}, db^{[l]}$ $(n^{[l]}, m)$",
      ),
      expected: {
        b: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        db: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
      },
      check: { kind: "equals" },
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
    },
    // Lecture 2, "Computing NN's Output" and "Vectorizing across multiple examples".
    {
      id: "shallow-unit-by-unit",
      text: "z_i[1] = w_i[1]ᵀx + b_i[1] for the 4 hidden units, one at a time, is z[1] = " +
        "W[1]x + b[1] (max |difference| over the 4 units)",
      source: lecture(2, "Computing NN's Output", "$$z^{[1]} = W^{[1]}x + b^{[1]}$$"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.perUnitVsStacked,
    },
    {
      id: "shallow-loop-equals-vectorized",
      text: "for i = 1 to m: z[1](i) = W[1]x(i) + b[1], a[1](i) = σ(z[1](i)), z[2](i) = " +
        "W[2]a[1](i) + b[2], a[2](i) = σ(z[2](i)) gives the columns of Z[1] = W[1]X + b[1], " +
        "A[1] = σ(Z[1]), Z[2] = W[2]A[1] + b[2], A[2] = σ(Z[2]) (max |difference| over both " +
        "layers and all m examples)",
      source: lecture(2, "Vectorizing across multiple examples"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.nets["shallow-4"].loopVsVectorized,
    },
    // Lecture 3.
    {
      id: "fc-5-3-1-shapes",
      text: "W[1] is a (3x5) matrix, b[1] is a (3x1) vector, W[2] is a (1x3) matrix (i.e., a row " +
        "vector), b[2] is a (1x1) vector; x is 5×1, z[1] and a[1] are 3×1, ŷ = a[2] is 1×1",
      source: lecture(3, "A 2-layer FC-NN Example:", "is a (3x5) matrix"),
      expected: {
        W: [[3, 5], [1, 3]],
        b: [[3, 1], [1, 1]],
        x: [5, 1],
        Z: [[3, 1], [1, 1]],
        A: [[3, 1], [1, 1]],
      },
      check: { kind: "equals" },
      observe: ({ outputs: { nets } }) => {
        const n = nets["fc-5-3-1"];
        return { W: n.W, b: n.b, x: n.single.x, Z: n.single.Z, A: n.single.A };
      },
    },
    {
      id: "fc-5-3-1-z-shape-of-a",
      text: "Z[1] has the same shape as A[1] (3 × m, m = 10)",
      source: lecture(
        3,
        "Computation with less for-loop",
        "($Z^{[1]}$ has the same shape as $A^{[1]}$)",
      ),
      expected: { Z1: [3, 10], A1: [3, 10] },
      check: { kind: "equals" },
      when: { examples: 10 },
      observe: ({ outputs: { nets } }) => ({
        Z1: nets["fc-5-3-1"].batch.Z[0],
        A1: nets["fc-5-3-1"].batch.A[0],
      }),
    },
    {
      id: "fc-5-3-1-algorithm-1-equals-2",
      text: "Algorithm 1 (for i = 1 to m, one example at a time) and Algorithm 2 (Z[1] = " +
        "W[1]X + b[1], A[1] = σ(Z[1]), Z[2] = W[2]A[1] + b[2], A[2] = σ(Z[2])) compute the same " +
        "activations (max |difference| over both layers and all m examples)",
      source: lecture(3, "Computation with less for-loop"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.nets["fc-5-3-1"].loopVsVectorized,
    },
    {
      id: "fc-6-4-2-w1",
      text: "A 2 layer NN with 6 inputs and 2 outputs: a[1] is 4×1, ŷ = a[2] is 2×1, and " +
        "W[1] is (a × b) with a = 4 and b = 6",
      source: lecture(3, "Another 2 layer FC NN Example", "a=4 and b=6 for $\\mathbf{W}^{[1]}$"),
      expected: { W1: [4, 6], a1: [4, 1], yhat: [2, 1] },
      check: { kind: "equals" },
      observe: ({ outputs: { nets } }) => {
        const n = nets["fc-6-4-2"];
        return { W1: n.W[0], a1: n.single.A[0], yhat: n.single.A[1] };
      },
    },
    // Lecture 0, "Dimensions of Stacked Matrices", on lecture 2's L = 5 network.
    {
      id: "l5-stacked-matrices",
      text: "Z[l] = W[l]·A[l−1] + b[l] with Z (n[l], m), W (n[l], n[l−1]), A[l−1] (n[l−1], m), " +
        "b (n[l], 1) during addition, A[l] (n[l], m); dZ[l] and dA[l] (n[l], m), dW[l] " +
        "(n[l], n[l−1]), db[l] (n[l], 1) — on lecture 2's L = 5 network, m = 10",
      source: lecture(0, "Dimensions of Stacked Matrices"),
      expected: {
        Z: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        W: [[3, 2], [5, 3], [4, 5], [2, 4], [1, 2]],
        Aprev: [[2, 10], [3, 10], [5, 10], [4, 10], [2, 10]],
        b: [[3, 1], [5, 1], [4, 1], [2, 1], [1, 1]],
        A: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        dZ: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        dA: [[3, 10], [5, 10], [4, 10], [2, 10], [1, 10]],
        dW: [[3, 2], [5, 3], [4, 5], [2, 4], [1, 2]],
        db: [[3, 1], [5, 1], [4, 1], [2, 1], [1, 1]],
      },
      check: { kind: "equals" },
      when: { examples: 10 },
      observe: ({ outputs: { nets: { l5 } } }) => ({
        Z: l5.batch.Z,
        W: l5.W,
        Aprev: [l5.batch.X, ...l5.batch.A.slice(0, -1)],
        b: l5.b,
        A: l5.batch.A,
        dZ: l5.batch.dZ,
        dA: l5.batch.dA.slice(1),
        dW: l5.batch.dW,
        db: l5.batch.db,
      }),
    },
  ],
});
