/**
 * Lectures 000, 002, 003 and 004 on activation functions: g and g′ of sigmoid, tanh, ReLU,
 * leaky ReLU, softplus, ELU and the step computed by the backend, the derivatives checked
 * against central differences of g, the saturation of sigmoid and tanh, and the hidden
 * activation of the planar network swept.
 */
import { coursePlanar } from "../data/planar.ts";
import { round } from "../harness/claims.ts";
import {
  type Context,
  type DecisionBoundary,
  defineExperiment,
  type FunctionPlot,
  type TrialView,
} from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import type { Activation, Backend } from "../kernels/backend.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { accuracyPercent, firstReach, reachedAt } from "./lib/net_measures.ts";
import { disposeXY, networkBoundary, uploadXY } from "./lib/two_d.ts";

const L000 = "000_1f11751481aa60aa.txt, Derivatives of Activation Functions";
const L002 = "002_fe9f34c7e4ab1bab.txt, Derivatives of Activation Functions";
const L003 = "003_40b222a9bdbd03ec.txt, Derivatives for the Activation Functions";
const L004 = "004_62dbc0ba7525818d.txt, Activation Functions";

/** Every activation whose g and g′ are checked (the lectures' tables and lecture 004's ELU). */
const CHECKED = ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu", "step"] as const;
/** Activations with a kink at z = 0, where g′ is a convention and no difference applies. */
const KINKED = new Set<Activation>(["relu", "leaky_relu", "elu", "step"]);
/** Hidden activations the planar network is trained with (step has no useful gradient). */
const TRAINED = ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu"] as const;

/** z = −8 … 8 in steps of 1/16 (257 points, exact in float32), the plot only over [−5, 5]. */
const Z_MAX = 8, Z_STEP = 1 / 16, PLOT_MAX = 5;
/** Central-difference step h: float32 needs a coarse one, float64 a fine one (both 2^−k). */
const FD_STEP = { float32: 2 ** -7, float64: 2 ** -17 };
/**
 * Every trial computes the functions (they do not depend on its params), but their claims are
 * measured once per default run, on the tanh trial.
 */
const FUNCTIONS_ONCE = { activation: "tanh" };

type Saturation = {
  /** z of the largest g′ on the grid. */
  peakAt: number;
  /** max g′ over |z| = Z_MAX, divided by g′ at the peak. */
  tailRatio: number;
  /** g′ never rises as |z| grows away from 0. */
  monotone: boolean;
};

type ActivationsOutput = {
  /** max |g′(z) − (g(z + h) − g(z − h)) / 2h| on the grid (kinks skipped), per activation. */
  derivativeError: Record<string, number>;
  fdStep: number;
  saturation: { sigmoid: Saturation; tanh: Saturation };
  /** ReLU′ and leaky ReLU′ over z > 0 and z < 0: [min, max]. */
  slopes: Record<string, { positive: number[]; negative: number[] }>;
  /** max |softplus′(z) − σ(z)|. */
  softplusVsSigmoid: number;
  functions: FunctionPlot;
  derivatives: FunctionPlot;
  /** The planar network with the trial's hidden activation. */
  costs: number[];
  iterationsToTarget: number | null;
  accuracy: number;
  boundary: DecisionBoundary;
};

type View = TrialView<ActivationsOutput>;

type Curves = { z: number[]; g: Record<string, number[]>; dg: Record<string, number[]> };

/** g, g′ and the central difference of g for every checked activation, in one read. */
async function evaluate(b: Backend, h: number): Promise<Curves & { fd: Record<string, number[]> }> {
  const n = Math.round(2 * Z_MAX / Z_STEP) + 1;
  const z = Array.from({ length: n }, (_, i) => -Z_MAX + i * Z_STEP);
  const zt = b.fromArray(z, [1, n]);
  const zPlus = b.fromArray(z.map((v) => v + h), [1, n]);
  const zMinus = b.fromArray(z.map((v) => v - h), [1, n]);
  const ts = CHECKED.flatMap((k) => [
    b.activation(k, zt),
    b.activationGrad(k, zt),
    b.activation(k, zPlus),
    b.activation(k, zMinus),
  ]);
  const vals = await b.readMany(ts);
  for (const t of [...ts, zt, zPlus, zMinus]) t.dispose();
  const g: Record<string, number[]> = {}, dg: Record<string, number[]> = {};
  const fd: Record<string, number[]> = {};
  CHECKED.forEach((k, i) => {
    const [gv, dv, pv, mv] = vals.slice(4 * i, 4 * i + 4);
    g[k] = Array.from(gv);
    dg[k] = Array.from(dv);
    fd[k] = Array.from(pv, (p, j) => (p - mv[j]) / (2 * h));
  });
  return { z, g, dg, fd };
}

function saturationOf(z: readonly number[], dg: readonly number[]): Saturation {
  let peak = 0;
  dg.forEach((v, i) => {
    if (v > dg[peak]) peak = i;
  });
  const tail = Math.max(dg[0], dg[dg.length - 1]);
  // Walking outwards from the peak, g′ never increases.
  let monotone = true;
  for (let i = peak + 1; i < dg.length; i++) if (dg[i] > dg[i - 1]) monotone = false;
  for (let i = peak - 1; i >= 0; i--) if (dg[i] > dg[i + 1]) monotone = false;
  return { peakAt: z[peak], tailRatio: tail / dg[peak], monotone };
}

function range(values: readonly number[]): number[] {
  return [Math.min(...values), Math.max(...values)];
}

function plot(c: Curves, which: "g" | "dg"): FunctionPlot {
  const keep = c.z.map((v, i) => Math.abs(v) <= PLOT_MAX ? i : -1).filter((i) => i >= 0);
  const tag = which === "g" ? "" : "′";
  return {
    x: keep.map((i) => c.z[i]),
    series: CHECKED.map((k) => ({
      name: `${k}${tag}`,
      y: keep.map((i) => Number(c[which][k][i].toPrecision(7))),
    })),
  };
}

export default defineExperiment<ActivationsOutput>({
  id: "activations",
  title: "Activation functions and their derivatives; the hidden activation of the planar network",
  source: `${L000}; ${L002}; ${L003}; ${L004}`,
  description:
    "g(z) and g′(z) of sigmoid, tanh, ReLU, leaky ReLU (slope 0.01), softplus, ELU (α = 1) and " +
    "the step, computed by the backend's activation kernels on z = −8 … 8 in steps of 1/16. " +
    "Each g′ is compared with the central difference (g(z + h) − g(z − h)) / 2h of the " +
    "backend's g (h = 2^−7 in float32, 2^−17 in float64), skipping z = 0 where ReLU, leaky " +
    "ReLU, ELU and the step have a kink. Then the planar course's network — [2, 4, 1], W = " +
    "randn·0.01 from RandomState(2), b = 0, sigmoid output, lr 1.2, batch gradient descent — is " +
    "trained with the trial's hidden activation; the cost is logged every 100 iterations and " +
    "the first logged iteration with cost ≤ 0.4 is recorded.",
  params: {
    activation: {
      type: "enum",
      default: "tanh",
      choices: TRAINED,
      doc: "hidden activation of the planar network",
    },
    hidden: { type: "integer", default: 4, min: 1, max: 1000, doc: "hidden units n_h" },
    iterations: { type: "integer", default: 3000, min: 1, max: 1000000, doc: "GD iterations" },
    lr: { type: "number", default: 1.2, min: 0, doc: "learning rate" },
    logEvery: { type: "integer", default: 100, min: 1, doc: "log the cost every N iterations" },
    target: { type: "number", default: 0.4, min: 0, doc: "cost whose first reach is timed" },
    initSeed: { type: "integer", default: 2, min: 0, doc: "np.random.seed before the initialiser" },
  },
  defaultSweep: TRAINED.map((activation) => ({ activation })),
  quick: { iterations: 600 },
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
    {
      name: "cost",
      title: "Planar network: cost by iteration, per hidden activation",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "activation",
      xTitle: "iteration",
      yTitle: "cross-entropy cost",
    },
    {
      name: "accuracy",
      title: "Planar network: training accuracy by hidden activation",
      kind: "summary",
      x: "activation",
      y: "accuracy",
      yTitle: "training accuracy (%)",
    },
    { name: "boundary", title: "Decision boundary", kind: "boundary", field: "boundary" },
  ],
  claims: [
    {
      id: "derivatives-match",
      text: "Derivatives are necessary for the use of gradient descent: every g′ the backend " +
        "computes (sigmoid a(1 − a), tanh 1 − a², ReLU, leaky ReLU, softplus 1/(1 + e^−z), ELU, " +
        "step) matches the central difference of its g, away from the kinks",
      source: L000,
      expected: "max |g′ − difference| ≤ tolerance",
      when: FUNCTIONS_ONCE,
      tolerance: { float64: 1e-8, float32: 1e-3 },
      measure: ({ outputs, tolerance }: View) => {
        const errs = Object.entries(outputs.derivativeError);
        const worst = errs.reduce((a, e) => e[1] > a[1] ? e : a);
        return {
          observed: `max ${round(worst[1], 3)} (${worst[0]}, h = ${outputs.fdStep})`,
          pass: errs.every(([, e]) => e <= tolerance),
        };
      },
    },
    ...(["sigmoid", "tanh"] as const).map((k) => ({
      id: `${k}-saturates`,
      text: `${k}: the slope is largest at z = 0 (\"values a little bit greater than 0 usually ` +
        'have the biggest slopes") and falls monotonically into the flat areas, below 1% of ' +
        "its peak at |z| = 8",
      source: `000_1f11751481aa60aa.txt, Random Initialization of Weights; ${L002}`,
      expected: "peak at 0; g′(±8) / g′(0) < 0.01",
      when: FUNCTIONS_ONCE,
      measure: ({ outputs }: View) => {
        const s = outputs.saturation[k];
        return {
          observed: `peak at ${s.peakAt}; g′(±8)/g′(0) = ${
            round(s.tailRatio, 4)
          }; monotone ${s.monotone}`,
          pass: s.peakAt === 0 && s.monotone && s.tailRatio < 0.01,
        };
      },
    })),
    {
      id: "relu-slopes",
      text: "ReLU′ is 1 if z > 0 and 0 if z < 0; leaky ReLU′ is 1 if z > 0 and 0.01 if z < 0",
      source: `${L002}; ${L003}`,
      expected: "ReLU′: 1 / 0; leaky: 1 / 0.01",
      when: FUNCTIONS_ONCE,
      tolerance: { float64: 0, float32: 1e-9 },
      measure: ({ outputs, tolerance }: View) => {
        const r = outputs.slopes.relu, l = outputs.slopes.leaky_relu;
        const all = (v: number[], x: number) => v.every((s) => Math.abs(s - x) <= tolerance);
        return {
          observed:
            `ReLU′ z>0 in [${r.positive}], z<0 in [${r.negative}]; leaky z>0 in [${l.positive}], z<0 in [${
              l.negative.map((v) => round(v, 7))
            }]`,
          pass: all(r.positive, 1) && all(r.negative, 0) && all(l.positive, 1) &&
            all(l.negative, 0.01),
        };
      },
    },
    {
      id: "softplus-derivative-is-sigmoid",
      text: "SoftPlus′(z) = e^z / (1 + e^z) = 1 / (1 + e^−z): the derivative of softplus is the " +
        "sigmoid",
      source: L000,
      expected: "max |softplus′ − σ| ≤ tolerance",
      when: FUNCTIONS_ONCE,
      tolerance: { float64: 1e-15, float32: 1e-6 },
      measure: ({ outputs, tolerance }: View) => ({
        observed: round(outputs.softplusVsSigmoid, 3),
        pass: outputs.softplusVsSigmoid <= tolerance,
      }),
    },
    {
      id: "tanh-learns-fast",
      text: "Tangent hyperbolic function is used in hidden layers: with tanh hidden units the " +
        "planar network reaches cost 0.4 within 500 iterations",
      source: "000_1f11751481aa60aa.txt, Activation Functions of Neurons",
      expected: "cost ≤ 0.4 by iteration 500",
      when: { activation: "tanh", target: 0.4 },
      measure: ({ outputs }: View) => ({
        observed: reachedAt(outputs.iterationsToTarget, 0.4),
        pass: outputs.iterationsToTarget !== null && outputs.iterationsToTarget <= 500,
      }),
    },
    {
      id: "sigmoid-hidden-slower",
      text: "Sigmoid function is used in the output layer: as the hidden activation it learns " +
        "more slowly than tanh here — the cost is still above 0.4 after 500 iterations",
      source: "000_1f11751481aa60aa.txt, Activation Functions of Neurons",
      expected: "cost > 0.4 through iteration 500",
      when: { activation: "sigmoid", target: 0.4 },
      measure: ({ outputs }: View) => ({
        observed: reachedAt(outputs.iterationsToTarget, 0.4),
        pass: outputs.iterationsToTarget === null || outputs.iterationsToTarget > 500,
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const p = ctx.params;
    const h = FD_STEP[b.dtype];
    const c = await evaluate(b, h);
    const derivativeError: Record<string, number> = {};
    for (const k of CHECKED) {
      let worst = 0;
      c.z.forEach((z, i) => {
        if (z === 0 && KINKED.has(k)) return;
        worst = Math.max(worst, Math.abs(c.dg[k][i] - c.fd[k][i]));
      });
      derivativeError[k] = worst;
    }
    const side = (k: string, positive: boolean) =>
      range(c.dg[k].filter((_, i) => positive ? c.z[i] > 0 : c.z[i] < 0));
    const slopes = Object.fromEntries(
      ["relu", "leaky_relu"].map((k) => [k, { positive: side(k, true), negative: side(k, false) }]),
    );
    const softplusVsSigmoid = Math.max(
      ...c.dg.softplus.map((v, i) => Math.abs(v - c.g.sigmoid[i])),
    );

    const data = coursePlanar();
    const xy = uploadXY(b, data);
    const dims = [2, p.hidden as number, 1];
    const values = initializeParameters(new RandomState(p.initSeed as number), dims, "random", {
      scale: 0.01,
    });
    const hidden = p.activation as (typeof TRAINED)[number];
    const net = Network.fromValues(b, { layerDims: dims, hidden }, values);
    const r = await train(b, net, xy.X, xy.Y, {
      optimizer: new GradientDescent(b, net.parameters(), p.lr as number),
      epochs: p.iterations as number,
      logEvery: p.logEvery as number,
      onLog: ({ epoch, cost }) => ctx.log({ iteration: epoch, cost }),
    });
    const [accuracy] = await accuracyPercent(b, net, [xy]);
    const boundary = await networkBoundary(b, net, data);
    net.dispose();
    disposeXY(xy);
    const iterationsToTarget = firstReach(r.costs, p.target as number);
    ctx.log({ accuracy, iterations_to_target: iterationsToTarget ?? NaN });
    return {
      derivativeError,
      fdStep: h,
      saturation: {
        sigmoid: saturationOf(c.z, c.dg.sigmoid),
        tanh: saturationOf(c.z, c.dg.tanh),
      },
      slopes,
      softplusVsSigmoid,
      functions: plot(c, "g"),
      derivatives: plot(c, "dg"),
      costs: r.costs.map((e) => e.cost),
      iterationsToTarget,
      accuracy,
      boundary,
    };
  },
});
