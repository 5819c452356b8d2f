/**
 * Lecture 004, CNNs: shared weights make a convolutional layer far smaller than a fully
 * connected one (520 vs 23,550 parameters), the layer sizes of the "putting it all together"
 * network, and LeNet-5 as the lecture's layer slides and summary table describe it. Every count
 * here is the size of a tensor the backend allocated, every layer size the shape of an output it
 * computed, and every activation the function its forward pass applied.
 */
import type { ConvGeometry, PoolGeometry } from "../kernels/backend.ts";
import { initWeights } from "../nn/init.ts";
import { LeNet5 } from "../nn/lenet5.ts";
import { type Bar, defineExperiment, lecture, project } from "./prelude.ts";

const LENET_LAYERS = ["C1", "C3", "C5", "F6", "output"] as const;
type LenetLayer = (typeof LENET_LAYERS)[number];

/**
 * A forward-pass stage's activation, identified from its tensors: "tanh" when A = tanh(Z) to
 * within 1e-6 at every element, "identity" when A = Z, "softmax" when every column of A is
 * exp(Z) / Σ exp(Z) to within 1e-6, "other" otherwise. 1e-6 is float32 rounding of values in
 * [−1, 1] with room for the backends' tanh and exp approximations; the functions differ far more.
 */
function identify(z: Float64Array, a: Float64Array, rows: number): string {
  const within = (f: (i: number) => number) => a.every((v, i) => Math.abs(v - f(i)) <= 1e-6);
  if (a.every((v, i) => v === z[i])) return "identity";
  if (within((i) => Math.tanh(z[i]))) return "tanh";
  const cols = z.length / rows;
  const soft = new Float64Array(z.length);
  for (let j = 0; j < cols; j++) {
    let max = -Infinity, sum = 0;
    for (let i = 0; i < rows; i++) max = Math.max(max, z[i * cols + j]);
    for (let i = 0; i < rows; i++) sum += Math.exp(z[i * cols + j] - max);
    for (let i = 0; i < rows; i++) soft[i * cols + j] = Math.exp(z[i * cols + j] - max) / sum;
  }
  return within((i) => soft[i]) ? "softmax" : "other";
}

export default defineExperiment({
  id: "cnn-parameters",
  title: "CNN parameter counts: shared weights vs a fully connected layer, and LeNet-5",
  source: lecture(4, "CNN"),
  description:
    "A convolutional layer with `maps` feature maps of `kernel`×`kernel` shared weights and " +
    "one bias each, on an `image`×`image` input, is built as backend tensors (W maps × k·k, " +
    "b maps × 1, weights drawn xavier from the trial's RandomState) and run on one random " +
    "image; a fully connected layer from the image's pixels to `hidden` units is built as W " +
    "(hidden × pixels) and b (hidden × 1). Their parameters are the element counts of those " +
    'tensors. The lecture\'s "putting it all together" network (28×28, conv 5×5 with 3 maps, ' +
    "2×2 max-pooling, 10 outputs) is run for its layer sizes. LeNet-5 is created with " +
    "nn/lenet5.ts's LeNet5.create (tanh after every convolution, average pooling and F6, " +
    "softmax output), its parameters counted from the allocated tensors, and a batch of 4 " +
    "random 32×32 images passed forward to read every layer's output size and to identify the " +
    "function each stage applied. The lecture prints the counts of C5 and F6 only; C1, C3, the " +
    "output layer and the total are this project's arithmetic, claimed as such.",
  params: {
    maps: { type: "integer", default: 20, min: 1, max: 512, doc: "feature maps of the conv layer" },
    kernel: { type: "integer", default: 5, min: 1, max: 27, doc: "local receptive field side" },
    image: { type: "integer", default: 28, min: 2, max: 256, doc: "input image side (MNIST 28)" },
    hidden: { type: "integer", default: 30, min: 1, max: 4096, doc: "units of the FC layer" },
  },
  seeds: [1],
  charts: [
    {
      name: "conv-vs-fc",
      title: "Parameters: one convolutional layer vs one fully connected layer",
      kind: "bars",
      field: "comparison",
      xTitle: "trainable parameters",
      yTitle: "layer",
    },
    {
      name: "lenet5",
      title: "LeNet-5: trainable parameters per layer (counted from the allocated tensors)",
      kind: "bars",
      field: "lenetBars",
      firstTrialOnly: true,
      xTitle: "trainable parameters",
      yTitle: "layer",
    },
  ],
  async run(ctx) {
    const b = ctx.backend;
    const { maps, kernel: k, image: side, hidden } = ctx.params;
    const pixels = side * side;

    // One conv layer and one FC layer as allocated tensors.
    const g: ConvGeometry = {
      channels: 1,
      height: side,
      width: side,
      filters: maps,
      kernel: k,
      stride: 1,
      pad: 0,
    };
    const convW = b.fromArray(initWeights(ctx.rng, maps, k * k, "xavier"), [maps, k * k]);
    const convB = b.full([maps, 1], 0);
    const fcW = b.fromArray(initWeights(ctx.rng, hidden, pixels, "xavier"), [hidden, pixels]);
    const fcB = b.full([hidden, 1], 0);
    const image = b.fromArray(ctx.rng.rand(pixels), [pixels, 1]);
    const convOut = b.conv2d(image, convW, convB, g);
    const convParameters = convW.size + convB.size;
    const fcParameters = fcW.size + fcB.size;
    const convNeuronsPerMap = convOut.shape[0] / maps;

    // "Putting it all together": 28×28 → conv 5×5 (3 maps) → max-pool 2×2 → FC 10.
    const ex = b.tidy(() => {
      const eg: ConvGeometry = { ...g, height: 28, width: 28, filters: 3, kernel: 5 };
      const img = b.fromArray(ctx.rng.rand(784), [784, 1]);
      const conv = b.conv2d(img, b.full([3, 25], 0.01), b.full([3, 1], 0), eg);
      const pg: PoolGeometry = {
        channels: 3,
        height: 24,
        width: 24,
        size: 2,
        stride: 2,
        kind: "max",
      };
      const pool = b.pool2d(conv, pg);
      const out = b.matmul(b.full([10, pool.shape[0]], 0.01), pool);
      return { conv: conv.shape[0], pool: pool.shape[0], output: out.shape[0] };
    });

    // LeNet-5: counts from the allocated tensors, sizes and activations from a forward pass.
    const net = LeNet5.create(b, ctx.rng);
    const lenetAllocated = net.parameterCounts();
    const lenetTotal = net.parameters().reduce((s, t) => s + t.size, 0);
    const lenetWeightShapes = net.W.map((w) => [...w.shape]);
    const batch = 4;
    const c = net.forward(b.fromArray(ctx.rng.rand(1024 * batch), [1024, batch]));
    const stages = [
      [c.Z1, c.A1],
      [c.P2, c.A2],
      [c.Z3, c.A3],
      [c.P4, c.A4],
      [c.Z5, c.A5],
      [c.Z6, c.A6],
      [c.Z7, c.A7],
    ] as const;
    const lenetRows = stages.map(([, a]) => a.shape[0]);
    const values = await b.readMany(stages.flat());
    const lenetActivations = stages.map(([z], i) =>
      identify(values[2 * i], values[2 * i + 1], z.shape[0])
    );
    for (const t of new Set(Object.values(c))) t.dispose();
    await b.flush();
    for (const t of [convW, convB, fcW, fcB, image, convOut]) t.dispose();
    net.dispose();

    for (const layer of LENET_LAYERS) {
      ctx.log({ layer, parameters: lenetAllocated[layer] });
    }
    const comparison: Bar[] = [
      { label: `conv ${k}×${k}, ${maps} maps`, value: convParameters },
      {
        label: `fully connected ${pixels}–${hidden}`,
        value: fcParameters,
        note: `${(fcParameters / convParameters).toFixed(3)}×`,
      },
    ];
    const lenetBars: Bar[] = [
      ...LENET_LAYERS.map((l) => ({
        label: l,
        value: lenetAllocated[l],
        note: String(lenetAllocated[l]),
      })),
      { label: "total", value: lenetTotal, note: String(lenetTotal) },
    ];
    return {
      convParameters,
      convWeightShape: [...convW.shape],
      fcParameters,
      convNeuronsPerMap,
      exampleSizes: ex,
      lenetAllocated,
      lenetTotal,
      lenetWeightShapes,
      /** Rows of each stage's output for one image (C1, S2, C3, S4, C5, F6, output). */
      lenetRows,
      lenetActivations,
      comparison,
      lenetBars,
    };
  },
  claims: [
    // ---- One convolutional layer against one fully connected layer ----
    {
      id: "conv-26-per-map",
      text: '"5 × 5 (weights) + 1 (bias) = 26 parameters for each feature map" — the allocated ' +
        "W's row (one map's shared weights) plus its bias",
      source: lecture(4, "CNN", "(weights) + 1 (bias) = 26 parameters for each feature map"),
      expected: 26,
      check: { kind: "equals" },
      when: { kernel: 5 },
      observe: ({ outputs: o }) => o.convWeightShape[1] + 1,
    },
    {
      id: "conv-520",
      text: '20 feature maps: "Total: 20 × 26 = 520 parameters defining the convolutional ' +
        'layer" — the allocated W and b',
      source: lecture(4, "CNN", "parameters defining the convolutional layer"),
      expected: 520,
      check: { kind: "equals" },
      when: { maps: 20, kernel: 5 },
      observe: ({ outputs: o }) => o.convParameters,
    },
    {
      id: "fcn-23550",
      text: '28 × 28 = 784 input neurons, 30 hidden neurons: "Total: 784 × 30 (weights) + 30 ' +
        '(biases) = 23,550 parameters" — the allocated W and b',
      source: lecture(4, "FCN", "(weights) + 30 (biases) = 23,550 parameters"),
      expected: 23550,
      check: { kind: "equals" },
      when: { image: 28, hidden: 30 },
      observe: ({ outputs: o }) => o.fcParameters,
    },
    {
      id: "fcn-over-40x-conv",
      text: '"23,550 parameters > 40 × 520 !!!": the fully connected layer has more than 40 ' +
        "times the convolutional layer's parameters (observed: the ratio of the two counts)",
      source: lecture(4, "FCN", "23,550 parameters > $40 \\times 520$"),
      expected: 40,
      check: { kind: "above" },
      when: { maps: 20, kernel: 5, image: 28, hidden: 30 },
      observe: ({ outputs: o }) => o.fcParameters / o.convParameters,
    },
    {
      id: "hidden-24x24",
      text: '"If we have a 28 × 28 input image, and 5 × 5 local receptive fields, then there ' +
        "will be 24 × 24 neurons in the hidden layer\" — the convolution's output rows per map",
      source: lecture(
        4,
        "Local receptive fields",
        "then there will be $24 \\times 24$ neurons in the hidden layer",
      ),
      expected: 24 * 24,
      check: { kind: "equals" },
      when: { kernel: 5, image: 28 },
      observe: ({ outputs: o }) => o.convNeuronsPerMap,
    },
    {
      id: "putting-it-together",
      text: '28×28 input, a 5×5 convolution with 3 feature maps: "a layer of 3×24×24 hidden ' +
        'feature neurons"; 2×2 max-pooling: "3×12×12"; then "10 output neurons" — rows of ' +
        "each computed output",
      source: lecture(
        4,
        "Putting it all together",
        "The result is a layer of 3×24×24 hidden feature neurons.",
      ),
      expected: [3 * 24 * 24, 3 * 12 * 12, 10],
      check: { kind: "equals" },
      observe: (
        { outputs: o },
      ) => [o.exampleSizes.conv, o.exampleSizes.pool, o.exampleSizes.output],
    },

    // ---- LeNet-5: what the lecture's slides and table state ----
    {
      id: "lenet-sizes",
      text: "Summary of LeNet-5 Architecture: input 32x32 → C1 6 maps 28x28 → S2 6 14x14 → C3 16 " +
        "10x10 → S4 16 5x5 → C5 120 1x1 → F6 84 → output 10 — rows of each output of a " +
        "forward pass (6·28·28 = 4704, …)",
      source: lecture(4, "Summary of LeNet-5 Architecture"),
      expected: [6 * 28 * 28, 6 * 14 * 14, 16 * 10 * 10, 16 * 5 * 5, 120, 84, 10],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetRows,
    },
    {
      id: "lenet-conv-kernels",
      text: "Summary table: the three convolutions (6, 16 and 120 feature maps) have 5x5 kernels " +
        "— the allocated W of C1, C3, C5 are maps × (input maps · 5 · 5): 6×25, 16×150, 120×400",
      source: lecture(4, "Summary of LeNet-5 Architecture"),
      expected: [[6, 25], [16, 150], [120, 400]],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetWeightShapes.slice(0, 3),
    },
    {
      id: "lenet-activations",
      text: "Summary table, Activation column: tanh for layers 1–6 (C1, S2, C3, S4, C5, F6) and " +
        "softmax for the output — the function each stage of a forward pass applied, " +
        "identified from its input and output tensors",
      source: lecture(4, "Summary of LeNet-5 Architecture"),
      expected: ["tanh", "tanh", "tanh", "tanh", "tanh", "tanh", "softmax"],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetActivations,
    },
    {
      id: "lenet-c5-inputs",
      text: '"Each of the 120 units in C5 is connected to all the 400 nodes (5 × 5 × 16) in the ' +
        'fourth layer S4" — the allocated C5 weights are 120 × 400',
      source: lecture(
        4,
        "Le-Net 5 - Fifth Layer",
        "Each of the 120 units in C5 is connected to all the 400 nodes",
      ),
      expected: [120, 400],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetWeightShapes[2],
    },
    {
      id: "lenet-c5-48120",
      text: 'C5: "Trainable parameters = Weight + Bias = (400 × 120) + 120 = 48120" — the ' +
        "allocated W and b",
      source: lecture(4, "Le-Net 5 - Fifth Layer", "(400 \\times 120) + 120 = 48120"),
      expected: 48120,
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetAllocated.C5,
    },
    {
      id: "lenet-f6-10164",
      text: 'F6: "Trainable parameters = Weight + Bias = (120 × 84) + 84 = 10164" — the ' +
        "allocated W and b",
      source: lecture(4, "Le-Net 5 - Sixth Layer", "(120 \\times 84) + 84 = 10164"),
      expected: 10164,
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetAllocated.F6,
    },

    // ---- LeNet-5: counts the lecture does not print, computed here ----
    {
      id: "lenet-c1-156",
      text: "C1 has 6 × 26 = 156 trainable parameters — the allocated W and b",
      source: project(
        'The lecture prints no count for C1. 156 = 6 feature maps ("Le-Net 5 - First Layer") ' +
          '× 26 parameters per 5×5 map (the CNN slide\'s "5 × 5 (weights) + 1 (bias) = 26").',
      ),
      expected: 156,
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetAllocated.C1,
    },
    {
      id: "lenet-c3-2416",
      text: "C3 has 16 × (6 · 25 + 1) = 2,416 trainable parameters — the allocated W and b",
      source: project(
        "The lecture prints no count for C3 and no connection table: 2,416 = 16 maps × " +
          "(6 input maps · 5·5 weights + 1 bias) for a C3 that reads every S2 map, as this " +
          "project builds it (LeCun et al. 1998 connect each C3 map to a subset: 1,516).",
      ),
      expected: 2416,
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetAllocated.C3,
    },
    {
      id: "lenet-output-850",
      text: "The output layer has 84 × 10 + 10 = 850 trainable parameters — the allocated W and b",
      source: project(
        "The lecture prints no count for the output layer: 850 = F6's 84 units × 10 outputs " +
          "+ 10 biases (a fully connected softmax layer, as the output slide describes it).",
      ),
      expected: 850,
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetAllocated.output,
    },
    {
      id: "lenet-total-61706",
      text: "LeNet-5 as built here has 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 trainable " +
        "parameters — the sum of the allocated tensors' sizes",
      source: project(
        "The lecture prints no total: 61,706 is the sum of the per-layer counts (C5's 48,120 " +
          "and F6's 10,164 from the lecture, C1, C3 and the output layer computed here; the " +
          "pooling layers have no trainable parameters in this build).",
      ),
      expected: 61706,
      check: { kind: "equals" },
      observe: ({ outputs: o }) => o.lenetTotal,
    },
  ],
});
