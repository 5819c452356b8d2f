/**
 * Lecture 001's J(w₁) = (w₁ − 2)² on the backend: where its smallest value on a grid is, and the
 * path of gradient descent w₁ ← w₁ − α·dJ/dw₁, dJ/dw₁ = 2(w₁ − 2), from given starts.
 */
import type { MetricRow } from "../../harness/experiment.ts";
import type { Backend } from "../../kernels/backend.ts";

/** The w₁ of the smallest J on the grid w₁ = −3 … 7 in steps of 0.01 (w₁ = 2 is on it exactly). */
export async function quadraticGridArgmin(b: Backend): Promise<number> {
  // w₁ = (i − 300)/100.
  const grid = Array.from({ length: 1001 }, (_, i) => (i - 300) / 100);
  const G = b.fromArray(grid, [1, grid.length]);
  const JG = b.tidy(() => b.unary("square", b.unary("affine", G, 1, -2)));
  const jGrid = await b.read(JG);
  G.dispose();
  JG.dispose();
  let best = 0;
  jGrid.forEach((v, i) => {
    if (v < jGrid[best]) best = i;
  });
  return grid[best];
}

/**
 * `steps` steps of gradient descent from each start, w₁ logged (start, step, w1) from step 0;
 * each start's first step and final w₁.
 */
export async function quadraticDescent(
  b: Backend,
  starts: readonly number[],
  alpha: number,
  steps: number,
  log: (row: MetricRow) => void,
): Promise<{ start: number; firstStep: number; final: number }[]> {
  const quadratic: { start: number; firstStep: number; final: number }[] = [];
  for (const start of starts) {
    const w = b.fromArray([start], [1, 1]);
    const trace = [];
    for (let s = 1; s <= steps; s++) {
      b.tidy(() => b.update(w, b.unary("affine", w, 2, -4), alpha));
      trace.push(b.tidy(() => b.unary("affine", w, 1, 0)));
    }
    const values = await b.readMany(trace);
    trace.forEach((t) => t.dispose());
    w.dispose();
    log({ start: `w₁ = ${start}`, step: 0, w1: start });
    values.forEach((v, s) => log({ start: `w₁ = ${start}`, step: s + 1, w1: v[0] }));
    quadratic.push({ start, firstStep: values[0][0] - start, final: values.at(-1)![0] });
  }
  return quadratic;
}
