/**
 * One-vs-all logistic regression (lecture 003, "What if I have more than 2 classes?"): K binary
 * logistic regressions, classifier k trained on "class k" (1) against "every other class" (0),
 * and the prediction is the class whose classifier is most confident.
 *
 * The K classifiers are independent, so they are trained side by side, vectorised: row k of
 * W (K × n_x) and b (K × 1) is classifier k's wᵀ and b, and the targets are the one-hot rows
 * Y (K × m). Each row's gradient, dw_k = (1/m)·(a_k − y_k)·Xᵀ, involves only its own row, so
 * this is exactly K separate runs of `propagate`/`optimize` with the same α and iterations. The
 * reported cost is the sum of the K binary cross-entropies.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import type { Gradients, Trainable } from "./loop.ts";

/** K logistic regressions stacked as rows of W (K × n_x) and b (K × 1). */
export class OneVsAll implements Trainable {
  constructor(readonly backend: Backend, readonly W: Tensor, readonly b: Tensor) {
    if (b.shape[0] !== W.shape[0] || b.shape[1] !== 1) {
      throw new RangeError(`one-vs-all: b [${b.shape}] must be [${W.shape[0]}, 1]`);
    }
  }

  /** Every classifier's w and b at zero (`initialize_with_zeros`, K times). */
  static zeros(backend: Backend, features: number, classes: number): OneVsAll {
    return new OneVsAll(
      backend,
      backend.full([classes, features], 0),
      backend.full([classes, 1], 0),
    );
  }

  /** Row k: σ(w_kᵀX + b_k), classifier k's probability of "class k", K × m. */
  probabilities(X: Tensor): Tensor {
    const bk = this.backend;
    return bk.activation("sigmoid", bk.binary("add", bk.matmul(this.W, X), this.b));
  }

  /** The class whose classifier gives the highest probability, `[1, m]`. */
  predict(X: Tensor): Tensor {
    return this.backend.tidy(() => this.backend.argmax(this.probabilities(X), 0));
  }

  parameters(): Tensor[] {
    return [this.W, this.b];
  }

  /** Σ_k J_k, J_k = −(1/m)·Σ [y_k·log a_k + (1 − y_k)·log(1 − a_k)], against one-hot Y. */
  cost(X: Tensor, Y: Tensor): Tensor {
    return this.backend.loss("bce", this.probabilities(X), Y);
  }

  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const bk = this.backend;
    const m = X.shape[1];
    const A = this.probabilities(X);
    const dZ = bk.binary("sub", A, Y);
    return {
      grads: [bk.unary("affine", bk.matmul(dZ, X, { transB: true }), 1 / m, 0), bk.mean(dZ, 1)],
      cost: withCost ? bk.loss("bce", A, Y) : null,
    };
  }

  dispose(): void {
    this.W.dispose();
    this.b.dispose();
  }
}
