/**
 * A Deno + WebGPU harness that reproduces deep-learning lecture results from seeded TypeScript
 * modules and judges every claim against the figure measured in the run.
 *
 * @example Judge a figure the way the harness does
 * ```ts
 * import { verdictOf } from "./mod.ts";
 * verdictOf({ check: { kind: "rounds", decimals: 8 }, expected: -0.68, observed: -0.6799999999999995 });
 * // "reproduced"
 * ```
 *
 * @example Compute on a backend
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

// Writing an experiment module.
export {
  type ChartBase,
  type ChartSpec,
  type Claim,
  type Context,
  defineExperiment,
  type Divergence,
  type Experiment,
  type ExperimentSpec,
  type HeatmapChart,
  type LineChart,
  type MetricRow,
  type OutputChart,
  type Params,
  type ParamsOf,
  type ParamSpec,
  type ParamSpecs,
  type ParamValue,
  type RandomRange,
  type SummaryChart,
  type TrialView,
  type ValueOf,
} from "./harness/experiment.ts";
// What `Context.train` takes and returns (nn/'s training loop).
export type { CostEntry, Gradients, Trainable, TrainOptions, TrainResult } from "./nn/train.ts";
export type { Optimizer, OptimizerName } from "./nn/optimizers.ts";
export type { Json } from "./schema/json.ts";
export type {
  Bar,
  BoundarySnapshots,
  DecisionBoundary,
  FunctionPlot,
  ImageGrid,
} from "./schema/payloads.ts";
export {
  assignment,
  type AssignmentKey,
  ASSIGNMENTS,
  lecture,
  LECTURE_TITLES,
  type LectureNumber,
  LECTURES,
  project,
  type Source,
  type SourceKind,
} from "./harness/sources.ts";

// The claims contract: checks, verdicts, and re-checking a stored claim.
export {
  type Check,
  type CheckKind,
  describeCheck,
  type Dtype,
  evaluate,
  resolveTolerance,
  type Standing,
  standingOf,
  type Tolerance,
  type Verdict,
  verdictOf,
} from "./harness/verdict.ts";
export { recheckClaim } from "./harness/claims.ts";
export type {
  ClaimRecord,
  ClaimResult,
  ExperimentRecord,
  Manifest,
  TrialResult,
  TrialStatus,
} from "./harness/records.ts";

// The catalogue.
import type { Catalog } from "./harness/catalog.ts";
import { catalog as experiments } from "./experiments/index.ts";
/** This repository's catalogue: every experiment it runs, and the lecture statements it cites. */
export const catalog: Catalog = experiments;
export {
  type Catalog,
  type CatalogEntry,
  type CitedClaim,
  findExperiment,
} from "./harness/catalog.ts";

// Backends: the compute contract, its op lists (in op-code order), and opening one.
export { ACTIVATIONS, BINARY_OPS, LOSSES, POOL_KINDS, UNARY_OPS } from "./kernels/backend.ts";
export type { Activation, AdapterFacts, Axis, Backend, BinaryOp, Loss } from "./kernels/backend.ts";
export type { ConvGeometry, ConvGrads, PoolGeometry, PoolKind, Shape } from "./kernels/backend.ts";
export type { MatmulOptions, Tensor, UnaryOp } from "./kernels/backend.ts";
export { type BackendName, BackendUnavailableError, openBackend } from "./kernels/select.ts";
// The backend's optional fused trainers, and how a model was trained.
export { MLP_OPTIMIZERS, TRAINING_PATHS, type TrainingPath } from "./kernels/backend.ts";
export type { MlpArch, MlpCost, MlpDeclined, MlpHyper, MlpJob } from "./kernels/backend.ts";
export type { MlpNet, MlpOptimizer, MlpResult, MlpSchedule } from "./kernels/backend.ts";
export type { MlpTail, MlpTailJob } from "./kernels/backend.ts";

// numpy's legacy RandomState, bit for bit.
export { type MutableArrayLike, RandomState } from "./numpy/rng.ts";

// Building the report from run stores, with or without the pages' "Run in this browser".
export { type BuildOptions, buildReport, type BuildResult } from "./reports/site.ts";
export type { Unreadable } from "./reports/runstore.ts";
export type { BrowserRun, RunPanel, RunSetup } from "./reports/run_panel.ts";
export { browserRun } from "./web/build.ts";
