/**
 * Runs trials: skips those whose finished result carries the same config hash, gives each a
 * fresh seeded RandomState, collects what it logs, measures its claims and writes it to the run
 * store. A diverging or failing trial is stored with its status; the sweep goes on.
 */
import type { Backend } from "../kernels/backend.ts";
import type { Context, Experiment, Json, MetricRow } from "./experiment.ts";
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

/** The stored outcome of a finished trial with the same config hash, unless `--force`. */
function cachedOutcome(exp: Experiment, trial: Trial, opts: RunnerOptions): TrialOutcome | null {
  const previous = opts.store.readManifest(exp.id, trial.key);
  if (
    opts.force || !previous || previous.configHash !== trial.configHash ||
    previous.status === "failed"
  ) return null;
  const files = opts.store.readTrial(exp.id, trial.key);
  if (!files) return null;
  return {
    trial,
    status: files.manifest.status,
    cached: true,
    seconds: files.manifest.seconds,
    result: files.result,
    manifest: files.manifest,
  };
}

/** A trial's context and what it logs. `stopOnDiverge` makes a non-finite cost end the run. */
function trialContext(trial: Trial, opts: RunnerOptions, stopOnDiverge: boolean) {
  const state = { metrics: [] as MetricRow[], divergedAt: undefined as number | undefined };
  const ctx: Context = {
    params: trial.params,
    seed: trial.seed,
    rng: new RandomState(trial.seed),
    backend: opts.backend,
    dataDir: opts.dataDir,
    log(row: MetricRow) {
      state.metrics.push({ ...row });
      opts.onLog?.(row);
      const cost = row.cost;
      if (typeof cost === "number" && !Number.isFinite(cost) && state.divergedAt === undefined) {
        state.divergedAt = stepOf(row, state.metrics.length - 1);
        if (stopOnDiverge) throw new Diverged(state.divergedAt);
      }
    },
  };
  return { ctx, state };
}

interface Finished {
  outputs: Json;
  metrics: MetricRow[];
  status: TrialStatus;
  error?: string;
  divergedAt?: number;
  started: Date;
  seconds: number;
  batch?: string[];
}

/** Measures the claims on a finished trial and writes it to the store. */
function finishTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
  f: Finished,
): TrialOutcome {
  // Claims are measured whatever the status: one that cannot be measured is not reproduced.
  const claims = measureClaims(
    exp.claims,
    { outputs: f.outputs, metrics: f.metrics, params: trial.params },
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
    started: f.started.toISOString(),
    finished: new Date().toISOString(),
    seconds: Number(f.seconds.toFixed(3)),
    status: f.status,
  };
  if (f.error !== undefined) manifest.error = f.error;
  if (f.divergedAt !== undefined) manifest.divergedAt = f.divergedAt;
  if (f.batch !== undefined) manifest.batch = f.batch;
  const result: TrialResult = {
    experiment: exp.id,
    trialKey: trial.key,
    status: f.status,
    outputs: f.outputs,
    claims,
  };
  opts.store.writeTrial({ manifest, metrics: f.metrics, result });
  return { trial, status: f.status, cached: false, seconds: f.seconds, result, manifest };
}

const message = (e: unknown) => e instanceof Error ? e.message : String(e);

export async function runTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
): Promise<TrialOutcome> {
  const cached = cachedOutcome(exp, trial, opts);
  if (cached) return cached;
  const { ctx, state } = trialContext(trial, opts, true);
  const started = new Date();
  const t0 = performance.now();
  const f: Finished = { outputs: null, metrics: state.metrics, status: "ok", started, seconds: 0 };
  try {
    f.outputs = await exp.run(ctx);
  } catch (e) {
    if (e instanceof Diverged) {
      f.status = "diverged";
      f.divergedAt = e.step;
    } else {
      f.status = "failed";
      f.error = message(e);
    }
  }
  f.seconds = (performance.now() - t0) / 1000;
  return finishTrial(exp, trial, opts, f);
}

/**
 * Runs trials that differ only in the experiment's batch params as one batched computation
 * (`exp.batch.run`); cached trials are reused. A trial whose cost turned non-finite is stored
 * as diverged; if the batch throws, every trial in it is stored as failed.
 */
export async function runTrialBatch(
  exp: Experiment,
  trials: readonly Trial[],
  opts: RunnerOptions,
): Promise<TrialOutcome[]> {
  const out: (TrialOutcome | null)[] = trials.map((t) => cachedOutcome(exp, t, opts));
  const todo = trials.map((t, i) => ({ t, i })).filter(({ i }) => out[i] === null);
  if (todo.length === 0) return out as TrialOutcome[];
  const contexts = todo.map(({ t }) => trialContext(t, opts, false));
  const started = new Date();
  const t0 = performance.now();
  let outputs: Json[] | null = null;
  let error: string | undefined;
  try {
    outputs = await exp.batch!.run(contexts.map((c) => c.ctx));
    if (outputs.length !== todo.length) {
      throw new Error(`batch returned ${outputs.length} outputs for ${todo.length} trials`);
    }
  } catch (e) {
    error = message(e);
  }
  // The batch's time, shared evenly: no trial ran alone.
  const seconds = (performance.now() - t0) / 1000 / todo.length;
  const batch = todo.length > 1 ? todo.map(({ t }) => t.key) : undefined;
  todo.forEach(({ t, i }, k) => {
    const { state } = contexts[k];
    out[i] = finishTrial(exp, t, opts, {
      outputs: outputs?.[k] ?? null,
      metrics: state.metrics,
      status: error !== undefined ? "failed" : state.divergedAt !== undefined ? "diverged" : "ok",
      error,
      divergedAt: state.divergedAt,
      started,
      seconds,
      batch,
    });
  });
  return out as TrialOutcome[];
}
