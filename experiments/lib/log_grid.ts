/**
 * Learning rates (or any positive scale) from `lo` to `hi`, `perDecade` evenly spaced in log10,
 * each rounded to 3 significant digits so that the values read as chosen (1e-5, 2.15e-5, …).
 */
export function logGrid(lo: number, hi: number, perDecade: number): number[] {
  const n = Math.round(Math.log10(hi / lo) * perDecade);
  return Array.from(
    { length: n + 1 },
    (_, i) => Number((lo * 10 ** (i / perDecade)).toPrecision(3)),
  );
}
