/**
 * The context a trial's `run` receives: a fresh RandomState seeded with the trial's seed, the
 * backend, `log`, which keeps every row and watches it for divergence, and `shared` and `train`,
 * which meet the other trials of its batch when it runs in one (harness/batch.ts). Its code is
 * part of every trial's code hash (harness/code_hash.ts): the numbers depend on it.
 */
import type { Backend } from "../kernels/backend.ts";
import { train } from "../nn/train.ts";
import { RandomState } from "../numpy/rng.ts";
import { type BatchGroup, SharedValues } from "./batch.ts";
import type { Context, MetricRow, Params } from "./experiment.ts";

/** Raised inside `ctx.log` to stop a trial once a logged number is NaN or infinite. */
export class Diverged extends Error {
  constructor(readonly step: number, readonly column: string) {
    super(`${column} is not finite at step ${step}`);
  }
}

/** The step a row describes: its epoch/iteration/step column, else its 1-based position. */
export function stepOf(row: MetricRow, index: number): number {
  for (const k of ["epoch", "iteration", "step"]) if (typeof row[k] === "number") return row[k];
  return index + 1;
}

/** The first column of a row holding NaN or ±Infinity, if any. */
export function nonFiniteColumn(row: MetricRow): string | undefined {
  return Object.keys(row).find((k) => typeof row[k] === "number" && !Number.isFinite(row[k]));
}

/** What a trial logged, and the step at which a logged number first stopped being finite. */
export interface TrialLog {
  metrics: MetricRow[];
  divergedAt?: number;
}

/**
 * A trial's context. A logged NaN or ±Infinity in any column marks the trial diverged; with
 * `stopOnDiverge` it also ends the run there. With `batch` the trial is member `index` of a
 * group run together: `shared` and `train` go through the group; alone, `shared` keeps the
 * trial's own values (`close` disposes them) and `train` is nn/train.ts's.
 */
export function trialContext(
  trial: { params: Params; seed: number },
  backend: Backend,
  opts: {
    dataDir?: string;
    onLog?: (row: MetricRow) => void;
    stopOnDiverge: boolean;
    batch?: { group: BatchGroup; index: number };
  },
): { ctx: Context; log: TrialLog; close(): Promise<void> } {
  const log: TrialLog = { metrics: [] };
  const own = opts.batch ? null : new SharedValues();
  const batch = opts.batch;
  const ctx: Context = {
    params: trial.params,
    seed: trial.seed,
    rng: new RandomState(trial.seed),
    backend,
    dataDir: opts.dataDir,
    log(row: MetricRow) {
      log.metrics.push({ ...row });
      opts.onLog?.(row);
      const column = nonFiniteColumn(row);
      if (column !== undefined && log.divergedAt === undefined) {
        log.divergedAt = stepOf(row, log.metrics.length - 1);
        if (opts.stopOnDiverge) throw new Diverged(log.divergedAt, column);
      }
    },
    shared: (key, make) => (batch ? batch.group.shared : own!).get(key, make),
    train: (model, X, Y, options) =>
      batch
        ? batch.group.train(batch.index, model, X, Y, options)
        : train(backend, model, X, Y, options),
  };
  return { ctx, log, close: async () => await own?.dispose() };
}

/** The module whose code every trial's hash includes besides its experiment's. */
export const CONTEXT_MODULE: URL = new URL(import.meta.url);
