/**
 * `train`: the one entry point for training a model. By default nn/loop.ts's layered loop (for
 * a `Network`, nn/network.ts's forward and backward with backend ops) on every backend; with
 * `fused: true`, the backend's fused trainer when it has one and the model is eligible
 * (nn/fused.ts), else the same loop. `backend.trainings` counts which path ran.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { trainFused } from "./fused.ts";
import { type Trainable, trainLayered, type TrainOptions, type TrainResult } from "./loop.ts";

export type { CostEntry, Gradients, Trainable, TrainOptions, TrainResult } from "./loop.ts";

/** Trains `model` in place on X (n_x × m) and Y (k × m); see the module doc for the path. */
export async function train(
  backend: Backend,
  model: Trainable,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions,
): Promise<TrainResult> {
  if (opts.fused) {
    const r = await trainFused(backend, model, X, Y, opts);
    if (r) return r;
  }
  return trainLayered(backend, model, X, Y, opts);
}
