/**
 * A Deno + WebGPU harness that reproduces deep-learning lecture results from seeded
 * TypeScript modules and checks every claim against the measured figure.
 *
 * @example
 * ```ts
 * import { openBackend, RandomState } from "./mod.ts";
 * const backend = await openBackend("cpu");
 * const rng = new RandomState(1);
 * const w = backend.fromArray(rng.randn(6), [2, 3]);
 * console.log(await backend.read(backend.activation("sigmoid", w)));
 * ```
 *
 * @module
 */

/** The compute contract: tensors, ops and the two backends. */
export type {
  Activation,
  AdapterFacts,
  Axis,
  Backend,
  BinaryOp,
  ConvGeometry,
  ConvGrads,
  Loss,
  MatmulOptions,
  PoolGeometry,
  Shape,
  Tensor,
  UnaryOp,
} from "./kernels/backend.ts";
export { LOG_GUARD } from "./kernels/backend.ts";
/** The Float64 reference backend. */
export { CpuBackend } from "./kernels/cpu.ts";
/** The WebGPU backend (float32 WGSL kernels). */
export { WebGpuBackend } from "./kernels/webgpu.ts";
/** Opening a backend by name, with the default's fallback to cpu. */
export { type BackendName, BackendUnavailableError, openBackend } from "./kernels/select.ts";
export { NoAdapterError } from "./kernels/device.ts";
export { ShapeError } from "./kernels/tensor_base.ts";

/** numpy's legacy RandomState, bit for bit. */
export { RandomState } from "./numpy/rng.ts";

/** Writing an experiment module. */
export type {
  ChartSpec,
  Claim,
  Context,
  Experiment,
  Json,
  Measurement,
  MetricRow,
  Params,
  ParamSpec,
  ParamValue,
  Tolerance,
  TrialView,
} from "./harness/experiment.ts";
export { defineExperiment } from "./harness/experiment.ts";
/** Helpers for measuring claims. */
export { round, trend, within } from "./harness/claims.ts";
/** The run store's file formats. */
export type {
  ClaimRecord,
  ClaimResult,
  ExperimentRecord,
  Manifest,
  TrialResult,
  TrialStatus,
} from "./harness/records.ts";
/** The catalogue of experiments. */
export { catalog, type CatalogEntry, findExperiment } from "./experiments/index.ts";

/** Models as the lectures teach them. */
export { Network, type NetworkSpec } from "./nn/network.ts";
export { train, type Trainable, type TrainOptions, type TrainResult } from "./nn/train.ts";
export { trainBatched } from "./nn/fused.ts";
export { Adam, GradientDescent, Momentum } from "./nn/optimizers.ts";
export { initializeParameters, type InitName } from "./nn/init.ts";
export { LogisticRegression } from "./nn/logistic.ts";
export { LeNet5, LENET5_PARAMETERS } from "./nn/lenet5.ts";
export { gradientCheck, gradientCheckModel } from "./nn/gradcheck.ts";
export { type PerceptronOptions, type PerceptronResult, trainPerceptron } from "./nn/perceptron.ts";
export { type AdalineResult, predictSign, trainAdalineGD } from "./nn/adaline.ts";

/** Data loaders. */
export { irisSelection, loadIris, standardizeRows } from "./data/iris.ts";
export { DataError } from "./data/errors.ts";

/** Building the report from run stores. */
export { buildReport } from "./reports/site.ts";
