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
  type ParamSpec,
  type ParamSpecs,
  type ParamsOf,
  type ParamValue,
  type RandomRange,
  type SummaryChart,
  type TrialView,
  type ValueOf,
} from "./harness/experiment.ts";
export type { Json } from "./schema/json.ts";
export type { Bar, DecisionBoundary, FunctionPlot, ImageGrid } from "./schema/payloads.ts";
export {
  ASSIGNMENTS,
  type AssignmentKey,
  assignment,
  LECTURE_TITLES,
  lecture,
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
export { catalog } from "./experiments/index.ts";
export {
  type Catalog,
  type CatalogEntry,
  type CitedClaim,
  findExperiment,
} from "./harness/catalog.ts";

// Backends.
export type { AdapterFacts, Backend, Shape, Tensor } from "./kernels/backend.ts";
export { type BackendName, BackendUnavailableError, openBackend } from "./kernels/select.ts";

// numpy's legacy RandomState, bit for bit.
export { RandomState } from "./numpy/rng.ts";

// Building the report from run stores.
export { type BuildOptions, type BuildResult, buildReport } from "./reports/site.ts";
