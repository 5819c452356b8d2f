/**
 * Lecture 004: a single perceptron learns AND and OR but never XOR, which is not linearly
 * separable. Each seed draws the initial weights; the claims hold for every seed.
 */
import { type Context, defineExperiment, type TrialView } from "../harness/experiment.ts";
import { LOGIC_GATES, logicGate } from "../data/toy.ts";
import { trainPerceptron } from "../nn/perceptron.ts";

const SOURCE = "004_62dbc0ba7525818d.txt, Perceptron: OR gate; XOR problem";

type GateRun = {
  errors: number[];
  weights: number[];
};

type GatesOutput = Record<(typeof LOGIC_GATES)[number], GateRun> & { orBoundaryCorrect: number };

export default defineExperiment<GatesOutput>({
  id: "logic-gates",
  title: "A perceptron learns AND and OR, and never XOR",
  source: SOURCE,
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
  claims: [
    ...(["AND", "OR"] as const).map((gate) => ({
      id: `learns-${gate.toLowerCase()}`,
      text: `A perceptron learns ${gate}: an epoch with zero errors, and none after it`,
      source: SOURCE,
      expected: 0,
      measure: ({ outputs }: TrialView<GatesOutput>) => {
        const e = outputs[gate].errors;
        return { observed: `final epoch errors ${e.at(-1)}`, pass: e.at(-1) === 0 };
      },
    })),
    {
      id: "or-boundary",
      text: "The OR boundary w = [0.5, 0.5], b = −0.25 classifies all four points",
      source: SOURCE,
      expected: 4,
      measure: ({ outputs }) => ({
        observed: outputs.orBoundaryCorrect,
        pass: outputs.orBoundaryCorrect === 4,
      }),
    },
    {
      id: "never-xor",
      text: "XOR is not linearly separable: at least one misclassification in every epoch",
      source: SOURCE,
      expected: "min errors per epoch ≥ 1",
      measure: ({ outputs }) => {
        const min = Math.min(...outputs.XOR.errors);
        return { observed: `min errors per epoch ${min}`, pass: min >= 1 };
      },
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const out = {} as Record<(typeof LOGIC_GATES)[number], GateRun>;
    for (const gate of LOGIC_GATES) {
      const { X, Y } = logicGate(gate);
      const x = b.fromArray(X, [2, 4]);
      const res = await trainPerceptron(b, x, Array.from(Y), {
        eta: ctx.params.eta as number,
        epochs: ctx.params.epochs as number,
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
});
