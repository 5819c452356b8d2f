/**
 * Aggregates over seeds, shared by the sweep table and the summary and heatmap charts so the
 * figures in a chart and in the table beside it are the same numbers.
 */

/** Mean and sample standard deviation of the finite values; the rest are counted, not mixed in. */
export interface Aggregate {
  /** Values given. */
  n: number;
  /** Finite values among them (the ones in the mean). */
  finite: number;
  /** Mean of the finite values; null when there are none. */
  mean: number | null;
  /** Sample standard deviation (n − 1) of the finite values; null with fewer than two. */
  sd: number | null;
  /** The non-finite values (a diverged cost: Infinity or NaN), in order. */
  nonFinite: number[];
}

/** Aggregates values; a non-finite one (a diverged run) is reported apart, never averaged in. */
export function aggregate(values: readonly number[]): Aggregate {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonFinite = values.filter((v) => !Number.isFinite(v));
  if (finite.length === 0) return { n: values.length, finite: 0, mean: null, sd: null, nonFinite };
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const sd = finite.length < 2
    ? null
    : Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1));
  return { n: values.length, finite: finite.length, mean, sd, nonFinite };
}

/** Groups items by a string key, keeping first-appearance order of the keys. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
