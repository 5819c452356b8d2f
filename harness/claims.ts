/**
 * Judging claims on a finished trial. A claim's `observe` returns the figure the trial measured;
 * the verdict is never the claim's own: it comes from `evaluate` (verdict.ts) on the stored
 * check, expected value, tolerance and observation, so any reader can recompute it.
 */
import type { Claim, Experiment, Json, MetricRow, Params } from "./experiment.ts";
import type { ClaimRecord, ClaimResult, TrialResult } from "./records.ts";
import type { Source } from "./sources.ts";
import { type Dtype, evaluate, jsonEqual, resolveTolerance, verdictOf } from "./verdict.ts";

/** True when every param named in `when` has that value. */
export function applies(claim: { when?: Partial<Params> }, params: Params): boolean {
  return Object.entries(claim.when ?? {}).every(([k, v]) => params[k] === v);
}

/** A claim as declared, its source defaulting to the experiment's. */
export function claimRecord(c: Claim, experimentSource: Source): ClaimRecord {
  const rec: ClaimRecord = {
    id: c.id,
    text: c.text,
    source: c.source ?? experimentSource,
    expected: c.expected,
    check: c.check,
  };
  if (c.when) rec.when = c.when as Params;
  if (c.diverges) rec.diverges = c.diverges;
  if (c.chart) rec.chart = c.chart;
  if (c.timed) rec.timed = true;
  return rec;
}

/** The divergence a claim declares for this arithmetic, if any. */
function divergenceFor(c: Claim, dtype: Dtype) {
  return c.diverges && (c.diverges.dtype === undefined || c.diverges.dtype === dtype)
    ? c.diverges
    : undefined;
}

const message = (e: unknown) => e instanceof Error ? e.message : String(e);

/** Observes and judges every claim that applies to the trial. */
export function judgeClaims(
  exp: Experiment,
  trial: { outputs: Json; metrics: readonly MetricRow[]; params: Params },
  dtype: Dtype,
): ClaimResult[] {
  return exp.claims.filter((c) => applies(c, trial.params)).map((c) => {
    const view = { ...trial, dtype };
    let observed: Json = null, error: string | undefined, note: string | undefined;
    try {
      observed = c.observe(view);
      note = c.note?.(view);
    } catch (e) {
      error = message(e);
    }
    const { when: _when, diverges: _d, chart: _c, timed: _t, ...rec } = claimRecord(c, exp.source);
    const tolerance = resolveTolerance(c.check, dtype);
    const { pass } = evaluate(c.check, c.expected, observed, tolerance, dtype);
    const out: ClaimResult = {
      ...rec,
      dtype,
      observed,
      pass,
      verdict: verdictOf({ check: c.check, expected: c.expected, observed, tolerance, dtype }),
    };
    if (c.check.kind === "near" || c.check.kind === "relative") out.tolerance = tolerance;
    const diverges = divergenceFor(c, dtype);
    if (diverges) out.diverges = diverges;
    if (note !== undefined) out.note = note;
    if (error !== undefined) out.error = error;
    if (c.timed) out.timed = true;
    return out;
  });
}

/**
 * What is wrong with a stored claim, or null: its pass flag or verdict disagrees with the one
 * its own check, expected value, tolerance and observation give, or its tolerance is not the
 * check's bound for its arithmetic.
 */
export function recheckClaim(c: ClaimResult): string | null {
  if (!c || typeof c !== "object" || !c.check || typeof c.check.kind !== "string") {
    return "claim has no check";
  }
  const tolerance = resolveTolerance(c.check, c.dtype);
  if ((c.tolerance ?? 0) !== tolerance) {
    return `claim ${c.id}: tolerance ${c.tolerance} is not the check's ${tolerance} for ${c.dtype}`;
  }
  const { pass } = evaluate(c.check, c.expected, c.observed, tolerance, c.dtype);
  const verdict = verdictOf(c);
  if (pass !== c.pass || verdict !== c.verdict) {
    return `claim ${c.id}: stored ${c.verdict} (pass ${c.pass}) but its check gives ${verdict}`;
  }
  return null;
}

/** Every stored claim of a trial that does not re-check. */
export function recheckResult(result: TrialResult): string[] {
  if (!Array.isArray(result?.claims)) return ["result.json has no claims list"];
  return result.claims.map(recheckClaim).filter((p): p is string => p !== null);
}

/**
 * Every way a stored result departs from what the experiment's claims observe on the stored
 * outputs and metrics: a claim missing, extra, or observed differently. Run on a cached trial
 * before it is reused (same code hash, so the claims are the ones that wrote it).
 */
export function reobserve(
  exp: Experiment,
  stored: { result: TrialResult; metrics: readonly MetricRow[]; params: Params; dtype: Dtype },
): string[] {
  const fresh = judgeClaims(
    exp,
    { outputs: stored.result.outputs, metrics: stored.metrics, params: stored.params },
    stored.dtype,
  );
  const problems: string[] = [];
  const kept = new Map(stored.result.claims.map((c) => [c.id, c]));
  for (const c of fresh) {
    const old = kept.get(c.id);
    if (!old) problems.push(`claim ${c.id} is missing`);
    else if (!jsonEqual(old.observed, c.observed)) {
      problems.push(
        `claim ${c.id}: stored observed ${JSON.stringify(old.observed)} but the ` +
          `stored outputs give ${JSON.stringify(c.observed)}`,
      );
    }
    kept.delete(c.id);
  }
  for (const id of kept.keys()) problems.push(`claim ${id} does not apply to this trial`);
  return problems;
}
