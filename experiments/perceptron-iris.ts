/** Lecture 002: Rosenblatt's perceptron on two Iris species converges after its 6th epoch. */
import { IRIS_VARIANTS, lectureIris } from "../data/iris.ts";
import { round, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { trainPerceptron } from "../nn/perceptron.ts";

const SOURCE = "002_fe9f34c7e4ab1bab.txt, Perceptron Rule in Python / Results";

export default defineExperiment({
  id: "perceptron-iris",
  title: "Rosenblatt's perceptron on Iris (setosa vs versicolor)",
  source: SOURCE,
  description:
    "Zero initial weights (bias first), online updates in file order over the first 100 rows, " +
    "features sepal length and petal length, y = −1 for setosa and 1 otherwise; " +
    "misclassifications (non-zero updates) are counted per epoch.",
  params: {
    eta: { type: "number", default: 0.1, min: 0, doc: "learning rate η" },
    epochs: { type: "integer", default: 10, min: 1, max: 10000, doc: "passes over the samples" },
    iris: {
      type: "enum",
      default: "uci",
      choices: IRIS_VARIANTS,
      doc: "uci: the file the lecture loads; fisher: Fisher's two corrected rows",
    },
  },
  seeds: [1],
  charts: [{
    name: "errors",
    title: "Misclassifications per epoch",
    kind: "line",
    x: "epoch",
    y: "errors",
    xTitle: "Epoch",
    yTitle: "Misclassifications",
  }],
  claims: [
    {
      id: "converges-after-epoch-6",
      text: "Perceptron converges after 6th iteration (no misclassification from epoch 6 on)",
      source: SOURCE,
      expected: 6,
      when: { eta: 0.1, epochs: 10 },
      measure: ({ outputs }) => ({
        observed: outputs.convergedFromEpoch,
        pass: outputs.convergedFromEpoch === 6,
      }),
    },
    {
      id: "final-weights",
      text: "Weights: [-0.4 -0.68 1.82]",
      source: SOURCE,
      expected: [-0.4, -0.68, 1.82],
      tolerance: { float64: 1e-6, float32: 1e-5 },
      when: { eta: 0.1, epochs: 10 },
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.weights.map((w) => round(w, 9)),
        pass: within(outputs.weights, [-0.4, -0.68, 1.82], tolerance),
      }),
    },
  ],
  async run(ctx: Context) {
    const { x, shape, y } = lectureIris(ctx.params.iris as (typeof IRIS_VARIANTS)[number]);
    const b = ctx.backend;
    const xt = b.fromArray(x, shape);
    const res = await trainPerceptron(b, xt, y, {
      eta: ctx.params.eta as number,
      epochs: ctx.params.epochs as number,
      output: "sign",
      bias: true,
    });
    xt.dispose();
    res.errors.forEach((errors, i) => ctx.log({ epoch: i + 1, errors }));
    // The first epoch from which no sample was misclassified again (null: never).
    const last = res.errors.findLastIndex((e) => e !== 0);
    const convergedFromEpoch = last === res.errors.length - 1 ? null : last + 2;
    return { weights: res.weights, errors: res.errors, convergedFromEpoch };
  },
});
