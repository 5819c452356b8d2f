/**
 * What an experiment module needs from the layers below, in one import: the contract, the
 * sources a claim cites, the seeded RandomState and the chart payload types.
 */
export {
  type Claim,
  type Context,
  defineExperiment,
  type Json,
  type TrialView,
} from "../harness/experiment.ts";
export { assignment, lecture, project } from "../harness/sources.ts";
export type { Check, Tolerance } from "../harness/verdict.ts";
export { RandomState } from "../numpy/rng.ts";
export type {
  Bar,
  BoundarySnapshots,
  DecisionBoundary,
  FunctionPlot,
  ImageGrid,
} from "../schema/payloads.ts";
