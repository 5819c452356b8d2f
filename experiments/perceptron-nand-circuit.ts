/**
 * Lecture 4, "Multi Layer Perceptron (MLP)": "A network of perceptrons can be used to simulate a
 * circuit containing many NAND gates. And because NAND gates are universal for computation, it
 * follows that perceptrons are also universal for computation." A hardlim perceptron learns NAND
 * with the lecture's rule; a circuit of five copies of it computes a half adder — its sum bit is
 * XOR, the function no single perceptron can learn.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { trainPerceptron } from "../nn/perceptron.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** The four inputs (x₁, x₂) as columns, and NAND of each. */
const INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]] as const;
const NAND = INPUTS.map(([a, b]) => (a && b ? 0 : 1));

/** hardlim(w·[a; b] + bias) for rows a, b ([1, 4] each): one NAND perceptron of the circuit. */
function gate(bk: Backend, weights: readonly number[], a: Tensor, b: Tensor): Tensor {
  return bk.tidy(() => {
    const [bias, w1, w2] = weights; // bias first, as nn/perceptron.ts returns it
    const n = bk.binary(
      "add",
      bk.binary("add", bk.unary("affine", a, w1, 0), bk.unary("affine", b, w2, 0)),
      bk.full([1, 1], bias),
    );
    return bk.unary("step", n, 0); // hardlim: 1 if n ≥ 0
  });
}

export default defineExperiment({
  id: "perceptron-nand-circuit",
  title: "Perceptrons are universal: a learned NAND perceptron, wired into a half adder (XOR)",
  source: lecture(4, "Multi Layer Perceptron (MLP)"),
  description:
    "A hardlim perceptron with a bias (nn/perceptron.ts, lecture 4's unified rule w ← w + e·p, " +
    "b ← b + e with e = t − a, learning rate `eta`) is trained from zero weights on NAND's " +
    "truth table, the inputs in the order (0, 0), (0, 1), (1, 0), (1, 1), for `epochs` " +
    "epochs. Its learned weights then serve as every gate of the half adder built from five " +
    "NAND gates: n₁ = NAND(x₁, x₂), n₂ = NAND(x₁, n₁), n₃ = NAND(n₁, x₂), sum = NAND(n₂, n₃), " +
    "carry = NAND(n₁, n₁), each gate computed on the backend as hardlim(w₁a + w₂b + bias) for " +
    "all four inputs at once.",
  params: {
    eta: { type: "number", default: 1, min: 0, doc: "learning rate (lecture 4's rule: 1)" },
    epochs: { type: "integer", default: 10, min: 1, max: 10000, doc: "passes over the table" },
  },
  seeds: [1],
  charts: [{
    name: "errors",
    title: "Misclassifications per epoch while learning NAND",
    kind: "line",
    x: "epoch",
    y: "errors",
    xTitle: "Epoch",
    yTitle: "Misclassifications",
  }],
  async run(ctx) {
    const bk = ctx.backend;
    const x = [...INPUTS.map((p) => p[0]), ...INPUTS.map((p) => p[1])];
    const X = bk.fromArray(x, [2, INPUTS.length]);
    const trained = await trainPerceptron(bk, X, NAND, {
      eta: ctx.params.eta,
      epochs: ctx.params.epochs,
      output: "hardlim",
      bias: true,
    });
    trained.errors.forEach((errors, i) => ctx.log({ epoch: i + 1, errors }));
    const w = trained.weights;
    const x1 = bk.slice(X, 0, 1, 0, 4), x2 = bk.slice(X, 1, 2, 0, 4);
    const nand = gate(bk, w, x1, x2);
    const n1 = gate(bk, w, x1, x2);
    const n2 = gate(bk, w, x1, n1);
    const n3 = gate(bk, w, n1, x2);
    const sum = gate(bk, w, n2, n3);
    const carry = gate(bk, w, n1, n1);
    const [nandOut, sumOut, carryOut] = await bk.readMany([nand, sum, carry]);
    for (const t of [X, x1, x2, nand, n1, n2, n3, sum, carry]) t.dispose();
    return {
      /** Bias first, then w₁, w₂. */
      weights: w,
      errors: trained.errors,
      nand: Array.from(nandOut),
      sum: Array.from(sumOut),
      carry: Array.from(carryOut),
    };
  },
  claims: [
    {
      id: "perceptron-learns-nand",
      chart: "errors",
      text: "A perceptron trained with the learning rule computes NAND: outputs 1, 1, 1, 0 for " +
        "(0, 0), (0, 1), (1, 0), (1, 1)",
      source: lecture(
        4,
        "Multi Layer Perceptron (MLP)",
        "A network of perceptrons can be used to simulate a circuit containing many NAND gates.",
      ),
      expected: [1, 1, 1, 0],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.nand,
      note: ({ outputs: o }) =>
        `Learned bias, w₁, w₂ = ${o.weights.join(", ")}; misclassifications per epoch ` +
        `${o.errors.join(", ")}.`,
    },
    {
      id: "nand-network-computes-xor",
      text: "NAND gates are universal for computation, so perceptrons are too: five NAND " +
        "perceptrons wired as a half adder give sum = XOR (0, 1, 1, 0) and carry = AND " +
        "(0, 0, 0, 1) for (0, 0), (0, 1), (1, 0), (1, 1) — XOR being what a single perceptron " +
        "cannot learn",
      source: lecture(
        4,
        "Multi Layer Perceptron (MLP)",
        "And because NAND gates are universal for computation, it follows that perceptrons are " +
          "also universal for computation.",
      ),
      expected: { sum: [0, 1, 1, 0], carry: [0, 0, 0, 1] },
      check: { kind: "equals" },
      observe: ({ outputs }) => ({ sum: outputs.sum, carry: outputs.carry }),
    },
  ],
});
