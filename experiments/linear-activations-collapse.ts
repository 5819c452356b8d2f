/**
 * Lecture 003: with linear activations a 2-layer network is one linear model, W = W[2]·W[1],
 * b = W[2]·b[1] + b[2] ("The output is always a linear function of the input!"), so it cannot
 * fit XOR; a tanh hidden layer can.
 */
import { logicGate } from "../data/toy.ts";
import type { Backend, Tensor } from "../kernels/backend.ts";
import { decisionBoundary } from "../nn/boundary.ts";
import { initializeParameters, type LayerValues } from "../nn/init.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { Network, readParameters } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train, type Trainable } from "../nn/train.ts";
import { type DecisionBoundary, defineExperiment, lecture, project } from "./prelude.ts";

const QUOTE = "The output is always a linear function of the input!";
/** The lowest cross-entropy any linear model reaches on XOR: ln 2, at w = 0, b = 0. */
const LN2 = Math.LN2;
const XOR = "Marvin Minsky and Seymour Papert - XOR problem [1969]";

/** How far the network may be from Wx + b by rounding alone (relative to the magnitudes). */
const COLLAPSE_TOLERANCE = {
  float64: 2e-15,
  float32: 1e-6,
  basis: "For the [3, 4, 1] network, about 12 roundings (inputs, products, sums) lie between " +
    "x and the output: at most 12·2⁻⁵³ ≈ 1.3e-15 (float64) and 12·2⁻²⁴ ≈ 7.2e-7 (float32) of " +
    "the magnitudes summed; NumPy measures 2.0e-16 and 1.1e-7 over 20 randn networks " +
    "(references/linear_collapse.txt).",
};

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

export default defineExperiment({
  id: "linear-activations-collapse",
  title: "Linear activations collapse a 2-layer network to one linear model",
  source: lecture(3, "With or Without the Activation Function", QUOTE),
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
  async run(ctx): Promise<CollapseOutput> {
    const b = ctx.backend;
    const { hidden: h, lr, epochs } = ctx.params;
    // XOR first: one xavier draw shared by the linear- and tanh-hidden networks.
    const start = initializeParameters(ctx.rng, [2, h, 1], "xavier");
    const { X, Y } = logicGate("XOR");
    const x = b.fromArray(X, [2, 4]), y = b.fromArray(Y, [1, 4]);
    const spec = { layerDims: [2, h, 1], output: "sigmoid" } as const;
    const linear = Network.fromValues(b, { ...spec, hidden: "linear" }, start);
    const tanh = Network.fromValues(b, { ...spec, hidden: "tanh" }, start);
    const logistic = LogisticRegression.initializeWithZeros(b, 2);
    // Random collapse check: randn weights, biases and inputs.
    const { inputs: nx, samples: m } = ctx.params;
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
        trainedCollapsed: { W: Array.from(c.W), b: c.b[0] },
        ...fits,
        boundaryLinear: await boundary(linear),
        boundaryTanh: await boundary(tanh),
      };
    } finally {
      for (const t of [linear, tanh, logistic, randomNet, x, y, xr]) t.dispose();
    }
  },
  claims: [
    {
      id: "collapses",
      chart: "boundary-linear",
      text: "With linear activations a[2] = W[2](W[1]x + b[1]) + b[2] = Wx + b, W = W[2]W[1], " +
        `b = W[2]b[1] + b[2]: "${QUOTE}" Max |network − Wx − b| relative to the magnitudes ` +
        "summed, on randn inputs to a randn network and on the XOR-trained network",
      source: lecture(3, "With or Without the Activation Function", QUOTE),
      expected: [0, 0],
      check: { kind: "near", tolerance: COLLAPSE_TOLERANCE },
      when: { inputs: 3, hidden: 4 },
      observe: ({ outputs: o }) => [o.randomRelDiff, o.trainedRelDiff],
    },
    {
      id: "all-linear",
      chart: "cost",
      text: "Suppose g[1], g[2] are all linear: a[2] = W[2]W[1]X + W[2]b[1] + b[2] = W′X + b′, " +
        '"All LINEAR!!!": trained on XOR, the linear-hidden network (a sigmoid of W′x + b′) ' +
        "cannot get below the best linear model's cost, ln 2 ≈ 0.693147 (logistic " +
        "regression's minimum, at w = 0, b = 0 where its gradient vanishes on XOR)",
      source: lecture(2, "Why non-linear activation function?", "All LINEAR!!!"),
      expected: LN2,
      check: { kind: "atLeast" },
      observe: ({ outputs: o }) => o.linear.cost,
      note: ({ outputs: o }) =>
        `J = ${o.linear.cost} (linear hidden), ${o.logistic.cost} (logistic regression), ` +
        `${o.tanh.cost} (tanh hidden); collapsed W′ = [${o.trainedCollapsed.W.join(", ")}], ` +
        `b′ = ${o.trainedCollapsed.b}`,
    },
    {
      id: "linear-cannot-fit-xor",
      chart: "boundary-linear",
      text: "XOR is nonlinear and the model is linear, so the linear-activation network " +
        "classifies at most 3 of XOR's 4 points right (a line separates at most 3 of them): " +
        "accuracy ≤ 0.75",
      source: lecture(
        4,
        XOR,
        "the model implied by the perceptron is a linear one and the XOR function is nonlinear",
      ),
      expected: 0.75,
      check: { kind: "atMost" },
      observe: ({ outputs: o }) => o.linear.accuracy,
    },
    {
      id: "tanh-fits-xor",
      chart: "boundary-tanh",
      text: "With a non-linear (tanh) hidden layer the same network, from the same start, " +
        "classifies all 4 XOR points right",
      source: lecture(2, "Why non-linear activation function?"),
      expected: 1,
      check: { kind: "equals" },
      when: { hidden: 4, lr: 1.5, epochs: 1500 },
      observe: ({ outputs: o }) => o.tanh.accuracy,
    },
    {
      id: "tanh-below-linear-floor",
      chart: "cost",
      text: "The tanh-hidden network's cost on XOR goes below ln 2 ≈ 0.693147, the lowest any " +
        "linear model reaches",
      source: project(
        "ln 2 is the minimum cross-entropy of every linear model on XOR (logistic " +
          "regression's, measured here as well): a cost below it is out of a linear model's reach.",
      ),
      expected: LN2,
      check: { kind: "below" },
      when: { hidden: 4, lr: 1.5, epochs: 1500 },
      observe: ({ outputs: o }) => o.tanh.cost,
    },
  ],
});
