/**
 * Lecture 002: Adaline with batch gradient descent diverges at η = 0.01 on raw features, creeps
 * at η = 0.0001, and converges at η = 0.01 once the features are standardised.
 */
import { IRIS_VARIANTS, lectureIris, standardizeRows } from "../data/iris.ts";
import { round, trend, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { predictSign, trainAdalineGD } from "../nn/adaline.ts";

const SOURCE = "002_fe9f34c7e4ab1bab.txt";

export default defineExperiment({
  id: "adaline-learning-rate",
  title: "Adaline: learning rate and feature scaling",
  source: `${SOURCE}, Different Learning Rates: 0.01 vs. 0.0001; Using feature scaling in Adaline`,
  description:
    "Adaline (batch gradient descent, cost SSE/2 per epoch) on the perceptron's Iris data: " +
    "η = 0.01 and η = 0.0001 for 10 epochs on raw features, and η = 0.01 for 15 epochs on " +
    "features standardised with the population standard deviation.",
  params: {
    lr: { type: "number", default: 0.01, min: 0, doc: "learning rate η" },
    epochs: { type: "integer", default: 10, min: 1, max: 100000, doc: "passes over the samples" },
    standardize: { type: "boolean", default: false, doc: "standardise each feature first" },
    iris: {
      type: "enum",
      default: "uci",
      choices: IRIS_VARIANTS,
      doc: "uci: the file the lecture loads; fisher: Fisher's two corrected rows",
    },
  },
  defaultSweep: [{ lr: 0.01 }, { lr: 0.0001 }, { lr: 0.01, epochs: 15, standardize: true }],
  seeds: [1],
  charts: [{
    name: "cost",
    title: "log10(SSE/2) per epoch, one line per setting",
    kind: "line",
    x: "epoch",
    y: "cost",
    log10: true,
    xTitle: "Epoch",
    yTitle: "log10(sum-squared-error / 2)",
    color: "trial",
  }],
  claims: [
    {
      id: "diverges-at-0.01",
      text: "If the learning rate is too large, gradient descent will overshoot the minima and " +
        "diverge: at η = 0.01 on raw features the cost grows every epoch",
      source: `${SOURCE}, Problems with learning rates`,
      expected: "cost rises in 9 of 9 epochs",
      when: { lr: 0.01, standardize: false, epochs: 10 },
      measure: ({ outputs }) => {
        const t = trend(outputs.costs);
        return {
          observed: `cost rises in ${t.up} of ${t.steps} epochs (${round(outputs.costs[0], 4)} → ${
            round(outputs.costs.at(-1)!, 4)
          })`,
          pass: t.up === t.steps && t.steps > 0,
        };
      },
    },
    {
      id: "slow-at-0.0001",
      text: "If the learning rate is too small, gradient descent will require too many epochs " +
        "to converge: at η = 0.0001 the cost falls every epoch but keeps over half its " +
        "initial value after 10 epochs",
      source: `${SOURCE}, Problems with learning rates`,
      expected: "falls in 9 of 9 epochs; final / initial > 0.5",
      when: { lr: 0.0001, standardize: false, epochs: 10 },
      measure: ({ outputs }) => {
        const t = trend(outputs.costs);
        const ratio = outputs.costs.at(-1)! / outputs.costs[0];
        return {
          observed: `falls in ${t.down} of ${t.steps} epochs; final / initial = ${round(ratio, 4)}`,
          pass: t.down === t.steps && t.steps > 0 && ratio > 0.5,
        };
      },
    },
    {
      id: "standardized-converges",
      text: "With standardised features Adaline converges at η = 0.01: the cost falls every " +
        "epoch to about 2.6",
      source: `${SOURCE}, Using feature scaling in Adaline`,
      expected: 2.6,
      tolerance: 0.05,
      when: { lr: 0.01, standardize: true, epochs: 15 },
      measure: ({ outputs, tolerance }) => {
        const t = trend(outputs.costs);
        const final = outputs.costs.at(-1)!;
        return {
          observed: round(final, 6),
          pass: t.down === t.steps && within(final, 2.6, tolerance),
        };
      },
    },
    {
      id: "standardized-classifies-all",
      text: "After standardisation Adaline classifies all 100 training samples correctly",
      source: `${SOURCE}, Adaline Gradient Descent`,
      expected: 100,
      when: { lr: 0.01, standardize: true, epochs: 15 },
      measure: ({ outputs }) => ({ observed: outputs.correct, pass: outputs.correct === 100 }),
    },
  ],
  async run(ctx: Context) {
    const sel = lectureIris(ctx.params.iris as (typeof IRIS_VARIANTS)[number]);
    const b = ctx.backend;
    const x = b.fromArray(
      ctx.params.standardize ? standardizeRows(sel.x, sel.shape) : sel.x,
      sel.shape,
    );
    const y = b.fromArray(sel.y, [1, sel.y.length]);
    const res = await trainAdalineGD(b, x, y, ctx.params.lr as number, ctx.params.epochs as number);
    const predictions = await predictSign(b, res.weights, x);
    const correct = sel.y.filter((v, i) => v === predictions[i]).length;
    x.dispose();
    y.dispose();
    res.costs.forEach((cost, i) => ctx.log({ epoch: i + 1, cost }));
    return { weights: res.weights, costs: res.costs, correct };
  },
});
