/**
 * Lecture 002, "Online Learning via Stochastic Gradient Descent": Adaline trained by SGD (one
 * update per sample, reshuffled every epoch) reaches the cost batch gradient descent ends at
 * in fewer epochs, on the standardised Iris features.
 */
import { lectureIris, standardizeRows } from "../data/iris.ts";
import { round } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { predictSign, trainAdalineGD, trainAdalineSGD } from "../nn/adaline.ts";

const SOURCE = "002_fe9f34c7e4ab1bab.txt, Online Learning via Stochastic Gradient Descent; " +
  "Adaline with SGD in Python";

type AdalineSgdOutput = {
  /** Cost per epoch of each method, on the scale the `cost` param names. */
  sgd: number[];
  batch: number[];
  sgdWeights: number[];
  batchWeights: number[];
  /** First epoch (1-based) at which SGD's cost is ≤ batch's final cost; null: never. */
  sgdEpochsToBatchFinal: number | null;
  /** Training samples SGD's final weights classify correctly. */
  sgdCorrect: number;
};

export default defineExperiment<AdalineSgdOutput>({
  id: "adaline-sgd",
  title: "Adaline: stochastic vs batch gradient descent",
  source: SOURCE,
  description: "Adaline on the perceptron's Iris data (first 100 rows, sepal and petal length, " +
    "standardised with the population standard deviation; y = −1 for setosa, 1 otherwise), " +
    "η = 0.01 for 15 epochs, two ways. SGD as Raschka's shuffled AdalineSGD (random_state = " +
    "the trial's seed: the RandomState draws the initial weights normal(0, 0.01) then one " +
    "permutation per epoch; update after every sample). Batch GD as the lecture's AdalineGD " +
    "(zero weights, one update per epoch from all samples). With cost = average (the default) " +
    "each epoch's cost is the mean over its samples of ½·error², each error taken before the " +
    "update it drives (Raschka's avg_cost; for batch GD SSE/2 ÷ m); with cost = sse it is " +
    "SSE/2 of the whole set, after the epoch for SGD (the lecture's AdalineSGD.train) and " +
    "before the update for AdalineGD. initial = zeros and shuffle = false give the lecture's " +
    "code exactly.",
  params: {
    eta: { type: "number", default: 0.01, min: 0, doc: "learning rate η (both methods)" },
    epochs: { type: "integer", default: 15, min: 1, max: 10000, doc: "passes over the samples" },
    shuffle: { type: "boolean", default: true, doc: "SGD reshuffles the samples every epoch" },
    initial: {
      type: "enum",
      default: "normal",
      choices: ["normal", "zeros"],
      doc: "SGD's initial weights: normal(0, 0.01) from the RandomState (Raschka) or zeros",
    },
    cost: {
      type: "enum",
      default: "average",
      choices: ["average", "sse"],
      doc: "average: mean ½·error² per epoch (Raschka); sse: SSE/2 of the whole set",
    },
  },
  seeds: [1],
  charts: [{
    name: "cost",
    title: "Cost per epoch: SGD vs batch gradient descent",
    kind: "line",
    x: "epoch",
    y: "cost",
    color: "method",
    xTitle: "Epoch",
    yTitle: "average cost (mean ½·error²)",
  }],
  claims: [
    {
      id: "sgd-fewer-epochs",
      text: 'SGD "converges faster than BGD since weights are updated immediately after each ' +
        "training sample\": measured as the first epoch at which SGD's average cost is at or " +
        "below batch GD's final (15th-epoch) average cost, which must be < 15",
      source: SOURCE,
      expected: "< 15 epochs",
      when: { eta: 0.01, epochs: 15, shuffle: true, cost: "average" },
      measure: ({ outputs }) => {
        const e = outputs.sgdEpochsToBatchFinal;
        return {
          observed: `SGD reaches ${round(outputs.batch.at(-1)!, 5)} at epoch ${e ?? "never"} ` +
            `(SGD final ${round(outputs.sgd.at(-1)!, 5)})`,
          pass: e !== null && e < outputs.batch.length,
        };
      },
    },
    {
      id: "sgd-classifies-all",
      text: "Adaline with SGD Results: the decision regions of the SGD-trained Adaline " +
        "separate the two species, measured as all 100 training samples classified correctly",
      source: SOURCE,
      expected: 100,
      when: { eta: 0.01, epochs: 15 },
      measure: ({ outputs }) => ({
        observed: outputs.sgdCorrect,
        pass: outputs.sgdCorrect === 100,
      }),
    },
  ],
  async run(ctx: Context) {
    const sel = lectureIris();
    const b = ctx.backend;
    const m = sel.y.length;
    const x = b.fromArray(standardizeRows(sel.x, sel.shape), sel.shape);
    const y = b.fromArray(sel.y, [1, m]);
    const eta = ctx.params.eta as number, epochs = ctx.params.epochs as number;
    const average = ctx.params.cost === "average";
    try {
      // ctx.rng plays Raschka's rgen = np.random.RandomState(random_state).
      const sgd = await trainAdalineSGD(b, x, y, ctx.rng, {
        eta,
        epochs,
        shuffle: ctx.params.shuffle as boolean,
        initial: ctx.params.initial as "normal" | "zeros",
        cost: average ? "average" : "sse",
      });
      const gd = await trainAdalineGD(b, x, y, eta, epochs);
      const batch = gd.costs.map((c) => average ? c / m : c);
      for (const [method, costs] of [["SGD", sgd.costs], ["batch GD", batch]] as const) {
        costs.forEach((cost, i) => ctx.log({ method, epoch: i + 1, cost }));
      }
      const predictions = await predictSign(b, sgd.weights, x);
      const sgdCorrect = sel.y.filter((v, i) => v === predictions[i]).length;
      const target = batch.at(-1)!;
      const reached = sgd.costs.findIndex((c) => c <= target);
      return {
        sgd: sgd.costs,
        batch,
        sgdWeights: sgd.weights,
        batchWeights: gd.weights,
        sgdEpochsToBatchFinal: reached < 0 ? null : reached + 1,
        sgdCorrect,
      };
    } finally {
      x.dispose();
      y.dispose();
    }
  },
});
