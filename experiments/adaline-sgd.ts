/**
 * Lecture 002, "Online Learning via Stochastic Gradient Descent": Adaline trained by SGD (one
 * update per sample) reaches the cost batch gradient descent ends at in fewer epochs, on the
 * standardised Iris features: Raschka's shuffled AdalineSGD (the default) and the lecture's own
 * AdalineSGD code (zero weights, no shuffling, SSE/2 after each epoch).
 */
import { predictSign, trainAdalineGD, trainAdalineSGD } from "../nn/adaline.ts";
import { uploadIris } from "./lib/adaline_iris.ts";
import { firstReach } from "./lib/net_measures.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const SGD = "Online Learning via Stochastic Gradient Descent";
const FASTER = "Converges faster than BGD since weights are updated immediately after each " +
  "training sample";
const REFERENCE = "references/adaline_iris.py → references/adaline_iris.json";
/** The lecture's AdalineSGD.train: zero weights, samples in file order, SSE/2 after each epoch. */
const LECTURE_CODE = { shuffle: false, initial: "zeros", cost: "sse" } as const;

export default defineExperiment({
  id: "adaline-sgd",
  title: "Adaline: stochastic vs batch gradient descent",
  source: lecture(2, SGD),
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
    "code exactly (the second default trial).",
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
  defaultSweep: [{}, LECTURE_CODE],
  seeds: [1],
  charts: [{
    name: "cost",
    title: "Cost per epoch: SGD vs batch gradient descent",
    kind: "line",
    x: "epoch",
    y: "cost",
    color: "method",
    facet: "cost",
    xTitle: "Epoch",
    yTitle: "cost (average: mean ½·error²; sse: SSE/2)",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const iris = uploadIris(b, { standardize: true });
    const { x: X, y: Y, labels: y } = iris;
    const m = y.length;
    const { eta, epochs } = ctx.params;
    try {
      // ctx.rng plays Raschka's rgen = np.random.RandomState(random_state).
      const sgd = await trainAdalineSGD(b, X, Y, ctx.rng, ctx.params);
      const gd = await trainAdalineGD(b, X, Y, eta, epochs);
      const batch = gd.costs.map((c) => ctx.params.cost === "average" ? c / m : c);
      for (const [method, costs] of [["SGD", sgd.costs], ["batch GD", batch]] as const) {
        costs.forEach((cost, i) => ctx.log({ method, epoch: i + 1, cost }));
      }
      const predictions = await predictSign(b, sgd.weights, X);
      const sgdByEpoch = sgd.costs.map((cost, i) => ({ epoch: i + 1, cost }));
      return {
        sgd: sgd.costs,
        batch,
        sgdWeights: sgd.weights,
        batchWeights: gd.weights,
        /** First epoch at which SGD's cost is ≤ batch's final cost; null: never. */
        sgdEpochsToBatchFinal: firstReach(sgdByEpoch, batch.at(-1)!),
        /** Training samples SGD's final weights classify correctly. */
        sgdCorrect: y.filter((v, i) => v === predictions[i]).length,
      };
    } finally {
      iris.dispose();
    }
  },
  claims: [
    {
      id: "sgd-fewer-epochs",
      chart: "cost",
      text: `SGD "${FASTER}": Raschka's shuffled AdalineSGD reaches batch GD's final ` +
        "(15th-epoch) average cost in fewer than 15 epochs",
      source: lecture(2, SGD, FASTER),
      expected: 15,
      check: { kind: "below" },
      when: { eta: 0.01, epochs: 15, shuffle: true, initial: "normal", cost: "average" },
      observe: ({ outputs }) => outputs.sgdEpochsToBatchFinal,
      note: ({ outputs: o }) =>
        `SGD's average cost ${o.sgd.at(-1)} after 15 epochs; batch GD's ${o.batch.at(-1)}.`,
    },
    {
      id: "lecture-code-fewer-epochs",
      chart: "cost",
      text: `SGD "${FASTER}": the lecture's AdalineSGD code (zero weights, file order, SSE/2 ` +
        "after each epoch) reaches AdalineGD's final (15th-epoch) SSE/2 in fewer than 15 epochs",
      source: lecture(2, SGD, FASTER),
      expected: 15,
      check: { kind: "below" },
      when: { eta: 0.01, epochs: 15, ...LECTURE_CODE },
      observe: ({ outputs }) => outputs.sgdEpochsToBatchFinal,
      note: ({ outputs: o }) =>
        `SGD's SSE/2 ${o.sgd.at(-1)} after 15 epochs; batch GD's ${o.batch.at(-1)}.`,
    },
    {
      id: "lecture-code-costs",
      chart: "cost",
      text: "The lecture's AdalineSGD code (epochs = 15, α = 0.01 on X_std) gives these SSE/2 " +
        "per epoch, as NumPy runs it (the slide plots them, printing no figure)",
      source: project(
        "the lecture's code run in NumPy float64 (" + REFERENCE + "): the slide shows only a plot",
      ),
      expected: [
        8.634031586873693,
        6.224557629033964,
        5.086644521532676,
        4.293823059045952,
        3.7326693019832806,
        3.3403391551991835,
        3.068865744150341,
        2.882172407957422,
        2.754229511396256,
        2.6667349838176286,
        2.606992318947905,
        2.5662531904115964,
        2.5385105071609115,
        2.519647141297839,
        2.506844463952185,
      ],
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 3e-6,
          basis: "NumPy float32 of the same code departs from float64 by up to 2.2e-6 (" +
            REFERENCE + ")",
        },
      },
      when: { eta: 0.01, epochs: 15, ...LECTURE_CODE },
      observe: ({ outputs }) => outputs.sgd,
    },
    {
      id: "raschka-costs",
      chart: "cost",
      text: "Raschka's AdalineSGD (random_state = 1, η = 0.01, 15 epochs on X_std) gives these " +
        "average costs per epoch, as NumPy runs it",
      source: project(
        "Raschka's AdalineSGD, which the lecture's slide follows with shuffling and random " +
          "initial weights, run in NumPy float64 (" + REFERENCE + ")",
      ),
      expected: [
        0.20394456166031524,
        0.07361591599497304,
        0.055959159801201384,
        0.04616048513652032,
        0.03938451477733425,
        0.03477977825838302,
        0.03165721904186385,
        0.029612965517701782,
        0.028119851141872064,
        0.02707516502475461,
        0.026343115030327827,
        0.025908993480534187,
        0.025690816663739718,
        0.02538817994203507,
        0.025269618641442084,
      ],
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 1e-7,
          basis: "NumPy float32 of the same code departs from float64 by up to 4.7e-8 (" +
            REFERENCE + ")",
        },
      },
      when: { eta: 0.01, epochs: 15, shuffle: true, initial: "normal", cost: "average" },
      observe: ({ outputs }) => outputs.sgd,
    },
    {
      id: "sgd-classifies-all",
      text: "Adaline with SGD Results: the decision regions of the SGD-trained Adaline " +
        "separate the two species, measured as all 100 training samples classified correctly",
      source: project(
        "the slide 'Adaline with SGD Results' shows the decision regions as a figure and states " +
          "no count; 100 of 100 is what 'separates the species' means on these 100 samples",
      ),
      expected: 100,
      check: { kind: "equals" },
      when: { eta: 0.01, epochs: 15 },
      observe: ({ outputs }) => outputs.sgdCorrect,
    },
  ],
});
