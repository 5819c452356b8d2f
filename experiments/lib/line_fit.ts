/**
 * Lecture 004's line model a = w·x + b and its quadratic cost C(w, b) = 1/(2n)·Σ (t − a)² on the
 * device (the backend's MSE halved, so ∂C/∂a = ½·∂MSE/∂a), and batch gradient descent on it:
 * the steps a reader of the slide would write by hand, kept out of the experiment's run.
 */
import type { Line1d } from "../../data/toy.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";

export class LineFit {
  readonly x: Tensor;
  readonly t: Tensor;
  /** The parameters, [1, 1] each, updated in place by `descend`. */
  readonly w: Tensor;
  readonly b: Tensor;

  /** Inputs X and targets Y (1 × m each) and the initial w and b. */
  constructor(readonly be: Backend, data: Line1d, w: number, b: number) {
    this.x = be.fromArray(data.X, [1, data.m]);
    this.t = be.fromArray(data.Y, [1, data.m]);
    this.w = be.fromArray([w], [1, 1]);
    this.b = be.fromArray([b], [1, 1]);
  }

  /** a = w·x + b, with the model's w or another weight. */
  outputs(w: Tensor | number = this.w): Tensor {
    const wt = typeof w === "number" ? this.be.fromArray([w], [1, 1]) : w;
    return this.be.binary("add", this.be.matmul(wt, this.x), this.b);
  }

  /** C of the outputs `a`. */
  cost(a: Tensor): Tensor {
    return this.be.unary("affine", this.be.loss("mse", a, this.t), 0.5, 0);
  }

  /** ∂C/∂a. */
  dCda(a: Tensor): Tensor {
    return this.be.unary("affine", this.be.lossGrad("mse", a, this.t), 0.5, 0);
  }

  /** ∂C/∂w = (1/n)·Σ (a − t)·x at the outputs `a`. */
  dCdw(a: Tensor): Tensor {
    return this.be.matmul(this.dCda(a), this.x, { transB: true });
  }

  /**
   * `iterations` gradient steps at rate `lr`; C is measured before each step and after the last,
   * and kept at every `every`-th iteration and the last.
   */
  async descend(
    lr: number,
    iterations: number,
    every: number,
  ): Promise<{ iteration: number; cost: number }[]> {
    const be = this.be;
    const logged: { iteration: number; cost: Tensor }[] = [];
    for (let i = 0; i <= iterations; i++) {
      const cost = be.tidy(() => {
        const a = this.outputs();
        const cost = this.cost(a);
        if (i < iterations) {
          const dA = this.dCda(a);
          be.update(this.w, be.matmul(dA, this.x, { transB: true }), lr);
          be.update(this.b, be.sum(dA), lr);
        }
        return cost;
      });
      if (i % every === 0 || i === iterations) logged.push({ iteration: i, cost });
      else cost.dispose();
    }
    const costs = await be.readMany(logged.map((l) => l.cost));
    for (const l of logged) l.cost.dispose();
    return logged.map((l, k) => ({ iteration: l.iteration, cost: costs[k][0] }));
  }

  dispose(): void {
    for (const t of [this.x, this.t, this.w, this.b]) t.dispose();
  }
}
