/**
 * Runs trials: reuses a stored trial whose config hash matches and whose claims re-check, gives
 * each new one a fresh seeded context, collects what it logs, judges its claims and writes it to
 * the run store. A diverging or failing trial is stored with its status; the sweep goes on.
 */
import type { Backend } from "../kernels/backend.ts";
import { judgeClaims, recheckResult, reobserve } from "./claims.ts";
import { Diverged, trialContext } from "./context.ts";
import { runEnvironment } from "./environment.ts";
import type { Experiment, Json, MetricRow } from "./experiment.ts";
import type { Manifest, TrialResult, TrialStatus } from "./records.ts";
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
  /** Hash of the experiment's code (harness/code_hash.ts). */
  codeHash: string;
  /** Recorded in the manifest. */
  profile?: "full" | "quick";
  /** Recorded in the manifest: whether the trial is one of the experiment's own setups. */
  plan?: "default" | "custom";
  /** Sees each logged row (progress display). */
  onLog?: (row: MetricRow) => void;
  /** Told of a stored trial with the same hash that cannot be reused, and why; it is rerun. */
  onCorrupt?: (trial: Trial, problems: string[]) => void;
}

/**
 * The stored outcome of a finished trial with the same config hash, unless `--force`. Its claims
 * are re-checked first (each stored verdict from its stored fields, each observation from the
 * stored outputs and metrics): a trial that does not re-check is reported and rerun.
 */
function cachedOutcome(exp: Experiment, trial: Trial, opts: RunnerOptions): TrialOutcome | null {
  if (opts.force) return null;
  const previous = opts.store.readManifest(exp.id, trial.key);
  if (!previous || previous.configHash !== trial.configHash || previous.status === "failed") {
    return null;
  }
  let files;
  try {
    files = opts.store.readTrial(exp.id, trial.key);
  } catch (e) {
    opts.onCorrupt?.(trial, [e instanceof Error ? e.message : String(e)]);
    return null;
  }
  if (!files) return null;
  const problems = recheckResult(files.result);
  if (problems.length === 0) {
    problems.push(...reobserve(exp, {
      result: files.result,
      metrics: files.metrics,
      params: trial.params,
      dtype: opts.backend.dtype,
    }));
  }
  if (problems.length > 0) {
    opts.onCorrupt?.(trial, problems);
    return null;
  }
  return {
    trial,
    status: files.manifest.status,
    cached: true,
    seconds: files.manifest.seconds,
    result: files.result,
    manifest: files.manifest,
  };
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

/** True when a JSON value holds NaN or ±Infinity anywhere. */
function hasNonFinite(v: Json): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasNonFinite);
  return false;
}

/** Judges the claims on a finished trial and writes it to the store. */
function finishTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
  f: Finished,
): TrialOutcome {
  // A non-finite output diverged as surely as a non-finite logged number.
  if (f.status === "ok" && hasNonFinite(f.outputs)) f.status = "diverged";
  // Claims are judged whatever the status: one that cannot be observed is not reproduced.
  const claims = judgeClaims(
    exp,
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
    plan: opts.plan ?? "default",
    backend: opts.backend.name,
    adapter: opts.backend.adapter,
    deno: env.deno,
    os: env.os,
    cpus: env.cpus,
    git: env.git,
    codeHash: opts.codeHash,
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
  const { ctx, log } = trialContext(trial, opts.backend, {
    dataDir: opts.dataDir,
    onLog: opts.onLog,
    stopOnDiverge: true,
  });
  const started = new Date();
  const t0 = performance.now();
  const f: Finished = { outputs: null, metrics: log.metrics, status: "ok", started, seconds: 0 };
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
 * (`exp.batch.run`); cached trials are reused. A trial that logged a non-finite number is stored
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
  const contexts = todo.map(({ t }) =>
    trialContext(t, opts.backend, { dataDir: opts.dataDir, stopOnDiverge: false })
  );
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
    const { log } = contexts[k];
    out[i] = finishTrial(exp, t, opts, {
      outputs: outputs?.[k] ?? null,
      metrics: log.metrics,
      status: error !== undefined ? "failed" : log.divergedAt !== undefined ? "diverged" : "ok",
      error,
      divergedAt: log.divergedAt,
      started,
      seconds,
      batch,
    });
  });
  return out as TrialOutcome[];
}
