/**
 * Runs trials: reuses a stored trial whose config hash matches and whose claims re-check, gives
 * each new one a fresh seeded context, collects what it logs, judges its claims and writes it to
 * the run store. A diverging or failing trial is stored with its status; the sweep goes on.
 */
import { type Backend, TRAINING_PATHS, type TrainingPath } from "../kernels/backend.ts";
import { BatchGroup } from "./batch.ts";
import { judgeClaims, reobserve } from "./claims.ts";
import { Diverged, trialContext } from "./context.ts";
import { runEnvironment } from "./environment.ts";
import type { Context, Experiment, Json, MetricRow } from "./experiment.ts";
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
  /** In a batch, what sees each trial's logged rows. */
  onLogOf?: (trial: Trial) => ((row: MetricRow) => void) | undefined;
  /** Told of a corrupt stored trial: why, and where it was set aside; it is then recomputed. */
  onCorrupt?: (trial: Trial, problems: string[], setAsideTo: string) => void;
}

/**
 * The stored outcome of a finished trial with the same config hash, unless `--force`. The trial
 * is read and checked (files, hashes, each stored verdict re-checked) and each claim observed
 * again on the stored outputs and metrics; a trial that fails is corrupt: with `lockHeld` it is
 * set aside (kept under `.corrupt/`) and reported, and the caller recomputes it.
 */
function cachedOutcome(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
  lockHeld: boolean,
): TrialOutcome | null {
  if (opts.force) return null;
  const read = opts.store.readTrial(exp.id, trial.key);
  if (read.kind === "absent") return null;
  let problems: string[] = [];
  if (read.kind === "corrupt") problems = read.problems;
  else {
    const m = read.files.manifest;
    if (m.configHash !== trial.configHash || m.status === "failed") return null;
    problems = reobserve(exp, {
      result: read.files.result,
      metrics: read.files.metrics,
      params: trial.params,
      dtype: opts.backend.dtype,
    });
  }
  if (problems.length > 0) {
    if (lockHeld) {
      const to = opts.store.setAside(exp.id, trial.key, problems);
      opts.onCorrupt?.(trial, problems, to);
    }
    return null;
  }
  if (read.kind !== "ok") return null;
  const { manifest, result } = read.files;
  return {
    trial,
    status: manifest.status,
    cached: true,
    seconds: manifest.seconds,
    result,
    manifest,
  };
}

interface Finished {
  /** Models trained, by path, while the trial (or its batch) ran. */
  training?: Record<TrainingPath, number>;
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
async function finishTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
  f: Finished,
): Promise<TrialOutcome> {
  // A non-finite output diverged as surely as a non-finite logged number.
  if (f.status === "ok" && hasNonFinite(f.outputs)) f.status = "diverged";
  // Claims are judged whatever the status: one that cannot be observed is not reproduced.
  const claims = judgeClaims(
    exp,
    { outputs: f.outputs, metrics: f.metrics, params: trial.params },
    opts.backend.dtype,
  );
  const env = await runEnvironment();
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
  if (f.training && Object.values(f.training).some((n) => n > 0)) manifest.training = f.training;
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

/** The backend's training counts now, to difference after a trial. */
function trainingsNow(b: Backend): Record<TrainingPath, number> {
  return { ...b.trainings };
}

function trainingsSince(
  b: Backend,
  before: Record<TrainingPath, number>,
): Record<TrainingPath, number> {
  return Object.fromEntries(
    TRAINING_PATHS.map((p) => [p, b.trainings[p] - before[p]]),
  ) as Record<TrainingPath, number>;
}

/**
 * Runs one trial, or reuses it from the store. The trial's lock is held from the second look at
 * the store to the write, so a second process sweeping into the same store waits for it and
 * then reuses it instead of computing it again.
 */
export async function runTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
): Promise<TrialOutcome> {
  const quick = cachedOutcome(exp, trial, opts, false);
  if (quick) return quick;
  const lock = await opts.store.lock(exp.id, trial.key);
  try {
    const cached = cachedOutcome(exp, trial, opts, true);
    if (cached) return cached;
    opts.store.cleanTemporaries(exp.id, trial.key);
    return await computeTrial(exp, trial, opts);
  } finally {
    lock.release();
  }
}

async function computeTrial(
  exp: Experiment,
  trial: Trial,
  opts: RunnerOptions,
): Promise<TrialOutcome> {
  const { ctx, log, close } = trialContext(trial, opts.backend, {
    dataDir: opts.dataDir,
    onLog: opts.onLog,
    stopOnDiverge: true,
  });
  const started = new Date();
  const t0 = performance.now();
  const trained = trainingsNow(opts.backend);
  const f: Finished = { outputs: null, metrics: log.metrics, status: "ok", started, seconds: 0 };
  await runContext(exp, ctx, f);
  await close();
  f.seconds = (performance.now() - t0) / 1000;
  f.training = trainingsSince(opts.backend, trained);
  return await finishTrial(exp, trial, opts, f);
}

/** Runs `exp.run(ctx)` into `f`: its outputs, or how it stopped (diverged or failed). */
async function runContext(exp: Experiment, ctx: Context, f: Finished): Promise<void> {
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
}

/**
 * Runs trials that differ only in the experiment's batch params together: their `run(ctx)`
 * concurrently on the one backend, sharing `ctx.shared` values and meeting in `ctx.train`
 * (harness/batch.ts); cached trials are reused. Each trial is stored as it would be alone
 * (diverged, failed or ok), with the batch's keys in its manifest.
 */
export async function runTrialBatch(
  exp: Experiment,
  trials: readonly Trial[],
  opts: RunnerOptions,
): Promise<TrialOutcome[]> {
  const out: (TrialOutcome | null)[] = trials.map((t) => cachedOutcome(exp, t, opts, false));
  if (out.every((o) => o !== null)) return out as TrialOutcome[];
  // Locks in key order, so two processes batching overlapping trials cannot deadlock.
  const order = trials.map((t, i) => ({ t, i })).filter(({ i }) => out[i] === null)
    .sort((a, b) => a.t.key < b.t.key ? -1 : a.t.key > b.t.key ? 1 : 0);
  const locks = [];
  try {
    for (const { t } of order) locks.push(await opts.store.lock(exp.id, t.key));
    for (const { t, i } of order) out[i] = cachedOutcome(exp, t, opts, true);
    const todo = trials.map((t, i) => ({ t, i })).filter(({ i }) => out[i] === null);
    for (const { t } of todo) opts.store.cleanTemporaries(exp.id, t.key);
    if (todo.length > 0) await computeBatch(exp, todo, out, opts);
  } finally {
    for (const l of locks) l.release();
  }
  return out as TrialOutcome[];
}

async function computeBatch(
  exp: Experiment,
  todo: { t: Trial; i: number }[],
  out: (TrialOutcome | null)[],
  opts: RunnerOptions,
): Promise<void> {
  const group = new BatchGroup(opts.backend, todo.length);
  const contexts = todo.map(({ t }, index) =>
    trialContext(t, opts.backend, {
      dataDir: opts.dataDir,
      onLog: opts.onLogOf?.(t),
      stopOnDiverge: true,
      batch: { group, index },
    })
  );
  const started = new Date();
  const t0 = performance.now();
  const trained = trainingsNow(opts.backend);
  const finished: Finished[] = contexts.map(({ log }) => ({
    outputs: null,
    metrics: log.metrics,
    status: "ok",
    started,
    seconds: 0,
  }));
  try {
    await Promise.all(contexts.map(async ({ ctx }, k) => {
      try {
        await runContext(exp, ctx, finished[k]);
      } finally {
        group.finish(k);
      }
    }));
  } finally {
    await group.shared.dispose();
  }
  // The batch's time, shared evenly: no trial ran alone.
  const seconds = (performance.now() - t0) / 1000 / todo.length;
  const batch = todo.length > 1 ? todo.map(({ t }) => t.key) : undefined;
  // Each trial's own trainings when every training of the batch went through ctx.train (and
  // so is known per trial); else the batch's, which then covers models trained directly.
  const total = trainingsSince(opts.backend, trained);
  const attributed = TRAINING_PATHS.every((p) =>
    group.trained.reduce((s, c) => s + c[p], 0) === total[p]
  );
  for (const [k, { t, i }] of todo.entries()) {
    const f = finished[k];
    f.seconds = seconds;
    f.batch = batch;
    f.training = attributed ? group.trained[k] : total;
    out[i] = await finishTrial(exp, t, opts, f);
  }
}
