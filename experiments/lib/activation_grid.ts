/**
 * The backend's activation kernels evaluated on a grid of z, as the activation experiments read
 * them: g(z) against the lectures' expressions in float64 NumPy (activations.ts, `measureValues`)
 * and g′(z) against central differences of g (activation-derivatives.ts, `measureDerivatives`).
 */
import type { Activation, Backend, Tensor } from "../../kernels/backend.ts";
import REF from "../../references/activations.json" with { type: "json" };
import type { FunctionPlot } from "../../schema/payloads.ts";

/** z = −8 … 8 in steps of 1/16 (257 points, exact in float32), the plot only over [−5, 5]. */
const Z_MAX = 8, Z_STEP = 1 / 16, PLOT_MAX = 5;
const N = Math.round(2 * Z_MAX / Z_STEP) + 1;

/** Every g compared with the lectures' expressions: the backend's kernel and its param. */
const KERNELS = {
  sigmoid: ["sigmoid"],
  tanh: ["tanh"],
  relu: ["relu"],
  leaky_relu: ["leaky_relu", 0.01],
  "leaky_relu_0.1": ["leaky_relu", 0.1],
  softplus: ["softplus"],
  unit_step: ["sign"],
  linear: ["linear"],
  elu: ["elu", 1],
} as const satisfies Record<string, readonly [Activation, number?]>;
type Named = keyof typeof KERNELS;
const NAMES = Object.keys(KERNELS) as Named[];

const gridZ = (): number[] => Array.from({ length: N }, (_, i) => -Z_MAX + i * Z_STEP);

/** max |a − b| over the grid, skipping the indices in `skip`. */
function maxDiff(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  skip = new Set<number>(),
): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (!skip.has(i)) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}

/** [min, max] of the values. */
function range(values: readonly number[]): number[] {
  return [Math.min(...values), Math.max(...values)];
}

/** The curves over z ∈ [−5, 5], each series named with `tag` after its key, to 7 digits. */
function plot(
  z: readonly number[],
  curves: Record<string, number[]>,
  tag: string,
): FunctionPlot {
  const keep = z.map((v, i) => Math.abs(v) <= PLOT_MAX ? i : -1).filter((i) => i >= 0);
  return {
    x: keep.map((i) => z[i]),
    series: Object.entries(curves).map(([k, y]) => ({
      name: `${k}${tag}`,
      y: keep.map((i) => Number(y[i].toPrecision(7))),
    })),
  };
}

/** The small change in z (a weight change of δ on an input of 1) lecture 004's sigmoid slide contrasts. */
const NUDGE = 2 ** -7;
/** The plotted curves (linear is z itself). */
export const PLOTTED: readonly Named[] = [
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "leaky_relu_0.1",
  "softplus",
  "elu",
  "unit_step",
];
/** Maxout's pieces on x = (z, z²/8 − 2): dyadic weights, so every piece is exact in float32. */
const MAXOUT_W = REF.maxout.W, MAXOUT_B = REF.maxout.b;

/** Every g, maxout, softmax, and the step and sigmoid at z − δ, in one device read. */
export async function measureValues(b: Backend) {
  const z = gridZ();
  const zt = b.fromArray(z, [1, N]);
  const made: Tensor[] = [zt];
  const keep = (t: Tensor) => (made.push(t), t);
  const g = NAMES.map((k) => keep(b.activation(KERNELS[k][0], zt, KERNELS[k][1])));
  // Maxout: max over the two rows of W·x + b, x = (z, z²/8 − 2).
  const X = keep(b.fromArray([...z, ...z.map((v) => v * v / 8 - 2)], [2, N]));
  const W = keep(b.fromArray(MAXOUT_W.flat(), [2, 2]));
  const bias = keep(b.fromArray(MAXOUT_B, [2, 1]));
  const maxout = keep(b.tidy(() => b.max(b.binary("add", b.matmul(W, X), bias), 0)));
  // Softmax over the rows z, −z/2, z/4 + 1 of each column.
  const S = keep(b.fromArray([...z, ...z.map((v) => -v / 2), ...z.map((v) => v / 4 + 1)], [3, N]));
  const softmax = keep(b.softmax(S, 0));
  // A perceptron's step unit (0/1) and a sigmoid, at z and at z − δ.
  const zNudged = keep(b.fromArray(z.map((v) => v - NUDGE), [1, N]));
  const step = keep(b.activation("step", zt)), stepNudged = keep(b.activation("step", zNudged));
  const sigmoidNudged = keep(b.activation("sigmoid", zNudged));
  const reads = [...g, maxout, softmax, step, stepNudged, sigmoidNudged];
  const vals = (await b.readMany(reads)).map((v) => Array.from(v));
  for (const t of made) t.dispose();
  const gOf = Object.fromEntries(NAMES.map((k, i) => [k, vals[i]])) as Record<Named, number[]>;
  const [maxoutV, softmaxV, stepV, stepNudgedV, sigmoidNudgedV] = vals.slice(NAMES.length);
  const plotted: Record<string, number[]> = {};
  for (const k of PLOTTED) plotted[k] = gOf[k];
  plotted.maxout = maxoutV;
  return {
    /** max |kernel g − the lecture's expression in float64 NumPy|. */
    valueError: Object.fromEntries(
      NAMES.map((k) => [k, maxDiff(gOf[k], REF.values[k])]),
    ) as Record<Named, number>,
    maxoutError: maxDiff(maxoutV, REF.values.maxout),
    softmaxError: maxDiff(softmaxV, REF.values.softmax.flat()),
    stepChange: maxDiff(stepV, stepNudgedV),
    sigmoidChange: maxDiff(gOf.sigmoid, sigmoidNudgedV),
    functions: plot(z, plotted, ""),
  };
}

/** Central-difference step h: float32 needs a coarse one, float64 a fine one (both 2^−k). */
const FD_STEP = { float32: 2 ** -7, float64: 2 ** -17 };
/** Smooth g whose g′ kernel is compared with the central difference of its g kernel. */
const SMOOTH = ["sigmoid", "tanh", "softplus", "elu"] as const;
type Smooth = (typeof SMOOTH)[number];
/** Piecewise-linear g whose g′ kernel is read on z < 0, at 0 and on z > 0. */
const PIECEWISE = ["relu", "leaky_relu", "leaky_relu_0.1"] as const;

/** g′ of a piecewise-linear activation on each side of the kink and at it. */
export type Slopes = { negative: number[]; atZero: number; positive: number[] };
type Saturation = {
  peakAt: number;
  rightOfZero: number[];
  leftOfZero: number[];
  tailRatio: number;
};

/** g′ of every kernel, and the smooth g at z ± h, in one device read. */
async function evaluate(b: Backend, z: number[], h: number) {
  const zt = b.fromArray(z, [1, N]);
  const zPlus = b.fromArray(z.map((v) => v + h), [1, N]);
  const zMinus = b.fromArray(z.map((v) => v - h), [1, N]);
  const made: Tensor[] = [zt, zPlus, zMinus];
  const keep = (t: Tensor) => (made.push(t), t);
  const grad = (k: Named) => keep(b.activationGrad(KERNELS[k][0], zt, KERNELS[k][1]));
  const dg = [...SMOOTH, ...PIECEWISE].map(grad);
  const side = (k: Named, zs: Tensor) => keep(b.activation(KERNELS[k][0], zs, KERNELS[k][1]));
  const plus = SMOOTH.map((k) => side(k, zPlus)), minus = SMOOTH.map((k) => side(k, zMinus));
  const vals = (await b.readMany([...dg, ...plus, ...minus])).map((v) => Array.from(v));
  for (const t of made) t.dispose();
  let i = 0;
  const take = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, vals[i++]])) as Record<K, number[]>;
  return { dg: take([...SMOOTH, ...PIECEWISE]), plus: take(SMOOTH), minus: take(SMOOTH) };
}

/** Everything the claims and the chart read, from one evaluation of the kernels. */
export async function measureDerivatives(b: Backend) {
  const h = FD_STEP[b.dtype];
  const z = gridZ();
  const c = await evaluate(b, z, h);
  const at0 = z.indexOf(0);
  /** Central differences of the backend's g, and |g′ − difference| away from ELU's kink. */
  const fd = Object.fromEntries(
    SMOOTH.map((k) => [k, c.plus[k].map((p, i) => (p - c.minus[k][i]) / (2 * h))]),
  ) as Record<Smooth, number[]>;
  const derivativeError = Object.fromEntries(
    SMOOTH.map((k) => [k, maxDiff(c.dg[k], fd[k], k === "elu" ? new Set([at0]) : undefined)]),
  ) as Record<Smooth, number>;
  const slopes = Object.fromEntries(PIECEWISE.map((k) => {
    const d = c.dg[k];
    return [k, {
      negative: range(d.filter((_, i) => z[i] < 0)),
      atZero: d[at0],
      positive: range(d.filter((_, i) => z[i] > 0)),
    }];
  })) as Record<(typeof PIECEWISE)[number], Slopes>;
  const saturation = Object.fromEntries((["sigmoid", "tanh"] as const).map((k) => {
    const d = c.dg[k];
    const peak = d.indexOf(Math.max(...d));
    return [k, {
      peakAt: z[peak],
      /** g′ from z = 0 outwards to 8, and from 0 to −8. */
      rightOfZero: d.slice(at0),
      leftOfZero: d.slice(0, at0 + 1).reverse(),
      /** max g′(±8) / g′(0). */
      tailRatio: Math.max(d[0], d[N - 1]) / d[at0],
    }];
  })) as Record<"sigmoid" | "tanh", Saturation>;
  const derivatives: Record<string, number[]> = {};
  for (const k of [...SMOOTH, ...PIECEWISE]) derivatives[k] = c.dg[k];
  return {
    fdStep: h,
    derivativeError,
    // Lecture 000: SoftPlus′(z) = 1 / (1 + e^−z): the slope of the backend's softplus against
    // the sigmoid of NumPy float64 (the kernels' own g′ plays no part).
    softplusSlopeVsSigmoid: maxDiff(fd.softplus, REF.values.sigmoid),
    slopes,
    saturation,
    derivatives: plot(z, derivatives, "′"),
  };
}
