/** The mean and population standard deviation of each feature row: what standardising sets. */
export function rowMoments(
  x: Float64Array,
  [n, m]: readonly [number, number],
): { means: number[]; sds: number[] } {
  const means: number[] = [], sds: number[] = [];
  for (let j = 0; j < n; j++) {
    const row = x.subarray(j * m, (j + 1) * m);
    const mean = row.reduce((s, v) => s + v, 0) / m;
    means.push(mean);
    sds.push(Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / m));
  }
  return { means, sds };
}
