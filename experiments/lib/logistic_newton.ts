/**
 * The cross-entropy minimum of logistic regression on two features by Newton's method in float64
 * on the host: a different algorithm from gradient descent, to tell where a descent stopped from
 * where the minimum is.
 */

/**
 * The cross-entropy minimum of logistic regression on (X, Y) by Newton's method in float64 on
 * the host (a different algorithm from gradient descent, to 1e-15): θ* and J*.
 */
export function newtonMinimum(X: Float64Array, Y: Float64Array, m: number) {
  const th = [0, 0, 0];
  const row = (i: number) => [X[i], X[m + i], 1];
  const cost = () => {
    let J = 0;
    for (let i = 0; i < m; i++) {
      const x = row(i);
      const a = 1 / (1 + Math.exp(-(th[0] * x[0] + th[1] * x[1] + th[2])));
      J -= Y[i] * Math.log(a) + (1 - Y[i]) * Math.log(1 - a);
    }
    return J / m;
  };
  for (let it = 0; it < 50; it++) {
    const g = [0, 0, 0];
    const H = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (let i = 0; i < m; i++) {
      const x = row(i);
      const a = 1 / (1 + Math.exp(-(th[0] * x[0] + th[1] * x[1] + th[2])));
      for (let r = 0; r < 3; r++) {
        g[r] += (a - Y[i]) * x[r] / m;
        for (let c = 0; c < 3; c++) H[r][c] += a * (1 - a) * x[r] * x[c] / m;
      }
    }
    // Solve H·δ = g by Gaussian elimination with partial pivoting.
    const M = H.map((r, i) => [...r, g[i]]);
    for (let c = 0; c < 3; c++) {
      const p = [c, c + 1, c + 2].filter((r) => r < 3)
        .reduce((best, r) => Math.abs(M[r][c]) > Math.abs(M[best][c]) ? r : best, c);
      [M[c], M[p]] = [M[p], M[c]];
      for (let r = c + 1; r < 3; r++) {
        const f = M[r][c] / M[c][c];
        for (let k = c; k < 4; k++) M[r][k] -= f * M[c][k];
      }
    }
    const d = [0, 0, 0];
    for (let r = 2; r >= 0; r--) {
      let s = M[r][3];
      for (let k = r + 1; k < 3; k++) s -= M[r][k] * d[k];
      d[r] = s / M[r][r];
    }
    for (let r = 0; r < 3; r++) th[r] -= d[r];
  }
  return { theta: th, J: cost() };
}
