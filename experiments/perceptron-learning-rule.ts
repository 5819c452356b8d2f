/**
 * Lecture 004's worked example of the perceptron learning rule: three points, hardlim, no bias,
 * w from [1.0, −0.8] to [2.0, 1.2], [3.0, −0.8] and [3.0, 0.2].
 */
import { trainPerceptron } from "../nn/perceptron.ts";
import { defineExperiment, lecture, type Tolerance } from "./prelude.ts";

const STEPS = ["Tentative Learning Rule", "Second Input Vector", "Third Input Vector"];
const EXPECTED = [[2.0, 1.2], [3.0, -0.8], [3.0, 0.2]];
const NET = [-0.6, 0.4, 0.8];
/** The slide's one-decimal figures, as float32 holds and sums them. */
const TOLERANCE: Tolerance = {
  float64: 1e-12,
  float32: 1e-7,
  basis: "NumPy float32 of the same three steps departs from the slide's figures by up to " +
    "9.5e-8 (references/perceptron_rule.py → .json)",
};
type RuleOutput = {
  history: number[][];
  netInputs: number[];
  outputs: number[];
  weights: number[];
  errors: number[];
  correct: number;
};

/** The slide's setting: the random initial weight it draws, presented once, then once more. */
const SETTING = { w1: 1.0, w2: -0.8, epochs: 2 };

export default defineExperiment({
  id: "perceptron-learning-rule",
  title: "The perceptron learning rule, step by step (three points, no bias)",
  source: lecture(4, "Learning Rule Test Problem"),
  description:
    "p1 = [1, 2] with t = 1, p2 = [−1, 2] with t = 0, p3 = [0, −1] with t = 0; a = hardlim(w·p); " +
    "e = t − a; w ← w + e·p, starting from w = [1.0, −0.8] and presenting p1, p2, p3 in turn: " +
    "the slides' one pass, then a second pass in which e = 0 must leave w unchanged.",
  params: {
    w1: { type: "number", default: 1.0, doc: "initial first weight" },
    w2: { type: "number", default: -0.8, doc: "initial second weight" },
    epochs: { type: "integer", default: 2, min: 1, max: 100, doc: "passes over p1, p2, p3" },
  },
  seeds: [1],
  charts: [{
    name: "net-input",
    title: "Net input w·p met at each presentation, before its update",
    kind: "line",
    x: "step",
    y: "net",
    xTitle: "presentation (p1, p2, p3 in turn, pass after pass)",
    yTitle: "w·p (hardlim gives 1 where ≥ 0)",
  }],
  async run(ctx): Promise<RuleOutput> {
    const b = ctx.backend;
    // Columns p1, p2, p3 (features × samples).
    const x = b.fromArray([1, -1, 0, 2, 2, -1], [2, 3]);
    const targets = [1, 0, 0];
    const initial = [ctx.params.w1, ctx.params.w2];
    const res = await trainPerceptron(b, x, targets, {
      eta: 1,
      epochs: ctx.params.epochs,
      output: "hardlim",
      bias: false,
      initial,
    }, true);
    const history = res.history!;
    // The net input w·p each sample met, and hardlim of it: before each update.
    const before = [initial, ...history.slice(0, -1)];
    const nets = before.map((w, i) =>
      b.tidy(() => b.matmul(b.fromArray(w, [1, 2]), b.slice(x, 0, 2, i % 3, i % 3 + 1)))
    );
    const steps = nets.map((n) => b.tidy(() => b.unary("step", n, 0)));
    const a = b.tidy(() => b.unary("step", b.matmul(b.fromArray(res.weights, [1, 2]), x), 0));
    const [predictions, ...values] = await b.readMany([a, ...nets, ...steps]);
    for (const t of [a, x, ...nets, ...steps]) t.dispose();
    const netInputs = values.slice(0, nets.length).map((v) => v[0]);
    history.forEach((w, i) => ctx.log({ step: i + 1, w1: w[0], w2: w[1], net: netInputs[i] }));
    const correct = targets.filter((t, i) => predictions[i] === t).length;
    return {
      history,
      netInputs,
      /** hardlim(w·p) before each update (hardlim(n) = 1 for n ≥ 0). */
      outputs: values.slice(nets.length).map((v) => v[0]),
      weights: res.weights,
      errors: res.errors,
      correct,
    };
  },
  claims: [
    ...EXPECTED.map((w, i) => ({
      id: `after-p${i + 1}`,
      text: `After presenting p${i + 1}: w = [${w.map((v) => v.toFixed(1)).join(", ")}]`,
      source: lecture(4, STEPS[i]),
      expected: w,
      check: { kind: "near" as const, tolerance: TOLERANCE },
      when: SETTING,
      observe: ({ outputs }: { outputs: RuleOutput }) => outputs.history[i],
    })),
    {
      id: "net-inputs",
      chart: "net-input",
      text: "The net inputs met on the way: hardlim(−0.6), hardlim(0.4), hardlim(0.8) for " +
        "p1, p2, p3",
      source: lecture(4, "Starting Point"),
      expected: NET,
      check: { kind: "near", tolerance: TOLERANCE },
      when: SETTING,
      observe: ({ outputs }) => outputs.netInputs.slice(0, 3),
    },
    {
      id: "each-misclassified",
      chart: "net-input",
      text: "a = hardlim(−0.6) = 0, hardlim(0.4) = 1, hardlim(0.8) = 1: each of p1, p2, p3 " +
        "(targets 1, 0, 0) is an Incorrect Classification when first presented",
      source: lecture(4, "Starting Point", "Incorrect Classification"),
      expected: [0, 1, 1],
      check: { kind: "equals" },
      when: SETTING,
      observe: ({ outputs }) => outputs.outputs.slice(0, 3),
    },
    {
      id: "all-classified",
      text: "Patterns are now correctly classified: with w = [3.0, 0.2] hardlim(w·p) is the " +
        "target for all three points",
      source: lecture(4, "Third Input Vector", "Patterns are now correctly classified"),
      expected: 3,
      check: { kind: "equals" },
      when: SETTING,
      observe: ({ outputs }) => outputs.correct,
    },
    {
      id: "unchanged-when-correct",
      text: "If t = a, then w_new = w_old: a second pass over p1, p2, p3 makes no update " +
        "(misclassifications per pass [3, 0]) and w stays [3.0, 0.2]",
      source: lecture(4, "Third Input Vector", "If  $t = a$ , then"),
      expected: [3, 0],
      check: { kind: "equals" },
      when: SETTING,
      observe: ({ outputs }) => outputs.errors,
      note: ({ outputs }) => `w after the second pass: [${outputs.weights.join(", ")}].`,
    },
  ],
});
