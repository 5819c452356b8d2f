/**
 * Networks trained from given initial weights and compared run against run, as the
 * initialisation and activation experiments do: on the course's training sets (the planar
 * flower, the cat images), one run per variant with what is compared (saturated hidden units at
 * the start, the cost curve, the accuracy after), and when one run's curve reaches another's
 * final cost.
 */
import { coursePlanar } from "../../data/planar.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import { Network, type NetworkSpec } from "../../nn/network.ts";
import type { MetricRow } from "../../harness/experiment.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import { catData, uploadCat } from "./cat_images.ts";
import { accuracyPercent, firstReach, saturatedShare } from "./net_measures.ts";
import { disposeXY, uploadXY } from "./two_d.ts";

/** A setting's training set on the device, and its test set where the course has one. */
export type SettingSets = { X: Tensor; Y: Tensor; Xt?: Tensor; Yt?: Tensor };

/**
 * Runs `use` with the course's data on the device, freed after: planar, the flower (400 points,
 * no test set); cat, the cat images (209 training, 50 test).
 */
export async function withSettingSets<T>(
  b: Backend,
  setting: "planar" | "cat",
  dataDir: string | undefined,
  use: (sets: SettingSets) => Promise<T>,
): Promise<T> {
  if (setting === "planar") {
    const xy = uploadXY(b, coursePlanar());
    try {
      return await use(xy);
    } finally {
      disposeXY(xy);
    }
  }
  const t = uploadCat(b, await catData(dataDir));
  try {
    return await use(t);
  } finally {
    t.dispose();
  }
}

/** The logged iterations of a run, the cost at each, and the cost it ends at. */
export type CostCurve = { iterations: number[]; costs: number[]; finalCost: number };

/** One run: its logged cost curve, and the figures compared between runs. */
export type MeasuredRun = {
  curve: CostCurve;
  /** Share of hidden pre-activations × examples with g′(z) below the threshold, at the start. */
  saturated: number;
  /** Accuracy (%) on each of the evaluated sets, after the run. */
  accuracies: number[];
};

/** One network of a comparison: what differs from the others, and its rows in metrics.csv. */
export type RunVariant = {
  spec: NetworkSpec;
  values: LayerValues[];
  /** g′(z) below this counts as a saturated unit. */
  threshold: number;
  /** The columns that tag each logged cost of this run, e.g. { activation: "relu" }. */
  tag: MetricRow;
  /** The row logged after the run. */
  summary: (r: MeasuredRun) => MetricRow;
};

/** What `trainEach` needs of a trial's context. */
export type RunContext = {
  backend: Backend;
  dataDir?: string;
  params: { readonly lr: number; readonly iterations: number; readonly logEvery: number };
  log(row: MetricRow): void;
};

/**
 * One network per name (its variant made just before it trains) on the setting's data, one after
 * another, by batch gradient descent with the trial's lr, iterations and logEvery; the accuracy measured on the training
 * set, and on the test set too where the setting has one and `test` asks for it.
 */
export function trainEach<N>(
  ctx: RunContext,
  setting: "planar" | "cat",
  names: readonly N[],
  variant: (name: N) => RunVariant,
  test = false,
): Promise<MeasuredRun[]> {
  return withSettingSets(ctx.backend, setting, ctx.dataDir, async (sets) => {
    const evalSets = test && sets.Xt && sets.Yt ? [sets, { X: sets.Xt, Y: sets.Yt }] : [sets];
    const runs: MeasuredRun[] = [];
    for (const name of names) {
      const v = variant(name);
      const r = await measuredRun(
        ctx.backend,
        v,
        sets,
        evalSets,
        ctx.params,
        (e) => ctx.log({ ...v.tag, iteration: e.epoch, cost: e.cost }),
      );
      ctx.log(v.summary(r));
      runs.push(r);
    }
    return runs;
  });
}

/** The network from `values` trained by batch gradient descent on `sets`, measured. */
async function measuredRun(
  b: Backend,
  v: RunVariant,
  sets: { X: Tensor; Y: Tensor },
  evalSets: readonly { X: Tensor; Y: Tensor }[],
  p: RunContext["params"],
  onLog: (entry: { epoch: number; cost: number }) => void,
): Promise<MeasuredRun> {
  const net = Network.fromValues(b, v.spec, v.values);
  try {
    const saturated = await saturatedShare(b, net, sets.X, v.threshold);
    const r = await train(b, net, sets.X, sets.Y, {
      optimizer: new GradientDescent(b, net.parameters(), p.lr),
      epochs: p.iterations,
      logEvery: p.logEvery,
      onLog,
      // On webgpu the backend's fused kernel trains the small planar networks (it declines the
      // cat network, which then trains layer by layer); the manifest records which ran.
      fused: true,
    });
    const accuracies = await accuracyPercent(b, net, evalSets);
    const curve = {
      iterations: r.costs.map((c) => c.epoch),
      costs: r.costs.map((c) => c.cost),
      finalCost: r.costs.at(-1)!.cost,
    };
    return { curve, saturated, accuracies };
  } finally {
    net.dispose();
  }
}

/** The accuracy columns of a run's summary row: `accuracy`, and `test_accuracy` when measured. */
export function accuracyColumns([accuracy, test]: readonly number[]): MetricRow {
  return { accuracy, ...(test === undefined ? {} : { test_accuracy: test }) };
}

/** The first logged iteration at which the run's cost is at or below `cost` (null: never). */
export function reaches(run: Omit<CostCurve, "finalCost">, cost: number): number | null {
  return firstReach(run.iterations.map((epoch, i) => ({ epoch, cost: run.costs[i] })), cost);
}

/** The run that `is` picks out (an error naming what is missing when none is). */
export function runWith<R>(runs: readonly R[], is: (r: R) => boolean, missing: string): R {
  const r = runs.find(is);
  if (!r) throw new Error(missing);
  return r;
}
