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
import type { AdapterFacts, TrainingPath } from "../kernels/backend.ts";
import type { ChartSpec, Divergence, Json, Params, ParamSpec } from "./experiment.ts";
import type { Source } from "./sources.ts";
import type { Check, Dtype, Verdict } from "./verdict.ts";

/** The experiment's description, written once per run store so reports need no code. */
export interface ExperimentRecord {
  id: string;
  title: string;
  source: Source;
  description: string;
  params: Record<string, ParamSpec>;
  charts: ChartSpec[];
  claims: ClaimRecord[];
}

/** A claim as declared: what `--list --json` prints and experiment.json stores. */
export interface ClaimRecord {
  id: string;
  text: string;
  source: Source;
  expected: Json;
  /** As declared: a tolerance may be one bound or one per arithmetic. */
  check: Check;
  when?: Params;
  diverges?: Divergence;
  /** The chart that shows it, by name. */
  chart?: string;
  /** It observes a wall-clock time (not expected equal in a rerun). */
  timed?: true;
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
  /**
   * How the trial's models were trained (`Backend.trainings` counted over the trial, or over its
   * batch): `layered` by nn/network.ts's forward and backward, `fused` by the backend's fused
   * small-network kernel (kernels/wgsl/mlp_train.wgsl), which a caller asks for explicitly.
   */
  training?: Record<TrainingPath, number>;
  adapter: AdapterFacts | null;
  deno: string;
  os: string;
  cpus: number;
  git: { commit: string | null; dirty: boolean | null };
  /**
   * Hash of every module the experiment imports, transitively, and the files they load
   * (harness/code_hash.ts): a trial whose hash differs from the current code's is stale.
   */
  codeHash: string;
  /**
   * "default" when the trial is one of the experiment's own setups (its default sweep and seeds,
   * in its profile); "custom" when `--set`, `--sweep`, `--random` or `--seeds` made it.
   */
  plan: "default" | "custom";
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
   * sha-256 of metrics.csv and result.json as written (the manifest is written last): every read
   * checks them, so a truncated or edited file is caught.
   */
  files?: { "metrics.csv": string; "result.json": string };
  /**
   * The keys of the trials computed together with this one (`--batch auto`), itself included,
   * in batch order; absent when it ran alone. A batch may round differently from lone runs, so
   * `--verify` reruns it as the same batch.
   */
  batch?: string[];
}

/**
 * A claim judged on one trial. `check`, `expected`, `tolerance` (the bound applied for the
 * trial's arithmetic, resolved from the check) and `observed` are all a reader needs to recompute
 * `pass` and `verdict` (harness/verdict.ts); every read of the store does so.
 */
export interface ClaimResult {
  id: string;
  text: string;
  source: Source;
  expected: Json;
  check: Check;
  dtype: Dtype;
  tolerance?: number;
  observed: Json;
  pass: boolean;
  verdict: Verdict;
  /** Present when the claim is declared not to reproduce in this arithmetic. */
  diverges?: Divergence;
  /** What the run measured that explains the verdict. */
  note?: string;
  /** Why nothing was observed (the observation threw: e.g. the trial failed). */
  error?: string;
  /** It observes a wall-clock time (not expected equal in a rerun). */
  timed?: true;
}

export interface TrialResult {
  experiment: string;
  trialKey: string;
  status: TrialStatus;
  outputs: Json;
  claims: ClaimResult[];
}
