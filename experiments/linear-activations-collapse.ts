/**
 * Lecture 003: with linear activations a 2-layer network is one linear model, W = W[2]·W[1],
 * b = W[2]·b[1] + b[2] ("The output is always a linear function of the input!"), so it cannot
 * fit XOR; a tanh hidden layer can.
 */
import { logicGate } from "../data/toy.ts";
import { round } from "../harness/claims.ts";
import { type Context, type DecisionBoundary, defineExperiment } from "../harness/experiment.ts";
import type { Backend, Tensor } from "../kernels/backend.ts";
import { decisionBoundary } from "../nn/boundary.ts";
import { initializeParameters, type LayerValues } from "../nn/init.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { Network, readParameters } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train, type Trainable } from "../nn/train.ts";

const SOURCE = "003_40b222a9bdbd03ec.txt, 2-layer fully connected network with linear " +
  'activations ("The output is always a linear function of the input!")';
const L004 = "004_62dbc0ba7525818d.txt, XOR problem";

type FitResult = { cost: number; accuracy: number };

type CollapseOutput = {
  /** max |network − collapsed model| / the largest sum's magnitude, on random inputs. */
  randomRelDiff: number;
  /** The same for the linear-hidden network trained on XOR, on its four points (logits). */
  trainedRelDiff: number;
  /** W = W[2]·W[1] and b = W[2]·b[1] + b[2] of the trained linear-hidden network. */
  trainedCollapsed: { W: number[]; b: number };
  linear: FitResult;
  tanh: FitResult;
  logistic: FitResult;
  boundaryLinear: DecisionBoundary;
  boundaryTanh: DecisionBoundary;
};

/** W = W2·W1 (n_y × n_x) and b = W2·b1 + b2, in float64 on the host. */
function collapse([l1, l2]: readonly LayerValues[]): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(l2.rows * l1.cols), b = Float64Array.from(l2.b);
  for (let i = 0; i < l2.rows; i++) {
    for (let k = 0; k < l2.cols; k++) {
      const w2 = l2.W[i * l2.cols + k];
      b[i] += w2 * l1.b[k];
      for (let j = 0; j < l1.cols; j++) W[i * l1.cols + j] += w2 * l1.W[k * l1.cols + j];
    }
  }
  return { W, b };
}

/**
 * max |network − W·x − b| over the largest magnitude the network sums, Σ|W[2]|(|W[1]||x| +
 * |b[1]|) + |b[2]|: rounding errors scale with that, not with the (possibly tiny) output.
 */
function relDiff(net: ArrayLike<number>, layers: readonly LayerValues[], X: Float64Array): number {
  const [l1, l2] = layers;
  const c = collapse(layers);
  const m = net.length, nx = l1.cols;
  let d = 0, s = 0;
  for (let i = 0; i < m; i++) {
    let z = c.b[0], bound = Math.abs(l2.b[0]);
    for (let j = 0; j < nx; j++) z += c.W[j] * X[j * m + i];
    for (let k = 0; k < l1.rows; k++) {
      let a = Math.abs(l1.b[k]);
      for (let j = 0; j < nx; j++) a += Math.abs(l1.W[k * nx + j] * X[j * m + i]);
      bound += Math.abs(l2.W[k]) * a;
    }
    d = Math.max(d, Math.abs(net[i] - z));
    s = Math.max(s, bound);
  }
  return d / s;
}

async function fit(
  b: Backend,
  model: Trainable & { predict(X: Tensor): Tensor },
  X: Tensor,
  Y: Tensor,
  opts: {
    lr: number;
    epochs: number;
    label: string;
    log: (row: Record<string, number | string>) => void;
  },
): Promise<FitResult> {
  const opt = new GradientDescent(b, model.parameters(), opts.lr);
  await train(b, model, X, Y, {
    optimizer: opt,
    epochs: opts.epochs,
    logEvery: 50,
    onLog: ({ epoch, cost }) => opts.log({ model: opts.label, epoch, cost }),
  });
  const [cost, acc] = await b.readMany(
    b.tidy(() => [model.cost(X, Y), b.accuracy(model.predict(X), Y)]),
  );
  return { cost: cost[0], accuracy: acc[0] };
}

export default defineExperiment<CollapseOutput>({
  id: "linear-activations-collapse",
  title: "Linear activations collapse a 2-layer network to one linear model",
  source: SOURCE,
  description:
    "(1) A 2-layer network [inputs, hidden, 1] with linear activations and weights and biases " +
    "drawn from randn is evaluated by the backend on `samples` randn inputs and compared with " +
    "the single linear model W = W[2]·W[1], b = W[2]·b[1] + b[2] computed in float64 on the " +
    "host (max |difference| over the largest Σ|W[2]|(|W[1]||x| + |b[1]|) + |b[2]|, the scale " +
    "rounding errors follow). (2) On XOR, three models from the same " +
    "start are trained by batch gradient descent on the cross-entropy (lr 1.5, 1500 " +
    "iterations): [2, hidden, 1] with a linear hidden layer and a sigmoid output, the same with " +
    "tanh hidden units (both from one xavier draw), and logistic regression from the course's " +
    "zero initialisation (the best linear model: its cost is minimal, ln 2, at w = 0, b = 0, " +
    "where its gradient vanishes). The trained linear-hidden network is collapsed too.",
  params: {
    hidden: { type: "integer", default: 4, min: 1, max: 256, doc: "hidden units" },
    inputs: {
      type: "integer",
      default: 3,
      min: 1,
      max: 1000,
      doc: "n_x of the random collapse check",
    },
    samples: { type: "integer", default: 1000, min: 1, max: 100000, doc: "random inputs checked" },
    lr: { type: "number", default: 1.5, min: 0, doc: "learning rate on XOR" },
    epochs: { type: "integer", default: 1500, min: 1, max: 1000000, doc: "gradient steps on XOR" },
  },
  seeds: [1],
  charts: [
    {
      name: "cost",
      title: "Cross-entropy on XOR: linear vs tanh hidden layer, and logistic regression",
      kind: "line",
      x: "epoch",
      y: "cost",
      color: "model",
      xTitle: "iteration",
      yTitle: "cost J",
    },
    {
      name: "boundary-linear",
      title: "ŷ of the linear-hidden network on XOR",
      kind: "boundary",
      field: "boundaryLinear",
      xTitle: "x1",
      yTitle: "x2",
    },
    {
      name: "boundary-tanh",
      title: "ŷ of the tanh-hidden network on XOR",
      kind: "boundary",
      field: "boundaryTanh",
      xTitle: "x1",
      yTitle: "x2",
    },
  ],
  claims: [
    {
      id: "collapses",
      text: "a[2] = W[2](W[1]x + b[1]) + b[2] = Wx + b with W = W[2]W[1], b = W[2]b[1] + b[2]: " +
        '"The output is always a linear function of the input!" — max |network − collapsed ' +
        "model|, relative to the magnitudes summed, on random inputs and on the XOR-trained " +
        "network",
      source: SOURCE,
      expected: 0,
      tolerance: { float64: 1e-12, float32: 1e-5 },
      measure: ({ outputs: o, tolerance }) => {
        const worst = Math.max(o.randomRelDiff, o.trainedRelDiff);
        return {
          observed: `random ${o.randomRelDiff.toExponential(3)}, trained ${
            o.trainedRelDiff.toExponential(3)
          }`,
          pass: worst <= tolerance,
        };
      },
    },
    {
      id: "linear-cannot-fit-xor",
      text: "XOR is not linearly separable, so the linear-activation network is right on at " +
        "most 3 of the 4 points: accuracy ≤ 3/4",
      source: `${SOURCE}; ${L004}`,
      expected: "≤ 0.75",
      measure: ({ outputs: o }) => ({
        observed: o.linear.accuracy,
        pass: o.linear.accuracy <= 0.75,
      }),
    },
    {
      id: "linear-no-better-than-logistic",
      text: "The linear-activation network's cost cannot go below the best linear model's " +
        "(logistic regression at its minimum, ln 2 ≈ 0.693147)",
      source: SOURCE,
      expected: "J_linear ≥ J_logistic",
      tolerance: { float64: 1e-12, float32: 1e-6 },
      measure: ({ outputs: o, tolerance }) => ({
        observed: `linear-hidden ${round(o.linear.cost, 7)}, logistic regression ${
          round(o.logistic.cost, 7)
        }, tanh-hidden ${round(o.tanh.cost, 5)}`,
        pass: o.linear.cost >= o.logistic.cost - tolerance,
      }),
    },
    {
      id: "tanh-fits-xor",
      text: "With a tanh hidden layer the same network fits XOR: all 4 points right and the " +
        "cost below 0.1 (ln 2 ≈ 0.693 is the linear floor)",
      source: `${SOURCE}; 003_40b222a9bdbd03ec.txt, tanh`,
      expected: "accuracy 1, J < 0.1",
      measure: ({ outputs: o }) => ({
        observed: `accuracy ${o.tanh.accuracy}, J = ${round(o.tanh.cost, 5)}`,
        pass: o.tanh.accuracy === 1 && o.tanh.cost < 0.1,
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const h = ctx.params.hidden as number;
    const lr = ctx.params.lr as number, epochs = ctx.params.epochs as number;
    // XOR first: one xavier draw shared by the linear- and tanh-hidden networks.
    const start = initializeParameters(ctx.rng, [2, h, 1], "xavier");
    const { X, Y } = logicGate("XOR");
    const x = b.fromArray(X, [2, 4]), y = b.fromArray(Y, [1, 4]);
    const spec = { layerDims: [2, h, 1], output: "sigmoid" } as const;
    const linear = Network.fromValues(b, { ...spec, hidden: "linear" }, start);
    const tanh = Network.fromValues(b, { ...spec, hidden: "tanh" }, start);
    const logistic = LogisticRegression.initializeWithZeros(b, 2);
    // Random collapse check: randn weights, biases and inputs.
    const nx = ctx.params.inputs as number, m = ctx.params.samples as number;
    const rand: LayerValues[] = [
      { W: ctx.rng.randn(h * nx), b: ctx.rng.randn(h), rows: h, cols: nx },
      { W: ctx.rng.randn(h), b: ctx.rng.randn(1), rows: 1, cols: h },
    ];
    const Xr = ctx.rng.randn(nx * m);
    const randomNet = Network.fromValues(
      b,
      { layerDims: [nx, h, 1], hidden: "linear", output: "linear" },
      rand,
    );
    const xr = b.fromArray(Xr, [nx, m]);
    try {
      const out = b.tidy(() => randomNet.forward(xr).AL);
      const randomRelDiff = relDiff(await b.read(out), rand, Xr);
      out.dispose();

      const log = (row: Record<string, number | string>) => ctx.log(row);
      const fits = {
        linear: await fit(b, linear, x, y, { lr, epochs, label: "linear hidden", log }),
        tanh: await fit(b, tanh, x, y, { lr, epochs, label: "tanh hidden", log }),
        logistic: await fit(b, logistic, x, y, { lr, epochs, label: "logistic regression", log }),
      };
      const trained = await readParameters(b, linear.params);
      const c = collapse(trained);
      const logits = b.tidy(() => linear.forward(x).caches[1].Z);
      const trainedRelDiff = relDiff(await b.read(logits), trained, X);
      logits.dispose();
      const boundary = (net: Network) =>
        decisionBoundary(b, (g) => net.forward(g).AL, X, Y, {
          n: 61,
          pad: 0.5,
          xTitle: "x1",
          yTitle: "x2",
        });
      return {
        randomRelDiff,
        trainedRelDiff,
        trainedCollapsed: { W: Array.from(c.W, (v) => round(v, 7)), b: round(c.b[0], 7) },
        ...fits,
        boundaryLinear: await boundary(linear),
        boundaryTanh: await boundary(tanh),
      };
    } finally {
      for (const t of [linear, tanh, logistic, randomNet, x, y, xr]) t.dispose();
    }
  },
});
