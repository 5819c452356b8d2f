/**
 * Whether training ever tells hidden units apart (lecture 002, "Initializing weights"): a network
 * on 2-D data, trained from given initial values by batch gradient descent, and what its hidden
 * units and outputs look like afterwards.
 */
import type { XY } from "../../data/reg2d.ts";
import type { MetricRow } from "../../harness/experiment.ts";
import type { Activation, Backend } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import { Network, readParameters } from "../../nn/network.ts";
import { descend } from "./gd_fit.ts";
import { accuracyPercent, unitSpread } from "./net_measures.ts";
import { disposeXY, networkBoundary, uploadXY } from "./two_d.ts";

const maxAbs = (w: Float64Array) => w.reduce((s, v) => Math.max(s, Math.abs(v)), 0);

/**
 * Trains the network with `activation` hidden units and a sigmoid output from the initial
 * `values` on `data`, logging the cost as `{ iteration, cost }` every `logEvery` iterations and
 * the training accuracy as `{ accuracy }` at the end; returns how alike its hidden units ended,
 * how far its weights moved, its accuracy and its decision boundary.
 */
export async function trainUnits(
  b: Backend,
  data: XY,
  values: readonly LayerValues[],
  opts: {
    activation: Activation;
    lr: number;
    iterations: number;
    logEvery: number;
    log: (row: MetricRow) => void;
  },
) {
  const xy = uploadXY(b, data);
  const layerDims = [values[0].cols, ...values.map((v) => v.rows)];
  const net = Network.fromValues(b, { layerDims, hidden: opts.activation }, values);
  // On webgpu the backend's fused small-network kernel trains it (the manifest records it);
  // on cpu this is nn/network.ts's loop either way.
  const costs = await descend(b, net, xy.X, xy.Y, {
    ...opts,
    fused: true,
    log: (iteration, cost) => opts.log({ iteration, cost }),
  });
  const [accuracy] = await accuracyPercent(b, net, [xy]);
  const trained = await readParameters(b, net.params);
  const boundary = await networkBoundary(b, net, data);
  net.dispose();
  disposeXY(xy);
  const ones = data.Y.reduce((s, y) => s + y, 0);
  opts.log({ accuracy });
  return {
    spread: unitSpread(trained),
    /** W[1] after training, row-major (n_h × n_x). */
    w1: [...trained[0].W],
    /** Largest |w| in W[1] and in W[2] after training (0: the layer never moved). */
    maxAbsW1: maxAbs(trained[0].W),
    maxAbsW2: maxAbs(trained[1].W),
    accuracy,
    /** The share of the larger class, percent: what a constant prediction reaches. */
    majority: 100 * Math.max(ones, data.m - ones) / data.m,
    costs,
    boundary,
  };
}
