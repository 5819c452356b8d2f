/**
 * Lectures 002 and 004: batch, stochastic and mini-batch gradient descent on Adaline (Iris), the
 * whole set's cost measured after every update, so the curves read per epoch and per update.
 */
import { lectureIris, standardizeRows } from "../data/iris.ts";
import {
  firstEpochCosines,
  type MethodRun,
  traceMethod,
  type VariantsOutput,
} from "./lib/adaline_trace.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const SGD = "Online Learning via Stochastic Gradient Descent";
const FASTER = "Converges faster than BGD since weights are updated immediately after each " +
  "training sample";
const INCREMENTAL = "Weights are incrementally updated after each individual training sample";
const COMPLETE = "Cost function is minimized based on the complete training dataset (all samples)";
const REFERENCE = "references/adaline_iris.py → references/adaline_iris.json";
const BATCH_DOC = "samples per update of the mini-batch method";
const TARGET_DOC = "cost (SSE/2) whose first crossing is counted in epochs and in updates";
const METHODS = ["batch", "mini-batch", "SGD"] as const;
type Method = (typeof METHODS)[number];
const mean = (v: number[]) => v.reduce((s, c) => s + c, 0) / v.length;

export default defineExperiment({
  id: "gradient-descent-variants",
  title: "Batch vs stochastic vs mini-batch gradient descent (Adaline on Iris)",
  source: lecture(2, SGD),
  description: "Adaline on the perceptron's Iris data (first 100 rows, sepal and petal length, " +
    "standardised; y = ±1), zero initial weights, η = 0.01 for 15 epochs, trained three ways: " +
    "batch gradient descent (one update per epoch from all m = 100 samples, the lecture's " +
    "AdalineGD), mini-batch (batchSize samples per update) and SGD (one sample per update, the " +
    "lecture's AdalineSGD), each update using the summed SSE/2 gradient. The mini-batch and " +
    "SGD orders are reshuffled every epoch by a RandomState seeded with the trial's seed (one " +
    "per method, as Raschka's random_state). After every update the cost SSE/2 of the whole " +
    "training set is measured, so each row of metrics.csv is one update with both x columns: " +
    "`update` and `epoch` = update / updates per epoch. The epoch-end costs are checked " +
    "against nn/adaline.ts's trainAdalineMiniBatch run with the same seed. At the zero initial " +
    "weights, the gradient of each mini-batch and of each sample of the first shuffled epoch is " +
    "compared (cosine) with the whole set's.",
  params: {
    eta: { type: "number", default: 0.01, min: 0, doc: "learning rate η (all methods)" },
    epochs: { type: "integer", default: 15, min: 1, max: 10000, doc: "passes over the samples" },
    batchSize: { type: "integer", default: 10, min: 2, max: 99, doc: BATCH_DOC },
    shuffle: { type: "boolean", default: true, doc: "reshuffle the samples every epoch" },
    target: { type: "number", default: 3, min: 0, doc: TARGET_DOC },
  },
  seeds: [1],
  charts: [
    {
      name: "cost-per-epoch",
      title: "Cost (SSE/2, whole set) against epochs",
      kind: "line",
      x: "epoch",
      y: "cost",
      color: "method",
      xTitle: "Epoch (update / updates per epoch)",
      yTitle: "sum-squared-error / 2",
    },
    {
      name: "cost-per-update",
      title: "Cost (SSE/2, whole set) against parameter updates",
      kind: "line",
      x: "log10_updates",
      y: "cost",
      color: "method",
      xTitle: "log10(1 + parameter updates)",
      yTitle: "sum-squared-error / 2",
    },
  ],
  async run(ctx): Promise<VariantsOutput<Method>> {
    const sel = lectureIris(), b = ctx.backend, m = sel.y.length;
    const x = b.fromArray(standardizeRows(sel.x, sel.shape), sel.shape);
    const y = b.fromArray(sel.y, [1, m]);
    const { eta, epochs, batchSize, shuffle, target } = ctx.params;
    const sizes: Record<Method, number> = { batch: m, "mini-batch": batchSize, SGD: 1 };
    const out = {} as Record<Method, MethodRun>;
    try {
      for (const method of METHODS) {
        const opts = { eta, epochs, batchSize: sizes[method], shuffle };
        out[method] = await traceMethod(b, x, y, ctx.seed, opts, target, ctx.log, method);
      }
      const gradients = await firstEpochCosines(b, x, y, ctx.seed, shuffle, batchSize);
      return { ...out, m, target, gradientCosines: gradients };
    } finally {
      for (const t of [x, y]) t.dispose();
    }
  },
  claims: [
    {
      id: "updates-per-epoch",
      chart: "cost-per-update",
      text: "BGD minimises the cost on the complete training dataset (one update per epoch); " +
        "SGD's weights are incrementally updated after each individual training sample " +
        "(m = 100 updates); mini-batch GD, a compromise, divides the dataset into mini-batches " +
        "(100 / 10 = 10 updates) — counted from the logged updates [batch, mini-batch, SGD]",
      source: lecture(2, SGD, INCREMENTAL),
      expected: [1, 10, 100],
      check: { kind: "equals" },
      when: { batchSize: 10 },
      observe: ({ outputs: o }) => METHODS.map((k) => o[k].updatesPerEpoch),
    },
    {
      id: "sgd-fewer-epochs",
      chart: "cost-per-epoch",
      text: `SGD "${FASTER}": SGD brings the whole set's SSE/2 to ≤ 3 in fewer epochs than ` +
        "batch gradient descent — measured as batch's epochs over SGD's (> 1)",
      source: lecture(2, SGD, FASTER),
      expected: 1,
      check: { kind: "above" },
      when: { eta: 0.01, epochs: 15, target: 3 },
      observe: ({ outputs: o }) =>
        (o.batch.epochsToTarget ?? Infinity) / (o.SGD.epochsToTarget ?? Infinity),
      note: ({ outputs: o }) =>
        `Epochs to SSE/2 ≤ ${o.target}: ` +
        [...METHODS].reverse().map((k) => `${k} ${o[k].epochsToTarget ?? "never"}`).join(", ") +
        ".",
    },
    {
      id: "mini-batch-smoother-than-sgd",
      chart: "cost-per-epoch",
      text: "Mini-batch gradient descent gives smoother convergence than SGD: the share of " +
        "updates after which the whole set's cost rose is lower for mini-batch than for SGD " +
        "(measured: SGD's share minus mini-batch's, > 0)",
      source: lecture(2, SGD, "Smoother convergence than SGD"),
      expected: 0,
      check: { kind: "above" },
      when: { eta: 0.01, epochs: 15 },
      observe: ({ outputs: o }) =>
        o.SGD.rises / o.SGD.updates - o["mini-batch"].rises / o["mini-batch"].updates,
      note: ({ outputs: o }) =>
        "The cost rose after " +
        METHODS.map((k) => `${o[k].rises} of ${o[k].updates} ${k} updates`).join(", ") + ".",
    },
    {
      id: "batch-never-rises",
      chart: "cost-per-update",
      text: "Batch gradient descent, minimising the cost on the complete training dataset, " +
        "lowers it at every update (the smoothest of the three curves)",
      source: lecture(2, SGD, COMPLETE),
      expected: null,
      check: { kind: "falls" },
      when: { eta: 0.01, epochs: 15 },
      observe: ({ outputs: o }) => o.batch.costs,
    },
    {
      id: "subset-gradient-approximates",
      text: "The gradient can be an approximation using a small subset of the training " +
        "dataset: at the initial weights, the mean cosine between a 10-sample mini-batch's " +
        "gradient and the whole set's is at least 0.9",
      source: project(
        "0.9: a mean cosine of 0.9 puts a mini-batch step within about 25° of the full " +
          "gradient's direction, which is what 'approximation' asks of a descent direction",
      ),
      expected: 0.9,
      check: { kind: "atLeast" },
      when: { batchSize: 10 },
      observe: ({ outputs: o }) => mean(o.gradientCosines.miniBatch),
      note: ({ outputs: o }) => {
        const g = o.gradientCosines;
        return `Cosine with the full gradient: mini-batches mean ${mean(g.miniBatch)} (min ${
          Math.min(...g.miniBatch)
        }); single samples mean ${mean(g.single)} (min ${Math.min(...g.single)}).`;
      },
    },
    {
      id: "numpy-epoch-costs",
      chart: "cost-per-epoch",
      text: "The mini-batch (10) and SGD runs give, at each epoch end, the SSE/2 that NumPy " +
        "gives for the same code (zero weights, a RandomState(1) per method reshuffling every " +
        "epoch): 15 mini-batch figures, then 15 SGD figures",
      source: project("the same computation in NumPy float64 (" + REFERENCE + ")"),
      // deno-fmt-ignore: NumPy's 15 mini-batch figures, then its 15 SGD figures.
      expected: [
        8.446146614682537, 5.9924208839294, 4.856806957434044, 4.094161276039312,
        3.5708437854850033, 3.2083244041872336, 2.9707829773748355, 2.818627057360089,
        2.6911115533208605, 2.616343391393488, 2.5563029841059266, 2.5175381986130496,
        2.4920495040222144, 2.4753315517944143, 2.4668919167377017,
        8.788058230133776, 6.03713722030467, 4.890837325911154, 4.121101878459314,
        3.5970497947508724, 3.227421343751714, 2.9862193679893125, 2.8276033740291546,
        2.6978915150679006, 2.620263675415249, 2.560116881554724, 2.520152885351807,
        2.494121759095856, 2.476251457497869, 2.466697865819974,
      ],
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 3e-6,
          basis: "NumPy float32 of the same code departs from float64 by up to 2.3e-6 (" +
            REFERENCE + ")",
        },
      },
      when: { eta: 0.01, epochs: 15, batchSize: 10, shuffle: true },
      observe: ({ outputs: o }) =>
        (["mini-batch", "SGD"] as const).flatMap((k) =>
          o[k].costs.filter((_, u) => u > 0 && u % o[k].updatesPerEpoch === 0)
        ),
    },
    {
      id: "same-as-nn-adaline",
      text: "The traced updates are lecture 002's Adaline rule: at every epoch end the cost " +
        'equals nn/adaline.ts\'s trainAdalineMiniBatch (cost "sse") run with the same seed ' +
        "(largest difference over the three methods)",
      source: project("two implementations of one computation agree to rounding"),
      expected: 0,
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-9,
          float32: 4e-5,
          basis: "NumPy float32 of batch GD departs from float64 by up to 1.8e-5 on these " +
            "costs (gd_std_0.01 in " + REFERENCE + "); two float32 codes by up to twice that",
        },
      },
      observe: ({ outputs: o }) => Math.max(...METHODS.map((k) => o[k].maxDiffFromNn)),
    },
  ],
});
