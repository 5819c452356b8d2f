/**
 * Softmax regression for K classes, as lecture 003 ("Softmax Regression"): with one-hot labels
 * Y (K × m), Z = W·X + b (W is K × n_x, b is K × 1), A = softmax(Z) column by column,
 * L(a, y) = −Σ_j y_j·log a_j, J = (1/m)·Σ L; and, as for logistic regression, dZ = A − Y,
 * dW = (1/m)·dZ·Xᵀ, db = (1/m)·Σ dZ. The prediction is the most probable class.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import type { Gradients, Trainable } from "./loop.ts";

/** Softmax regression's W (K × n_x) and b (K × 1) on the device; updated in place. */
export class SoftmaxRegression implements Trainable {
  constructor(readonly backend: Backend, readonly W: Tensor, readonly b: Tensor) {
    if (b.shape[0] !== W.shape[0] || b.shape[1] !== 1) {
      throw new RangeError(`softmax regression: b [${b.shape}] must be [${W.shape[0]}, 1]`);
    }
  }

  /** W = 0, b = 0 (zero initialisation is fine for a single layer: no symmetry to break). */
  static zeros(backend: Backend, features: number, classes: number): SoftmaxRegression {
    return new SoftmaxRegression(
      backend,
      backend.full([classes, features], 0),
      backend.full([classes, 1], 0),
    );
  }

  get classes(): number {
    return this.W.shape[0];
  }

  /** A = softmax(W·X + b), K × m, each column a distribution over the classes. */
  probabilities(X: Tensor): Tensor {
    const bk = this.backend;
    return bk.softmax(bk.binary("add", bk.matmul(this.W, X), this.b), 0);
  }

  /** The most probable class of each column, `[1, m]`. */
  predict(X: Tensor): Tensor {
    return this.backend.tidy(() => this.backend.argmax(this.probabilities(X), 0));
  }

  parameters(): Tensor[] {
    return [this.W, this.b];
  }

  /** J = −(1/m)·Σ y·log a. */
  cost(X: Tensor, Y: Tensor): Tensor {
    return this.backend.loss("cce", this.probabilities(X), Y);
  }

  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const bk = this.backend;
    const m = X.shape[1];
    const A = this.probabilities(X);
    const dZ = bk.binary("sub", A, Y);
    return {
      grads: [bk.unary("affine", bk.matmul(dZ, X, { transB: true }), 1 / m, 0), bk.mean(dZ, 1)],
      cost: withCost ? bk.loss("cce", A, Y) : null,
    };
  }

  dispose(): void {
    this.W.dispose();
    this.b.dispose();
  }
}
