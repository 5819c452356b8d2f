/**
 * Logistic regression's gradient-descent iteration written three ways on the backend — loops over
 * the examples and the features (lecture 2's dw₁ += x₁⁽ⁱ⁾dz⁽ⁱ⁾, dw₂ += x₂⁽ⁱ⁾dz⁽ⁱ⁾), the loop over
 * the examples only (dw += x⁽ⁱ⁾dz⁽ⁱ⁾), and vectorised (nn/logistic.ts's propagate) — each timed,
 * every iteration's figures read back, and the largest difference between two versions on the
 * scale rounding errors follow.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { LogisticRegression } from "../../nn/logistic.ts";

/** The figures of one gradient-descent iteration: J, dw, db (before the update) and w, b after. */
export type Step = { J: number; dw: number[]; db: number; w: number[]; b: number };

export const VERSIONS = ["twoLoops", "oneLoop", "vectorized"] as const;
export type Version = (typeof VERSIONS)[number];

/**
 * One iteration with the loop over examples; `perFeature` also loops over the features (the
 * lecture's dw1, dw2 scalars). Accumulators are updated in place (backend.update: acc ← acc + t).
 */
function loopStep(
  b: Backend,
  w: Tensor,
  bias: Tensor,
  columns: readonly Tensor[],
  targets: readonly Tensor[],
  alpha: number,
  perFeature: boolean,
): { J: Tensor; dw: Tensor[]; db: Tensor } {
  const n = w.shape[0], m = columns.length;
  const J = b.full([1, 1], 0), db = b.full([1, 1], 0);
  const dw = perFeature ? Array.from({ length: n }, () => b.full([1, 1], 0)) : [b.full([n, 1], 0)];
  for (let i = 0; i < m; i++) {
    b.tidy(() => {
      const x = columns[i], y = targets[i];
      const z = b.binary("add", b.matmul(w, x, { transA: true }), bias); // wᵀx⁽ⁱ⁾ + b
      const a = b.activation("sigmoid", z);
      b.update(J, b.loss("bce", a, y), -1); // J += −[y log a + (1 − y) log(1 − a)]
      const dz = b.binary("sub", a, y);
      if (perFeature) {
        for (let j = 0; j < n; j++) {
          b.update(dw[j], b.binary("mul", b.slice(x, j, j + 1, 0, 1), dz), -1);
        }
      } else {
        b.update(dw[0], b.binary("mul", x, dz), -1); // dw += x⁽ⁱ⁾ dz⁽ⁱ⁾
      }
      b.update(db, dz, -1);
    });
  }
  b.tidy(() => {
    for (const t of [J, db, ...dw]) b.assign(t, b.unary("affine", t, 1 / m, 0)); // /= m
    const dwVec = perFeature ? dw.reduce((acc, d) => b.concatRows(acc, d)) : dw[0];
    b.update(w, dwVec, alpha);
    b.update(bias, db, alpha);
  });
  return { J, dw, db };
}

/** The vectorised iteration: nn/logistic.ts's propagate, then w := w − α dw, b := b − α db. */
function vectorizedStep(
  b: Backend,
  model: LogisticRegression,
  X: Tensor,
  Y: Tensor,
  alpha: number,
): { J: Tensor; dw: Tensor[]; db: Tensor } {
  const p = b.tidy(() => model.propagate(X, Y, true));
  b.update(model.w, p.dw, alpha);
  b.update(model.b, p.db, alpha);
  return { J: p.cost!, dw: [p.dw], db: p.db };
}

/**
 * `iterations` steps of each version from w = 0, b = 0 on X (n × m) and Y (1 × m): every
 * iteration's figures, and the time per iteration (after one warm-up iteration, data on the
 * device, one read at the end).
 */
export async function runVersions(
  b: Backend,
  X: Tensor,
  Y: Tensor,
  alpha: number,
  iterations: number,
): Promise<{ steps: Record<Version, Step[]>; msPerIteration: Record<Version, number> }> {
  const [n, m] = X.shape;
  const columns = Array.from({ length: m }, (_, i) => b.slice(X, 0, n, i, i + 1));
  const targets = Array.from({ length: m }, (_, i) => b.slice(Y, 0, 1, i, i + 1));
  const steps = {} as Record<Version, Step[]>;
  const msPerIteration = {} as Record<Version, number>;
  for (const version of VERSIONS) {
    const model = LogisticRegression.initializeWithZeros(b, n);
    const pending: { J: Tensor; dw: Tensor[]; db: Tensor; w: Tensor; b: Tensor }[] = [];
    // Timed from the second iteration on (the first warms up), or the only one.
    const timedFrom = iterations > 1 ? 1 : 0;
    let t0 = 0;
    for (let it = 0; it < iterations; it++) {
      if (it === timedFrom) {
        await b.flush();
        t0 = performance.now();
      }
      const s = version === "vectorized"
        ? vectorizedStep(b, model, X, Y, alpha)
        : loopStep(b, model.w, model.b, columns, targets, alpha, version === "twoLoops");
      // Copies of w and b after this update (the model's tensors change in place).
      const [wCopy, bCopy] = b.tidy(() => [
        b.unary("affine", model.w, 1, 0),
        b.unary("affine", model.b, 1, 0),
      ]);
      pending.push({ ...s, w: wCopy, b: bCopy });
    }
    await b.flush();
    msPerIteration[version] = (performance.now() - t0) / (iterations - timedFrom);
    const all = await b.readMany(pending.flatMap((p) => [p.J, ...p.dw, p.db, p.w, p.b]));
    const per = 3 + pending[0].dw.length + 1;
    steps[version] = pending.map((p, i) => {
      const v = all.slice(i * per, (i + 1) * per);
      return {
        J: v[0][0],
        dw: p.dw.flatMap((_, j) => Array.from(v[1 + j])),
        db: v[1 + p.dw.length][0],
        w: Array.from(v[2 + p.dw.length]),
        b: v[3 + p.dw.length][0],
      };
    });
    for (const p of pending) for (const t of [p.J, ...p.dw, p.db, p.w, p.b]) t.dispose();
    model.dispose();
  }
  for (const t of [...columns, ...targets]) t.dispose();
  return { steps, msPerIteration };
}

/**
 * What each figure of a Step is measured against: the magnitude of the terms it sums — J (its
 * terms are positive), mean|x_j| for dw_j and 1 for db (|dz| < 1), and α·t times those for w and
 * b after t updates.
 */
function scales(step: number, alpha: number, J: number, meanAbsX: readonly number[]): number[] {
  const t = step + 1;
  return [J, ...meanAbsX, 1, ...meanAbsX.map((s) => alpha * t * s), alpha * t];
}

/** Largest |u − v| / scale over paired figures. */
function scaledDiff(u: readonly number[], v: readonly number[], scale: readonly number[]): number {
  return Math.max(...u.map((x, i) => Math.abs(x - v[i]) / scale[i]));
}

function flat(s: Step): number[] {
  return [s.J, ...s.dw, s.db, ...s.w, s.b];
}

/**
 * The largest scaled difference (see `scales`) between two versions' figures over every
 * iteration, J's scale taken from the vectorised run; `meanAbsX` is mean|x_j| per feature.
 */
export function largestScaledDifference(
  steps: Record<Version, Step[]>,
  u: Version,
  v: Version,
  alpha: number,
  meanAbsX: readonly number[],
): number {
  const vec = steps.vectorized;
  return Math.max(
    ...steps[u].map((s, i) =>
      scaledDiff(flat(s), flat(steps[v][i]), scales(i, alpha, vec[i].J, meanAbsX))
    ),
  );
}

/** mean|x_j| over the m columns, per feature row of x (n × m, row-major). */
export function meanAbsRows(x: Float64Array, n: number, m: number): number[] {
  return Array.from(
    { length: n },
    (_, j) => x.subarray(j * m, (j + 1) * m).reduce((acc, v) => acc + Math.abs(v), 0) / m,
  );
}
