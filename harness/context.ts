/**
 * The context a trial's `run` receives: a fresh RandomState seeded with the trial's seed, the
 * backend, and `log`, which keeps every row and watches it for divergence. Its code is part of
 * every trial's code hash (harness/code_hash.ts): the numbers depend on it.
 */
import type { Backend } from "../kernels/backend.ts";
import { RandomState } from "../numpy/rng.ts";
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
 * `stopOnDiverge` it also ends the run there (a batch runs on, its other trials unaffected).
 */
export function trialContext(
  trial: { params: Params; seed: number },
  backend: Backend,
  opts: { dataDir?: string; onLog?: (row: MetricRow) => void; stopOnDiverge: boolean },
): { ctx: Context; log: TrialLog } {
  const log: TrialLog = { metrics: [] };
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
  };
  return { ctx, log };
}

/** The module whose code every trial's hash includes besides its experiment's. */
export const CONTEXT_MODULE: URL = new URL(import.meta.url);
