/**
 * R independent two-layer networks ([n_x, h, n_y] each, same data X) trained side by side as
 * one block-diagonal network [n_x, R·h, R·n_y]: W1 and b1 stack the restarts' rows, W2 is
 * block-diagonal and its gradient is masked to its blocks, so no restart ever sees another's
 * hidden units. With an elementwise output and a cost summed over output rows (bce, squared),
 * the cost is the sum of the restarts' costs and each restart's gradient is exactly its own.
 * One set of dispatches per step serves all R restarts (what makes many restarts affordable on
 * webgpu).
 *
 * The passes are nn/network.ts's two-layer forward and backward written out, with one change:
 * db = (1/m)·dZ·1 as a matmul with a column of ones instead of `mean(dZ, 1)`, because the
 * webgpu axis-1 reduction costs one 256-lane workgroup per row (~150 µs a row on llvmpipe:
 * 25 ms for the 160 rows of 20 restarts × 8 units, every step).
 *
 * @module
 */
import type { Activation, Backend, Tensor } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import type { Gradients, Trainable } from "../../nn/train.ts";

export interface SideBySideSpec {
  /** One restart's [n_x, h, n_y]. */
  layerDims: readonly [number, number, number];
  hidden: Activation;
  /** Sigmoid output with binary cross-entropy (default), or any output with the squared error. */
  output?: Activation;
  cost?: "bce" | "squared";
  /** m, the examples every training step sees (the ones column is made once, for it). */
  examples: number;
}

export class SideBySide implements Trainable {
  readonly restarts: number;
  readonly dims: readonly [number, number, number];
  readonly hidden: Activation;
  readonly output: Activation;
  readonly costKind: "bce" | "squared";
  /** W1 [R·h, n_x], b1 [R·h, 1], W2 [R·n_y, R·h] (block-diagonal), b2 [R·n_y, 1]. */
  readonly params: Tensor[];
  #mask: Tensor;
  #ones: Tensor;

  /** `values[r]` holds restart r's two layers (from `initializeParameters(rng, dims, …)`). */
  constructor(
    readonly backend: Backend,
    spec: SideBySideSpec,
    values: readonly (readonly LayerValues[])[],
  ) {
    const [nx, h, ny] = spec.layerDims;
    this.dims = [nx, h, ny];
    this.hidden = spec.hidden;
    this.output = spec.output ?? "sigmoid";
    this.costKind = spec.cost ?? (this.output === "sigmoid" ? "bce" : "squared");
    if (this.costKind === "bce" && this.output !== "sigmoid") {
      throw new RangeError("side by side: bce needs a sigmoid output");
    }
    const R = values.length;
    this.restarts = R;
    const W1 = new Float64Array(R * h * nx), b1 = new Float64Array(R * h);
    const W2 = new Float64Array(R * ny * R * h), b2 = new Float64Array(R * ny);
    const mask = new Float64Array(R * ny * R * h);
    values.forEach(([l1, l2], r) => {
      if (l1.rows !== h || l1.cols !== nx || l2.rows !== ny || l2.cols !== h) {
        throw new RangeError(`side by side: restart ${r} is not [${nx}, ${h}, ${ny}]`);
      }
      W1.set(l1.W, r * h * nx);
      b1.set(l1.b, r * h);
      b2.set(l2.b, r * ny);
      for (let i = 0; i < ny; i++) {
        for (let j = 0; j < h; j++) {
          const k = (r * ny + i) * R * h + r * h + j;
          W2[k] = l2.W[i * h + j];
          mask[k] = 1;
        }
      }
    });
    this.params = [
      backend.fromArray(W1, [R * h, nx]),
      backend.fromArray(b1, [R * h, 1]),
      backend.fromArray(W2, [R * ny, R * h]),
      backend.fromArray(b2, [R * ny, 1]),
    ];
    this.#mask = backend.fromArray(mask, [R * ny, R * h]);
    this.#ones = backend.full([spec.examples, 1], 1);
  }

  /** Y (n_y × m) repeated for every restart: the targets of the stacked outputs. */
  tile(Y: ArrayLike<number>, m: number): Tensor {
    const one = Float64Array.from(Y);
    const out = new Float64Array(this.restarts * one.length);
    for (let r = 0; r < this.restarts; r++) out.set(one, r * one.length);
    return this.backend.fromArray(out, [this.restarts * this.dims[2], m]);
  }

  #forward(X: Tensor) {
    const b = this.backend;
    const [W1, b1, W2, b2] = this.params;
    const Z1 = b.binary("add", b.matmul(W1, X), b1);
    const A1 = b.activation(this.hidden, Z1);
    const Z2 = b.binary("add", b.matmul(W2, A1), b2);
    const A2 = b.activation(this.output, Z2);
    return { Z1, A1, Z2, A2 };
  }

  #cost(A2: Tensor, Y: Tensor): Tensor {
    const b = this.backend;
    return this.costKind === "bce"
      ? b.loss("bce", A2, Y)
      : b.unary("affine", b.loss("sse", A2, Y), 1 / Y.shape[1], 0); // ½·Σ(ŷ − y)² / m
  }

  parameters(): Tensor[] {
    return this.params;
  }

  /** The sum of the restarts' costs. */
  cost(X: Tensor, Y: Tensor): Tensor {
    return this.#cost(this.#forward(X).A2, Y);
  }

  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const b = this.backend;
    const m = X.shape[1];
    if (m !== this.#ones.shape[0]) {
      throw new RangeError(`side by side: ${m} examples, built for ${this.#ones.shape[0]}`);
    }
    const ones = this.#ones;
    const { Z1, A1, Z2, A2 } = this.#forward(X);
    const W2 = this.params[2];
    // dZ2 = A2 − Y (sigmoid + bce), or (A2 − Y) ⊙ g′(Z2) for the squared error.
    let dZ2 = b.binary("sub", A2, Y);
    if (this.costKind === "squared") {
      dZ2 = b.binary("mul", dZ2, b.activationGrad(this.output, Z2));
    }
    const dW2 = b.binary(
      "mul",
      b.unary("affine", b.matmul(dZ2, A1, { transB: true }), 1 / m, 0),
      this.#mask, // keep W2 block-diagonal
    );
    const db2 = b.unary("affine", b.matmul(dZ2, ones), 1 / m, 0);
    const dZ1 = b.binary(
      "mul",
      b.matmul(W2, dZ2, { transA: true }),
      b.activationGrad(this.hidden, Z1),
    );
    const dW1 = b.unary("affine", b.matmul(dZ1, X, { transB: true }), 1 / m, 0);
    const db1 = b.unary("affine", b.matmul(dZ1, ones), 1 / m, 0);
    return { grads: [dW1, db1, dW2, db2], cost: withCost ? this.#cost(A2, Y) : null };
  }

  /** Every restart's output on X: row block r (n_y rows) is restart r. */
  outputs(X: Tensor): Tensor {
    return this.backend.tidy(() => this.#forward(X).A2);
  }

  /** Each restart's parameters read back as an ordinary two-layer network's values. */
  async restartValues(): Promise<LayerValues[][]> {
    const [W1, b1, W2, b2] = await this.backend.readMany(this.params);
    const [nx, h, ny] = this.dims, R = this.restarts;
    return Array.from({ length: R }, (_, r) => {
      const w2 = new Float64Array(ny * h);
      for (let i = 0; i < ny; i++) {
        for (let j = 0; j < h; j++) w2[i * h + j] = W2[(r * ny + i) * R * h + r * h + j];
      }
      return [
        {
          W: W1.slice(r * h * nx, (r + 1) * h * nx),
          b: b1.slice(r * h, (r + 1) * h),
          rows: h,
          cols: nx,
        },
        { W: w2, b: b2.slice(r * ny, (r + 1) * ny), rows: ny, cols: h },
      ];
    });
  }

  dispose(): void {
    for (const t of [...this.params, this.#mask, this.#ones]) t.dispose();
  }
}
