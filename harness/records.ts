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
  /** The experiment's id: its folder in the store. */ id: string;
  /** The page's heading. */ title: string;
  /** The lecture section the result comes from. */ source: Source;
  /** What the experiment does and shows. */ description: string;
  /** Its declared params, with defaults and documentation. */ params: Record<string, ParamSpec>;
  /** The charts its page draws. */ charts: ChartSpec[];
  /** Its claims as declared. */ claims: ClaimRecord[];
}

/** A claim as declared: what `--list --json` prints and experiment.json stores. */
export interface ClaimRecord {
  /** The claim's id within its experiment. */ id: string;
  /** The statement, in the lecture's words where it has them. */ text: string;
  /** Where the expected value is stated (the experiment's source when it names none). */
  source: Source;
  /** The figure the source states. */ expected: Json;
  /** As declared: a tolerance may be one bound or one per arithmetic. */ check: Check;
  /** The params of the trials it applies to; all trials when absent. */ when?: Params;
  /** Declared not to reproduce here, and why. */ diverges?: Divergence;
  /** The chart that shows it, by name. */ chart?: string;
  /** It observes a wall-clock time (not expected equal in a rerun). */ timed?: true;
}

/** `ok`; `diverged`: a logged number or an output was NaN or ±∞; `failed`: `run` threw. */
export type TrialStatus = "ok" | "diverged" | "failed";

/** A trial's identity, provenance and outcome: manifest.json, written last. */
export interface Manifest {
  /** The experiment's id. */ experiment: string;
  /** The trial's folder name: the params that differ, the seed, a hash. */ trialKey: string;
  /** Every param's value. */ params: Params;
  /** The seed its RandomState started from. */ seed: number;
  /** "quick" when the `--quick` profile shortened the run. */ profile: "full" | "quick";
  /** The backend it computed on. */ backend: "webgpu" | "cpu";
  /**
   * How many models each path trained (`Backend.trainings` over the trial, or its batch; absent
   * when none): `layered` by nn/network.ts's forward and backward, `fused` by the backend's fused
   * small-network kernel (asked for explicitly), `stacked` as one computation with its batch's.
   */
  training?: Record<TrainingPath, number>;
  /** The GPU adapter on webgpu; null on cpu. */ adapter: AdapterFacts | null;
  /** Deno's version. */ deno: string;
  /** Operating system and architecture, e.g. "linux x86_64". */ os: string;
  /** Logical CPUs (`navigator.hardwareConcurrency`). */ cpus: number;
  /** HEAD's commit and whether a tracked file differed from it; nulls when unknown. */
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
  /** When the run started (ISO 8601, UTC). */ started: string;
  /** When it finished (ISO 8601, UTC). */ finished: string;
  /** Wall-clock time the trial took, in seconds (to the millisecond). */ seconds: number;
  /** How it ended. */ status: TrialStatus;
  /** What `run` threw, when it failed. */ error?: string;
  /** The logged step at which a cost first became NaN or infinite. */ divergedAt?: number;
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
  /** The claim's id. */ id: string;
  /** The statement. */ text: string;
  /** Where the expected value is stated. */ source: Source;
  /** The figure the source states. */ expected: Json;
  /** The check as declared. */ check: Check;
  /** The arithmetic the trial ran in. */ dtype: Dtype;
  /** The bound applied for `dtype` (`near` and `relative` checks only). */ tolerance?: number;
  /** What the trial measured (null when nothing was). */ observed: Json;
  /** Whether the check held. */ pass: boolean;
  /** The level reached, recomputable from the fields above. */ verdict: Verdict;
  /** Present when the claim is declared not to reproduce in this arithmetic. */
  diverges?: Divergence;
  /** What the run measured that explains the verdict. */ note?: string;
  /** Why nothing was observed (the observation threw: e.g. the trial failed). */ error?: string;
  /** It observes a wall-clock time (not expected equal in a rerun). */ timed?: true;
}

/** A trial's outputs and judged claims: result.json. */
export interface TrialResult {
  /** The experiment's id. */ experiment: string;
  /** The trial's folder name. */ trialKey: string;
  /** How it ended. */ status: TrialStatus;
  /** What `run` returned (null when it did not return). */ outputs: Json;
  /** Every claim that applies to the trial, judged. */ claims: ClaimResult[];
}
