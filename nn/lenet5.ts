/**
 * LeNet-5 as lecture 004's "Summary of LeNet-5 Architecture" table:
 *
 * | layer  | type            | maps | size  | kernel | stride | activation |
 * | ------ | --------------- | ---- | ----- | ------ | ------ | ---------- |
 * | input  | image           | 1    | 32×32 |        |        |            |
 * | C1     | convolution     | 6    | 28×28 | 5×5    | 1      | tanh       |
 * | S2     | average pooling | 6    | 14×14 | 2×2    | 2      | tanh       |
 * | C3     | convolution     | 16   | 10×10 | 5×5    | 1      | tanh       |
 * | S4     | average pooling | 16   | 5×5   | 2×2    | 2      | tanh       |
 * | C5     | convolution     | 120  | 1×1   | 5×5    | 1      | tanh       |
 * | F6     | fully connected |      | 84    |        |        | tanh       |
 * | output | fully connected |      | 10    |        |        | softmax    |
 *
 * 61,706 trainable parameters: C1 156, C3 2,416, C5 48,120 ("(400 × 120) + 120"), F6 10,164
 * ("(120 × 84) + 84"), output 850. C3 connects every S2 map to every C3 map (full connectivity,
 * as the lecture's count 2,416 = 16·(6·25 + 1) implies), not LeCun's 1998 sparse table (1,516).
 * The pooling layers have no trainable coefficients; the table's tanh after them is applied
 * (`poolActivation: "tanh"`, the default) or left out (`"linear"`, as many Keras versions do).
 *
 * Images are columns of 32·32 = 1,024 pixels (row-major), so X is 1024 × m; labels are one-hot
 * columns Y (10 × m). Training goes through `train()` with any optimiser (mini-batch SGD, Adam).
 *
 * @module
 */
import type {
  Activation,
  Backend,
  ConvGeometry,
  PoolGeometry,
  Tensor,
} from "../kernels/backend.ts";
import type { RandomState } from "../numpy/rng.ts";
import { type InitName, type InitOptions, initWeights } from "./init.ts";
import type { Gradients, Trainable } from "./loop.ts";

const C1: ConvGeometry = {
  channels: 1,
  height: 32,
  width: 32,
  filters: 6,
  kernel: 5,
  stride: 1,
  pad: 0,
};
const S2: PoolGeometry = { channels: 6, height: 28, width: 28, size: 2, stride: 2, kind: "avg" };
const C3: ConvGeometry = {
  channels: 6,
  height: 14,
  width: 14,
  filters: 16,
  kernel: 5,
  stride: 1,
  pad: 0,
};
const S4: PoolGeometry = { channels: 16, height: 10, width: 10, size: 2, stride: 2, kind: "avg" };
const C5: ConvGeometry = {
  channels: 16,
  height: 5,
  width: 5,
  filters: 120,
  kernel: 5,
  stride: 1,
  pad: 0,
};
const F6_UNITS = 84;
const CLASSES = 10;

/** One row of the architecture table, with its parameter count. */
export interface LeNetLayer {
  name: "input" | "C1" | "S2" | "C3" | "S4" | "C5" | "F6" | "output";
  type: "image" | "convolution" | "average pooling" | "fully connected";
  /** Feature maps (units for the fully connected layers). */
  maps: number;
  /** Output size: "28x28", or the unit count of a fully connected layer. */
  size: string;
  kernel: string | null;
  stride: number | null;
  activation: Activation | "softmax" | null;
  weights: number;
  biases: number;
  parameters: number;
}

function conv(name: "C1" | "C3" | "C5", g: ConvGeometry): LeNetLayer {
  const out = (g.height - g.kernel) / g.stride + 1;
  const weights = g.filters * g.channels * g.kernel * g.kernel;
  return {
    name,
    type: "convolution",
    maps: g.filters,
    size: `${out}x${out}`,
    kernel: `${g.kernel}x${g.kernel}`,
    stride: g.stride,
    activation: "tanh",
    weights,
    biases: g.filters,
    parameters: weights + g.filters,
  };
}

function pool(name: "S2" | "S4", g: PoolGeometry): LeNetLayer {
  const out = (g.height - g.size) / g.stride + 1;
  return {
    name,
    type: "average pooling",
    maps: g.channels,
    size: `${out}x${out}`,
    kernel: `${g.size}x${g.size}`,
    stride: g.stride,
    activation: "tanh",
    weights: 0,
    biases: 0,
    parameters: 0,
  };
}

function dense(
  name: "F6" | "output",
  inputs: number,
  units: number,
  act: "tanh" | "softmax",
): LeNetLayer {
  return {
    name,
    type: "fully connected",
    maps: units,
    size: String(units),
    kernel: null,
    stride: null,
    activation: act,
    weights: inputs * units,
    biases: units,
    parameters: inputs * units + units,
  };
}

/** Lecture 004's table with each layer's trainable parameters, computed from the geometry. */
export const LENET5_TABLE: readonly LeNetLayer[] = [
  {
    name: "input",
    type: "image",
    maps: 1,
    size: "32x32",
    kernel: null,
    stride: null,
    activation: null,
    weights: 0,
    biases: 0,
    parameters: 0,
  },
  conv("C1", C1),
  pool("S2", S2),
  conv("C3", C3),
  pool("S4", S4),
  conv("C5", C5),
  dense("F6", C5.filters, F6_UNITS, "tanh"),
  dense("output", F6_UNITS, CLASSES, "softmax"),
];

/** Σ of the table's parameters: 61,706. */
export const LENET5_PARAMETERS: number = LENET5_TABLE.reduce((s, l) => s + l.parameters, 0);

export interface LeNet5Options {
  /**
   * Weight initialiser, fan-in C·k·k for a convolution; `xavier` (variance 1/fan-in, LeCun's
   * choice for tanh) by default.
   */
  init?: InitName;
  initOptions?: InitOptions;
  /** Activation after each average pooling: the table's tanh (default) or none. */
  poolActivation?: "tanh" | "linear";
}

/** What the forward pass keeps: pre-activations Z, pooled P and activations A per stage. */
export interface LeNetCache {
  X: Tensor;
  Z1: Tensor;
  A1: Tensor;
  P2: Tensor;
  A2: Tensor;
  Z3: Tensor;
  A3: Tensor;
  P4: Tensor;
  A4: Tensor;
  Z5: Tensor;
  A5: Tensor;
  Z6: Tensor;
  A6: Tensor;
  Z7: Tensor;
  A7: Tensor;
}

const LAYERS = ["C1", "C3", "C5", "F6", "output"] as const;

/** LeNet-5 over device parameters W[i], b[i] for C1, C3, C5, F6, output. */
export class LeNet5 implements Trainable {
  readonly poolActivation: "tanh" | "linear";

  constructor(
    readonly backend: Backend,
    readonly W: Tensor[],
    readonly b: Tensor[],
    opts: LeNet5Options = {},
  ) {
    this.poolActivation = opts.poolActivation ?? "tanh";
    const want = LENET5_TABLE.filter((l) => l.parameters > 0);
    want.forEach((l, i) => {
      if (W[i]?.size !== l.weights || b[i]?.size !== l.biases) {
        throw new RangeError(
          `LeNet-5: ${l.name} needs ${l.weights} weights and ${l.biases} biases`,
        );
      }
    });
  }

  /** Draws the weights layer by layer (W then a zero b) from `rng`, as `nn/init.ts` does. */
  static create(backend: Backend, rng: RandomState, opts: LeNet5Options = {}): LeNet5 {
    const init = opts.init ?? "xavier";
    const shapes: [number, number, number, number][] = [ // rows, cols, fan-in, fan-out
      [C1.filters, 25, 25, C1.filters * 25],
      [C3.filters, C3.channels * 25, C3.channels * 25, C3.filters * 25],
      [C5.filters, C5.channels * 25, C5.channels * 25, C5.filters * 25],
      [F6_UNITS, C5.filters, C5.filters, F6_UNITS],
      [CLASSES, F6_UNITS, F6_UNITS, CLASSES],
    ];
    const W: Tensor[] = [], b: Tensor[] = [];
    for (const [rows, cols, fanIn, fanOut] of shapes) {
      W.push(
        backend.fromArray(initWeights(rng, rows, cols, init, opts.initOptions, fanIn, fanOut), [
          rows,
          cols,
        ]),
      );
      b.push(backend.full([rows, 1], 0));
    }
    return new LeNet5(backend, W, b, opts);
  }

  /** Trainable parameters per layer, counted from the tensors. */
  parameterCounts(): Record<(typeof LAYERS)[number], number> {
    const out = {} as Record<(typeof LAYERS)[number], number>;
    LAYERS.forEach((n, i) => out[n] = this.W[i].size + this.b[i].size);
    return out;
  }

  #poolAct(P: Tensor): Tensor {
    return this.poolActivation === "tanh" ? this.backend.activation("tanh", P) : P;
  }

  /** The forward pass; X is 1024 × m, the result A7 is 10 × m (softmax columns). */
  forward(X: Tensor): LeNetCache {
    const bk = this.backend;
    const [W, b] = [this.W, this.b];
    const Z1 = bk.conv2d(X, W[0], b[0], C1);
    const A1 = bk.activation("tanh", Z1);
    const P2 = bk.pool2d(A1, S2);
    const A2 = this.#poolAct(P2);
    const Z3 = bk.conv2d(A2, W[1], b[1], C3);
    const A3 = bk.activation("tanh", Z3);
    const P4 = bk.pool2d(A3, S4);
    const A4 = this.#poolAct(P4);
    const Z5 = bk.conv2d(A4, W[2], b[2], C5); // 120·1·1 rows: C5's maps are 1×1
    const A5 = bk.activation("tanh", Z5);
    const Z6 = bk.binary("add", bk.matmul(W[3], A5), b[3]);
    const A6 = bk.activation("tanh", Z6);
    const Z7 = bk.binary("add", bk.matmul(W[4], A6), b[4]);
    const A7 = bk.softmax(Z7, 0);
    return { X, Z1, A1, P2, A2, Z3, A3, P4, A4, Z5, A5, Z6, A6, Z7, A7 };
  }

  /** dP = dA ⊙ g′(P) through the pooling layer's activation. */
  #poolActBack(dA: Tensor, P: Tensor): Tensor {
    const bk = this.backend;
    return this.poolActivation === "tanh" ? bk.binary("mul", dA, bk.activationGrad("tanh", P)) : dA;
  }

  /**
   * Backpropagation: dZ7 = A7 − Y; the dense layers as in `nn/network.ts`; then through the
   * convolutions and poolings with `conv2dBackward` / `pool2dBackward`. Gradients in
   * `parameters()` order, each averaged over the m examples.
   */
  backward(c: LeNetCache, Y: Tensor): Tensor[] {
    const bk = this.backend;
    const m = Y.shape[1];
    const W = this.W;
    const scale = (t: Tensor) => bk.unary("affine", t, 1 / m, 0);
    const tanhBack = (dA: Tensor, Z: Tensor) => bk.binary("mul", dA, bk.activationGrad("tanh", Z));

    const dZ7 = bk.binary("sub", c.A7, Y);
    const dW7 = scale(bk.matmul(dZ7, c.A6, { transB: true }));
    const db7 = bk.mean(dZ7, 1);
    const dZ6 = tanhBack(bk.matmul(W[4], dZ7, { transA: true }), c.Z6);
    const dW6 = scale(bk.matmul(dZ6, c.A5, { transB: true }));
    const db6 = bk.mean(dZ6, 1);
    const dZ5 = tanhBack(bk.matmul(W[3], dZ6, { transA: true }), c.Z5);
    const g5 = bk.conv2dBackward(dZ5, c.A4, W[2], C5);
    const dZ3 = tanhBack(bk.pool2dBackward(this.#poolActBack(g5.dx, c.P4), c.A3, S4), c.Z3);
    const g3 = bk.conv2dBackward(dZ3, c.A2, W[1], C3);
    const dZ1 = tanhBack(bk.pool2dBackward(this.#poolActBack(g3.dx, c.P2), c.A1, S2), c.Z1);
    // The input needs no gradient: skip C1's dx, the costliest kernel of the backward pass.
    const g1 = bk.conv2dBackward(dZ1, c.X, W[0], C1, false);
    return [
      scale(g1.dw),
      scale(g1.db),
      scale(g3.dw),
      scale(g3.db),
      scale(g5.dw),
      scale(g5.db),
      dW6,
      db6,
      dW7,
      db7,
    ];
  }

  /** The most probable digit of each column, `[1, m]`. */
  predict(X: Tensor): Tensor {
    return this.backend.tidy(() => this.backend.argmax(this.forward(X).A7, 0));
  }

  /** W_C1, b_C1, W_C3, b_C3, W_C5, b_C5, W_F6, b_F6, W_out, b_out. */
  parameters(): Tensor[] {
    return this.W.flatMap((w, i) => [w, this.b[i]]);
  }

  /** J = −(1/m)·Σ y·log ŷ. */
  cost(X: Tensor, Y: Tensor): Tensor {
    return this.backend.loss("cce", this.forward(X).A7, Y);
  }

  gradients(X: Tensor, Y: Tensor, withCost: boolean): Gradients {
    const c = this.forward(X);
    return {
      grads: this.backward(c, Y),
      cost: withCost ? this.backend.loss("cce", c.A7, Y) : null,
    };
  }

  dispose(): void {
    for (const t of [...this.W, ...this.b]) t.dispose();
  }
}
