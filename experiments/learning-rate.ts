/**
 * Lectures 000, 001 and 002 on the learning rate α: logistic regression on the cat images for a
 * sweep of α over five decades — too large overshoots (the cost climbs and oscillates), too
 * small barely moves, in between the cost falls steadily.
 */
import { round, trend } from "../harness/claims.ts";
import { type Context, defineExperiment, type MetricRow } from "../harness/experiment.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { catData, checkCatData, uploadCat } from "./lib/cat_images.ts";

const L000 = "000_1f11751481aa60aa.txt, Logistic Regression / Gradient Descent";
const L001 = "001_83458b1bb94aa1e4.txt, Choosing Learning Rate";
const L002 = "002_fe9f34c7e4ab1bab.txt, Problems with learning rates";

/** The default sweep: decades from 1e-5 to 1, and the course's 0.005. */
const RATES = [1e-5, 1e-4, 1e-3, 0.005, 0.01, 0.1, 1] as const;
const TOO_LARGE = [0.01, 0.1, 1] as const;

type LearningRateOutput = {
  costs: number[];
  finalOverInitial: number;
  peakOverInitial: number;
  trainAccuracy: number;
  testAccuracy: number;
};

/** The logged costs, read from metrics so that they are there whatever became of the trial. */
function costsOf(metrics: readonly MetricRow[]): number[] {
  return metrics.map((r) => r.cost).filter((c): c is number => typeof c === "number");
}

export default defineExperiment<LearningRateOutput>({
  id: "learning-rate",
  title: "Choosing the learning rate: logistic regression on the cat images",
  source: `${L000}; ${L001}; ${L002}`,
  description:
    "The course's logistic regression on the cat images (X = pixels / 255, 12288 × 209; w and " +
    "b zeros; batch gradient descent on the cross-entropy cost) run for `iterations` steps at " +
    "each learning rate of the sweep (1e-5, 1e-4, 1e-3, 0.005, 0.01, 0.1, 1), the cost logged " +
    "every `logEvery` iterations and at the last one, with `peak` the highest cost so far. " +
    "Figures per trial: last / first logged cost, highest / first, and the count of logged " +
    "steps at which the cost rose.",
  params: {
    lr: {
      type: "number",
      default: 0.005,
      min: 0,
      doc: "learning rate α",
      random: { min: 1e-6, max: 10, log: true },
    },
    iterations: { type: "integer", default: 500, min: 1, max: 1000000, doc: "gradient steps" },
    logEvery: {
      type: "integer",
      default: 10,
      min: 1,
      max: 1000000,
      doc: "log the cost every this many iterations",
    },
  },
  defaultSweep: RATES.map((lr) => ({ lr })),
  quick: { iterations: 20, logEvery: 2 },
  seeds: [1],
  checkData: checkCatData,
  charts: [
    {
      name: "cost",
      title: "Cost J by iteration, one line per learning rate (log10)",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "lr",
      log10: true,
      xTitle: "iterations",
      yTitle: "log10 J",
    },
    {
      name: "final-cost",
      title: "Final cost vs learning rate",
      kind: "summary",
      x: "lr",
      y: "cost",
      logX: true,
      log10: true,
      xTitle: "learning rate α",
      yTitle: "log10 J after the last iteration",
    },
    {
      name: "peak-cost",
      title: "Highest cost reached vs learning rate (overshooting)",
      kind: "summary",
      x: "lr",
      y: "peak",
      logX: true,
      log10: true,
      xTitle: "learning rate α",
      yTitle: "log10 of the highest logged J",
    },
  ],
  claims: [
    ...TOO_LARGE.map((lr) => ({
      id: `overshoots-at-${lr}`,
      text: `"Large learning rate: Overshooting" (α is too large): at α = ${lr} the cost rises ` +
        "at ≥ 1 logged step and climbs above its initial value (highest / first > 1)",
      source: `${L002}; ${L001}`,
      expected: "rises ≥ 1; highest / first > 1",
      when: { lr },
      measure: ({ metrics }: { metrics: readonly MetricRow[] }) => {
        const c = costsOf(metrics);
        const t = trend(c);
        const peak = Math.max(...c) / c[0];
        return {
          observed: `rises at ${t.up} of ${t.steps} steps; highest / first = ${round(peak, 4)}`,
          pass: t.up >= 1 && peak > 1,
        };
      },
    })),
    {
      id: "too-small-slow",
      text: '"If the learning rate is too small, gradient descent will require too many epochs ' +
        'to converge": at α = 1e-5 the last cost is still above 90% of the first',
      source: L002,
      expected: "last / first > 0.9",
      when: { lr: 1e-5 },
      measure: ({ metrics }) => {
        const c = costsOf(metrics);
        const ratio = c.at(-1)! / c[0];
        return { observed: `last / first = ${round(ratio, 4)}`, pass: ratio > 0.9 };
      },
    },
    {
      id: "moderate-falls-steadily",
      text: "At a moderate learning rate (α = 0.001) gradient descent goes downhill every " +
        "step: the cost falls at every logged step",
      source: `${L000}; ${L001}`,
      expected: "falls at every logged step",
      when: { lr: 0.001 },
      measure: ({ metrics }) => {
        const c = costsOf(metrics);
        const t = trend(c);
        return {
          observed: `falls at ${t.down} of ${t.steps} steps (${round(c[0], 6)} → ${
            round(c.at(-1)!, 6)
          })`,
          pass: t.steps > 0 && t.down === t.steps,
        };
      },
    },
    {
      id: "course-rate-converges",
      text: "At the course's α = 0.005 gradient descent makes fast progress: after 500 " +
        "iterations the cost is below half its initial value",
      source: L000,
      expected: "last / first < 0.5",
      when: { lr: 0.005, iterations: 500 },
      measure: ({ metrics }) => {
        const c = costsOf(metrics);
        const t = trend(c);
        const ratio = c.at(-1)! / c[0];
        return {
          observed: `last / first = ${round(ratio, 4)} (rises at ${t.up} of ${t.steps} steps)`,
          pass: ratio < 0.5,
        };
      },
    },
  ],
  async run(ctx: Context) {
    const data = await catData(ctx.dataDir);
    const b = ctx.backend;
    const sets = uploadCat(b, data);
    const model = LogisticRegression.initializeWithZeros(b, data.features);
    try {
      const r = await train(b, model, sets.X, sets.Y, {
        optimizer: new GradientDescent(b, model.parameters(), ctx.params.lr as number),
        epochs: ctx.params.iterations as number,
        logEvery: ctx.params.logEvery as number,
        readEvery: Infinity,
        stopOnNonFinite: true,
      });
      let peak = -Infinity;
      for (const c of r.costs) {
        peak = Math.max(peak, c.cost);
        ctx.log({ iteration: c.epoch, cost: c.cost, peak });
      }
      const shares = b.tidy(() => [
        b.accuracy(model.predict(sets.X), sets.Y),
        b.accuracy(model.predict(sets.Xt), sets.Yt),
      ]);
      const [tr, te] = await b.readMany(shares);
      for (const s of shares) s.dispose();
      const costs = r.costs.map((c) => c.cost);
      return {
        costs,
        finalOverInitial: costs.at(-1)! / costs[0],
        peakOverInitial: peak / costs[0],
        trainAccuracy: 100 * tr[0],
        testAccuracy: 100 * te[0],
      };
    } finally {
      model.dispose();
      sets.dispose();
    }
  },
});
