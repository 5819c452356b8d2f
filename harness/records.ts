/**
 * The run store's file formats (DESIGN.md §3), shared by the runner that writes them and the
 * report that reads them:
 *
 * ```
 * runs/<experiment-id>/experiment.json        ExperimentRecord
 * runs/<experiment-id>/<trial-key>/manifest.json   Manifest
 * runs/<experiment-id>/<trial-key>/metrics.csv     one row per logged step (header = columns)
 * runs/<experiment-id>/<trial-key>/result.json     TrialResult
 * ```
 */
import type { AdapterFacts } from "../kernels/backend.ts";
import type { ChartSpec, Json, Params, ParamSpec, Tolerance } from "./experiment.ts";

/** The experiment's description, written once per run store so reports need no code. */
export interface ExperimentRecord {
  id: string;
  title: string;
  source: string;
  description: string;
  params: Record<string, ParamSpec>;
  charts: ChartSpec[];
  claims: ClaimRecord[];
}

/** A claim's static part. */
export interface ClaimRecord {
  id: string;
  text: string;
  source: string;
  expected: Json;
  /** One bound, or one per arithmetic (`float32` for webgpu, `float64` for cpu). */
  tolerance?: Tolerance;
  when?: Params;
}

export type TrialStatus = "ok" | "diverged" | "failed";

export interface Manifest {
  experiment: string;
  trialKey: string;
  params: Params;
  seed: number;
  /** "quick" when the `--quick` profile shortened the run. */
  profile: "full" | "quick";
  backend: "webgpu" | "cpu";
  adapter: AdapterFacts | null;
  deno: string;
  os: string;
  cpus: number;
  git: { commit: string | null; dirty: boolean | null };
  /** Hash of the experiment module's source. */
  moduleHash: string;
  /** Hash over experiment id, module hash, params, seed and backend: the cache identity. */
  configHash: string;
  started: string;
  finished: string;
  seconds: number;
  status: TrialStatus;
  error?: string;
  /** The logged step at which a cost first became NaN or infinite. */
  divergedAt?: number;
  /**
   * The keys of the trials computed together with this one (`--batch auto`), itself included,
   * in batch order; absent when it ran alone. A batch may round differently from lone runs, so
   * `--verify` reruns it as the same batch.
   */
  batch?: string[];
}

/** A claim measured on one trial; `tolerance` is the bound applied for the trial's backend. */
export interface ClaimResult extends Omit<ClaimRecord, "tolerance"> {
  tolerance?: number;
  observed: Json;
  pass: boolean;
}

export interface TrialResult {
  experiment: string;
  trialKey: string;
  status: TrialStatus;
  outputs: Json;
  claims: ClaimResult[];
}
