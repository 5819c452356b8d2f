/**
 * Logistic regression, vectorised, as lectures 000/001/003 ("Vectorization of the Logistic
 * Regression") and the course's week-2 assignment "Logistic Regression with a Neural Network
 * mindset":
 *
 * - `initializeWithZeros(dim)`: w = np.zeros((dim, 1)), b = 0
 * - `propagate(w, b, X, Y)`: A = σ(wᵀX + b), J = −(1/m)·Σ [Y·log A + (1 − Y)·log(1 − A)],
 *   dw = (1/m)·X·(A − Y)ᵀ, db = (1/m)·Σ (A − Y)
 * - `optimize(w, b, X, Y, num_iterations, learning_rate)`: w = w − α·dw, b = b − α·db, the cost
 *   recorded every 100 iterations
 * - `predict(w, b, X)`: 1 where A > 0.5, else 0
 * - `model(...)`: the above with train/test accuracy 100 − mean(|Ŷ − Y|)·100
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { GradientDescent } from "./optimizers.ts";
import { type CostEntry, type Gradients, train, type Trainable } from "./train.ts";

export interface Propagation {
  dw: Tensor;
  db: Tensor;
  /** J, when asked for. */
  cost: Tensor | null;
}

/** Logistic regression's w (dim × 1) and b (1 × 1) on the device; updated in place. */
export class LogisticRegression implements Trainable {
  constructor(readonly backend: Backend, readonly w: Tensor, readonly b: Tensor) {
    if (w.shape[1] !== 1 || b.shape[0] !== 1 || b.shape[1] !== 1) {
      throw new RangeError(`logistic regression: w [${w.shape}] must be [dim, 1], b [1, 1]`);
    }
  }

  /** `initialize_with_zeros(dim)`. */
  static initializeWithZeros(backend: Backend, dim: number): LogisticRegression {
    return new LogisticRegression(backend, backend.full([dim, 1], 0), backend.full([1, 1], 0));
  }

  /** A = σ(wᵀX + b), `[1, m]`. */
  activations(X: Tensor): Tensor {
    const bk = this.backend;
    return bk.activation(
      "sigmoid",
      bk.binary("add", bk.matmul(this.w, X, { transA: true }), this.b),
    );
  }

  /** `propagate`: the gradients, and the cost when `withCost`. */
  propagate(X: Tensor, Y: Tensor, withCost = true): Propagation {
    const bk = this.backend;
    const m = X.shape[1];
    const A = this.activations(X);
    const dZ = bk.binary("sub", A, Y);
    return {
      dw: bk.matmul(X, dZ, { transB: true, scale: 1 / m }),
      db: bk.mean(dZ),
      cost: withCost ? bk.loss("bce", A, Y) : null,
    };
  }

  /** `predict`: 1 where σ(wᵀX + b) > 0.5, else 0, `[1, m]`. */
  predict(X: Tensor): Tensor {
    const bk = this.backend;
    return bk.tidy(() => bk.binary("gt", this.activations(X), bk.full([1, 1], 0.5)));
  }

  parameters(): Tensor[] {
    return [this.w, this.b];
  }

  cost(X: Tensor, Y: Tensor): Tensor {
    return this.backend.loss("bce", this.activations(X), Y);
  }

  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const p = this.propagate(X, Y, withCost);
    return { grads: [p.dw, p.db], cost: p.cost };
  }

  dispose(): void {
    this.w.dispose();
    this.b.dispose();
  }
}

export interface OptimizeResult {
  /** The cost at iterations 0, 100, 200, … (the course's `costs`). */
  costs: CostEntry[];
}

/**
 * `optimize`: `numIterations` steps of batch gradient descent in place on `model`, the cost
 * recorded every `logEvery` (100) iterations, read back in one batch at the end.
 */
export async function optimize(
  model: LogisticRegression,
  X: Tensor,
  Y: Tensor,
  numIterations: number,
  learningRate: number,
  logEvery = 100,
): Promise<OptimizeResult> {
  const opt = new GradientDescent(model.backend, model.parameters(), learningRate);
  const r = await train(model.backend, model, X, Y, {
    optimizer: opt,
    epochs: numIterations,
    logEvery,
    logLast: false,
    readEvery: Infinity,
  });
  return { costs: r.costs };
}

export interface LogisticModelResult {
  costs: CostEntry[];
  /** 100 − mean(|Ŷ − Y|)·100, as the course prints it. */
  trainAccuracy: number;
  testAccuracy: number;
  w: Float64Array;
  b: number;
}

/** The course's `model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)`. */
export async function logisticModel(
  backend: Backend,
  XTrain: Tensor,
  YTrain: Tensor,
  XTest: Tensor,
  YTest: Tensor,
  numIterations = 2000,
  learningRate = 0.5,
): Promise<LogisticModelResult> {
  const model = LogisticRegression.initializeWithZeros(backend, XTrain.shape[0]);
  try {
    const { costs } = await optimize(model, XTrain, YTrain, numIterations, learningRate);
    const [trainAcc, testAcc] = backend.tidy(() => [
      backend.accuracy(model.predict(XTrain), YTrain),
      backend.accuracy(model.predict(XTest), YTest),
    ]);
    const [tr, te, w, b] = await backend.readMany([trainAcc, testAcc, model.w, model.b]);
    trainAcc.dispose();
    testAcc.dispose();
    return { costs, trainAccuracy: 100 * tr[0], testAccuracy: 100 * te[0], w, b: b[0] };
  } finally {
    model.dispose();
  }
}
