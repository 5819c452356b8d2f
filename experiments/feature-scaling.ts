/**
 * Lecture 002, feature scaling: on standardised features Adaline's gradient descent reaches a
 * given cost in fewer epochs, and stays stable over a wider range of learning rates.
 */
import { lectureIris, standardizeRows } from "../data/iris.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { trainAdalineGD } from "../nn/adaline.ts";

const SOURCE = "002_fe9f34c7e4ab1bab.txt, Feature Scaling";

/** Learning rates tried for each scaling: three per decade. */
function lrGrid(lo: number, hi: number, perDecade: number): number[] {
  const n = Math.round(Math.log10(hi / lo) * perDecade);
  return Array.from(
    { length: n + 1 },
    (_, i) => Number((lo * 10 ** (i / perDecade)).toPrecision(3)),
  );
}

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
  source: SOURCE,
  description: "Adaline (batch gradient descent, SSE/2) on the perceptron's Iris data, raw and " +
    "standardised, for learning rates from 1e-5 to 0.1 (three per decade). For each scaling: " +
    "the fewest epochs, over that grid, to bring the cost to the target, and the learning " +
    "rates at which the cost falls every epoch.",
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
  claims: [
    {
      id: "faster-when-standardised",
      text: "If features are scaled on the same scale, gradient descent converges faster: " +
        "standardised features reach the target cost in fewer epochs (best learning rate each)",
      source: SOURCE,
      expected: "standardised best < raw best",
      measure: ({ outputs }) => {
        const s = outputs.standardized.bestEpochs, r = outputs.raw.bestEpochs;
        return {
          observed: `standardised ${s ?? "never"} (lr ${outputs.standardized.bestLr}), raw ${
            r ?? "never"
          } (lr ${outputs.raw.bestLr})`,
          pass: s !== null && (r === null || s < r),
        };
      },
    },
    {
      id: "wider-stable-range",
      text: "Standardised features tolerate larger learning rates: the largest learning rate " +
        "at which the cost never rises is higher",
      source: SOURCE,
      expected: "max stable lr: standardised > raw",
      measure: ({ outputs }) => {
        const s = Math.max(...outputs.standardized.stableLrs);
        const r = Math.max(...outputs.raw.stableLrs);
        return { observed: `standardised ${s}, raw ${r}`, pass: s > r };
      },
    },
  ],
  async run(ctx: Context) {
    const sel = lectureIris();
    const b = ctx.backend;
    const y = b.fromArray(sel.y, [1, sel.y.length]);
    const target = ctx.params.target as number;
    const out: Record<string, ScalingResult> = {};
    for (const scaling of ["raw", "standardized"] as const) {
      const x = b.fromArray(
        scaling === "raw" ? sel.x : standardizeRows(sel.x, sel.shape),
        sel.shape,
      );
      const result: ScalingResult = { bestEpochs: null, bestLr: null, stableLrs: [] };
      for (const lr of lrGrid(1e-5, 0.1, 3)) {
        const { costs } = await trainAdalineGD(b, x, y, lr, ctx.params.epochs as number);
        const reached = costs.findIndex((c) => c <= target);
        const epochs = reached < 0 ? null : reached + 1;
        // Stable: the cost never rises (beyond float32 rounding once it has converged).
        const stable = costs.every((c, i) => i === 0 || c <= costs[i - 1] * (1 + 1e-5));
        if (stable) result.stableLrs.push(lr);
        if (epochs !== null && (result.bestEpochs === null || epochs < result.bestEpochs)) {
          result.bestEpochs = epochs;
          result.bestLr = lr;
        }
        ctx.log({
          scaling,
          lr,
          log10_lr: Number(Math.log10(lr).toFixed(4)),
          epochs_to_target: epochs ?? NaN,
          final_cost: costs.at(-1)!,
        });
      }
      x.dispose();
      out[scaling] = result;
    }
    y.dispose();
    return { raw: out.raw, standardized: out.standardized };
  },
});
