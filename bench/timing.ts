/** Timing helpers: medians over repetitions, warm-up excluded. */

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds of each of `reps` runs of `fn` after `warmup` runs that are not counted. */
export async function timeRuns(
  fn: () => Promise<unknown> | unknown,
  reps: number,
  warmup = 1,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** Median milliseconds of `fn` over `reps` runs after `warmup` uncounted runs. */
export async function medianMs(
  fn: () => Promise<unknown> | unknown,
  reps: number,
  warmup = 1,
): Promise<number> {
  return median(await timeRuns(fn, reps, warmup));
}

/** Seeded uniform values in [-1, 1) (a small LCG: benchmarks need no statistical quality). */
export function randomArray(n: number, seed = 1): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}
