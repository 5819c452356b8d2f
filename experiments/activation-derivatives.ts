/**
 * Lectures 000, 002, 003 and 004 on the derivatives of activation functions, as the backend
 * computes them: g′(z) against central differences of the backend's g and the lectures' stated
 * slopes; the saturation of sigmoid and tanh. The functions themselves are
 * experiments/activations.ts.
 */
import { fdTolerance, slopeTolerance } from "./lib/activation_bounds.ts";
import { measureDerivatives, type Slopes } from "./lib/activation_grid.ts";
import { divergesFrom } from "./lib/divergences.ts";
import { defineExperiment, lecture, project, type TrialView } from "./prelude.ts";

type View = TrialView<Awaited<ReturnType<typeof measureDerivatives>>>;

const L0_DERIV = (quote: string) => lecture(0, "Derivatives of Activation Functions", quote);
const L2_DERIV = (quote: string) => lecture(2, "Derivatives of Activation Functions", quote);
const L3_DERIV = (quote: string) => lecture(3, "Derivatives for the Activation Functions", quote);
const SLOPES = "[z<0 min, max, z=0, z>0 min, max]", SLOPES_NO_0 = "[z<0 min, max, z>0 min, max]";

/** The lectures' statements of g′ on each side of the kink and at z = 0, one per lecture. */
const SLOPE_CLAIMS = [
  [
    "relu-derivative-lecture0",
    "relu",
    `ReLU′(z) = 1 if z > 0, 0 if z ≤ 0 (the code: np.heaviside(x, 0)): ${SLOPES}`,
    L0_DERIV("dLr = np.heaviside(x, 0)"),
    [0, 0, 0, 1, 1],
  ],
  [
    "leaky-derivative-lecture0-formula",
    "leaky_relu",
    `Leaky ReLU′(z) = 1 if z > 0, 0.01 if z ≤ 0 (the formula): ${SLOPES}`,
    L0_DERIV("0.01 & \\text{if } z \\leq 0"),
    [0.01, 0.01, 0.01, 1, 1],
  ],
  [
    "leaky-derivative-lecture0-code",
    "leaky_relu",
    "leakyrelu_derivative: np.ones_like(x), then slope where x < 0 (1 at z = 0, unlike the " +
    `formula beside it): ${SLOPES}`,
    L0_DERIV("dLl[x < 0] = slope"),
    [0.01, 0.01, 1, 1, 1],
  ],
  [
    "relu-derivative-lecture2",
    "relu",
    `ReLU′: 0 if z < 0, 1 if z ≥ 0: ${SLOPES}`,
    L2_DERIV("ReLU $\\max(0, z)$ 0 if $z < 0$ 1 if $z \\geq 0$"),
    [0, 0, 1, 1, 1],
  ],
  [
    "leaky-derivative-lecture2",
    "leaky_relu",
    `Leaky ReLU′: 0.01 if z < 0, 1 if z ≥ 0: ${SLOPES}`,
    L2_DERIV("Leaky ReLU $\\max(0.01z, z)$ 0.01 if $z < 0$ 1 if $z \\geq 0$"),
    [0.01, 0.01, 1, 1, 1],
  ],
  [
    "relu-derivative-lecture3",
    "relu",
    `ReLU′(z) = 0 if z < 0, 1 if z > 0, undefined at z = 0: ${SLOPES_NO_0}`,
    L3_DERIV("\\text{undefined}, & \\text{if } z = 0"),
    [0, 0, 1, 1],
  ],
  [
    "leaky-derivative-lecture3",
    "leaky_relu",
    `Leaky ReLU′(z) = 0.01 if z < 0, 1 if z ≥ 0: ${SLOPES}`,
    L3_DERIV("0.01, & \\text{if } z < 0 \\\\ 1, & \\text{if } z \\geq 0"),
    [0.01, 0.01, 1, 1, 1],
  ],
  [
    "leaky-0.1-derivative",
    "leaky_relu_0.1",
    "The slope of lecture 4's max(0.1x, x): 0.1 if z < 0, 1 if z > 0 (undefined at 0): " +
    SLOPES_NO_0,
    project(
      "lecture 4 gives only g = max(0.1x, x); its slopes 0.1 and 1 follow from it, and the " +
        "kernel's g′ is what gradient descent uses",
    ),
    [0.1, 0.1, 1, 1],
  ],
] as const;

/** Why two of the lectures' statements of g′ at z = 0 do not hold for the backend's kernels. */
const SLOPE_DIVERGES: Record<string, string> = {
  "relu-derivative-lecture2": "the backend's ReLU′(0) is 0 (lecture 000's np.heaviside(x, 0) " +
    "and the course's relu_backward, dZ[Z <= 0] = 0), not lecture 002's 1 at z = 0; every " +
    "other z agrees",
  "leaky-derivative-lecture0-formula": "the backend's leaky ReLU′(0) is 1 (lecture 000's own " +
    "code, dLl[x < 0] = slope, and lectures 002/003's 1 if z ≥ 0), not the formula's 0.01 at " +
    "z = 0; every other z agrees",
};

/** [z<0 min, max, (z=0,) z>0 min, max] of a piecewise slope. */
function slopeFigures(s: Slopes, withZero: boolean): number[] {
  return withZero ? [...s.negative, s.atZero, ...s.positive] : [...s.negative, ...s.positive];
}

export default defineExperiment({
  id: "activation-derivatives",
  title: "Derivatives of activation functions, as the backend computes them",
  source: lecture(0, "Derivatives of Activation Functions"),
  description:
    "g′(z) computed by the backend's activation-gradient kernels on z = −8 … 8 in steps of " +
    "1/16 (257 points, exact in float32): sigmoid, tanh, softplus, ELU (α = 1), ReLU and leaky " +
    "ReLU (slopes 0.01 and 0.1). Each smooth g′ is compared with the central difference " +
    "(g(z + h) − g(z − h)) / 2h of the backend's g (h = 2^−7 in float32, 2^−17 in float64; ELU " +
    "skips z = 0, where g″ jumps); the piecewise-linear g′ are read on z < 0, at z = 0 and on " +
    "z > 0; the slopes of sigmoid and tanh are followed from z = 0 out to ±8.",
  params: {},
  seeds: [1],
  charts: [{
    name: "derivatives",
    title: "g′(z) as the backend computes it",
    kind: "function",
    field: "derivatives",
    firstTrialOnly: true,
  }],
  run: (ctx) => measureDerivatives(ctx.backend),
  claims: [
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
    ...SLOPE_CLAIMS.map(([id, key, text, source, expected]) => ({
      id,
      chart: "derivatives",
      text,
      source,
      expected: [...expected],
      check: {
        kind: "near",
        tolerance: slopeTolerance(key === "leaky_relu_0.1" ? "0.1" : "0.01"),
      } as const,
      observe: ({ outputs }: View) => slopeFigures(outputs.slopes[key], expected.length === 5),
      ...divergesFrom(SLOPE_DIVERGES, id),
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
