/**
 * Finite-difference derivatives of a host function, the independent reference a derivative
 * formula is checked against.
 */

/** The fourth-order central difference of f at x with step h (error O(h⁴)). */
export function centralDifference4(f: (x: number) => number, x: number, h: number): number {
  return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
}

/**
 * The fourth-order central difference D(h) Richardson-extrapolated to sixth order,
 * (16·D(h/2) − D(h))/15, with h = 10⁻³·max(1, |x|): truncation O(h⁶), rounding ≈ ε·|f|/h, about
 * 10⁻¹² relative at moderate points.
 */
export function centralDifference6(f: (x: number) => number, x: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(x));
  return (16 * centralDifference4(f, x, h / 2) - centralDifference4(f, x, h)) / 15;
}

/** Where over `points` a derivative formula differs most from the central difference of f. */
export type WorstDifference = { relErr: number; worstAt: number; rule: number; difference: number };

/** The largest relative difference |rule − difference|/|difference| (|rule| where it is 0). */
export function worstRelativeDifference(
  f: (x: number) => number,
  rule: (x: number) => number,
  points: readonly number[],
): WorstDifference {
  let worst: WorstDifference = { relErr: -1, worstAt: NaN, rule: NaN, difference: NaN };
  for (const x of points) {
    const d = centralDifference6(f, x), v = rule(x);
    const e = d === 0 ? Math.abs(v) : Math.abs(v - d) / Math.abs(d);
    if (e > worst.relErr) worst = { relErr: e, worstAt: x, rule: v, difference: d };
  }
  return worst;
}
