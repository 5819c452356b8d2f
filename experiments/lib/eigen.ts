/**
 * Eigenvalues of a small symmetric matrix (a Hessian of a few parameters), by cyclic Jacobi
 * rotations in float64: what tells a convex quadratic cost (every eigenvalue > 0: one minimum)
 * from one with other critical points.
 */

/** Eigenvalues, ascending, of the symmetric n × n matrix `a` (row-major). */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): number[] {
  if (a.length !== n * n) throw new RangeError(`eigenvalues: ${a.length} entries for ${n} × ${n}`);
  const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const scale = Math.max(Math.abs(m[i][j]), Math.abs(m[j][i]), 1);
      if (Math.abs(m[i][j] - m[j][i]) > 1e-9 * scale) {
        throw new RangeError(`eigenvalues: the matrix is not symmetric at (${i}, ${j})`);
      }
    }
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (m[p][q] === 0) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = m[k][p], kq = m[k][q];
          m[k][p] = c * kp - s * kq;
          m[k][q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = m[p][k], qk = m[q][k];
          m[p][k] = c * pk - s * qk;
          m[q][k] = s * pk + c * qk;
        }
      }
    }
  }
  return m.map((row, i) => row[i]).sort((x, y) => x - y);
}
