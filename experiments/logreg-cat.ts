/**
 * Lectures 000 and 001 and the course's week-2 assignment: logistic regression on the cat
 * images (12288 features, 209 train and 50 test examples), with the course's exact setup —
 * w and b zeros, lr 0.005, 2000 iterations, the cost every 100 — and its learning-rate
 * comparison (0.01, 0.001, 0.0001 for 1500 iterations).
 */
import { CATVNONCAT_FILES, CATVNONCAT_HINT, loadCatvnoncat } from "../data/catvnoncat.ts";
import { imageGrid } from "../data/image_grid.ts";
import { findDataFile } from "../data/lookup.ts";
import { round, trend } from "../harness/claims.ts";
import { type Context, defineExperiment, type ImageGrid } from "../harness/experiment.ts";
import { LogisticRegression, optimize } from "../nn/logistic.ts";

const L000 = "000_1f11751481aa60aa.txt, Logistic Regression / Gradient Descent";
const L001 = "001_83458b1bb94aa1e4.txt, Gradient descent and learning rate";

/** The cost falls at every logged step. */
function falls(costs: readonly number[]) {
  const t = trend(costs);
  return {
    observed: `falls at ${t.down} of ${t.steps} steps (${round(costs[0], 6)} → ${
      round(costs.at(-1)!, 6)
    })`,
    pass: t.down === t.steps && t.steps > 0,
  };
}

type LogregOutput = {
  costs: number[];
  trainAccuracy: number;
  testAccuracy: number;
  mislabelled: ImageGrid;
};

export default defineExperiment<LogregOutput>({
  id: "logreg-cat",
  title: "Logistic regression on the cat images",
  source: `${L000}; ${L001}`,
  description:
    "The course's `model(...)`: X = images flattened to 12288 × m and divided by 255, w and b " +
    "initialised to zeros, batch gradient descent on the cross-entropy cost, prediction " +
    "ŷ = 1 where σ(wᵀx + b) > 0.5; accuracy as 100 − mean|ŷ − y|·100. The learning-rate " +
    "comparison runs 1500 iterations at 0.01, 0.001 and 0.0001.",
  params: {
    lr: {
      type: "number",
      default: 0.005,
      min: 0,
      doc: "learning rate",
      random: { min: 1e-4, max: 0.05, log: true },
    },
    iterations: { type: "integer", default: 2000, min: 1, max: 1000000, doc: "gradient steps" },
  },
  defaultSweep: [
    { lr: 0.005, iterations: 2000 },
    { lr: 0.01, iterations: 1500 },
    { lr: 0.001, iterations: 1500 },
    { lr: 0.0001, iterations: 1500 },
  ],
  quick: { iterations: 300 },
  seeds: [1],
  checkData: (dataDir) => {
    for (const f of Object.values(CATVNONCAT_FILES)) {
      findDataFile(f, { dataDir, hint: CATVNONCAT_HINT });
    }
  },
  charts: [
    {
      name: "cost",
      title: "Cost every 100 iterations, by learning rate",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "lr",
      xTitle: "iterations",
      yTitle: "cost J",
    },
    {
      name: "mislabelled",
      title: "Mislabelled test images (lr 0.005)",
      kind: "images",
      field: "mislabelled",
      firstTrialOnly: true,
    },
  ],
  claims: [
    {
      id: "cost-decreases",
      text: "Gradient descent lowers the cost J(w, b) step after step (every logged cost is " +
        "below the one before) at a well-chosen learning rate",
      source: L000,
      expected: "falls at every logged step",
      when: { lr: 0.005 },
      measure: ({ outputs }) => falls(outputs.costs),
    },
    {
      id: "small-lr-falls",
      text: "At a smaller learning rate (0.001) the cost also falls at every logged step",
      source: L001,
      expected: "falls at every logged step",
      when: { lr: 0.001 },
      measure: ({ outputs }) => falls(outputs.costs),
    },
    {
      id: "large-lr-oscillates",
      text: "With too large a learning rate (0.01) the cost oscillates: it rises at some step " +
        "before it settles",
      source: L001,
      expected: "rises at ≥ 1 logged step",
      when: { lr: 0.01 },
      measure: ({ outputs }) => {
        const t = trend(outputs.costs);
        return { observed: `rises at ${t.up} of ${t.steps} steps`, pass: t.up >= 1 };
      },
    },
    {
      id: "tiny-lr-slow",
      text: "With too small a learning rate (0.0001) progress is slow: the last cost is still " +
        "above 75% of the initial cost",
      source: L001,
      expected: "final / initial > 0.75",
      when: { lr: 0.0001 },
      measure: ({ outputs }) => {
        const ratio = outputs.costs.at(-1)! / outputs.costs[0];
        return { observed: `final / initial = ${round(ratio, 4)}`, pass: ratio > 0.75 };
      },
    },
    {
      id: "overfits",
      text: "The cat classifier overfits: training accuracy is far above test accuracy " +
        "(measured as a gap of at least 15 percentage points)",
      source: L001,
      expected: "train − test ≥ 15 points",
      when: { lr: 0.005 },
      measure: ({ outputs }) => {
        const gap = outputs.trainAccuracy - outputs.testAccuracy;
        return {
          observed: `train ${round(outputs.trainAccuracy, 5)}%, test ${
            round(outputs.testAccuracy, 5)
          }% (gap ${round(gap, 4)})`,
          pass: gap >= 15,
        };
      },
    },
  ],
  async run(ctx: Context) {
    const data = await loadCatvnoncat({ dataDir: ctx.dataDir });
    const b = ctx.backend;
    const X = b.fromArray(data.trainX, [data.features, data.mTrain]);
    const Y = b.fromArray(data.trainY, [1, data.mTrain]);
    const Xt = b.fromArray(data.testX, [data.features, data.mTest]);
    const Yt = b.fromArray(data.testY, [1, data.mTest]);
    const model = LogisticRegression.initializeWithZeros(b, data.features);
    const { costs } = await optimize(
      model,
      X,
      Y,
      ctx.params.iterations as number,
      ctx.params.lr as number,
      100,
    );
    const preds = [model.predict(X), model.predict(Xt)];
    const [pTrain, pTest] = await b.readMany(preds);
    for (const t of [X, Y, Xt, Yt, ...preds]) t.dispose();
    model.dispose();
    costs.forEach((c) => ctx.log({ iteration: c.epoch, cost: c.cost }));
    const accuracy = (p: Float64Array, y: Float64Array) =>
      100 - 100 * p.reduce((s, v, i) => s + Math.abs(v - y[i]), 0) / y.length;
    const wrong = Array.from(pTest.keys()).filter((i) => pTest[i] !== data.testY[i]);
    const label = (v: number) => data.classes[v] ?? String(v);
    return {
      costs: costs.map((c) => c.cost),
      trainAccuracy: accuracy(pTrain, data.trainY),
      testAccuracy: accuracy(pTest, data.testY),
      mislabelled: imageGrid(
        data.testRaw,
        { height: data.height, width: data.width, channels: 3 },
        wrong.slice(0, 12),
        (i) => `#${i}: is ${label(data.testY[i])}, predicted ${label(pTest[i])}`,
        () => true,
      ),
    };
  },
});
