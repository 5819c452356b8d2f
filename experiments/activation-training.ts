/**
 * Lectures 000 and 002: "Rectified linear unit (ReLu) is used in hidden layers (FAST!)",
 * "Gradient descent is much faster with ReLU". The same network, initial weights and learning
 * rate trained with each hidden activation, in two settings: the planar course's small network
 * [2, 4, 1] on the flower, and the course's deep network [12288, 20, 7, 5, 1] on the cat images,
 * where the lecture's argument (sigmoid and tanh flatten out, ReLU's slope does not) applies.
 * The functions and their derivatives are experiments/activations.ts.
 */
import { coursePlanar } from "../data/planar.ts";
import type { Activation, Backend, Tensor } from "../kernels/backend.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { catData, checkCatData, uploadCat } from "./lib/cat_images.ts";
import { accuracyPercent, firstReach, saturatedShare } from "./lib/net_measures.ts";
import { disposeXY, uploadXY } from "./lib/two_d.ts";
import {
  type Bar,
  type Context,
  defineExperiment,
  lecture,
  project,
  RandomState,
  type TrialView,
} from "./prelude.ts";

const SETTINGS = ["planar", "cat"] as const;
type Setting = (typeof SETTINGS)[number];

/** Hidden activations trained per setting (the cat network only what the claims compare). */
const TRAINED: Record<Setting, readonly Activation[]> = {
  planar: ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu"],
  cat: ["sigmoid", "tanh", "relu"],
};

/** The cat network: the course's L-layer model. */
const CAT_DIMS = [12288, 20, 7, 5, 1];

/** The lecture's settings: the planar course's run, and the course's L-layer run shortened. */
const PLANAR_RUN = {
  setting: "planar",
  iterations: 3000,
  lr: 1.2,
  logEvery: 100,
  initSeed: 2,
  hidden: 4,
} as const;
const CAT_RUN = { setting: "cat", iterations: 100, lr: 0.0075, logEvery: 10, initSeed: 1 } as const;

/** g′(z) below this counts as a flat (saturated, or for ReLU inactive) unit at initialisation. */
const FLAT = 0.01;

type Trained = {
  activation: string;
  /** The logged iterations and the cost at each. */
  iterations: number[];
  costs: number[];
  finalCost: number;
  /** Share of hidden pre-activations × examples with g′(z) < 0.01 at initialisation. */
  flatAtInit: number;
  trainAccuracy: number;
  testAccuracy: number | null;
};

type Output = {
  setting: string;
  runs: Trained[];
  /**
   * For sigmoid and tanh: the cost each ends the run at, and the first logged iteration at
   * which ReLU's cost is at or below it (null: never).
   */
  reluReaches: Record<string, { cost: number; at: number | null }>;
  /** The last iteration of the run (the budget). */
  lastIteration: number;
  accuracy: Bar[];
};

type View = TrialView<Output>;

/** Initial weights: the planar course's randn·0.01, or the course's randn / √n_prev (deep). */
function initialValues(setting: Setting, dims: number[], seed: number) {
  const rng = new RandomState(seed);
  return setting === "planar"
    ? initializeParameters(rng, dims, "random", { scale: 0.01 })
    : initializeParameters(rng, dims, "deep");
}

async function trainOne(
  ctx: Context<typeof PARAMS>,
  activation: Activation,
  sets: { X: Tensor; Y: Tensor; Xt?: Tensor; Yt?: Tensor },
  dims: number[],
): Promise<Trained> {
  const b: Backend = ctx.backend;
  const p = ctx.params;
  const setting = p.setting;
  const net = Network.fromValues(
    b,
    { layerDims: dims, hidden: activation },
    initialValues(setting, dims, p.initSeed),
  );
  const flatAtInit = await saturatedShare(b, net, sets.X, FLAT);
  const r = await train(b, net, sets.X, sets.Y, {
    optimizer: new GradientDescent(b, net.parameters(), p.lr),
    epochs: p.iterations,
    logEvery: p.logEvery,
    onLog: ({ epoch, cost }) => ctx.log({ activation, iteration: epoch, cost }),
    // On webgpu the backend's fused kernel trains the small planar networks (it declines the
    // cat network, which then trains layer by layer); the manifest records which ran.
    fused: true,
  });
  const evalSets = sets.Xt && sets.Yt
    ? [{ X: sets.X, Y: sets.Y }, { X: sets.Xt, Y: sets.Yt }]
    : [{ X: sets.X, Y: sets.Y }];
  const [trainAccuracy, testAccuracy] = await accuracyPercent(b, net, evalSets);
  net.dispose();
  ctx.log({
    activation,
    flat_at_init: flatAtInit,
    accuracy: trainAccuracy,
    ...(testAccuracy === undefined ? {} : { test_accuracy: testAccuracy }),
  });
  return {
    activation,
    iterations: r.costs.map((c) => c.epoch),
    costs: r.costs.map((c) => c.cost),
    finalCost: r.costs.at(-1)!.cost,
    flatAtInit,
    trainAccuracy,
    testAccuracy: testAccuracy ?? null,
  };
}

const PARAMS = {
  setting: {
    type: "enum",
    default: "planar",
    choices: SETTINGS,
    doc: "planar: [2, n_h, 1] on the flower; cat: [12288, 20, 7, 5, 1] on the cat images",
  },
  iterations: { type: "integer", default: 3000, min: 1, max: 1000000, doc: "GD iterations" },
  lr: { type: "number", default: 1.2, min: 0, doc: "learning rate" },
  logEvery: { type: "integer", default: 100, min: 1, doc: "log the cost every N iterations" },
  initSeed: { type: "integer", default: 2, min: 0, doc: "np.random.seed before the initialiser" },
  hidden: { type: "integer", default: 4, min: 1, max: 1000, doc: "planar: hidden units n_h" },
} as const;

function byActivation(runs: readonly Trained[], a: string): Trained {
  const r = runs.find((x) => x.activation === a);
  if (!r) throw new Error(`no run with ${a}`);
  return r;
}

/** The measured figures behind ReLU's comparison with `other`, in one sentence. */
function speedNote(other: Other) {
  return ({ outputs: o }: View): string => {
    const relu = byActivation(o.runs, "relu"), r = byActivation(o.runs, other);
    const { cost, at } = o.reluReaches[other];
    return `${o.lastIteration + 1} iterations: ${other} cost ${r.costs[0].toFixed(4)} → ` +
      `${r.finalCost.toFixed(4)}, ReLU ${relu.costs[0].toFixed(4)} → ` +
      `${relu.finalCost.toFixed(4)}; ReLU ` +
      (at === null
        ? `never reached ${cost.toFixed(4)}`
        : `reached ${cost.toFixed(4)} at iteration ${at}`) +
      `; training accuracy ${other} ${r.trainAccuracy.toFixed(2)}%, ReLU ` +
      `${relu.trainAccuracy.toFixed(2)}%; units with g′ < ${FLAT} at initialisation: ${other} ` +
      `${(100 * r.flatAtInit).toFixed(1)}%, ReLU ${(100 * relu.flatAtInit).toFixed(1)}%`;
  };
}

/** The comparisons this project's runs contradict, with what they measured. */
const PLANAR_STALL = "on the planar network ReLU's cost falls from 0.6931 to 0.5693 by " +
  "iteration 1200 and stays there (0.5695 at the end on cpu, 0.5693 on webgpu; 71% and " +
  "70.75% training accuracy), while sigmoid ends at 0.3074 (89%) and tanh at 0.2339 (90.5%, " +
  "already 0.3455 at iteration 200); leaky ReLU, whose units never switch off, stalls too " +
  "(0.5688), so the 48.8% of ReLU pre-activations inactive at initialisation are not the " +
  "whole cause";
const CAT_TANH = "on the cat network tanh's cost falls from 0.6827 to 0.5420 in 100 " +
  "iterations on cpu and to 0.5140 on webgpu (from iteration 50 it rises and falls — 0.5702, " +
  "0.6288, 0.5680, 0.6115 on cpu — and float32 rounding takes it along another path), while " +
  "ReLU's falls from 0.7717 to 0.6724 on both and never reaches tanh's; with the course's " +
  "initialisation randn/√n_prev no tanh unit starts in the flat areas (0.0% of " +
  "pre-activations with g′ < 0.01), so the saturation the lecture's argument rests on does " +
  "not occur here";
const DIVERGES: Record<string, string> = {
  "relu-faster-than-sigmoid-planar": PLANAR_STALL,
  "relu-twice-as-fast-as-sigmoid-planar": PLANAR_STALL,
  "relu-faster-than-tanh-planar": PLANAR_STALL,
  "relu-twice-as-fast-as-tanh-planar": PLANAR_STALL,
  "relu-faster-than-tanh-cat": CAT_TANH,
  "relu-twice-as-fast-as-tanh-cat": CAT_TANH,
};

/** ReLU is compared with each of these. */
const OTHERS = ["sigmoid", "tanh"] as const;
type Other = (typeof OTHERS)[number];

function divergence(id: string) {
  return id in DIVERGES ? { diverges: { reason: DIVERGES[id] } } : {};
}

/** "faster" and "at least twice as fast", against sigmoid and against tanh, in one setting. */
function speedClaims(setting: Setting) {
  const run = setting === "planar" ? PLANAR_RUN : CAT_RUN;
  const last = run.iterations - 1;
  const where = setting === "planar"
    ? `the planar network [2, 4, 1] (randn·0.01, lr 1.2, ${run.iterations} iterations)`
    : `the course's deep network [12288, 20, 7, 5, 1] on the cat images (randn/√n_prev, lr ` +
      `0.0075, ${run.iterations} iterations)`;
  return OTHERS.flatMap((other) => {
    const define = `the cost ${other} hidden units end the run at (same initial weights, ` +
      "learning rate and iterations)";
    return [
      {
        id: `relu-faster-than-${other}-${setting}`,
        chart: "cost",
        text: `Gradient descent is faster with ReLU than with ${other} (lecture 000: ReLu ` +
          `"FAST!"): on ${where}, ReLU reaches ${define} before the last iteration (${last}); ` +
          "observed: the first logged iteration with ReLU's cost at or below it",
        source: lecture(
          2,
          "REctified Linear Unit (ReLU)",
          "Gradient descent is much faster with ReLU",
        ),
        expected: last,
        check: { kind: "below" } as const,
        when: run,
        observe: ({ outputs }: View) => outputs.reluReaches[other].at,
        note: speedNote(other),
        ...divergence(`relu-faster-than-${other}-${setting}`),
      },
      {
        id: `relu-twice-as-fast-as-${other}-${setting}`,
        chart: "cost",
        text: `Gradient descent is much faster with ReLU, "much" read as at least twice as ` +
          `fast: on ${where}, ReLU reaches ${define} within half the run (iteration ` +
          `${run.iterations / 2}); observed: the first logged iteration with ReLU's cost at ` +
          "or below it",
        source: project(
          'lecture 002\'s "much faster" read as at least twice as fast: ReLU needs at most ' +
            `half the iterations ${other} takes to reach its final cost`,
        ),
        expected: run.iterations / 2,
        check: { kind: "atMost" } as const,
        when: run,
        observe: ({ outputs }: View) => outputs.reluReaches[other].at,
        note: speedNote(other),
        ...divergence(`relu-twice-as-fast-as-${other}-${setting}`),
      },
    ];
  });
}

export default defineExperiment({
  id: "activation-training",
  title: "Training speed by hidden activation: ReLU against sigmoid and tanh",
  source: lecture(2, "REctified Linear Unit (ReLU)", "Gradient descent is much faster with ReLU"),
  description:
    "One trial per setting trains the same network once per hidden activation (sigmoid " +
    "output, cross-entropy, batch gradient descent), each from the same initial weights with " +
    "the same learning rate. planar: the course's flower (400 points), [2, 4, 1], W = " +
    "randn·0.01 from RandomState(2), b = 0, lr 1.2, 3000 iterations, the cost logged every 100, " +
    "hidden sigmoid, tanh, ReLU, leaky ReLU (0.01), softplus and ELU (α = 1). cat: the course's " +
    "cat images (209 training, 50 test), the L-layer model [12288, 20, 7, 5, 1] with its " +
    "initialisation (RandomState(1), W = randn / √n_prev) and learning rate 0.0075, 100 " +
    "iterations (the course runs 2500; 100 keeps the three networks near a minute on the cpu " +
    "backend) with the cost logged every 10, hidden sigmoid, tanh and ReLU. Faster is measured " +
    "as: the first logged iteration at which ReLU's cost is at or below the cost sigmoid (or " +
    "tanh) ends the run at. At initialisation, the share of hidden pre-" +
    "activations (units × examples) with g′(z) < 0.01 is recorded per activation (saturated " +
    "sigmoid or tanh units, inactive ReLU units).",
  params: PARAMS,
  defaultSweep: [PLANAR_RUN, CAT_RUN],
  quick: { iterations: 6, logEvery: 1 },
  seeds: [1],
  checkData: checkCatData,
  charts: [
    {
      name: "cost",
      title: "Cost by iteration, per hidden activation (panels: setting)",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "activation",
      facet: "setting",
      xTitle: "iteration",
      yTitle: "cross-entropy cost",
    },
    {
      name: "accuracy",
      title: "Accuracy after the run, per hidden activation (%)",
      kind: "bars",
      field: "accuracy",
      xTitle: "accuracy (%)",
    },
  ],
  async run(ctx): Promise<Output> {
    const b = ctx.backend;
    const p = ctx.params;
    const setting = p.setting;
    const runs: Trained[] = [];
    if (setting === "planar") {
      const xy = uploadXY(b, coursePlanar());
      try {
        for (const a of TRAINED.planar) runs.push(await trainOne(ctx, a, xy, [2, p.hidden, 1]));
      } finally {
        disposeXY(xy);
      }
    } else {
      const t = uploadCat(b, await catData(ctx.dataDir));
      try {
        for (const a of TRAINED.cat) runs.push(await trainOne(ctx, a, t, CAT_DIMS));
      } finally {
        t.dispose();
      }
    }
    const relu = byActivation(runs, "relu");
    const reluCurve = relu.iterations.map((epoch, i) => ({ epoch, cost: relu.costs[i] }));
    const reluReaches = Object.fromEntries(OTHERS.map((other) => {
      const cost = byActivation(runs, other).finalCost;
      return [other, { cost, at: firstReach(reluCurve, cost) }];
    }));
    const accuracy: Bar[] = runs.flatMap((r) => [
      { label: r.activation, value: r.trainAccuracy, group: "train" },
      ...(r.testAccuracy === null ? [] : [{
        label: r.activation,
        value: r.testAccuracy,
        group: "test",
      }]),
    ]);
    return {
      setting,
      runs,
      reluReaches,
      lastIteration: p.iterations - 1,
      accuracy,
    };
  },
  claims: [...speedClaims("planar"), ...speedClaims("cat")],
});
