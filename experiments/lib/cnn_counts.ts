/**
 * Parameter counts and layer sizes of convolutional networks, read from what the backend
 * allocated and computed rather than from arithmetic: one convolutional layer against one fully
 * connected layer, the lecture's small "putting it all together" network, and LeNet-5 (nn/lenet5.ts)
 * with the function each stage of its forward pass applied, identified from its tensors.
 */
import type { Backend, ConvGeometry, PoolGeometry } from "../../kernels/backend.ts";
import { initWeights } from "../../nn/init.ts";
import { LeNet5 } from "../../nn/lenet5.ts";
import type { RandomState } from "../../numpy/rng.ts";
import type { Bar } from "../../schema/payloads.ts";

/** LeNet-5's layers with trainable parameters (the pooling layers have none here). */
export const LENET_LAYERS = ["C1", "C3", "C5", "F6", "output"] as const;

/**
 * A forward-pass stage's activation, identified from its tensors: "tanh" when A = tanh(Z) to
 * within 1e-6 at every element, "identity" when A = Z, "softmax" when every column of A is
 * exp(Z) / Σ exp(Z) to within 1e-6, "other" otherwise. 1e-6 is float32 rounding of values in
 * [−1, 1] with room for the backends' tanh and exp approximations; the functions differ far more.
 */
function identifyActivation(z: Float64Array, a: Float64Array, rows: number): string {
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

/**
 * A conv layer (`maps` maps of `kernel`² shared weights and a bias each, weights xavier from
 * `rng`) run on one rand image of `image`² pixels, and an FC layer from those pixels to `hidden`
 * units: the element counts of their W and b, the conv W's shape, its output rows per map. Then
 * the lecture's "putting it all together" network's layer sizes, and LeNet-5 as nn/lenet5.ts
 * creates it: parameters counted from the allocated tensors, and a forward pass on 4 rand 32×32
 * images for each stage's output rows (per image) and the function it applied. With them the
 * two charts' bars: the conv layer against the FC layer, and LeNet-5's layers with the total.
 */
export async function countCnns(
  b: Backend,
  rng: RandomState,
  sizes: { maps: number; kernel: number; image: number; hidden: number },
) {
  const { maps, kernel: k, image: side, hidden } = sizes;
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
  const convW = b.fromArray(initWeights(rng, maps, k * k, "xavier"), [maps, k * k]);
  const convB = b.full([maps, 1], 0);
  const fcW = b.fromArray(initWeights(rng, hidden, pixels, "xavier"), [hidden, pixels]);
  const fcB = b.full([hidden, 1], 0);
  const image = b.fromArray(rng.rand(pixels), [pixels, 1]);
  const convOut = b.conv2d(image, convW, convB, g);
  const convParameters = convW.size + convB.size;
  const fcParameters = fcW.size + fcB.size;
  const convNeuronsPerMap = convOut.shape[0] / maps;

  // "Putting it all together": 28×28 → conv 5×5 (3 maps) → max-pool 2×2 → FC 10.
  const ex = b.tidy(() => {
    const eg: ConvGeometry = { ...g, height: 28, width: 28, filters: 3, kernel: 5 };
    const img = b.fromArray(rng.rand(784), [784, 1]);
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
  const net = LeNet5.create(b, rng);
  const lenetAllocated = net.parameterCounts();
  const lenetTotal = net.parameters().reduce((s, t) => s + t.size, 0);
  const lenetWeightShapes = net.W.map((w) => [...w.shape]);
  const batch = 4;
  const c = net.forward(b.fromArray(rng.rand(1024 * batch), [1024, batch]));
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
    identifyActivation(values[2 * i], values[2 * i + 1], z.shape[0])
  );
  for (const t of new Set(Object.values(c))) t.dispose();
  await b.flush();
  for (const t of [convW, convB, fcW, fcB, image, convOut]) t.dispose();
  net.dispose();
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
}
