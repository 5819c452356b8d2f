/**
 * Lecture 004, CNNs: shared weights make a convolutional layer far smaller than a fully
 * connected one (520 vs 23,550 parameters), and LeNet-5 has 61,706 trainable parameters. Every
 * count here is the size of a tensor the backend allocated, and every layer size the shape of
 * an output it computed.
 */
import { round } from "../harness/claims.ts";
import { type Bar, type Context, defineExperiment } from "../harness/experiment.ts";
import type { ConvGeometry, PoolGeometry } from "../kernels/backend.ts";
import { initWeights } from "../nn/init.ts";
import { LeNet5, LENET5_TABLE } from "../nn/lenet5.ts";

const CNN = '004_62dbc0ba7525818d.txt, CNN / FCN ("Sharing weights and biases greatly reduces ' +
  'the number of parameters involved!")';
const LENET = "004_62dbc0ba7525818d.txt, Le-Net 5; Summary of LeNet-5 Architecture";

const LENET_LAYERS = ["C1", "C3", "C5", "F6", "output"] as const;
/** Parameters per layer and in total, as the brief and nn/lenet5.ts state them. */
const LENET_EXPECTED = [156, 2416, 48120, 10164, 850];
const LENET_TOTAL = 61706;
/** The table's output sizes, layer by layer (maps × size). */
const LENET_SIZES = ["6x28x28", "6x14x14", "16x10x10", "16x5x5", "120x1x1", "84", "10"];

type CnnOutput = {
  /** Counted from the allocated weight and bias tensors. */
  convParameters: number;
  fcParameters: number;
  ratio: number;
  /** Hidden neurons per feature map: the convolution's output rows / maps. */
  convNeuronsPerMap: number;
  convMapSide: number;
  /** "Putting it all together": 28×28 → conv 5×5, 3 maps → max-pool 2×2 → FC 10. */
  exampleSizes: { conv: number; pool: number; output: number };
  lenetAllocated: Record<(typeof LENET_LAYERS)[number], number>;
  lenetTable: Record<(typeof LENET_LAYERS)[number], number>;
  lenetTotal: number;
  /** Rows of each forward-pass output for one 32×32 image, as maps × side × side. */
  lenetSizes: string[];
  comparison: Bar[];
  lenetBars: Bar[];
};

export default defineExperiment<CnnOutput>({
  id: "cnn-parameters",
  title: "CNN parameter counts: shared weights vs a fully connected layer, and LeNet-5",
  source: `${CNN}; ${LENET}`,
  description:
    "A convolutional layer with `maps` feature maps of `kernel`×`kernel` shared weights and " +
    "one bias each, on an `image`×`image` input, is built as backend tensors (W maps × k·k, " +
    "b maps × 1, weights drawn xavier from the trial's RandomState) and run on one random " +
    "image; a fully connected layer from the image's pixels to `hidden` units is built as W " +
    "(hidden × pixels) and b (hidden × 1). Their parameters are the element counts of those " +
    'tensors. The lecture\'s "putting it all together" network (28×28, conv 5×5 with 3 maps, ' +
    "2×2 max-pooling, 10 outputs) is run for its layer sizes. LeNet-5 is created with " +
    "nn/lenet5.ts's LeNet5.create and its parameters counted from the allocated tensors, " +
    "compared with nn/lenet5.ts's LENET5_TABLE, and one random 32×32 image is passed forward " +
    "to read every layer's output size.",
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
  claims: [
    {
      id: "conv-520",
      text: "5 × 5 (weights) + 1 (bias) = 26 parameters for each feature map; 20 feature maps; " +
        '"Total: 20 × 26 = 520 parameters defining the convolutional layer"',
      source: CNN,
      expected: 520,
      when: { maps: 20, kernel: 5 },
      measure: ({ outputs: o }) => ({
        observed: o.convParameters,
        pass: o.convParameters === 520,
      }),
    },
    {
      id: "fcn-23550",
      text: '28 × 28 = 784 input neurons, 30 hidden neurons: "Total: 784 × 30 (weights) + 30 ' +
        '(biases) = 23,550 parameters > 40 × 520 !!!"',
      source: CNN,
      expected: "23550, > 40 × 520",
      when: { maps: 20, kernel: 5, image: 28, hidden: 30 },
      measure: ({ outputs: o }) => ({
        observed: `${o.fcParameters} = ${o.ratio}× the conv layer's ${o.convParameters}`,
        pass: o.fcParameters === 23550 && o.fcParameters > 40 * o.convParameters,
      }),
    },
    {
      id: "hidden-24x24",
      text: '"If we have a 28 × 28 input image, and 5 × 5 local receptive fields, then there ' +
        'will be 24 × 24 neurons in the hidden layer" (per feature map)',
      source: "004_62dbc0ba7525818d.txt, local receptive fields",
      expected: 576,
      when: { kernel: 5, image: 28 },
      measure: ({ outputs: o }) => ({
        observed: `${o.convNeuronsPerMap} = ${o.convMapSide} × ${o.convMapSide}`,
        pass: o.convNeuronsPerMap === 576,
      }),
    },
    {
      id: "putting-it-together",
      text: '28×28 input, a 5×5 convolution with 3 feature maps: "a layer of 3×24×24 hidden ' +
        'feature neurons"; 2×2 max-pooling: "3×12×12"; then 10 output neurons',
      source: "004_62dbc0ba7525818d.txt, Putting it all together",
      expected: [1728, 432, 10],
      measure: ({ outputs: o }) => {
        const s = o.exampleSizes;
        return {
          observed: [s.conv, s.pool, s.output],
          pass: s.conv === 3 * 24 * 24 && s.pool === 3 * 12 * 12 && s.output === 10,
        };
      },
    },
    {
      id: "lenet-per-layer",
      text: "LeNet-5's trainable parameters per layer — C1 156, C3 2,416, C5 \"(400 × 120) + " +
        '120 = 48120", F6 "(120 × 84) + 84 = 10164", output 850 — counted from the tensors ' +
        "LeNet5.create allocates, and equal to LENET5_TABLE's",
      source: LENET,
      expected: LENET_EXPECTED,
      measure: ({ outputs: o }) => {
        const got = LENET_LAYERS.map((l) => o.lenetAllocated[l]);
        return {
          observed: got,
          pass: got.every((v, i) => v === LENET_EXPECTED[i] && v === o.lenetTable[LENET_LAYERS[i]]),
        };
      },
    },
    {
      id: "lenet-total",
      text: "LeNet-5 has 61,706 trainable parameters (sum of the allocated tensors' sizes)",
      source: LENET,
      expected: LENET_TOTAL,
      measure: ({ outputs: o }) => ({ observed: o.lenetTotal, pass: o.lenetTotal === LENET_TOTAL }),
    },
    {
      id: "lenet-sizes",
      text: "Summary of LeNet-5 Architecture: 32x32 → C1 6@28x28 → S2 6@14x14 → C3 16@10x10 → " +
        "S4 16@5x5 → C5 120@1x1 → F6 84 → output 10, read from a forward pass",
      source: LENET,
      expected: LENET_SIZES,
      measure: ({ outputs: o }) => ({
        observed: o.lenetSizes,
        pass: o.lenetSizes.length === LENET_SIZES.length &&
          o.lenetSizes.every((s, i) => s === LENET_SIZES[i]),
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const maps = ctx.params.maps as number, k = ctx.params.kernel as number;
    const side = ctx.params.image as number, hidden = ctx.params.hidden as number;
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

    // LeNet-5: counts from the allocated tensors, sizes from a forward pass.
    const net = LeNet5.create(b, ctx.rng);
    const lenetAllocated = net.parameterCounts();
    const lenetTotal = net.parameters().reduce((s, t) => s + t.size, 0);
    const lenetSizes = b.tidy(() => {
      const c = net.forward(b.fromArray(ctx.rng.rand(1024), [1024, 1]));
      const maps2 = (rows: number, m: number) => {
        const s = Math.round(Math.sqrt(rows / m));
        return s * s * m === rows ? `${m}x${s}x${s}` : `${rows} rows`;
      };
      return [
        maps2(c.Z1.shape[0], 6),
        maps2(c.P2.shape[0], 6),
        maps2(c.Z3.shape[0], 16),
        maps2(c.P4.shape[0], 16),
        maps2(c.Z5.shape[0], 120),
        String(c.Z6.shape[0]),
        String(c.A7.shape[0]),
      ];
    });
    await b.flush();
    for (const t of [convW, convB, fcW, fcB, image, convOut]) t.dispose();
    net.dispose();

    const lenetTable = Object.fromEntries(
      LENET5_TABLE.filter((l) => l.parameters > 0).map((l) => [l.name, l.parameters]),
    ) as Record<(typeof LENET_LAYERS)[number], number>;
    for (const layer of LENET_LAYERS) {
      ctx.log({ layer, parameters: lenetAllocated[layer], table: lenetTable[layer] });
    }
    const ratio = round(fcParameters / convParameters, 4);
    return {
      convParameters,
      fcParameters,
      ratio,
      convNeuronsPerMap,
      convMapSide: Math.round(Math.sqrt(convNeuronsPerMap)),
      exampleSizes: ex,
      lenetAllocated,
      lenetTable,
      lenetTotal,
      lenetSizes,
      comparison: [
        { label: `conv ${k}×${k}, ${maps} maps`, value: convParameters },
        {
          label: `fully connected ${pixels}–${hidden}`,
          value: fcParameters,
          note: `${round(ratio, 3)}×`,
        },
      ],
      lenetBars: [
        ...LENET_LAYERS.map((l) => ({
          label: l,
          value: lenetAllocated[l],
          note: String(lenetAllocated[l]),
        })),
        { label: "total", value: lenetTotal, note: String(lenetTotal) },
      ],
    };
  },
});
