/**
 * The course's week-2 assignment (Logistic Regression with a Neural Network mindset), which
 * lectures 0 and 1 follow: logistic regression on the cat images (12288 features, 209 train and
 * 50 test examples) with the course's exact setup — w and b zeros, lr 0.005, 2000 iterations,
 * the cost every 100 — and its learning-rate comparison (0.01, 0.001, 0.0001 for 1500
 * iterations), checked against the figures the assignment prints.
 */
import { checkCatData, mislabelledGrid } from "./lib/cat_images.ts";
import { predictions, withCatLogreg } from "./lib/cat_on_device.ts";
import { type CatSetFacts, catSetFacts, courseAccuracy } from "./lib/cat_set_facts.ts";
import { exactClaims } from "./lib/exact_claims.ts";
import { trend } from "./lib/cost_trend.ts";
import { figures } from "./lib/printed_figures.ts";
import { costChart } from "./lib/training_charts.ts";
import { assignment, defineExperiment, type ImageGrid, lecture, project } from "./prelude.ts";

/** "Cost after iteration %i: %f" for i = 0, 100, …, 1900 at lr 0.005. */
const PRINTED_COSTS = figures(`
  0.693147 0.584508 0.466949 0.376007 0.331463 0.303273 0.27988 0.260042 0.242941 0.228004
  0.21482 0.203078 0.192544 0.183033 0.174399 0.166521 0.159305 0.152667 0.146542 0.140872
`);

/** The version of the notebook whose `model()` prints the accuracies whatever `print_cost`. */
const V2017 = "2017 version: model() prints train and test accuracy for every learning rate";

/** The 2017 notebook's "train accuracy: … %", "test accuracy: … %" at each rate (1500 its). */
const RATE_ACCURACY = [
  { lr: 0.01, train: 99.52153110047847, test: 68 },
  { lr: 0.001, train: 88.99521531100478, test: 64 },
  { lr: 0.0001, train: 68.42105263157895, test: 36 },
];

type LogregOutput = CatSetFacts & {
  costs: number[];
  trainAccuracy: number;
  testAccuracy: number;
  mislabelled: ImageGrid;
};
const PARAMS = {
  lr: {
    type: "number",
    default: 0.005,
    min: 0,
    doc: "learning rate",
    random: { min: 1e-4, max: 0.05, log: true },
  },
  iterations: { type: "integer", default: 2000, min: 1, max: 1000000, doc: "gradient steps" },
} as const;
const exact = exactClaims<LogregOutput, typeof PARAMS>();

export default defineExperiment({
  id: "logreg-cat",
  title: "Logistic regression on the cat images",
  source: assignment("logreg-cat"),
  description:
    "The course's `model(...)`: X = images flattened to 12288 × m (C order) and divided by " +
    "255, w and b initialised to zeros, batch gradient descent on the cross-entropy cost, the " +
    "cost recorded every 100 iterations (0, 100, …), prediction ŷ = 1 where σ(wᵀx + b) > 0.5; " +
    "accuracy as the course prints it, 100 − mean|ŷ − y|·100. The learning-rate comparison " +
    "runs 1500 iterations at 0.01, 0.001 and 0.0001. references/logreg_cat.txt holds the " +
    "same computation in NumPy, float64 and float32.",
  params: PARAMS,
  defaultSweep: [
    { lr: 0.005, iterations: 2000 },
    ...RATE_ACCURACY.map(({ lr }) => ({ lr, iterations: 1500 })),
  ],
  quick: { iterations: 300 },
  seeds: [1],
  checkData: checkCatData,
  charts: [
    costChart("Cost every 100 iterations, by learning rate", {
      color: "lr",
      xTitle: "iterations",
      yTitle: "cost J",
    }),
    {
      name: "mislabelled",
      title: "Mislabelled test images (lr 0.005)",
      kind: "images",
      field: "mislabelled",
      firstTrialOnly: true,
    },
  ],
  // The learning-rate comparison trains as one: the four weight vectors stacked, X read once
  // per step for all of them (nn/many.ts), each trial to its own iterations.
  batch: ["lr", "iterations"],
  async run(ctx): Promise<LogregOutput> {
    // The course's `optimize`: the cost every 100 iterations (0, 100, …), read at the end.
    const { lr, iterations } = ctx.params;
    const train = { lr, epochs: iterations, logEvery: 100, logLast: false, readEvery: Infinity };
    return await withCatLogreg(ctx, train, async ({ data, sets, model, run: { costs } }) => {
      const [pTrain, pTest] = await predictions(ctx, model, [sets.X, sets.Xt]);
      costs.forEach((c) => ctx.log({ iteration: c.epoch, cost: c.cost }));
      return {
        ...catSetFacts(data, sets),
        costs: costs.map((c) => c.cost),
        trainAccuracy: courseAccuracy(pTrain, data.trainY),
        testAccuracy: courseAccuracy(pTest, data.testY),
        mislabelled: mislabelledGrid(data, pTest, 12),
      };
    });
  },
  claims: [
    exact({
      id: "dataset-sizes",
      text: '"Number of training examples: m_train = 209", "Number of testing examples: ' +
        'm_test = 50"',
      expected: [209, 50],
      when: { lr: 0.005 },
      observe: ({ outputs: o }) => [o.mTrain, o.mTest],
    }),
    exact({
      id: "n-x-12288",
      text: "Each image is 64 × 64 × 3 = 12288 = n_x values (the values per image in the " +
        "course's files)",
      source: lecture(
        1,
        "Binary classification",
        "64 \\times 64 \\times 3 = \\underbrace{12288}_{n_x}",
      ),
      expected: 12288,
      when: { lr: 0.005 },
      observe: ({ outputs: o }) => o.valuesPerImage,
    }),
    exact({
      id: "flatten-shapes",
      text: '"train_set_x_flatten shape: (12288, 209)", "train_set_y shape: (1, 209)", ' +
        '"test_set_x_flatten shape: (12288, 50)", "test_set_y shape: (1, 50)" — X.shape = ' +
        "(n_x, m) and Y.shape = (1, m), as lectures 0 and 1 write them: the shapes of the " +
        "tensors the model trains and is tested on",
      expected: [[12288, 209], [1, 209], [12288, 50], [1, 50]],
      when: { lr: 0.005 },
      observe: ({ outputs: o }) => o.shapes,
    }),
    {
      id: "sanity-check",
      text: '"sanity check after reshaping: [17 31 56 22 33]": train_set_x_flatten[0:5, 0], ' +
        "read back as 255 · X[0:5, 0] from the flattened X / 255 (before it is uploaded)",
      expected: [17, 31, 56, 22, 33],
      // Dividing by 255 and multiplying back moves a pixel by an ulp or two.
      check: { kind: "rounds", decimals: 6 },
      when: { lr: 0.005 },
      observe: ({ outputs: o }) => o.sanityCheck,
    },
    {
      id: "costs-lr-0.005",
      text: '"Cost after iteration 0: 0.693147" … "Cost after iteration 1900: 0.140872": ' +
        "the 20 costs printed every 100 iterations at lr 0.005",
      expected: PRINTED_COSTS,
      // "%f" prints 6 decimals, rounded.
      check: { kind: "rounds", decimals: 6 },
      when: { lr: 0.005, iterations: 2000 },
      observe: ({ outputs: o }) => o.costs,
    },
    exact({
      id: "overfits",
      text: '"train accuracy: 99.04306220095694 %", "test accuracy: 70.0 %" at lr 0.005 after ' +
        '2000 iterations: "the model is clearly overfitting the training data"',
      expected: [99.04306220095694, 70],
      when: { lr: 0.005, iterations: 2000 },
      observe: ({ outputs: o }) => [o.trainAccuracy, o.testAccuracy],
    }),
    ...RATE_ACCURACY.map(({ lr, train, test }) =>
      exact({
        id: `accuracy-lr-${lr}`,
        text: `"learning rate is: ${lr}", "train accuracy: ${train} %", "test accuracy: ` +
          `${test.toFixed(1)} %" (1500 iterations)`,
        source: assignment("logreg-cat", V2017),
        expected: [train, test],
        when: { lr, iterations: 1500 },
        observe: ({ outputs: o }) => [o.trainAccuracy, o.testAccuracy],
      })
    ),
    {
      id: "cost-decreases",
      text: '"You can see the cost decreasing. It shows that the parameters are being ' +
        'learned." (lr 0.005): every logged cost below the one before',
      expected: null,
      check: { kind: "falls" },
      when: { lr: 0.005 },
      observe: ({ outputs: o }) => o.costs,
    },
    {
      id: "large-lr-oscillates",
      text: '"If the learning rate is too large (0.01), the cost may oscillate up and down": ' +
        "the logged steps at which the cost goes up",
      expected: 1,
      check: { kind: "atLeast" },
      when: { lr: 0.01 },
      observe: ({ outputs: o }) => trend(o.costs).up,
    },
    {
      id: "small-lr-falls",
      text: '"if it is too small we will need too many iterations to converge to the best ' +
        'values": at 0.001 the cost still goes steadily down, every logged cost below the one ' +
        "before",
      expected: null,
      check: { kind: "falls" },
      when: { lr: 0.001 },
      observe: ({ outputs: o }) => o.costs,
    },
    {
      id: "tiny-lr-slow",
      text: '"if it is too small we will need too many iterations to converge to the best ' +
        'values": at 0.0001 the last logged cost is still above 0.75 of the initial one',
      source: project(
        "0.75 lies between the course rate's printed progress after 100 iterations (0.584508 " +
          "/ 0.693147 = 0.84) and after 200 (0.466949 / 0.693147 = 0.67): a run above it after " +
          "1500 iterations has made less progress than 200 iterations at lr 0.005.",
      ),
      expected: 0.75,
      check: { kind: "above" },
      when: { lr: 0.0001, iterations: 1500 },
      observe: ({ outputs: o }) => o.costs[o.costs.length - 1] / o.costs[0],
    },
  ],
});
