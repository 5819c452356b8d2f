/**
 * Lecture 002, feature scaling: on standardised features Adaline's gradient descent reaches a
 * given cost in fewer epochs, and stays stable over a wider range of learning rates.
 */
import { trainAdalineGD } from "../nn/adaline.ts";
import { uploadIris } from "./lib/adaline_iris.ts";
import { logGrid } from "./lib/log_grid.ts";
import { rowMoments } from "./lib/row_moments.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const SCALING = "Feature Scaling";
const FASTER = "If features are scaled on the same scale, gradient descent converges faster";

type ScalingResult = {
  /** Fewest epochs to reach the target over the learning-rate grid (null: never). */
  bestEpochs: number | null;
  bestLr: number | null;
  /** Learning rates at which the cost never rose. */
  stableLrs: number[];
};

export default defineExperiment({
  id: "feature-scaling",
  title: "Feature scaling: epochs to reach a cost, raw vs standardised features",
  source: lecture(2, SCALING),
  description: "Adaline (batch gradient descent, SSE/2) on the perceptron's Iris data, raw and " +
    "standardised, for learning rates from 1e-5 to 0.1 (three per decade). For each scaling: " +
    "the fewest epochs, over that grid, to bring the cost to the target, and the learning " +
    "rates at which the cost falls every epoch. A run that never reaches the target within " +
    "the epochs logs no epochs_to_target.",
  params: {
    target: { type: "number", default: 3, min: 0, doc: "cost (SSE/2) to reach" },
    epochs: { type: "integer", default: 300, min: 1, max: 100000, doc: "epochs per run (cap)" },
  },
  quick: { epochs: 100 },
  seeds: [1],
  charts: [{
    name: "epochs-to-target",
    title: "Epochs to reach the target cost, by learning rate",
    kind: "line",
    x: "log10_lr",
    y: "epochs_to_target",
    color: "scaling",
    xTitle: "log10(learning rate)",
    yTitle: "epochs to reach the target (missing: never)",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const { target, epochs: cap } = ctx.params;
    const out: Record<string, ScalingResult> = {};
    const sets = { raw: uploadIris(b), standardized: uploadIris(b, { standardize: true }) };
    for (const scaling of ["raw", "standardized"] as const) {
      const iris = sets[scaling];
      const result: ScalingResult = { bestEpochs: null, bestLr: null, stableLrs: [] };
      for (const lr of logGrid(1e-5, 0.1, 3)) {
        const { costs } = await trainAdalineGD(b, iris.x, iris.y, lr, cap);
        const reached = costs.findIndex((c) => c <= target);
        const epochs = reached < 0 ? null : reached + 1;
        // Stable: the cost never rises (beyond float32 rounding once it has converged).
        const stable = costs.every((c, i) => i === 0 || c <= costs[i - 1] * (1 + 1e-5));
        if (stable) result.stableLrs.push(lr);
        if (epochs !== null && (result.bestEpochs === null || epochs < result.bestEpochs)) {
          result.bestEpochs = epochs;
          result.bestLr = lr;
        }
        const finalCost = costs.at(-1)!;
        ctx.log({
          scaling,
          lr,
          log10_lr: Number(Math.log10(lr).toFixed(4)),
          // A run that diverged to ±Infinity logs no final cost (a logged Infinity marks the
          // trial diverged); one that never reached the target logs no epochs.
          ...(Number.isFinite(finalCost) ? { final_cost: finalCost } : {}),
          ...(epochs === null ? {} : { epochs_to_target: epochs }),
        });
      }
      iris.dispose();
      out[scaling] = result;
    }
    const { features, shape } = sets.standardized;
    return {
      raw: out.raw,
      standardized: out.standardized,
      standardizedMoments: rowMoments(features, shape),
    };
  },
  claims: [
    {
      id: "faster-when-standardised",
      chart: "epochs-to-target",
      text: `${FASTER}: standardised features reach SSE/2 ≤ 3 in fewer epochs than raw ` +
        "features do, each at its best learning rate of the grid — measured as raw's best " +
        "epochs (the epoch cap + 1 when raw never reaches it) over standardised's best",
      source: lecture(2, SCALING, FASTER),
      expected: 1,
      check: { kind: "above" },
      observe: ({ outputs: o, params }) =>
        (o.raw.bestEpochs ?? params.epochs + 1) / (o.standardized.bestEpochs ?? Infinity),
      note: ({ outputs: o, params }) =>
        `Best epochs to SSE/2 ≤ ${params.target}: standardised ${
          o.standardized.bestEpochs ?? "never"
        } (lr ${o.standardized.bestLr}), raw ${
          o.raw.bestEpochs ?? `never within ${params.epochs}`
        }${o.raw.bestLr === null ? "" : ` (lr ${o.raw.bestLr})`}.`,
    },
    {
      id: "wider-stable-range",
      chart: "epochs-to-target",
      text: "Standardised features tolerate larger learning rates: the largest learning rate " +
        "of the grid at which the cost never rises is higher than on raw features (ratio > 1)",
      source: lecture(2, SCALING, FASTER),
      expected: 1,
      check: { kind: "above" },
      observe: ({ outputs: o }) =>
        Math.max(...o.standardized.stableLrs) / Math.max(...o.raw.stableLrs),
      note: ({ outputs: o }) =>
        `Largest stable learning rate: standardised ${Math.max(...o.standardized.stableLrs)}, raw ${
          Math.max(...o.raw.stableLrs)
        }.`,
    },
    {
      id: "standardised-mean-zero",
      text: "After standardization, the features will have unit variance and centered around " +
        "mean zero: the mean of each standardised feature",
      source: lecture(
        2,
        SCALING,
        "After standardization, the features will have unit variance and centered around mean zero",
      ),
      expected: [0, 0],
      check: { kind: "near", tolerance: 1e-12 },
      observe: ({ outputs }) => outputs.standardizedMoments.means,
    },
    {
      id: "standardised-unit-variance",
      text: "After standardization, the features will have unit variance: the (population) " +
        "standard deviation of each standardised feature",
      source: lecture(
        2,
        SCALING,
        "After standardization, the features will have unit variance",
      ),
      expected: [1, 1],
      check: { kind: "near", tolerance: 1e-12 },
      observe: ({ outputs }) => outputs.standardizedMoments.sds,
    },
  ],
});
