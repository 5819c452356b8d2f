/**
 * Sentences for claims on printed figures: how far the measured figure is from the printed one,
 * and what it prints as at the slide's precision (for a claim's `note`).
 */

/** The numbers of a scalar or a nested array. */
function flat(v: unknown): number[] {
  if (typeof v === "number") return [v];
  return Array.isArray(v) ? v.flatMap(flat) : [];
}

/** max |observed − expected| over the elements, as "4.7e-9". */
export function maxDeviation(observed: unknown, expected: unknown): string {
  const o = flat(observed), e = flat(expected);
  const d = o.reduce((m, v, i) => Math.max(m, Math.abs(v - e[e.length === 1 ? 0 : i])), 0);
  return d === 0 ? "0" : d.toExponential(1);
}

/**
 * "max |observed − printed| = 4.7e-9; to 8 decimals: [0.11920293, …]": the measured figure as the
 * slide would print it, beside its distance from the printed one.
 */
export function printedNote(observed: unknown, expected: unknown, decimals: number): string {
  const shown = flat(observed).map((v) => {
    const t = v.toFixed(decimals);
    return t.includes(".") ? t.replace(/\.?0+$/, "") : t;
  });
  const text = shown.length === 1 ? shown[0] : `[${shown.join(", ")}]`;
  return `max |observed − printed| = ${maxDeviation(observed, expected)}; to ${decimals} ` +
    `decimals: ${text}`;
}

/** A row-major matrix with `cols` columns as "[[a, b], [c, d]]", 6 significant digits each. */
export function matrixText(w: readonly number[], cols: number): string {
  const rows = Array.from({ length: w.length / cols }, (_, i) => w.slice(i * cols, (i + 1) * cols));
  return `[${rows.map((r) => `[${r.map((v) => v.toPrecision(6)).join(", ")}]`).join(", ")}]`;
}
