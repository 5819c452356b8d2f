/**
 * R independent two-layer networks ([n_x, h, n_y] each, same data) trained side by side as one
 * block-diagonal `Network` [n_x, R·h, R·n_y]: W1 and b1 stack the restarts' rows, W2 is
 * block-diagonal, and W2's gradient is masked to its blocks, so no restart ever sees another's
 * hidden units. With an elementwise output the cost is the sum of the restarts' costs, so each
 * restart's gradient is exactly its own. One set of dispatches per step serves all R restarts
 * (what makes many restarts affordable on webgpu).
 *
 * @module
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import { Network, type NetworkSpec, readParameters } from "../../nn/network.ts";
import type { Gradients, Trainable } from "../../nn/train.ts";

export class SideBySide implements Trainable {
  readonly net: Network;
  readonly restarts: number;
  readonly dims: readonly [number, number, number];
  #mask: Tensor;

  /** `values[r]` holds restart r's two layers (from `initializeParameters(rng, dims, …)`). */
  constructor(
    readonly backend: Backend,
    spec: Omit<NetworkSpec, "layerDims" | "keepProb"> & { layerDims: readonly number[] },
    values: readonly (readonly LayerValues[])[],
  ) {
    if (spec.layerDims.length !== 3) throw new RangeError("side by side: two layers only");
    if (spec.output === "softmax") throw new RangeError("side by side: elementwise outputs only");
    const [nx, h, ny] = spec.layerDims;
    const R = values.length;
    this.restarts = R;
    this.dims = [nx, h, ny];
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
    this.net = Network.fromValues(backend, { ...spec, layerDims: [nx, R * h, R * ny] }, [
      { W: W1, b: b1, rows: R * h, cols: nx },
      { W: W2, b: b2, rows: R * ny, cols: R * h },
    ]);
    this.#mask = backend.fromArray(mask, [R * ny, R * h]);
  }

  /** Y (n_y × m) repeated for every restart: the targets of the stacked outputs. */
  tile(Y: ArrayLike<number>, m: number): Tensor {
    const one = Float64Array.from(Y);
    const out = new Float64Array(this.restarts * one.length);
    for (let r = 0; r < this.restarts; r++) out.set(one, r * one.length);
    return this.backend.fromArray(out, [this.restarts * this.dims[2], m]);
  }

  parameters(): Tensor[] {
    return this.net.parameters();
  }

  /** The sum of the restarts' costs. */
  cost(X: Tensor, Y: Tensor): Tensor {
    return this.net.cost(X, Y);
  }

  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const g = this.net.gradients(X, Y, withCost);
    const grads = [...g.grads];
    grads[2] = this.backend.binary("mul", grads[2], this.#mask); // keep W2 block-diagonal
    return { grads, cost: g.cost };
  }

  /** Every restart's output on X: row block r (n_y rows) is restart r. */
  output(X: Tensor): Tensor {
    return this.backend.tidy(() => this.net.forward(X).AL);
  }

  /** Restart r's parameters read back as an ordinary two-layer network's values. */
  async restartValues(): Promise<LayerValues[][]> {
    const [l1, l2] = await readParameters(this.backend, this.net.params);
    const [nx, h, ny] = this.dims, R = this.restarts;
    return Array.from({ length: R }, (_, r) => {
      const W2 = new Float64Array(ny * h);
      for (let i = 0; i < ny; i++) {
        for (let j = 0; j < h; j++) W2[i * h + j] = l2.W[(r * ny + i) * R * h + r * h + j];
      }
      return [
        {
          W: l1.W.slice(r * h * nx, (r + 1) * h * nx),
          b: l1.b.slice(r * h, (r + 1) * h),
          rows: h,
          cols: nx,
        },
        { W: W2, b: l2.b.slice(r * ny, (r + 1) * ny), rows: ny, cols: h },
      ];
    });
  }

  dispose(): void {
    this.net.dispose();
    this.#mask.dispose();
  }
}
