/**
 * One trial in a web page, by the runner's path (harness/runner.ts) without the store: a fresh
 * context seeded with the trial's seed (harness/context.ts `trialContext`), the module's own
 * `run`, every claim that applies observed and judged by its declared check (harness/claims.ts
 * `judgeClaims`). What the page shows is what a run of `deno task experiment` would have stored.
 */
import type { AdapterFacts, Backend } from "../kernels/backend.ts";
import { judgeClaims } from "../harness/claims.ts";
import { Diverged, trialContext } from "../harness/context.ts";
import type { Experiment, Json, MetricRow, Params } from "../harness/experiment.ts";
import { defaults } from "../harness/params.ts";
import type { ClaimResult, TrialStatus } from "../harness/records.ts";

/** A trial the page can run: params (the experiment's, every one set) and a seed. */
export interface PageTrial {
  params: Params;
  seed: number;
}

/** One of the experiment's own setups (its default points × seeds), named by what differs. */
export interface Setup extends PageTrial {
  label: string;
}

/** What a trial in the page gave: as stored by the runner, with the backend it ran on. */
export interface PageOutcome {
  experiment: string;
  params: Params;
  seed: number;
  status: TrialStatus;
  outputs: Json;
  metrics: MetricRow[];
  claims: ClaimResult[];
  /** Wall-clock seconds of `run` (the claims are judged after). */
  seconds: number;
  backend: "webgpu" | "cpu";
  adapter: AdapterFacts | null;
  error?: string;
  divergedAt?: number;
}

function label(exp: Experiment, params: Params, seed: number, seeds: number): string {
  const parts = Object.keys(exp.params)
    .filter((k) => params[k] !== exp.params[k].default)
    .map((k) => `${k} = ${String(params[k])}`);
  if (seeds > 1) parts.push(`seed ${seed}`);
  return parts.length > 0 ? parts.join(", ") : "the defaults";
}

/**
 * The experiment's own setups in the runner's order (harness/trials.ts `expandTrials` without
 * `--set`, `--sweep` or `--quick`): each default point over the defaults, for each seed. The
 * first is the page's default trial.
 */
export function setups(exp: Experiment): Setup[] {
  const base = defaults(exp.params);
  const points = exp.defaultSweep?.length ? exp.defaultSweep : [{}];
  const seeds = exp.seeds.length > 0 ? exp.seeds : [0];
  const seen = new Set<string>();
  const out: Setup[] = [];
  for (const point of points) {
    const params = { ...base, ...point as Params };
    for (const seed of seeds) {
      const key = JSON.stringify([params, seed]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ params, seed, label: label(exp, params, seed, seeds.length) });
    }
  }
  return out;
}

/** True when a JSON value holds NaN or ±Infinity anywhere (as the runner decides). */
function hasNonFinite(v: Json): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasNonFinite);
  return false;
}

const message = (e: unknown) => e instanceof Error ? e.message : String(e);

/**
 * Runs one trial of `exp` on `backend`: a logged NaN/∞ stops it as diverged, a throw marks it
 * failed; the claims are judged whatever the status, as the runner does. `onLog` sees each row
 * as it is logged (the page's live charts).
 */
export async function runPageTrial(
  exp: Experiment,
  trial: PageTrial,
  backend: Backend,
  onLog?: (row: MetricRow) => void,
): Promise<PageOutcome> {
  const made = trialContext(trial, backend, { onLog, stopOnDiverge: true });
  const { ctx, log } = made;
  let outputs: Json = null, status: TrialStatus = "ok", error: string | undefined;
  let divergedAt: number | undefined;
  const t0 = performance.now();
  try {
    outputs = await exp.run(ctx);
  } catch (e) {
    if (e instanceof Diverged) {
      status = "diverged";
      divergedAt = e.step;
    } else {
      status = "failed";
      error = message(e);
    }
  }
  // Values the trial shared (harness/batch.ts), when the context keeps any, are freed.
  await (made as { close?: () => Promise<void> }).close?.();
  const seconds = (performance.now() - t0) / 1000;
  // A non-finite output diverged as surely as a non-finite logged number.
  if (status === "ok" && hasNonFinite(outputs)) status = "diverged";
  const claims = judgeClaims(
    exp,
    { outputs, metrics: log.metrics, params: trial.params },
    backend.dtype,
  );
  const out: PageOutcome = {
    experiment: exp.id,
    params: trial.params,
    seed: trial.seed,
    status,
    outputs,
    metrics: log.metrics,
    claims,
    seconds,
    backend: backend.name,
    adapter: backend.adapter,
  };
  if (error !== undefined) out.error = error;
  if (divergedAt !== undefined) out.divergedAt = divergedAt;
  return out;
}
