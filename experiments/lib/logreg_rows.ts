/**
 * Logistic regression with one parameter set per row, on the device: W is `[S, n]` (row s holds
 * the weights of run s), b is `[S, 1]`, X is `[n, m]` and Y `[1, m]`, so Z = W·X + b is `[S, m]`
 * and S runs of gradient descent (different starts, or different points of a line in weight
 * space) advance in one batch. Costs are the lectures' per-example losses averaged over the m
 * examples, one per row.
 */
import { type Backend, LOG_GUARD, type Tensor } from "../../kernels/backend.ts";

/** The two losses lecture 001 sets side by side for logistic regression. */
export type RowLoss = "se" | "ce";

/** A = σ(W·X + b), `[S, m]`. */
export function rowActivations(b: Backend, W: Tensor, B: Tensor, X: Tensor): Tensor {
  return b.activation("sigmoid", b.binary("add", b.matmul(W, X), B));
}

/**
 * Per-row cross-entropy −(1/m)·Σ [y·log a + (1 − y)·log(1 − a)], `[S, 1]`, with the same guard
 * log(max(p, 1e-12)) as the backend's `bce` loss (a saturated row gives a large finite cost).
 */
export function rowCrossEntropy(b: Backend, A: Tensor, Y: Tensor): Tensor {
  const guard = b.full([1, 1], LOG_GUARD);
  const logA = b.unary("log", b.binary("max", A, guard));
  const log1mA = b.unary("log", b.binary("max", b.unary("affine", A, -1, 1), guard));
  const term = b.binary(
    "add",
    b.binary("mul", logA, Y),
    b.binary("mul", log1mA, b.unary("affine", Y, -1, 1)),
  );
  return b.unary("affine", b.mean(term, 1), -1, 0);
}

/** Per-row squared error (1/m)·Σ ½(a − y)² (lecture 001's SE), `[S, 1]`. */
export function rowSquaredError(b: Backend, A: Tensor, Y: Tensor): Tensor {
  return b.unary("affine", b.mean(b.unary("square", b.binary("sub", A, Y)), 1), 0.5, 0);
}

/**
 * ∂J/∂z per example: a − y for cross-entropy, (a − y)·a·(1 − a) for ½(a − y)², `[S, m]`.
 */
export function rowDZ(b: Backend, loss: RowLoss, A: Tensor, Y: Tensor): Tensor {
  const E = b.binary("sub", A, Y);
  if (loss === "ce") return E;
  return b.binary("mul", b.binary("mul", E, A), b.unary("affine", A, -1, 1));
}

/** One gradient-descent step on every row in place: W −= α·dZ·Xᵀ/m, b −= α·mean(dZ). */
export function rowStep(
  b: Backend,
  loss: RowLoss,
  W: Tensor,
  B: Tensor,
  X: Tensor,
  Y: Tensor,
  alpha: number,
): void {
  const m = X.shape[1];
  b.tidy(() => {
    const dZ = rowDZ(b, loss, rowActivations(b, W, B, X), Y);
    b.update(W, b.unary("affine", b.matmul(dZ, X, { transB: true }), 1 / m, 0), alpha);
    b.update(B, b.mean(dZ, 1), alpha);
  });
}

/** The per-row cost of `loss`, `[S, 1]`. */
export function rowCost(
  b: Backend,
  loss: RowLoss,
  W: Tensor,
  B: Tensor,
  X: Tensor,
  Y: Tensor,
): Tensor {
  return b.tidy(() => {
    const A = rowActivations(b, W, B, X);
    return loss === "ce" ? rowCrossEntropy(b, A, Y) : rowSquaredError(b, A, Y);
  });
}
