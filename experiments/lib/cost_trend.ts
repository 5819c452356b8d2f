/**
 * Where a cost curve went: the claims that "the cost should decrease on every iteration" count
 * the rises (their notes say where the first and the largest were), and those on the learning
 * rate compare the highest and the last logged cost with the first.
 */
import type { MetricRow } from "../../harness/experiment.ts";

/** Iterations i ≥ 1 whose cost is above iteration i − 1's. */
export function costRises(costs: readonly number[]): number[] {
  return costs.flatMap((c, i) => i > 0 && c > costs[i - 1] ? [i] : []);
}

/** The count of rises, the first, and the largest, from the costs of every iteration. */
export function risesNote(costs: readonly number[], rises: readonly number[]): string {
  if (rises.length === 0) return `the cost falls at every one of the ${costs.length} iterations`;
  const largest = rises.reduce((a, i) => costs[i] - costs[i - 1] > costs[a] - costs[a - 1] ? i : a);
  return `the cost rises at ${rises.length} of ${costs.length - 1} steps, first at iteration ` +
    `${rises[0]} (${costs[rises[0] - 1].toFixed(8)} → ${costs[rises[0]].toFixed(8)}), most at ` +
    `iteration ${largest} (+${(costs[largest] - costs[largest - 1]).toFixed(6)})`;
}

/** Logged steps at which the cost went up / down. */
export function trend(costs: readonly number[]): { up: number; down: number } {
  let up = 0, down = 0;
  for (let i = 1; i < costs.length; i++) {
    if (costs[i] > costs[i - 1]) up++;
    else if (costs[i] < costs[i - 1]) down++;
  }
  return { up, down };
}

/** The logged costs, read from metrics so that they are there whatever became of the trial. */
export function costsOf(metrics: readonly MetricRow[]): number[] {
  return metrics.map((r) => r.cost).filter((c): c is number => typeof c === "number");
}

/** Highest logged cost over the first. */
export function peakOverFirst(c: readonly number[]): number {
  return Math.max(...c) / c[0];
}

/** Last logged cost over the first. */
export function lastOverFirst(c: readonly number[]): number {
  return c[c.length - 1] / c[0];
}

/** "J: 0.693147 → 0.460014; highest 1.849, lowest 0.4600": where the cost went. */
export function swingNote(c: readonly number[]): string {
  const peak = Math.max(...c);
  return `J: ${c[0].toFixed(6)} → ${c[c.length - 1].toFixed(6)}; highest ${peak.toPrecision(4)}, ` +
    `lowest ${Math.min(...c).toPrecision(4)}`;
}
