/**
 * Runs trials: skips those whose finished result carries the same config hash, gives each a
 * fresh seeded RandomState, collects what it logs, measures its claims and writes it to the run
 * store. A diverging or failing trial is stored with its status; the sweep goes on.
 */
import type { Backend } from "../kernels/backend.ts";
import type { Experiment, Json, MetricRow } from "./experiment.ts";
import { measureClaims } from "./claims.ts";
import { runEnvironment } from "./environment.ts";
import type { Manifest, TrialResult, TrialStatus } from "./records.ts";
import { RandomState } from "./rng.ts";
import type { RunStore } from "./store.ts";
import type { Trial } from "./trials.ts";

export interface TrialOutcome {
  trial: Trial;
  status: TrialStatus;
  /** Reused from the store instead of run. */
  cached: boolean;
  seconds: number;
  result: TrialResult;
  manifest: Manifest;
}

export interface RunnerOptions {
  store: RunStore;
  backend: Backend;
  /** Rerun trials even when a finished result with the same hash exists. */
  force: boolean;
  dataDir?: string;
  /** Hash of the experiment's code (module and layers below). */
  codeHash: string;
  /** Recorded in the manifest. */
  profile?: "full" | "quick";
  /** Sees each logged row (progress display). */
  onLog?: (row: MetricRow) => void;
}

/** Raised inside `ctx.log` to stop a trial whose cost is no longer finite. */
class Diverged extends Error {
  constructor(readonly step: number) {
    super(`cost is not finite at step ${step}`);
  }
}

/** The step a row describes: its epoch/iteration/step column, else its 1-based position. */
function stepOf(row: MetricRow, index: number): number {
  for (const k of ["epoch", "iteration", "step"]) if (typeof row[k] === "number") return row[k];
  return index + 1;
}

export async function runTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
): Promise<TrialOutcome> {
  const previous = opts.store.readManifest(exp.id, trial.key);
  if (
    !opts.force && previous && previous.configHash === trial.configHash &&
    previous.status !== "failed"
  ) {
    const files = opts.store.readTrial(exp.id, trial.key);
    if (files) {
      return {
        trial,
        status: files.manifest.status,
        cached: true,
        seconds: files.manifest.seconds,
        result: files.result,
        manifest: files.manifest,
      };
    }
  }

  const metrics: MetricRow[] = [];
  let divergedAt: number | undefined;
  const ctx = {
    params: trial.params,
    seed: trial.seed,
    rng: new RandomState(trial.seed),
    backend: opts.backend,
    dataDir: opts.dataDir,
    log(row: MetricRow) {
      metrics.push({ ...row });
      opts.onLog?.(row);
      const cost = row.cost;
      if (typeof cost === "number" && !Number.isFinite(cost)) {
        throw new Diverged(stepOf(row, metrics.length - 1));
      }
    },
  };

  const started = new Date();
  const t0 = performance.now();
  let status: TrialStatus = "ok";
  let outputs: Json = null;
  let error: string | undefined;
  try {
    outputs = await exp.run(ctx);
  } catch (e) {
    if (e instanceof Diverged) {
      status = "diverged";
      divergedAt = e.step;
    } else {
      status = "failed";
      error = e instanceof Error ? e.message : String(e);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  // Claims are measured whatever the status: one that cannot be measured is not reproduced.
  const claims = measureClaims(
    exp.claims,
    { outputs, metrics, params: trial.params },
    opts.backend.dtype,
  );
  const env = runEnvironment();
  const manifest: Manifest = {
    experiment: exp.id,
    trialKey: trial.key,
    params: trial.params,
    seed: trial.seed,
    profile: opts.profile ?? "full",
    backend: opts.backend.name,
    adapter: opts.backend.adapter,
    deno: env.deno,
    os: env.os,
    cpus: env.cpus,
    git: env.git,
    moduleHash: opts.codeHash,
    configHash: trial.configHash,
    started: started.toISOString(),
    finished: new Date().toISOString(),
    seconds: Number(seconds.toFixed(3)),
    status,
  };
  if (error !== undefined) manifest.error = error;
  if (divergedAt !== undefined) manifest.divergedAt = divergedAt;
  const result: TrialResult = { experiment: exp.id, trialKey: trial.key, status, outputs, claims };
  opts.store.writeTrial({ manifest, metrics, result });
  return { trial, status, cached: false, seconds, result, manifest };
}
