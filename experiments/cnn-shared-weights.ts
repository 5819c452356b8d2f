/**
 * Lecture 4, shared weights and pooling: every hidden neuron of a feature map uses the same
 * 5 × 5 weights and bias, so "all the neurons in the first hidden layer detect exactly the same
 * feature" — a digit moved by a few pixels gives the same feature map, moved by as many — and
 * max-pooling keeps a feature's rough location rather than its exact one.
 */
import { loadDigits } from "../data/digits.ts";
import type { Tensor } from "../kernels/backend.ts";
import { relChange, shiftedDiff, shiftImages } from "./lib/image_shifts.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const SIDE = 28, K = 5, OUT = SIDE - K + 1, POOLED = OUT / 2;
/** Shifts (down, right) of the digits, in pixels. */
const SHIFTS: readonly [number, number][] = [[1, 0], [0, 1], [1, 2], [2, 2], [3, 1]];

export default defineExperiment({
  id: "cnn-shared-weights",
  title: "Shared weights: a moved digit gives the same feature map, moved; max-pooling blurs it",
  source: lecture(4, "Shared weights and biases"),
  description: "The first `images` MNIST training digits (28 × 28, pixels / 255) go through the " +
    'lecture\'s first layers ("Putting it all together"): a convolution with 5 × 5 local ' +
    "receptive fields, stride 1, and `maps` feature maps (weights randn/5 and biases randn/10 " +
    "from the trial's RandomState), giving maps × 24 × 24 neurons, then 2 × 2 max-pooling with " +
    "stride 2, maps × 12 × 12. The same digits moved down and right by (1, 0), (0, 1), (1, 2), " +
    "(2, 2) and (3, 1) pixels (zeros coming in) go through the same layers. Equivariance: the " +
    "moved digits' feature maps against the original maps moved by the same amount, on every " +
    "position both cover (max |difference|); for the even shift (2, 2), the pooled maps " +
    "against the original pooled maps moved by (1, 1). Sensitivity: for the 1-pixel shifts, " +
    "the relative change ‖after − before‖/‖before‖ of the pooled maps over that of the " +
    "feature maps, both compared position by position.",
  params: {
    images: { type: "integer", default: 10, min: 1, max: 60000, doc: "MNIST digits used" },
    maps: { type: "integer", default: 3, min: 1, max: 64, doc: "feature maps (the lecture's 3)" },
  },
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const m = ctx.params.images, F = ctx.params.maps;
    const d = await loadDigits({ trainCount: m, testCount: 1 });
    const conv = {
      channels: 1,
      height: SIDE,
      width: SIDE,
      filters: F,
      kernel: K,
      stride: 1,
      pad: 0,
    };
    const pool = { channels: F, height: OUT, width: OUT, size: 2, stride: 2, kind: "max" as const };
    const W = b.fromArray(ctx.rng.randn(F * K * K).map((v) => v / 5), [F, K * K]);
    const bias = b.fromArray(ctx.rng.randn(F).map((v) => v / 10), [F, 1]);
    const layers = async (x: Float64Array): Promise<[Float64Array, Float64Array]> => {
      const X = b.fromArray(x, [SIDE * SIDE, m]);
      const [C, P] = b.tidy(() => {
        const c = b.conv2d(X, W, bias, conv);
        return [c, b.pool2d(c, pool)] as Tensor[];
      });
      const [c, p] = await b.readMany([C, P]);
      for (const t of [X, C, P]) t.dispose();
      return [c, p];
    };
    const [c0, p0] = await layers(d.trainX);
    const shifts = [];
    for (const [dy, dx] of SHIFTS) {
      const [c, p] = await layers(shiftImages(d.trainX, m, SIDE, dy, dx));
      shifts.push({
        dy,
        dx,
        featureMapShift: shiftedDiff(c, c0, F, OUT, m, dy, dx),
        pooledShift: dy % 2 === 0 && dx % 2 === 0
          ? shiftedDiff(p, p0, F, POOLED, m, dy / 2, dx / 2)
          : null,
        featureMapChange: relChange(c, c0),
        pooledChange: relChange(p, p0),
      });
    }
    W.dispose();
    bias.dispose();
    const onePixel = shifts.filter((s) => s.dy + s.dx === 1);
    return {
      labels: Array.from(d.trainY),
      featureMapSize: [F, OUT, OUT],
      pooledSize: [F, POOLED, POOLED],
      /** Largest |feature map| value: the maps are not trivially zero. */
      maxActivation: c0.reduce((a, v) => Math.max(a, Math.abs(v)), 0),
      shifts,
      /** Pooled change over feature-map change, for each 1-pixel shift. */
      onePixelChangeRatio: onePixel.map((s) => s.pooledChange / s.featureMapChange),
    };
  },
  claims: [
    {
      id: "same-feature-everywhere",
      text: "Each of the 24 × 24 hidden neurons uses the same weights and bias, so all the " +
        "neurons in the first hidden layer detect exactly the same feature: a digit moved by " +
        "(dy, dx) gives the feature maps of the original moved by (dy, dx) (max |difference| " +
        "over 5 shifts, every position both cover, every map and digit)",
      source: lecture(
        4,
        "What does this mean???",
        "All the neurons in the first hidden layer detect exactly the same **feature**.",
      ),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => Math.max(...outputs.shifts.map((s) => s.featureMapShift)),
      note: ({ outputs: o }) =>
        `Largest |feature-map value| ${o.maxActivation.toPrecision(3)}; differences per shift: ` +
        o.shifts.map((s) => `(${s.dy}, ${s.dx}) ${s.featureMapShift}`).join(", ") + ".",
    },
    {
      id: "pooling-keeps-rough-location",
      text: "Once a feature has been found, its exact location isn't as important as its rough " +
        "location: after 2 × 2 max-pooling, a digit moved by one pixel changes the pooled maps " +
        "less than it changes the feature maps (relative change of the pooled maps over that " +
        "of the feature maps, for the shifts (1, 0) and (0, 1))",
      source: project(
        "The lecture gives no figure: a ratio below 1 means pooling made the representation " +
          "less sensitive to a 1-pixel translation (1: no change in sensitivity).",
      ),
      expected: 1,
      check: { kind: "below" },
      observe: ({ outputs }) => outputs.onePixelChangeRatio,
      note: ({ outputs: o }) =>
        o.shifts.filter((s) => s.dy + s.dx === 1).map((s) =>
          `(${s.dy}, ${s.dx}): feature maps change ${s.featureMapChange.toFixed(3)}, pooled ` +
          `${s.pooledChange.toFixed(3)}`
        ).join("; ") +
        `; moved by (2, 2), the pooled maps are the original's moved by (1, 1) (max |difference| ` +
        `${o.shifts.find((s) => s.pooledShift !== null)!.pooledShift}).`,
    },
  ],
});
