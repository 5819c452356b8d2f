/**
 * Mini-batch training as the course's optimisation notebooks print it: every `logEvery`-th
 * epoch runs mini-batch by mini-batch to read the two costs the notebook versions print (the
 * epoch's average and its last mini-batch's), the epochs between train through `train` (the
 * backend's fused kernel on webgpu), and the boundary and the accuracy are recorded on the way.
 */
import type { XY } from "../../data/reg2d.ts";
import type { MetricRow } from "../../harness/experiment.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { seededParameters } from "../../nn/init.ts";
import { Network } from "../../nn/network.ts";
import {
  makeOptimizer,
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  randomMiniBatches,
} from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import type { BoundarySnapshots, DecisionBoundary } from "../../schema/payloads.ts";
import { accuracyPercent } from "./net_measures.ts";
import { disposeXY, networkBoundary, SNAPSHOT_GRID, uploadXY, type XYTensors } from "./two_d.ts";

/** A figure at some epochs. */
export type Curve = { epochs: number[]; values: number[] };

/** The curve's values at `epochs` (null where it has none). */
export function curveAt(c: Curve, epochs: readonly number[]): (number | null)[] {
  return epochs.map((e) => {
    const k = c.epochs.indexOf(e);
    return k < 0 ? null : c.values[k];
  });
}

/** What `trainPrintingEpochs` recorded. */
export type PrintedEpochs = {
  /** Per logged epoch: cost_total / m (2021) and the last mini-batch's cost (2017). */
  averageCost: Curve;
  lastBatchCost: Curve;
  /** Training accuracy (%) at each epoch of `accuracyAt` trained to, and at the end. */
  accuracy: Curve;
  /** Update steps taken (Adam's final t). */
  steps: number;
  /** The boundary at each epoch of `snapshotAt`. */
  snapshots: BoundarySnapshots;
};

/**
 * Trains `net` with `opt` for `epochs` epochs of mini-batches of `miniBatch` (epoch e shuffled
 * with `shuffleSeed` + 1 + e), logging `{ epoch, cost, last_batch_cost }` every `logEvery`
 * epochs through `log`.
 */
export async function trainPrintingEpochs(
  b: Backend,
  net: Network,
  opt: Optimizer,
  xy: XYTensors,
  data: XY,
  opts: {
    epochs: number;
    logEvery: number;
    miniBatch: number;
    shuffleSeed: number;
    snapshotAt: readonly number[];
    accuracyAt: readonly number[];
  },
  log: (row: MetricRow) => void,
): Promise<PrintedEpochs> {
  const { epochs, logEvery, snapshotAt } = opts;
  const average: Curve = { epochs: [], values: [] };
  const lastBatch: Curve = { epochs: [], values: [] };
  const accuracy: Curve = { epochs: [], values: [] };
  let steps = 0;
  const snapshots: BoundarySnapshots = { unit: "epoch", snapshots: [] };
  const snap = async (e: number) => {
    if (snapshotAt.includes(e)) {
      const boundary = await networkBoundary(b, net, data, { n: SNAPSHOT_GRID });
      snapshots.snapshots.push({ at: e, boundary });
    }
  };
  // Epochs between logged ones train through `train` (fused on webgpu), stopping where the
  // boundary is recorded too; a logged epoch runs here, mini-batch by mini-batch, to read both
  // costs the notebooks print.
  for (let e = 0; e < epochs; e++) {
    await snap(e);
    if (e % logEvery !== 0) {
      const until = Math.min(
        epochs,
        (Math.floor(e / logEvery) + 1) * logEvery,
        snapshotAt.find((i) => i > e) ?? epochs,
      );
      const r = await train(b, net, xy.X, xy.Y, {
        optimizer: opt,
        epochs: until - e,
        miniBatchSize: opts.miniBatch,
        seed: opts.shuffleSeed + e,
        // On webgpu the backend's fused kernel trains it (recorded in the manifest).
        fused: true,
        logEvery: until - e,
        logLast: false,
      });
      steps += r.steps;
      e = until - 1;
      continue;
    }
    if (opts.accuracyAt.includes(e)) {
      const [acc] = await accuracyPercent(b, net, [xy]);
      accuracy.epochs.push(e);
      accuracy.values.push(acc);
    }
    const costs = await loggedEpoch(b, net, opt, xy, opts.miniBatch, opts.shuffleSeed + 1 + e);
    steps += costs.steps;
    average.epochs.push(e);
    average.values.push(costs.average);
    lastBatch.epochs.push(e);
    lastBatch.values.push(costs.last);
    log({ epoch: e, cost: costs.average, last_batch_cost: costs.last });
  }
  await snap(epochs);
  const [final] = await accuracyPercent(b, net, [xy]);
  accuracy.epochs.push(epochs);
  accuracy.values.push(final);
  return { averageCost: average, lastBatchCost: lastBatch, accuracy, steps, snapshots };
}

/**
 * One epoch as the notebooks run it: for each mini-batch (shuffled with `seed`) the forward
 * pass and its cost, then the update. Returns cost_total / m (each mini-batch's mean cost
 * weighted by its size) and the last mini-batch's cost, both measured before their updates.
 */
async function loggedEpoch(
  b: Backend,
  net: Network,
  opt: Optimizer,
  xy: XYTensors,
  size: number,
  seed: number,
): Promise<{ average: number; last: number; steps: number }> {
  const m = xy.X.shape[1];
  const batches = randomMiniBatches(b, xy.X, xy.Y, size, seed);
  const costs: Tensor[] = [];
  for (const mb of batches) {
    costs.push(b.tidy(() => {
      const g = net.gradients(mb.X, mb.Y, true);
      opt.step(g.grads);
      return g.cost!;
    }));
  }
  const values = await b.readMany(costs);
  for (const t of costs) t.dispose();
  let total = 0;
  values.forEach((v, k) => total += v[0] * batches[k].X.shape[1]);
  for (const mb of batches) {
    mb.X.dispose();
    mb.Y.dispose();
  }
  return { average: total / m, last: values[values.length - 1][0], steps: batches.length };
}

/**
 * The optimisation notebook's `model` on `data`: `layers` (ReLU hidden, sigmoid output)
 * He-initialised after np.random.seed(`initSeed`), trained by `optimizer` at `lr` (`beta` for
 * momentum; `beta1`, `beta2`, `epsilon` for Adam) through `trainPrintingEpochs`, and the
 * decision boundary at the end.
 */
export async function trainNotebookModel(
  b: Backend,
  data: XY,
  layers: number[],
  p: Omit<OptimizerOptions, "learningRate"> & Parameters<typeof trainPrintingEpochs>[5] & {
    optimizer: OptimizerName;
    lr: number;
    initSeed: number;
  },
  log: (row: MetricRow) => void,
): Promise<PrintedEpochs & { boundary: DecisionBoundary }> {
  const xy = uploadXY(b, data);
  const values = seededParameters(p.initSeed, layers, "he");
  const net = Network.fromValues(b, { layerDims: layers, hidden: "relu" }, values);
  const opt = makeOptimizer(b, net.parameters(), p.optimizer, { ...p, learningRate: p.lr });
  const run = await trainPrintingEpochs(b, net, opt, xy, data, p, log);
  const boundary = await networkBoundary(b, net, data);
  opt.dispose();
  net.dispose();
  disposeXY(xy);
  return { ...run, boundary };
}
