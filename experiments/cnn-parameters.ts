/** Lecture 004: conv vs fully connected parameters and LeNet-5, counted from allocated tensors. */
import { countCnns, LENET_LAYERS } from "./lib/cnn_counts.ts";
import { exactClaims } from "./lib/exact_claims.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const LOCAL = "Local receptive fields";
const TOGETHER = "Putting it all together";
const FIFTH = "Le-Net 5 - Fifth Layer";
const PARAMS = {
  maps: { type: "integer", default: 20, min: 1, max: 512, doc: "feature maps of the conv layer" },
  kernel: { type: "integer", default: 5, min: 1, max: 27, doc: "local receptive field side" },
  image: { type: "integer", default: 28, min: 2, max: 256, doc: "input image side (MNIST 28)" },
  hidden: { type: "integer", default: 30, min: 1, max: 4096, doc: "units of the FC layer" },
} as const;
/** Both charts: parameters along x, one bar per layer. */
const AXES = { xTitle: "trainable parameters", yTitle: "layer" } as const;
const exact = exactClaims<Awaited<ReturnType<typeof countCnns>>, typeof PARAMS>();

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
  params: PARAMS,
  seeds: [1],
  charts: [
    {
      name: "conv-vs-fc",
      title: "Parameters: one convolutional layer vs one fully connected layer",
      kind: "bars",
      field: "comparison",
      ...AXES,
    },
    {
      name: "lenet5",
      title: "LeNet-5: trainable parameters per layer (counted from the allocated tensors)",
      kind: "bars",
      field: "lenetBars",
      firstTrialOnly: true,
      ...AXES,
    },
  ],
  async run(ctx) {
    const counts = await countCnns(ctx.backend, ctx.rng, ctx.params);
    for (const layer of LENET_LAYERS) ctx.log({ layer, parameters: counts.lenetAllocated[layer] });
    return counts;
  },
  claims: [
    exact({
      id: "conv-26-per-map",
      text: '"5 × 5 (weights) + 1 (bias) = 26 parameters for each feature map" — the allocated ' +
        "W's row (one map's shared weights) plus its bias",
      source: lecture(4, "CNN", "(weights) + 1 (bias) = 26 parameters for each feature map"),
      expected: 26,
      when: { kernel: 5 },
      observe: ({ outputs: o }) => o.convWeightShape[1] + 1,
    }),
    exact({
      id: "conv-520",
      chart: "conv-vs-fc",
      text: '20 feature maps: "Total: 20 × 26 = 520 parameters defining the convolutional ' +
        'layer" — the allocated W and b',
      source: lecture(4, "CNN", "parameters defining the convolutional layer"),
      expected: 520,
      when: { maps: 20, kernel: 5 },
      observe: ({ outputs: o }) => o.convParameters,
    }),
    exact({
      id: "fcn-23550",
      chart: "conv-vs-fc",
      text: '28 × 28 = 784 input neurons, 30 hidden neurons: "Total: 784 × 30 (weights) + 30 ' +
        '(biases) = 23,550 parameters" — the allocated W and b',
      source: lecture(4, "FCN", "(weights) + 30 (biases) = 23,550 parameters"),
      expected: 23550,
      when: { image: 28, hidden: 30 },
      observe: ({ outputs: o }) => o.fcParameters,
    }),
    {
      id: "fcn-over-40x-conv",
      chart: "conv-vs-fc",
      text: '"23,550 parameters > 40 × 520 !!!": the fully connected layer has more than 40 ' +
        "times the convolutional layer's parameters (observed: the ratio of the two counts)",
      source: lecture(4, "FCN", "23,550 parameters > $40 \\times 520$"),
      expected: 40,
      check: { kind: "above" },
      when: { maps: 20, kernel: 5, image: 28, hidden: 30 },
      observe: ({ outputs: o }) => o.fcParameters / o.convParameters,
    },
    exact({
      id: "hidden-24x24",
      text: '"If we have a 28 × 28 input image, and 5 × 5 local receptive fields, then there ' +
        "will be 24 × 24 neurons in the hidden layer\" — the convolution's output rows per map",
      source: lecture(4, LOCAL, "then there will be $24 \\times 24$ neurons in the hidden layer"),
      expected: 24 * 24,
      when: { kernel: 5, image: 28 },
      observe: ({ outputs: o }) => o.convNeuronsPerMap,
    }),
    exact({
      id: "putting-it-together",
      text: '28×28 input, a 5×5 convolution with 3 feature maps: "a layer of 3×24×24 hidden ' +
        'feature neurons"; 2×2 max-pooling: "3×12×12"; then "10 output neurons" — rows of ' +
        "each computed output",
      source: lecture(4, TOGETHER, "The result is a layer of 3×24×24 hidden feature neurons."),
      expected: [3 * 24 * 24, 3 * 12 * 12, 10],
      observe: ({ outputs: { exampleSizes: e } }) => [e.conv, e.pool, e.output],
    }),
    exact({
      id: "lenet-sizes",
      text: "Summary of LeNet-5 Architecture: input 32x32 → C1 6 maps 28x28 → S2 6 14x14 → C3 16 " +
        "10x10 → S4 16 5x5 → C5 120 1x1 → F6 84 → output 10 — rows of each output of a " +
        "forward pass (6·28·28 = 4704, …)",
      source: lecture(4, "Summary of LeNet-5 Architecture"),
      expected: [6 * 28 * 28, 6 * 14 * 14, 16 * 10 * 10, 16 * 5 * 5, 120, 84, 10],
      observe: ({ outputs: o }) => o.lenetRows,
    }),
    exact({
      id: "lenet-conv-kernels",
      text: "Summary table: the three convolutions (6, 16 and 120 feature maps) have 5x5 kernels " +
        "— the allocated W of C1, C3, C5 are maps × (input maps · 5 · 5): 6×25, 16×150, 120×400",
      source: lecture(4, "Summary of LeNet-5 Architecture"),
      expected: [[6, 25], [16, 150], [120, 400]],
      observe: ({ outputs: o }) => o.lenetWeightShapes.slice(0, 3),
    }),
    exact({
      id: "lenet-activations",
      text: "Summary table, Activation column: tanh for layers 1–6 (C1, S2, C3, S4, C5, F6) and " +
        "softmax for the output — the function each stage of a forward pass applied, " +
        "identified from its input and output tensors",
      source: lecture(4, "Summary of LeNet-5 Architecture"),
      expected: ["tanh", "tanh", "tanh", "tanh", "tanh", "tanh", "softmax"],
      observe: ({ outputs: o }) => o.lenetActivations,
    }),
    exact({
      id: "lenet-c5-inputs",
      text: '"Each of the 120 units in C5 is connected to all the 400 nodes (5 × 5 × 16) in the ' +
        'fourth layer S4" — the allocated C5 weights are 120 × 400',
      source: lecture(4, FIFTH, "Each of the 120 units in C5 is connected to all the 400 nodes"),
      expected: [120, 400],
      observe: ({ outputs: o }) => o.lenetWeightShapes[2],
    }),
    exact({
      id: "lenet-c5-48120",
      chart: "lenet5",
      text: 'C5: "Trainable parameters = Weight + Bias = (400 × 120) + 120 = 48120" — the ' +
        "allocated W and b",
      source: lecture(4, FIFTH, "(400 \\times 120) + 120 = 48120"),
      expected: 48120,
      observe: ({ outputs: o }) => o.lenetAllocated.C5,
    }),
    exact({
      id: "lenet-f6-10164",
      chart: "lenet5",
      text: 'F6: "Trainable parameters = Weight + Bias = (120 × 84) + 84 = 10164" — the ' +
        "allocated W and b",
      source: lecture(4, "Le-Net 5 - Sixth Layer", "(120 \\times 84) + 84 = 10164"),
      expected: 10164,
      observe: ({ outputs: o }) => o.lenetAllocated.F6,
    }),
    exact({
      id: "lenet-c1-156",
      chart: "lenet5",
      text: "C1 has 6 × 26 = 156 trainable parameters — the allocated W and b",
      source: project(
        'The lecture prints no count for C1. 156 = 6 feature maps ("Le-Net 5 - First Layer") ' +
          '× 26 parameters per 5×5 map (the CNN slide\'s "5 × 5 (weights) + 1 (bias) = 26").',
      ),
      expected: 156,
      observe: ({ outputs: o }) => o.lenetAllocated.C1,
    }),
    exact({
      id: "lenet-c3-2416",
      chart: "lenet5",
      text: "C3 has 16 × (6 · 25 + 1) = 2,416 trainable parameters — the allocated W and b",
      source: project(
        "The lecture prints no count for C3 and no connection table: 2,416 = 16 maps × " +
          "(6 input maps · 5·5 weights + 1 bias) for a C3 that reads every S2 map, as this " +
          "project builds it (LeCun et al. 1998 connect each C3 map to a subset: 1,516).",
      ),
      expected: 2416,
      observe: ({ outputs: o }) => o.lenetAllocated.C3,
    }),
    exact({
      id: "lenet-output-850",
      chart: "lenet5",
      text: "The output layer has 84 × 10 + 10 = 850 trainable parameters — the allocated W and b",
      source: project(
        "The lecture prints no count for the output layer: 850 = F6's 84 units × 10 outputs " +
          "+ 10 biases (a fully connected softmax layer, as the output slide describes it).",
      ),
      expected: 850,
      observe: ({ outputs: o }) => o.lenetAllocated.output,
    }),
    exact({
      id: "lenet-total-61706",
      chart: "lenet5",
      text: "LeNet-5 as built here has 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 trainable " +
        "parameters — the sum of the allocated tensors' sizes",
      source: project(
        "The lecture prints no total: 61,706 is the sum of the per-layer counts (C5's 48,120 " +
          "and F6's 10,164 from the lecture, C1, C3 and the output layer computed here; the " +
          "pooling layers have no trainable parameters in this build).",
      ),
      expected: 61706,
      observe: ({ outputs: o }) => o.lenetTotal,
    }),
  ],
});
