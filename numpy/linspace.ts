/**
 * numpy's `np.linspace`, with numpy's exact arithmetic, for the data generators: values are
 * `start + i * step` with `step = (stop - start) / div`, and with `endpoint` the last one is set
 * to `stop` exactly. Computing `start + i * (stop - start) / (n - 1)` instead, or interpolating,
 * rounds differently and breaks bit-for-bit agreement with numpy.
 *
 * @module
 */

/**
 * `n` evenly spaced values from `start`, as `np.linspace(start, stop, n, endpoint)` (numpy 2.x,
 * float64).
 *
 * @param endpoint whether `stop` is the last value (numpy's default, true) or excluded.
 * @throws {RangeError} when n is not a non-negative integer.
 */
export function linspace(start: number, stop: number, n: number, endpoint = true): Float64Array {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`linspace count must be a non-negative integer, got ${n}`);
  }
  const div = endpoint ? n - 1 : n;
  const delta = stop - start;
  const y = new Float64Array(n);
  if (div > 0) {
    const step = delta / div;
    // numpy divides first when the step underflows to 0 (denormal ranges, numpy gh-5437).
    for (let i = 0; i < n; i++) y[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  } else {
    for (let i = 0; i < n; i++) y[i] = i * delta + start; // n <= 1: the one value is start
  }
  if (endpoint && n > 1) y[n - 1] = stop;
  return y;
}
