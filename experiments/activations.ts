/**
 * Lectures 000, 002, 003 and 004 on activation functions, as the backend computes them: g(z) of
 * sigmoid, tanh, ReLU, leaky ReLU (slopes 0.01 and 0.1), softplus, the unit step, the linear
 * unit, ELU, maxout and softmax against the lectures' own expressions in float64 NumPy
 * (references/activations.py); g′(z) against central differences of the backend's g and the
 * lectures' stated slopes; the saturation of sigmoid and tanh. Training with each hidden
 * activation is experiments/activation-training.ts.
 */
import type { Activation, Backend, Tensor } from "../kernels/backend.ts";
import REF from "../references/activations.json" with { type: "json" };
import {
  defineExperiment,
  type FunctionPlot,
  lecture,
  project,
  type Tolerance,
  type TrialView,
} from "./prelude.ts";

/** z = −8 … 8 in steps of 1/16 (257 points, exact in float32), the plot only over [−5, 5]. */
const Z_MAX = 8, Z_STEP = 1 / 16, PLOT_MAX = 5;
const N = Math.round(2 * Z_MAX / Z_STEP) + 1;
/** Central-difference step h: float32 needs a coarse one, float64 a fine one (both 2^−k). */
const FD_STEP = { float32: 2 ** -7, float64: 2 ** -17 };
/** The small change in z (a weight change of δ on an input of 1) lecture 004's sigmoid slide contrasts. */
const NUDGE = 2 ** -7;

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

/** Smooth g whose g′ kernel is compared with the central difference of its g kernel. */
const SMOOTH = ["sigmoid", "tanh", "softplus", "elu"] as const;
/** Piecewise-linear g whose g′ kernel is read on z < 0, at 0 and on z > 0. */
const PIECEWISE = ["relu", "leaky_relu", "leaky_relu_0.1"] as const;

/** The plotted curves (linear is z itself). */
const PLOTTED: readonly Named[] = [
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

const gridZ = () => Array.from({ length: N }, (_, i) => -Z_MAX + i * Z_STEP);

/** g′ of a piecewise-linear activation on each side of the kink and at it. */
type Slopes = { negative: number[]; atZero: number; positive: number[] };

/** max |a − b| over the grid, skipping the indices in `skip`. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, skip = new Set<number>()): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (!skip.has(i)) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}

function range(values: readonly number[]): number[] {
  return [Math.min(...values), Math.max(...values)];
}

/** Every kernel the claims read, evaluated in one device read. */
async function evaluate(b: Backend, z: number[], h: number) {
  const zt = b.fromArray(z, [1, N]);
  const zPlus = b.fromArray(z.map((v) => v + h), [1, N]);
  const zMinus = b.fromArray(z.map((v) => v - h), [1, N]);
  const made: Tensor[] = [zt, zPlus, zMinus];
  const keep = (t: Tensor) => (made.push(t), t);
  const g = NAMES.map((k) => keep(b.activation(KERNELS[k][0], zt, KERNELS[k][1])));
  const grad = (k: Named) => keep(b.activationGrad(KERNELS[k][0], zt, KERNELS[k][1]));
  const dg = [...SMOOTH, ...PIECEWISE].map(grad);
  const side = (k: Named, zs: Tensor) => keep(b.activation(KERNELS[k][0], zs, KERNELS[k][1]));
  const plus = SMOOTH.map((k) => side(k, zPlus)), minus = SMOOTH.map((k) => side(k, zMinus));
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
  const reads = [...g, ...dg, ...plus, ...minus, maxout, softmax, step, stepNudged, sigmoidNudged];
  const vals = (await b.readMany(reads)).map((v) => Array.from(v));
  for (const t of made) t.dispose();
  let i = 0;
  const take = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, vals[i++]])) as Record<K, number[]>;
  return {
    g: take(NAMES),
    dg: take([...SMOOTH, ...PIECEWISE]),
    plus: take(SMOOTH),
    minus: take(SMOOTH),
    maxout: vals[i++],
    softmax: vals[i++],
    step: vals[i++],
    stepNudged: vals[i++],
    sigmoidNudged: vals[i++],
  };
}

function plot(z: readonly number[], curves: Record<string, number[]>, tag: string): FunctionPlot {
  const keep = z.map((v, i) => Math.abs(v) <= PLOT_MAX ? i : -1).filter((i) => i >= 0);
  return {
    x: keep.map((i) => z[i]),
    series: Object.entries(curves).map(([k, y]) => ({
      name: `${k}${tag}`,
      y: keep.map((i) => Number(y[i].toPrecision(7))),
    })),
  };
}

/** The bound a kernel's g is held to (4 ulp of max |g| on the grid; references/activations.json). */
function valueTolerance(k: keyof typeof REF.bound): Tolerance {
  const b = REF.bound[k];
  return {
    float64: b.float64,
    float32: b.float32,
    basis: `4 float32 ulp of max |g| on the grid (references/activations.json); NumPy float32 ` +
      `of the same expression errs by ${REF.numpyFloat32Error[k].toPrecision(3)}`,
  };
}

/** The bound on |g′ − central difference| (truncation h²/6·max|g‴| + 4 ulp of g over h). */
function fdTolerance(k: (typeof SMOOTH)[number]): Tolerance {
  const f = REF.fd[k];
  return {
    float64: f.float64.bound,
    float32: f.float32.bound,
    basis: `h²/6·max|g‴| + 4 ulp·max|g|/h with h = 2^−7 in float32 ` +
      `(references/activations.json); NumPy float32 measures ` +
      `${f.float32.numpyError.toPrecision(3)} for its own g`,
  };
}

/** The slope on z < 0 is the float32 number nearest it on webgpu: half a float32 ulp. */
function slopeTolerance(s: "0.01" | "0.1"): Tolerance {
  const r = REF.slopes[s];
  return {
    float64: 0,
    float32: r.halfUlp32,
    basis: `${s} is not a float32 number: the kernel holds ${r.float32} ` +
      `(references/activations.json), within half a float32 ulp`,
  };
}

const L0_CODE = (quote: string) => lecture(0, "Activation Functions", quote);
const L0_DERIV = (quote: string) => lecture(0, "Derivatives of Activation Functions", quote);
const L2_TABLE = (quote?: string) => lecture(2, "Activation functions can be ...", quote);
const L2_DERIV = (quote: string) => lecture(2, "Derivatives of Activation Functions", quote);
const SIGMOID_NEURONS = (quote: string) =>
  lecture(4, "Sigmoid neurons - Sigmoid activation function", quote);
const L3_DERIV = (quote: string) => lecture(3, "Derivatives for the Activation Functions", quote);

/** One claim per g: the backend's kernel against the lecture's expression in float64 NumPy. */
const VALUE_CLAIMS = [
  {
    key: "sigmoid",
    text: "sigmoid(x) = 1 / (1 + np.exp(-x))",
    source: L0_CODE("s = 1 / (1 + np.exp(-x))"),
  },
  { key: "tanh", text: "tanh(x) = np.tanh(x)", source: L0_CODE("t = np.tanh(x)") },
  { key: "relu", text: "relu(x) = np.maximum(0, x)", source: L0_CODE("r = np.maximum(0, x)") },
  {
    key: "leaky_relu",
    text: "leakyrelu(x, slope) = np.maximum(x * slope, x), with the lecture's slope 0.01 " +
      "(LeakyReLu(z) = 0.01z if z ≤ 0)",
    source: L0_CODE("l = np.maximum(x * slope, x)"),
  },
  {
    key: "softplus",
    text: "Smooth ReLu: softplus(x) = np.log(1 + np.exp(x))",
    source: L0_CODE("p = np.log(1 + np.exp(x))"),
  },
  {
    key: "unit_step",
    text: "Unit step: g(z) = 1 if z ≥ 0, −1 otherwise (the backend's sign unit)",
    source: L2_TABLE(),
  },
  { key: "linear", text: "Linear: g(z) = z", source: L2_TABLE("Linear $g(z) = z$") },
  {
    key: "leaky_relu_0.1",
    text: "Leaky ReLU: max(0.1x, x) (the backend's leaky ReLU with slope 0.1)",
    source: lecture(4, "Leaky ReLU", "$$\\max(0.1x, x)$$"),
  },
  {
    key: "elu",
    text: "ELU: x if x ≥ 0, α(eˣ − 1) if x < 0, with α = 1",
    source: lecture(4, "ELU", "\\alpha(e^x - 1) & x < 0"),
  },
] as const satisfies readonly { key: Named; text: string; source: unknown }[];

/** The lectures' statements of g′ on each side of the kink and at z = 0, one per lecture. */
const SLOPE_CLAIMS = [
  {
    id: "relu-derivative-lecture0",
    key: "relu",
    text: "ReLU′(z) = 1 if z > 0, 0 if z ≤ 0 (the code: np.heaviside(x, 0)): [z<0 min, max, " +
      "z=0, z>0 min, max]",
    source: L0_DERIV("dLr = np.heaviside(x, 0)"),
    expected: [0, 0, 0, 1, 1],
  },
  {
    id: "leaky-derivative-lecture0-formula",
    key: "leaky_relu",
    text: "Leaky ReLU′(z) = 1 if z > 0, 0.01 if z ≤ 0 (the formula): [z<0 min, max, z=0, z>0 " +
      "min, max]",
    source: L0_DERIV("0.01 & \\text{if } z \\leq 0"),
    expected: [0.01, 0.01, 0.01, 1, 1],
  },
  {
    id: "leaky-derivative-lecture0-code",
    key: "leaky_relu",
    text: "leakyrelu_derivative: np.ones_like(x), then slope where x < 0 (1 at z = 0, unlike " +
      "the formula beside it): [z<0 min, max, z=0, z>0 min, max]",
    source: L0_DERIV("dLl[x < 0] = slope"),
    expected: [0.01, 0.01, 1, 1, 1],
  },
  {
    id: "relu-derivative-lecture2",
    key: "relu",
    text: "ReLU′: 0 if z < 0, 1 if z ≥ 0: [z<0 min, max, z=0, z>0 min, max]",
    source: L2_DERIV("ReLU $\\max(0, z)$ 0 if $z < 0$ 1 if $z \\geq 0$"),
    expected: [0, 0, 1, 1, 1],
  },
  {
    id: "leaky-derivative-lecture2",
    key: "leaky_relu",
    text: "Leaky ReLU′: 0.01 if z < 0, 1 if z ≥ 0: [z<0 min, max, z=0, z>0 min, max]",
    source: L2_DERIV("Leaky ReLU $\\max(0.01z, z)$ 0.01 if $z < 0$ 1 if $z \\geq 0$"),
    expected: [0.01, 0.01, 1, 1, 1],
  },
  {
    id: "relu-derivative-lecture3",
    key: "relu",
    text: "ReLU′(z) = 0 if z < 0, 1 if z > 0, undefined at z = 0: [z<0 min, max, z>0 min, max]",
    source: L3_DERIV("\\text{undefined}, & \\text{if } z = 0"),
    expected: [0, 0, 1, 1],
  },
  {
    id: "leaky-derivative-lecture3",
    key: "leaky_relu",
    text: "Leaky ReLU′(z) = 0.01 if z < 0, 1 if z ≥ 0: [z<0 min, max, z=0, z>0 min, max]",
    source: L3_DERIV("0.01, & \\text{if } z < 0 \\\\ 1, & \\text{if } z \\geq 0"),
    expected: [0.01, 0.01, 1, 1, 1],
  },
  {
    id: "leaky-0.1-derivative",
    key: "leaky_relu_0.1",
    text: "The slope of lecture 4's max(0.1x, x): 0.1 if z < 0, 1 if z > 0 (undefined at 0): " +
      "[z<0 min, max, z>0 min, max]",
    source: project(
      "lecture 4 gives only g = max(0.1x, x); its slopes 0.1 and 1 follow from it, and the " +
        "kernel's g′ is what gradient descent uses",
    ),
    expected: [0.1, 0.1, 1, 1],
  },
] as const;

/** [z<0 min, max, (z=0,) z>0 min, max] of a piecewise slope. */
function slopeFigures(s: Slopes, withZero: boolean): number[] {
  return withZero ? [...s.negative, s.atZero, ...s.positive] : [...s.negative, ...s.positive];
}

/** Everything the claims and charts read, from one evaluation of the kernels. */
async function measure(b: Backend) {
  const h = FD_STEP[b.dtype];
  const z = gridZ();
  const c = await evaluate(b, z, h);
  const at0 = z.indexOf(0);

  /** max |kernel g − the lecture's expression in float64 NumPy|. */
  const valueError = Object.fromEntries(
    NAMES.map((k) => [k, maxDiff(c.g[k], REF.values[k])]),
  ) as Record<Named, number>;
  const maxoutError = maxDiff(c.maxout, REF.values.maxout);
  const softmaxError = maxDiff(c.softmax, REF.values.softmax.flat());

  /** Central differences of the backend's g, and |g′ − difference| away from ELU's kink. */
  const fd = Object.fromEntries(
    SMOOTH.map((k) => [k, c.plus[k].map((p, i) => (p - c.minus[k][i]) / (2 * h))]),
  ) as Record<(typeof SMOOTH)[number], number[]>;
  const derivativeError = Object.fromEntries(
    SMOOTH.map((k) => [k, maxDiff(c.dg[k], fd[k], k === "elu" ? new Set([at0]) : undefined)]),
  ) as Record<(typeof SMOOTH)[number], number>;
  // Lecture 000: SoftPlus′(z) = 1 / (1 + e^−z): the slope of the backend's softplus against
  // the sigmoid of NumPy float64 (the kernels' own g′ plays no part).
  const softplusSlopeVsSigmoid = maxDiff(fd.softplus, REF.values.sigmoid);

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
  })) as Record<"sigmoid" | "tanh", {
    peakAt: number;
    rightOfZero: number[];
    leftOfZero: number[];
    tailRatio: number;
  }>;

  const plotted: Record<string, number[]> = {};
  for (const k of PLOTTED) plotted[k] = c.g[k];
  plotted.maxout = c.maxout;
  const derivatives: Record<string, number[]> = {};
  for (const k of [...SMOOTH, ...PIECEWISE]) derivatives[k] = c.dg[k];

  return {
    fdStep: h,
    valueError,
    maxoutError,
    softmaxError,
    derivativeError,
    softplusSlopeVsSigmoid,
    stepChange: maxDiff(c.step, c.stepNudged),
    sigmoidChange: maxDiff(c.g.sigmoid, c.sigmoidNudged),
    slopes,
    saturation,
    functions: plot(z, plotted, ""),
    derivatives: plot(z, derivatives, "′"),
  };
}

type Out = Awaited<ReturnType<typeof measure>>;
type View = TrialView<Out>;

export default defineExperiment({
  id: "activations",
  title: "Activation functions and their derivatives, as the backend computes them",
  source: lecture(0, "Derivatives of Activation Functions"),
  description:
    "g(z) and g′(z) computed by the backend's activation kernels on z = −8 … 8 in steps of " +
    "1/16 (257 points, exact in float32): sigmoid, tanh, ReLU, leaky ReLU (slopes 0.01 and 0.1), " +
    "softplus, ELU (α = 1), the unit step (the sign unit) and the linear unit; maxout " +
    "max(w₁·x + b₁, w₂·x + b₂) on x = (z, z²/8 − 2) with W = [[1, −0.5], [−0.75, 0.25]], " +
    "b = [0.5, −0.25] (matrix product, bias and a column maximum); softmax over the columns " +
    "(z, −z/2, z/4 + 1). Each g is compared with the lecture's own expression evaluated in " +
    "float64 NumPy (references/activations.py). Each smooth g′ is compared with the central " +
    "difference (g(z + h) − g(z − h)) / 2h of the backend's g (h = 2^−7 in float32, 2^−17 in " +
    "float64; ELU skips z = 0, where g″ jumps); the piecewise-linear g′ are read on z < 0, at " +
    "z = 0 and on z > 0. The step unit (0/1) and the sigmoid are also read at z − 2^−7, for " +
    "lecture 004's contrast between a perceptron's output and a sigmoid neuron's.",
  params: {},
  seeds: [1],
  charts: [
    {
      name: "functions",
      title: "g(z) as the backend computes it",
      kind: "function",
      field: "functions",
      firstTrialOnly: true,
    },
    {
      name: "derivatives",
      title: "g′(z) as the backend computes it",
      kind: "function",
      field: "derivatives",
      firstTrialOnly: true,
    },
  ],
  run: (ctx) => measure(ctx.backend),
  claims: [
    ...VALUE_CLAIMS.map(({ key, text, source }) => ({
      id: `${key.replaceAll("_", "-")}-values`,
      // The linear g (z itself) is not plotted.
      ...(PLOTTED.includes(key) ? { chart: "functions" } : {}),
      text: `${text}: the backend's g on z = −8 … 8 against the lecture's expression in float64 ` +
        "NumPy (references/activations.json), max |difference|",
      source,
      expected: 0,
      check: { kind: "near", tolerance: valueTolerance(key) } as const,
      observe: ({ outputs }: View) => outputs.valueError[key],
    })),
    {
      id: "maxout-values",
      chart: "functions",
      text: "Maxout: max(w₁ᵀx + b₁, w₂ᵀx + b₂), computed with the backend's matrix product and " +
        "column maximum, against NumPy's np.maximum of the two pieces (references/" +
        "activations.json; every piece is exact in float32), max |difference|",
      source: lecture(4, "Maxout", "$$\\max(w_1^T x + b_1, w_2^T x + b_2)$$"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.maxoutError,
    },
    {
      id: "softmax-values",
      text: "Softmax: σ(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ over each column of three, against NumPy float64 " +
        "(references/activations.json), max |difference|",
      source: lecture(
        4,
        "Softmax function",
        "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^K e^{z_j}}",
      ),
      expected: 0,
      check: { kind: "near", tolerance: valueTolerance("softmax") },
      observe: ({ outputs }) => outputs.softmaxError,
    },
    ...([
      ["sigmoid", "σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)", L0_DERIV("dLs = s * (1 - s)")],
      ["tanh", "tanh′(z) = 1 − tanh²(z) = 1 − a²", L0_DERIV("dLt = 1 - t * t")],
      [
        "softplus",
        "SoftPlus′(z) = eᶻ / (1 + eᶻ) = 1 / (1 + e⁻ᶻ)",
        L0_DERIV("dLp = 1 / (1 + np.exp(-x))"),
      ],
      [
        "elu",
        "ELU′(z) = 1 if z > 0, α·eᶻ if z < 0 (the slope of lecture 4's ELU)",
        project(
          "lecture 4 gives only ELU's g; its g′ kernel must be g's slope for training to " +
            "follow the gradient",
        ),
      ],
    ] as const).map(([key, formula, source]) => ({
      id: `${key}-derivative`,
      chart: "derivatives",
      text: `${formula}: the backend's g′ kernel against the central difference of its g ` +
        `kernel (an independent reference: the g′ formula plays no part in it), max |difference|` +
        (key === "elu" ? " away from z = 0" : ""),
      source,
      expected: 0,
      check: { kind: "near", tolerance: fdTolerance(key) } as const,
      observe: ({ outputs }: View) => outputs.derivativeError[key],
    })),
    {
      id: "softplus-derivative-is-sigmoid",
      chart: "derivatives",
      text: "SoftPlus′(z) = eᶻ / (1 + eᶻ) = 1 / (1 + e⁻ᶻ): the central difference of the " +
        "backend's softplus against the sigmoid 1/(1 + np.exp(-x)) in float64 NumPy " +
        "(references/activations.json; neither kernel's g′ plays a part), max |difference|",
      source: L0_DERIV("\\frac{e^z}{1+e^z} = \\frac{1}{1+e^{-z}}"),
      expected: 0,
      check: { kind: "near", tolerance: fdTolerance("softplus") },
      observe: ({ outputs }) => outputs.softplusSlopeVsSigmoid,
    },
    {
      id: "perceptron-output-flips",
      chart: "functions",
      text: "A small change in the weights or bias of a perceptron can flip its output from 0 " +
        "to 1: the largest change of the step unit's output when z moves by δ = 2^−7 (a " +
        "weight change of δ on an input of 1), over the grid",
      source: SIGMOID_NEURONS(
        "can sometimes cause the output of that perceptron to completely flip, say from 0 to 1",
      ),
      expected: 1,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.stepChange,
    },
    {
      id: "sigmoid-output-changes-little",
      chart: "functions",
      text: "A small change in weight causes only a small change in a sigmoid neuron's output: " +
        "the largest change of σ when z moves by δ = 2^−7, over the grid, below 1% of the " +
        "perceptron's flip",
      source: project(
        'lecture 004\'s "small corresponding change in the output" of a sigmoid neuron, held ' +
          "to less than 1% of the perceptron's flip of 1 for the same δ (σ′ ≤ 1/4 gives about " +
          "δ/4 ≈ 0.00195)",
      ),
      expected: 0.01,
      check: { kind: "below" },
      observe: ({ outputs }) => outputs.sigmoidChange,
    },
    ...SLOPE_CLAIMS.map((s) => ({
      id: s.id,
      chart: "derivatives",
      text: s.text,
      source: s.source,
      expected: [...s.expected],
      check: {
        kind: "near",
        tolerance: slopeTolerance(s.key === "leaky_relu_0.1" ? "0.1" : "0.01"),
      } as const,
      observe: ({ outputs }: View) => slopeFigures(outputs.slopes[s.key], s.expected.length === 5),
      ...(s.id === "relu-derivative-lecture2"
        ? {
          diverges: {
            reason: "the backend's ReLU′(0) is 0 (lecture 000's np.heaviside(x, 0) and the " +
              "course's relu_backward, dZ[Z <= 0] = 0), not lecture 002's 1 at z = 0; every " +
              "other z agrees",
          },
        }
        : s.id === "leaky-derivative-lecture0-formula"
        ? {
          diverges: {
            reason: "the backend's leaky ReLU′(0) is 1 (lecture 000's own code, dLl[x < 0] = " +
              "slope, and lectures 002/003's 1 if z ≥ 0), not the formula's 0.01 at z = 0; " +
              "every other z agrees",
          },
        }
        : {}),
    })),
    ...(["sigmoid", "tanh"] as const).flatMap((k) => [
      {
        id: `${k}-slope-peaks-at-0`,
        chart: "derivatives",
        text: `${k}: "neurons stimulated by values a little bit greater than 0 usually have the ` +
          `biggest slopes": the z of the largest g′ on the grid`,
        source: lecture(
          0,
          "Random Initialization of Weights",
          "stimulated by values a little bit greater than 0 usually have the biggest slopes",
        ),
        expected: 0,
        check: { kind: "equals" } as const,
        observe: ({ outputs }: View) => outputs.saturation[k].peakAt,
      },
      ...(["rightOfZero", "leftOfZero"] as const).map((side) => ({
        id: `${k}-slope-falls-${side === "rightOfZero" ? "right" : "left"}`,
        chart: "derivatives",
        text: `${k}: away from 0 the slope only falls, into the flat areas: g′ from z = 0 to ` +
          `z = ${side === "rightOfZero" ? "8" : "−8"} in steps of 1/16 never rises`,
        source: lecture(2, "Initialize weights RANDOMLY!", "will be in the flat areas"),
        expected: null,
        check: { kind: "falls" } as const,
        observe: ({ outputs }: View) => outputs.saturation[k][side],
      })),
      {
        id: `${k}-flat-at-8`,
        chart: "derivatives",
        text: `${k}: the flat areas: g′(±8) / g′(0) below 1%`,
        source: project(
          'lecture 2\'s "flat areas" of sigmoid and tanh, read as a slope below 1% of the ' +
            "peak slope by |z| = 8",
        ),
        expected: 0.01,
        check: { kind: "below" } as const,
        observe: ({ outputs }: View) => outputs.saturation[k].tailRatio,
      },
    ]),
  ],
});
