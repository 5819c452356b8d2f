/**
 * Lectures 000 and 002, "Initializing weights": with every weight zero the hidden units compute
 * the same thing and receive the same update, so they stay identical however long the network
 * trains; small random weights break that symmetry.
 */
import { coursePlanar } from "../data/planar.ts";
import { round } from "../harness/claims.ts";
import {
  type Context,
  type DecisionBoundary,
  defineExperiment,
  type TrialView,
} from "../harness/experiment.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network, readParameters } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { train } from "../nn/train.ts";
import { accuracyPercent, type UnitSpread, unitSpread } from "./lib/net_measures.ts";
import { disposeXY, networkBoundary, uploadXY } from "./lib/two_d.ts";

const L002 = "002_fe9f34c7e4ab1bab.txt, Initializing weights";
const L000 = "000_1f11751481aa60aa.txt, Random Initialization of Weights";

type SymmetryOutput = {
  /** The hidden units compared after training. */
  spread: UnitSpread;
  /** Largest |w| in W[1] after training (0: the first layer never moved). */
  maxAbsW1: number;
  accuracy: number;
  /** The share of the larger class, percent: what a constant prediction can reach. */
  majority: number;
  costs: number[];
  boundary: DecisionBoundary;
};

type View = TrialView<SymmetryOutput>;

export default defineExperiment<SymmetryOutput>({
  id: "zero-init-symmetry",
  title: "Zero initialisation never breaks the symmetry of the hidden units",
  source: `${L002}; ${L000}`,
  description:
    "A [2, n_h, 1] network (tanh hidden units by default, sigmoid output) trained by batch " +
    "gradient descent (lr 1.2) on the course's planar flower (400 points, 200 per class), " +
    "from W = 0, b = 0 (`zeros`) or from the planar course's W = randn·0.01 drawn from " +
    "RandomState(2) (`random`). After training, every pair of hidden units is compared on " +
    "their W[1] row, b[1] entry and W[2] column: the largest difference, the smallest " +
    "difference between two units, and the number of distinct units; training accuracy (ŷ = 1 " +
    "where a[2] > 0.5) is set against the majority-class share.",
  params: {
    init: {
      type: "enum",
      default: "zeros",
      choices: ["zeros", "random"],
      doc: "zeros: W = 0; random: randn·0.01 (RandomState(initSeed))",
    },
    hidden: { type: "integer", default: 4, min: 2, max: 1000, doc: "hidden units n_h" },
    activation: {
      type: "enum",
      default: "tanh",
      choices: ["tanh", "sigmoid", "relu"],
      doc: "hidden activation",
    },
    iterations: { type: "integer", default: 5000, min: 1, max: 1000000, doc: "GD iterations" },
    lr: { type: "number", default: 1.2, min: 0, doc: "learning rate" },
    logEvery: { type: "integer", default: 500, min: 1, doc: "log the cost every N iterations" },
    initSeed: { type: "integer", default: 2, min: 0, doc: "np.random.seed for `random`" },
  },
  defaultSweep: [{ init: "zeros" }, { init: "random" }],
  quick: { iterations: 500, logEvery: 100 },
  seeds: [1],
  charts: [
    {
      name: "cost",
      title: "Cost by iteration, zero vs random initialisation",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "init",
      xTitle: "iteration",
      yTitle: "cross-entropy cost",
    },
    {
      name: "boundary",
      title: "Decision boundary after training",
      kind: "boundary",
      field: "boundary",
    },
  ],
  claims: [
    {
      id: "zeros-stay-symmetric",
      text: "If all weights are initialised to zero, the hidden units stay identical " +
        '("symmetric rows"; "No need of TWO or more neurons ... because all computations are ' +
        'same!"): the largest difference between any two hidden units after training is exactly 0',
      source: L002,
      expected: "max difference 0; 1 distinct unit",
      when: { init: "zeros" },
      measure: ({ outputs }: View) => {
        const s = outputs.spread;
        return {
          observed:
            `max difference ${s.maxDifference}; ${s.distinctUnits} distinct of ${s.units} ` +
            `units; max |W1| ${round(outputs.maxAbsW1, 6)}`,
          pass: s.maxDifference === 0 && s.distinctUnits === 1,
        };
      },
    },
    {
      id: "zeros-chance-accuracy",
      text: "W cannot be initialized to 0: from zeros the network ends no better than " +
        "predicting one class (training accuracy ≤ the majority-class share)",
      source: L000,
      expected: "accuracy ≤ majority share (50%)",
      when: { init: "zeros" },
      measure: ({ outputs }: View) => ({
        observed: `accuracy ${round(outputs.accuracy, 5)}%, majority share ${
          round(outputs.majority, 5)
        }%`,
        pass: outputs.accuracy <= outputs.majority,
      }),
    },
    {
      id: "random-breaks-symmetry",
      text: "Initialize weights RANDOMLY! Small random weights break the symmetry: every pair of " +
        "hidden units differs after training, and training accuracy reaches ≥ 85%",
      source: L002,
      expected: "all units distinct; accuracy ≥ 85%",
      when: { init: "random" },
      measure: ({ outputs }: View) => {
        const s = outputs.spread;
        return {
          observed: `${s.distinctUnits} distinct of ${s.units} units (closest pair differs by ${
            round(s.minPairDifference, 4)
          }); accuracy ${round(outputs.accuracy, 5)}%`,
          pass: s.distinctUnits === s.units && s.minPairDifference > 0 && outputs.accuracy >= 85,
        };
      },
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const p = ctx.params;
    const data = coursePlanar();
    const xy = uploadXY(b, data);
    const dims = [2, p.hidden as number, 1];
    const values = p.init === "zeros"
      ? initializeParameters(new RandomState(0), dims, "zeros")
      : initializeParameters(new RandomState(p.initSeed as number), dims, "random", {
        scale: 0.01,
      });
    const hidden = p.activation as "tanh" | "sigmoid" | "relu";
    const net = Network.fromValues(b, { layerDims: dims, hidden }, values);
    const costs: number[] = [];
    await train(b, net, xy.X, xy.Y, {
      optimizer: new GradientDescent(b, net.parameters(), p.lr as number),
      epochs: p.iterations as number,
      logEvery: p.logEvery as number,
      onLog: ({ epoch, cost }) => {
        costs.push(cost);
        ctx.log({ iteration: epoch, cost });
      },
    });
    const [accuracy] = await accuracyPercent(b, net, [xy]);
    const trained = await readParameters(b, net.params);
    const boundary = await networkBoundary(b, net, data);
    net.dispose();
    disposeXY(xy);
    const ones = data.Y.reduce((s, y) => s + y, 0);
    const majority = 100 * Math.max(ones, data.m - ones) / data.m;
    const maxAbsW1 = trained[0].W.reduce((s, w) => Math.max(s, Math.abs(w)), 0);
    ctx.log({ accuracy });
    return { spread: unitSpread(trained), maxAbsW1, accuracy, majority, costs, boundary };
  },
});
