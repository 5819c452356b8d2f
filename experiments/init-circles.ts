/**
 * The course's "Initialization" assignment (lectures 000 and 002, initialising weights): a
 * [2, 10, 5, 1] ReLU network on make_circles from zeros, from randn·10 and from He
 * initialisation.
 */
import { courseCircles } from "../data/sklearn_shapes.ts";
import { round, within } from "../harness/claims.ts";
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
const LAYERS = [2, 10, 5, 1];

type InitCirclesOutput = {
  costs: number[];
  trainAccuracy: number;
  testAccuracy: number;
  /** The first hidden layer's units after training. */
  spread: UnitSpread;
  boundary: DecisionBoundary;
};

type View = TrialView<InitCirclesOutput>;

/** Train / test accuracy the course's assignment prints for each initialisation. */
const COURSE_ACCURACY = { zeros: [50, 50], random: [83, 86], he: [99.333, 96] } as const;

const percents = (v: readonly number[]) => v.map((x) => `${x}%`).join(" / ");
const accuracies = (o: InitCirclesOutput) =>
  `train ${round(o.trainAccuracy, 5)}%, test ${round(o.testAccuracy, 5)}%`;

export default defineExperiment<InitCirclesOutput>({
  id: "init-circles",
  title: "Zeros, large random and He initialisation of a ReLU network on circles",
  source: `${L002}; ${L000}`,
  description:
    "The course's initialisation `model`: layers [2, 10, 5, 1], ReLU, ReLU, sigmoid, on " +
    "make_circles (300 training points with noise 0.05 after np.random.seed(1), 100 test " +
    "points after np.random.seed(2)). Weights all zero (`initialize_parameters_zeros`), " +
    "randn·10 after np.random.seed(3) (`initialize_parameters_random`), or He, randn·√(2/n_prev) " +
    "after np.random.seed(3) (`initialize_parameters_he`); biases zero. Batch gradient descent " +
    "on the cross-entropy, lr 0.01, 15000 iterations, the cost every 1000; the backends guard " +
    "log(0) (the course prints inf for the large initialisation's first cost). Train and test " +
    "accuracy with ŷ = 1 where a[3] > 0.5. The quick profile trains 1500 iterations at lr 0.1.",
  params: {
    init: {
      type: "enum",
      default: "he",
      choices: ["zeros", "random", "he"],
      doc: "initialize_parameters_zeros / _random (randn·scale) / _he",
    },
    scale: { type: "number", default: 10, min: 0, doc: "`random`'s multiplier" },
    lr: { type: "number", default: 0.01, min: 0, doc: "learning rate" },
    iterations: { type: "integer", default: 15000, min: 1, max: 1000000, doc: "GD iterations" },
    logEvery: { type: "integer", default: 1000, min: 1, doc: "log the cost every N iterations" },
    initSeed: { type: "integer", default: 3, min: 0, doc: "np.random.seed before the initialiser" },
  },
  defaultSweep: [{ init: "zeros" }, { init: "random" }, { init: "he" }],
  quick: { iterations: 1500, lr: 0.1, logEvery: 100 },
  seeds: [1],
  charts: [
    {
      name: "cost",
      title: "Cost by iteration, per initialisation",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "init",
      log10: true,
      xTitle: "iteration",
      yTitle: "log10 cross-entropy cost",
    },
    {
      name: "boundary",
      title: "Decision boundary after training (test points not shown)",
      kind: "boundary",
      field: "boundary",
    },
  ],
  claims: [
    ...(["zeros", "random", "he"] as const).map((init) => ({
      id: `course-accuracy-${init}`,
      text: `The course's run (${init}, lr 0.01, 15000 iterations) prints train / test ` +
        `accuracy ${percents(COURSE_ACCURACY[init])}: the same setup here lands within 0.5 ` +
        "points of both",
      source: `${L002} (the course's Initialization assignment)`,
      expected: [...COURSE_ACCURACY[init]],
      tolerance: 0.5,
      when: {
        init,
        lr: 0.01,
        iterations: 15000,
        initSeed: 3,
        ...(init === "random" ? { scale: 10 } : {}),
      },
      measure: ({ outputs, tolerance }: View) => ({
        observed: [round(outputs.trainAccuracy, 5), round(outputs.testAccuracy, 5)],
        pass: within(
          [outputs.trainAccuracy, outputs.testAccuracy],
          COURSE_ACCURACY[init],
          tolerance,
        ),
      }),
    })),
    {
      id: "zeros-fail-to-break-symmetry",
      text: "Do NOT initialize all weights are ZERO!! From zeros the network never breaks " +
        "symmetry: the cost stays at ln 2 at every logged iteration, the hidden units stay " +
        "identical and accuracy is 50% on train and test",
      source: L002,
      expected: "train 50%, test 50%; cost ln 2 throughout",
      tolerance: { float64: 1e-12, float32: 1e-6 },
      when: { init: "zeros" },
      measure: ({ outputs, tolerance }: View) => {
        const off = Math.max(...outputs.costs.map((c) => Math.abs(c - Math.LN2)));
        return {
          observed: `${accuracies(outputs)}; max |cost − ln 2| ${
            round(off, 3)
          }; ${outputs.spread.distinctUnits} distinct of ${outputs.spread.units} units`,
          pass: outputs.trainAccuracy === 50 && outputs.testAccuracy === 50 &&
            off <= tolerance && outputs.spread.distinctUnits === 1,
        };
      },
    },
    {
      id: "large-random-starts-high",
      text: "With randn·10 the output units saturate: the first cost is far above ln 2 (the " +
        "course prints inf), above 2",
      source: L002,
      expected: "first cost > 2 (course: inf)",
      when: { init: "random" },
      measure: ({ outputs }: View) => ({
        observed: round(outputs.costs[0], 6),
        pass: outputs.costs[0] > 2,
      }),
    },
    {
      id: "large-random-slow",
      text: "If too large, a = g(z) will be in the flat areas and gradient descent will be very, " +
        "very slow: from randn·10 the network ends with training accuracy ≤ 90% and a final " +
        "cost ≥ 0.3",
      source: L002,
      expected: "train ≤ 90%, final cost ≥ 0.3 (course: 83% / 86%)",
      when: { init: "random" },
      measure: ({ outputs }: View) => {
        const last = outputs.costs.at(-1)!;
        return {
          observed: `${accuracies(outputs)}; final cost ${round(last, 6)}`,
          pass: outputs.trainAccuracy <= 90 && last >= 0.3,
        };
      },
    },
    {
      id: "he-high-accuracy",
      text: "Initialize weights RANDOMLY!, at a scale suited to the layer (He, " +
        "randn·√(2/n_prev)): training accuracy ≥ 95% and test accuracy ≥ 90%",
      source: L002,
      expected: "train ≥ 95%, test ≥ 90% (course: 99.3% / 96%)",
      when: { init: "he" },
      measure: ({ outputs }: View) => ({
        observed: accuracies(outputs),
        pass: outputs.trainAccuracy >= 95 && outputs.testAccuracy >= 90,
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const p = ctx.params;
    const { train: trainSet, test: testSet } = courseCircles();
    const tr = uploadXY(b, trainSet), te = uploadXY(b, testSet);
    const rng = new RandomState(p.initSeed as number);
    const values = p.init === "random"
      ? initializeParameters(rng, LAYERS, "random", { scale: p.scale as number })
      : initializeParameters(rng, LAYERS, p.init as "zeros" | "he");
    const net = Network.fromValues(b, { layerDims: LAYERS, hidden: "relu" }, values);
    const costs: number[] = [];
    await train(b, net, tr.X, tr.Y, {
      optimizer: new GradientDescent(b, net.parameters(), p.lr as number),
      epochs: p.iterations as number,
      logEvery: p.logEvery as number,
      onLog: ({ epoch, cost }) => {
        costs.push(cost);
        ctx.log({ iteration: epoch, cost });
      },
    });
    const [trainAccuracy, testAccuracy] = await accuracyPercent(b, net, [tr, te]);
    const spread = unitSpread(await readParameters(b, net.params));
    const boundary = await networkBoundary(b, net, trainSet);
    net.dispose();
    disposeXY(tr, te);
    ctx.log({ train_accuracy: trainAccuracy, test_accuracy: testAccuracy });
    return { costs, trainAccuracy, testAccuracy, spread, boundary };
  },
});
