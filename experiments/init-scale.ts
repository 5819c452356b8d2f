/**
 * Lectures 000 and 002, "Initialize weights RANDOMLY!": if the initial weights are too large,
 * z = W·x + b is large, a = g(z) sits in the flat areas of tanh and sigmoid, and gradient
 * descent is "very, very slow". Scales 0.01, 1 and 10 against Xavier and He, for tanh and
 * sigmoid hidden units.
 */
import { coursePlanar } from "../data/planar.ts";
import { round } from "../harness/claims.ts";
import { type Context, defineExperiment, type TrialView } from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters, type LayerValues } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { accuracyPercent, firstReach, reachedAt, saturatedShare } from "./lib/net_measures.ts";
import { disposeXY, uploadXY } from "./lib/two_d.ts";

const L002 = "002_fe9f34c7e4ab1bab.txt, Initialize weights RANDOMLY!";
const L000 = "000_1f11751481aa60aa.txt, Random Initialization of Weights";

const INITS = ["scale-0.01", "scale-1", "scale-10", "xavier", "he"] as const;
type Init = (typeof INITS)[number];
const LAYERS = [2, 10, 5, 1];
/** Learning speed is compared at one horizon: the cost reached by this iteration. */
const HORIZON = 300;

type InitScaleOutput = {
  /** Share of hidden pre-activations with g′(z) below the threshold, at initialisation. */
  saturated: number;
  /** First logged iteration with cost ≤ target (null: never in the run). */
  iterationsToTarget: number | null;
  finalCost: number;
  accuracy: number;
};

type View = TrialView<InitScaleOutput>;

function initialValues(init: Init, seed: number): LayerValues[] {
  const rng = new RandomState(seed);
  if (init === "xavier" || init === "he") return initializeParameters(rng, LAYERS, init);
  return initializeParameters(rng, LAYERS, "random", { scale: Number(init.slice(6)) });
}

const pct = (v: number) => `${round(100 * v, 4)}%`;

/** The large-weights claims, one per activation (the sweep runs both). */
const largeClaims = (["tanh", "sigmoid"] as const).flatMap((activation) => [
  {
    id: `large-saturates-${activation}`,
    text: `If too large, Z = WX + b will also be very large and a = g(z) will be in the flat ` +
      `areas: with randn·10 most ${activation} units start saturated (g′(z) < 0.01 for ≥ 50% ` +
      "of hidden units × examples)",
    source: L002,
    expected: "≥ 50% saturated",
    when: { init: "scale-10", activation, threshold: 0.01 },
    measure: ({ outputs }: View) => ({
      observed: pct(outputs.saturated),
      pass: outputs.saturated >= 0.5,
    }),
  },
  {
    id: `large-learns-slowly-${activation}`,
    text: `... and gradient descent will be very, very slow: from randn·10 the ${activation} ` +
      `network's cost is still above the target (0.5) at iteration ${HORIZON}, by which Xavier ` +
      "and He have reached it (their claims)",
    source: L002,
    expected: `cost > 0.5 through iteration ${HORIZON}`,
    when: { init: "scale-10", activation, target: 0.5 },
    measure: ({ outputs }: View) => ({
      observed: `${reachedAt(outputs.iterationsToTarget, 0.5)}; final cost ${
        round(outputs.finalCost, 5)
      }`,
      pass: outputs.iterationsToTarget === null || outputs.iterationsToTarget > HORIZON,
    }),
  },
]);

/** Xavier and He keep units off the flat areas and learn at once, for both activations. */
const scaledClaims = (["xavier", "he"] as const).flatMap((init) =>
  (["tanh", "sigmoid"] as const).map((activation) => ({
    id: `${init}-learns-${activation}`,
    text:
      `${init === "he" ? "He" : "Xavier"} initialisation (variance ${
        init === "he" ? "2" : "1"
      }/n_prev) keeps ${activation} units out of the flat areas (≤ 25% saturated) and reaches the ` +
      `target cost 0.5 within ${HORIZON} iterations`,
    source: L000,
    expected: `≤ 25% saturated; cost 0.5 within ${HORIZON} iterations`,
    when: { init, activation, target: 0.5, threshold: 0.01 },
    measure: ({ outputs }: View) => ({
      observed: `${pct(outputs.saturated)} saturated; ${
        reachedAt(outputs.iterationsToTarget, 0.5)
      }`,
      pass: outputs.saturated <= 0.25 && outputs.iterationsToTarget !== null &&
        outputs.iterationsToTarget <= HORIZON,
    }),
  }))
);

export default defineExperiment<InitScaleOutput>({
  id: "init-scale",
  title: "Initial weight scale: saturated units and slow learning",
  source: `${L002}; ${L000}`,
  description:
    "A [2, 10, 5, 1] network (tanh or sigmoid hidden units, sigmoid output, cross-entropy) on " +
    "the course's planar flower, trained by batch gradient descent with lr 1.2 (the planar " +
    "course's rate). Weights from RandomState(3) (the course's initialisation seed): randn·s for " +
    "s = 0.01, 1, 10; Xavier randn·√(1/n_prev); He randn·√(2/n_prev); biases 0. At " +
    "initialisation, the share of hidden pre-activations z (all hidden units of both layers × " +
    "all 400 examples) with g′(z) < 0.01 is counted as saturated (tanh: |z| > 2.99, sigmoid: " +
    "|z| > 4.60). Learning speed: the cost logged every 50 iterations, the first logged " +
    "iteration with cost ≤ 0.5, and the cost after the run.",
  params: {
    init: { type: "enum", default: "he", choices: INITS, doc: "initial weights" },
    activation: {
      type: "enum",
      default: "tanh",
      choices: ["tanh", "sigmoid"],
      doc: "hidden activation",
    },
    iterations: { type: "integer", default: 1000, min: 1, max: 1000000, doc: "GD iterations" },
    lr: { type: "number", default: 1.2, min: 0, doc: "learning rate" },
    logEvery: { type: "integer", default: 50, min: 1, doc: "log the cost every N iterations" },
    target: { type: "number", default: 0.5, min: 0, doc: "cost whose first reach is timed" },
    threshold: {
      type: "number",
      default: 0.01,
      min: 0,
      doc: "a unit is saturated where g′(z) is below this",
    },
    initSeed: { type: "integer", default: 3, min: 0, doc: "np.random.seed before the initialiser" },
  },
  defaultSweep: (["tanh", "sigmoid"] as const).flatMap((activation) =>
    INITS.map((init) => ({ init, activation }))
  ),
  quick: { iterations: 400 },
  seeds: [1],
  charts: [
    {
      name: "cost",
      title: "Cost by iteration, per initialisation (panels: hidden activation)",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "init",
      facet: "activation",
      log10: true,
      xTitle: "iteration",
      yTitle: "log10 cross-entropy cost",
    },
    {
      name: "final-cost",
      title: "Cost after the run, initialisation × activation",
      kind: "heatmap",
      x: "init",
      y: "activation",
      value: "cost",
    },
    {
      name: "saturated",
      title: "Share of saturated hidden units at initialisation (g′(z) < 0.01)",
      kind: "heatmap",
      x: "init",
      y: "activation",
      value: "saturated",
    },
  ],
  claims: [...largeClaims, ...scaledClaims],
  async run(ctx: Context) {
    const b = ctx.backend;
    const p = ctx.params;
    const data = coursePlanar();
    const xy = uploadXY(b, data);
    const net = Network.fromValues(
      b,
      { layerDims: LAYERS, hidden: p.activation as "tanh" | "sigmoid" },
      initialValues(p.init as Init, p.initSeed as number),
    );
    const saturated = await saturatedShare(b, net, xy.X, p.threshold as number);
    ctx.log({ saturated });
    const r = await train(b, net, xy.X, xy.Y, {
      optimizer: new GradientDescent(b, net.parameters(), p.lr as number),
      epochs: p.iterations as number,
      logEvery: p.logEvery as number,
      onLog: ({ epoch, cost }) => ctx.log({ iteration: epoch, cost }),
    });
    const [accuracy] = await accuracyPercent(b, net, [xy]);
    net.dispose();
    disposeXY(xy);
    ctx.log({ accuracy });
    return {
      saturated,
      iterationsToTarget: firstReach(r.costs, p.target as number),
      finalCost: r.costs.at(-1)!.cost,
      accuracy,
    };
  },
});
