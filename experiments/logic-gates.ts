/**
 * Lecture 004: a single perceptron learns AND, OR and NAND but never XOR, which is not linearly
 * separable. Each seed draws the initial weights; the claims hold for every seed.
 */
import { LOGIC_GATES, logicGate } from "../data/toy.ts";
import { trainPerceptron } from "../nn/perceptron.ts";
import { defineExperiment, lecture } from "./prelude.ts";

type GateRun = { errors: number[]; weights: number[] };

const CONVERGENCE = lecture(
  4,
  "Perceptron convergence theorem",
  "The perceptron learning rule will converge to a weight vector (not necessarily unique) that " +
    "gives the correct response for all training patterns, and it will do so in a finite " +
    "number of steps.",
);
const XOR = "Marvin Minsky and Seymour Papert - XOR problem [1969]";

export default defineExperiment({
  id: "logic-gates",
  title: "A perceptron learns AND, OR and NAND, and never XOR",
  source: lecture(4, XOR),
  description: "A hardlim perceptron with a bias, a = hardlim(w·p + b), trained online with " +
    "w ← w + e·p, b ← b + e (e = t − a) on the four input pairs of each gate, from initial " +
    "weights drawn uniformly in [−1, 1) from the trial's RandomState. Misclassifications are " +
    "counted per epoch; the lecture's OR boundary w = [0.5, 0.5], b = −0.25 is also evaluated.",
  params: {
    epochs: { type: "integer", default: 100, min: 1, max: 100000, doc: "passes over the 4 points" },
    eta: { type: "number", default: 1, min: 0, doc: "learning rate (the lecture's rule has 1)" },
  },
  seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  charts: [{
    name: "errors",
    title: "Misclassifications per epoch, by gate",
    kind: "line",
    x: "epoch",
    y: "errors",
    color: "gate",
    yTitle: "Misclassifications",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const out = {} as Record<(typeof LOGIC_GATES)[number], GateRun>;
    for (const gate of LOGIC_GATES) {
      const { X, Y } = logicGate(gate);
      const x = b.fromArray(X, [2, 4]);
      const res = await trainPerceptron(b, x, Array.from(Y), {
        eta: ctx.params.eta,
        epochs: ctx.params.epochs,
        output: "hardlim",
        bias: true,
        initial: Array.from(ctx.rng.uniform(-1, 1, 3)),
      });
      x.dispose();
      res.errors.forEach((errors, i) => ctx.log({ gate, epoch: i + 1, errors }));
      out[gate] = { errors: res.errors, weights: res.weights };
    }
    const { X, Y } = logicGate("OR");
    const a = b.tidy(() =>
      b.unary(
        "step",
        b.binary(
          "add",
          b.matmul(b.fromArray([0.5, 0.5], [1, 2]), b.fromArray(X, [2, 4])),
          b.full([1, 1], -0.25),
        ),
        0,
      )
    );
    const pred = await b.read(a);
    a.dispose();
    const orBoundaryCorrect = Array.from(Y).filter((t, i) => pred[i] === t).length;
    return { ...out, orBoundaryCorrect };
  },
  claims: [
    {
      id: "learns-and",
      chart: "errors",
      text: "The perceptron learning rule converges, in a finite number of steps, to weights " +
        "that give the correct response for all four AND patterns: misclassifications in the " +
        "last of 100 epochs",
      source: CONVERGENCE,
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.AND.errors.at(-1)!,
      note: ({ outputs }) =>
        `Last epoch with an error: ${outputs.AND.errors.findLastIndex((e) => e > 0) + 1}.`,
    },
    {
      id: "learns-or",
      chart: "errors",
      text: "The perceptron learning rule converges, in a finite number of steps, to weights " +
        "that give the correct response for all four OR patterns: misclassifications in the " +
        "last of 100 epochs",
      source: CONVERGENCE,
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.OR.errors.at(-1)!,
      note: ({ outputs }) =>
        `Last epoch with an error: ${outputs.OR.errors.findLastIndex((e) => e > 0) + 1}.`,
    },
    {
      id: "learns-nand",
      chart: "errors",
      text: "A perceptron computes NAND (the gate from which networks of perceptrons simulate " +
        "any circuit): the learning rule converges on the four NAND patterns — " +
        "misclassifications in the last of 100 epochs",
      source: lecture(
        4,
        "Multi Layer Perceptron (MLP)",
        "A network of perceptrons can be used to simulate a circuit containing many NAND gates",
      ),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.NAND.errors.at(-1)!,
    },
    {
      id: "or-boundary",
      text: "Example - OR gate: the boundary w = [0.5, 0.5], b = −0.25 classifies all four points",
      source: lecture(4, "Example - OR gate", "0.25 + b = 0"),
      expected: 4,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.orBoundaryCorrect,
    },
    {
      id: "never-xor",
      chart: "errors",
      text: "The perceptron was incapable of learning XOR, no matter how long you let it " +
        "train: the fewest misclassifications in any of 100 epochs is at least 1",
      source: lecture(
        4,
        XOR,
        "They proved that it was theoretically impossible for it to learn such a function, no " +
          "matter how long you let it train.",
      ),
      expected: 1,
      check: { kind: "atLeast" },
      observe: ({ outputs }) => Math.min(...outputs.XOR.errors),
    },
  ],
});
