/**
 * Measuring claims on a finished trial, and the comparisons claims are built from. A claim's
 * observed figure always comes from the trial's outputs or metrics, never from its text.
 */
import type { Claim, Json, MetricRow, Params, Tolerance } from "./experiment.ts";
import type { ClaimRecord, ClaimResult } from "./records.ts";

export function resolveTolerance(t: Tolerance | undefined, dtype: "float32" | "float64"): number {
  if (t === undefined) return 0;
  return typeof t === "number" ? t : t[dtype];
}

/** True when every param named in `when` has that value. */
export function applies(claim: { when?: Partial<Params> }, params: Params): boolean {
  return Object.entries(claim.when ?? {}).every(([k, v]) => params[k] === v);
}

export function claimRecord(c: Claim): ClaimRecord {
  const rec: ClaimRecord = { id: c.id, text: c.text, source: c.source, expected: c.expected };
  if (c.tolerance !== undefined) rec.tolerance = c.tolerance;
  if (c.when) rec.when = c.when as Params;
  return rec;
}

/** Measures every claim that applies to the trial; a claim that throws is not reproduced. */
export function measureClaims(
  claims: readonly Claim[],
  trial: { outputs: Json; metrics: readonly MetricRow[]; params: Params },
  dtype: "float32" | "float64",
): ClaimResult[] {
  return claims.filter((c) => applies(c, trial.params)).map((c) => {
    const tolerance = resolveTolerance(c.tolerance, dtype);
    const { tolerance: _declared, ...rec } = claimRecord(c);
    let observed: Json, pass: boolean;
    try {
      ({ observed, pass } = c.measure({ ...trial, dtype, tolerance }));
    } catch (e) {
      observed = `error: ${e instanceof Error ? e.message : String(e)}`;
      pass = false;
    }
    const out: ClaimResult = { ...rec, observed, pass };
    if (c.tolerance !== undefined) out.tolerance = tolerance;
    return out;
  });
}

/** |observed − expected| ≤ tol, elementwise for arrays of equal length. */
export function within(
  observed: number | readonly number[],
  expected: number | readonly number[],
  tol: number,
): boolean {
  const o = typeof observed === "number" ? [observed] : observed;
  const e = typeof expected === "number" ? [expected] : expected;
  return o.length === e.length && o.every((v, i) => Math.abs(v - e[i]) <= tol);
}

/** Rounds for display in observed values, keeping the stored figure honest to ~7 digits. */
export function round(v: number, digits = 7): number {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : v;
}

/** Counts of consecutive increases and decreases in a series. */
export function trend(values: readonly number[]): { up: number; down: number; steps: number } {
  let up = 0, down = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[i - 1]) up++;
    else if (values[i] < values[i - 1]) down++;
  }
  return { up, down, steps: Math.max(0, values.length - 1) };
}
