/**
 * Lectures 002 and 004: batch, stochastic and mini-batch gradient descent on one problem
 * (Adaline on the standardised Iris features), with the whole training set's cost measured
 * after every parameter update, so the curves can be read per epoch and per update.
 */
import { lectureIris, standardizeRows } from "../data/iris.ts";
import { round, trend, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import type { Backend, Tensor } from "../kernels/backend.ts";
import { trainAdalineMiniBatch } from "../nn/adaline.ts";

const L002 = "002_fe9f34c7e4ab1bab.txt, Online Learning via Stochastic Gradient Descent";
const L004 = "004_62dbc0ba7525818d.txt, Stochastic Gradient Descent";

const METHODS = ["batch", "mini-batch", "SGD"] as const;
type Method = (typeof METHODS)[number];

type MethodRun = {
  batchSize: number;
  updatesPerEpoch: number;
  /** SSE/2 of the whole set: [0] before training, [k] after update k. */
  costs: number[];
  /** The fractional epoch (update / updates per epoch) of the first cost ≤ target; null: never. */
  epochsToTarget: number | null;
  updatesToTarget: number | null;
  /** Updates after which the cost rose, of all updates. */
  rises: number;
  updates: number;
  /** max |cost at each epoch end − nn/adaline's trainAdalineMiniBatch (cost "sse")|. */
  maxDiffFromNn: number;
};

type VariantsOutput = Record<Method, MethodRun> & { m: number; target: number };

/**
 * Adaline (zero weights) with `batchSize` samples per update: per epoch, if shuffling, the
 * order is permuted by `rng` (compounding, as nn/adaline.ts), then each run of `batchSize`
 * samples gives w ← w + η·errors·X_bᵀ, b ← b + η·Σ errors (the summed SSE/2 gradient,
 * lecture 002's rule). After every update the whole set's SSE/2 is kept on the device; all
 * are read back once at the end. nn/adaline.ts records the cost once per epoch only.
 */
async function traceUpdates(
  b: Backend,
  x: Tensor,
  y: Tensor,
  rng: RandomState,
  opts: { eta: number; epochs: number; batchSize: number; shuffle: boolean },
): Promise<number[]> {
  const [features, m] = x.shape;
  const size = Math.min(opts.batchSize, m);
  const w = b.full([1, features], 0);
  const bias = b.full([1, 1], 0);
  const sse = () => {
    const errors = b.binary("sub", y, b.binary("add", b.matmul(w, x), bias));
    return b.unary("affine", b.sum(b.unary("square", errors)), 0.5, 0);
  };
  const columns = size === 1
    ? Array.from(
      { length: m },
      (_, i) => [b.slice(x, 0, features, i, i + 1), b.slice(y, 0, 1, i, i + 1)],
    )
    : null;
  const costs: Tensor[] = [b.tidy(sse)];
  let order = Int32Array.from({ length: m }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      if (opts.shuffle) {
        const r = rng.permutation(m);
        order = r.map((j) => order[j]);
      }
      for (let k = 0; k < m; k += size) {
        costs.push(b.tidy(() => {
          let xb = x, yb = y;
          if (columns) [xb, yb] = columns[order[k]];
          else if (size < m) {
            const end = Math.min(k + size, m);
            const idx = b.fromArray(order.subarray(k, end), [1, end - k]);
            xb = b.gatherColumns(x, idx);
            yb = b.gatherColumns(y, idx);
          }
          const errors = b.binary("sub", yb, b.binary("add", b.matmul(w, xb), bias));
          b.update(w, b.matmul(errors, xb, { transB: true }), -opts.eta);
          b.update(bias, b.sum(errors), -opts.eta);
          return sse();
        }));
      }
    }
    return (await b.readMany(costs)).map((c) => c[0]);
  } finally {
    for (const t of [w, bias, ...costs, ...(columns ?? []).flat()]) t.dispose();
  }
}

export default defineExperiment<VariantsOutput>({
  id: "gradient-descent-variants",
  title: "Batch vs stochastic vs mini-batch gradient descent (Adaline on Iris)",
  source: `${L002}; ${L004}`,
  description: "Adaline on the perceptron's Iris data (first 100 rows, sepal and petal length, " +
    "standardised; y = ±1), zero initial weights, η = 0.01 for 15 epochs, trained three ways: " +
    "batch gradient descent (one update per epoch from all m = 100 samples, the lecture's " +
    "AdalineGD), mini-batch (batchSize samples per update) and SGD (one sample per update, the " +
    "lecture's AdalineSGD), each update using the summed SSE/2 gradient. The mini-batch and " +
    "SGD orders are reshuffled every epoch by a RandomState seeded with the trial's seed (one " +
    "per method, as Raschka's random_state). After every update the cost SSE/2 of the whole " +
    "training set is measured, so each row of metrics.csv is one update with both x columns: " +
    "`update` and `epoch` = update / updates per epoch. The epoch-end costs are checked " +
    "against nn/adaline.ts's trainAdalineMiniBatch run with the same seed.",
  params: {
    eta: { type: "number", default: 0.01, min: 0, doc: "learning rate η (all methods)" },
    epochs: { type: "integer", default: 15, min: 1, max: 10000, doc: "passes over the samples" },
    batchSize: {
      type: "integer",
      default: 10,
      min: 2,
      max: 99,
      doc: "samples per update of the mini-batch method",
    },
    shuffle: { type: "boolean", default: true, doc: "reshuffle the samples every epoch" },
    target: {
      type: "number",
      default: 3,
      min: 0,
      doc: "cost (SSE/2) whose first crossing is counted in epochs and in updates",
    },
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
  claims: [
    {
      id: "updates-per-epoch",
      text: 'BGD uses all samples for one update; SGD updates "after each individual training ' +
        'sample" (m updates per epoch); mini-batch, "a compromise", lies in between — ' +
        "counted from the logged updates",
      source: L002,
      expected: "batch 1, SGD m = 100, 1 < mini-batch < 100",
      measure: ({ outputs: o }) => ({
        observed:
          `batch ${o.batch.updatesPerEpoch}, mini-batch ${o["mini-batch"].updatesPerEpoch}` +
          `, SGD ${o.SGD.updatesPerEpoch} (m = ${o.m})`,
        pass: o.batch.updatesPerEpoch === 1 && o.SGD.updatesPerEpoch === o.m &&
          o["mini-batch"].updatesPerEpoch > 1 && o["mini-batch"].updatesPerEpoch < o.m,
      }),
    },
    {
      id: "sgd-fewer-epochs",
      text: 'SGD "converges faster than BGD since weights are updated immediately after each ' +
        'training sample": measured as the epochs SGD needs to bring the cost to the target ' +
        "(SSE/2 ≤ 3) being fewer than batch gradient descent needs",
      source: L002,
      expected: "SGD epochs < batch epochs",
      when: { eta: 0.01, epochs: 15, target: 3 },
      measure: ({ outputs: o }) => ({
        observed: `epochs to SSE/2 ≤ ${o.target}: SGD ${o.SGD.epochsToTarget ?? "never"}, ` +
          `mini-batch ${o["mini-batch"].epochsToTarget ?? "never"}, batch ${
            o.batch.epochsToTarget ?? "never"
          }`,
        pass: o.SGD.epochsToTarget !== null &&
          (o.batch.epochsToTarget === null || o.SGD.epochsToTarget < o.batch.epochsToTarget),
      }),
    },
    {
      id: "batch-smoothest",
      text: "Per update, batch gradient descent's cost curve is the smoothest and mini-batch " +
        'gives "smoother convergence than SGD": measured as the share of updates after which ' +
        "the whole set's cost rose, batch ≤ mini-batch < SGD",
      source: L002,
      expected: "rises: batch ≤ mini-batch < SGD",
      when: { eta: 0.01, epochs: 15 },
      measure: ({ outputs: o }) => {
        const share = (r: MethodRun) => r.rises / r.updates;
        const text = METHODS.map((k) =>
          `${k} ${o[k].rises}/${o[k].updates} (${round(100 * share(o[k]), 3)}%)`
        );
        return {
          observed: `cost rose after ${text.join(", ")} updates; updates to SSE/2 ≤ ${o.target}: ` +
            METHODS.map((k) => `${k} ${o[k].updatesToTarget ?? "never"}`).join(", "),
          pass: share(o.batch) <= share(o["mini-batch"]) &&
            share(o["mini-batch"]) < share(o.SGD),
        };
      },
    },
    {
      id: "same-as-nn-adaline",
      text: "The traced updates are lecture 002's Adaline rule: at every epoch end the cost " +
        'equals nn/adaline.ts\'s trainAdalineMiniBatch (cost "sse") run with the same seed',
      source: L002,
      expected: 0,
      tolerance: { float64: 1e-9, float32: 1e-3 },
      measure: ({ outputs: o, tolerance }) => {
        const worst = Math.max(...METHODS.map((k) => o[k].maxDiffFromNn));
        return { observed: round(worst, 4), pass: within(worst, 0, tolerance) };
      },
    },
  ],
  async run(ctx: Context) {
    const sel = lectureIris();
    const b = ctx.backend;
    const m = sel.y.length;
    const x = b.fromArray(standardizeRows(sel.x, sel.shape), sel.shape);
    const y = b.fromArray(sel.y, [1, m]);
    const eta = ctx.params.eta as number, epochs = ctx.params.epochs as number;
    const shuffle = ctx.params.shuffle as boolean, target = ctx.params.target as number;
    const sizes: Record<Method, number> = {
      batch: m,
      "mini-batch": ctx.params.batchSize as number,
      SGD: 1,
    };
    const out = {} as Record<Method, MethodRun>;
    try {
      for (const method of METHODS) {
        const batchSize = sizes[method];
        const opts = { eta, epochs, batchSize, shuffle };
        const costs = await traceUpdates(b, x, y, new RandomState(ctx.seed), opts);
        const nn = await trainAdalineMiniBatch(b, x, y, new RandomState(ctx.seed), {
          ...opts,
          initial: "zeros",
          cost: "sse",
        });
        const perEpoch = Math.ceil(m / batchSize);
        const ends = nn.costs.map((_, e) => costs[(e + 1) * perEpoch]);
        const maxDiffFromNn = Math.max(...nn.costs.map((c, e) => Math.abs(c - ends[e])));
        costs.forEach((cost, update) =>
          ctx.log({
            method,
            update,
            log10_updates: Number(Math.log10(1 + update).toFixed(6)),
            epoch: Number((update / perEpoch).toFixed(6)),
            cost,
          })
        );
        const hit = costs.findIndex((c) => c <= target);
        const t = trend(costs);
        out[method] = {
          batchSize,
          updatesPerEpoch: (costs.length - 1) / epochs,
          costs,
          epochsToTarget: hit < 0 ? null : round(hit / perEpoch, 6),
          updatesToTarget: hit < 0 ? null : hit,
          rises: t.up,
          updates: t.steps,
          maxDiffFromNn,
        };
      }
    } finally {
      x.dispose();
      y.dispose();
    }
    return { ...out, m, target };
  },
});
