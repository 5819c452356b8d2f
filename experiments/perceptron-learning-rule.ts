/**
 * Lecture 004's worked example of the perceptron learning rule: three points, hardlim, no bias,
 * w from [1.0, −0.8] to [2.0, 1.2], [3.0, −0.8] and [3.0, 0.2].
 */
import { within } from "../harness/claims.ts";
import { type Context, defineExperiment, type TrialView } from "../harness/experiment.ts";
import { trainPerceptron } from "../nn/perceptron.ts";

const SOURCE = "004_62dbc0ba7525818d.txt, Perceptron learning rule (test problem)";
const EXPECTED = [[2.0, 1.2], [3.0, -0.8], [3.0, 0.2]];

type RuleOutput = { history: number[][]; weights: number[]; correct: number };

export default defineExperiment<RuleOutput>({
  id: "perceptron-learning-rule",
  title: "The perceptron learning rule, step by step (three points, no bias)",
  source: SOURCE,
  description:
    "p1 = [1, 2] with t = 1, p2 = [−1, 2] with t = 0, p3 = [0, −1] with t = 0; a = hardlim(w·p); " +
    "e = t − a; w ← w + e·p, starting from w = [1.0, −0.8] and presenting p1, p2, p3 once.",
  params: {
    w1: { type: "number", default: 1.0, doc: "initial first weight" },
    w2: { type: "number", default: -0.8, doc: "initial second weight" },
  },
  seeds: [1],
  charts: [],
  claims: [
    ...EXPECTED.map((w, i) => ({
      id: `after-p${i + 1}`,
      text: `After presenting p${i + 1}: w = [${w.map((v) => v.toFixed(1)).join(", ")}]`,
      source: SOURCE,
      expected: w,
      tolerance: { float64: 1e-12, float32: 1e-6 },
      when: { w1: 1.0, w2: -0.8 },
      measure: ({ outputs, tolerance }: TrialView<RuleOutput>) => ({
        observed: outputs.history[i],
        pass: within(outputs.history[i], w, tolerance),
      }),
    })),
    {
      id: "all-classified",
      text: "With w = [3.0, 0.2] the perceptron classifies all three points correctly",
      source: SOURCE,
      expected: 3,
      measure: ({ outputs }) => ({ observed: outputs.correct, pass: outputs.correct === 3 }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    // Columns p1, p2, p3 (features × samples).
    const x = b.fromArray([1, -1, 0, 2, 2, -1], [2, 3]);
    const targets = [1, 0, 0];
    const res = await trainPerceptron(b, x, targets, {
      eta: 1,
      epochs: 1,
      output: "hardlim",
      bias: false,
      initial: [ctx.params.w1 as number, ctx.params.w2 as number],
    }, true);
    const a = b.tidy(() => b.unary("step", b.matmul(b.fromArray(res.weights, [1, 2]), x), 0));
    const predictions = await b.read(a);
    a.dispose();
    x.dispose();
    const history = res.history!;
    history.forEach((w, i) => ctx.log({ step: i + 1, w1: w[0], w2: w[1] }));
    const correct = targets.filter((t, i) => predictions[i] === t).length;
    return { history, weights: res.weights, correct };
  },
});
