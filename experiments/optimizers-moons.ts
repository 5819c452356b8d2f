/**
 * The course's "Optimization methods" assignment (lecture 000's hyperparameters: momentum,
 * minibatch size, optimisation parameters; lecture 002's mini-batch gradient descent):
 * mini-batch gradient descent, momentum and Adam on the moons.
 */
import { courseMoons } from "../data/sklearn_shapes.ts";
import type { LineChart } from "../harness/experiment.ts";
import { OPTIMIZER_NAMES } from "../nn/optimizers.ts";
import { figures } from "./lib/printed_figures.ts";
import { boundaryCharts, courseShare, float32Diverges } from "./lib/fit_on_points.ts";
import { FLOAT32_COSTS } from "./lib/optimization_float32.ts";
import { curveAt, type PrintedEpochs, trainNotebookModel } from "./lib/printed_epochs.ts";
import { snapshotPoints } from "./lib/two_d.ts";
import { assignment, type DecisionBoundary, defineExperiment, project } from "./prelude.ts";
import { initSeed, learningRate } from "./lib/param_specs.ts";

const LAYERS = [2, 5, 2, 1];

/** The 2017 notebook (`num_epochs = 10000`) prints the last mini-batch's mean cost every 1000. */
const V2017 = "2017 version: 10000 epochs, prints the last mini-batch's cost";
/** The 2021 notebook (`num_epochs = 5000`) prints `cost_avg = cost_total / m` every 1000 epochs. */
const V2021 = "2021 version: 5000 epochs, prints the epoch's average cost";

/** What each notebook version prints for one optimiser: its costs, then "Accuracy: …" of each. */
const versions = (c2017: string, c2021: string, [a2017, a2021]: [number, number | null]) => ({
  v2017: { costs: figures(c2017), accuracy: a2017 },
  v2021: { costs: figures(c2021), accuracy: a2021 },
});
const COURSE = {
  gd: versions(
    "0.690736 0.685273 0.647072 0.619525 0.576584 0.607243 0.529403 0.460768 0.465586 0.464518",
    "0.702405 0.668101 0.635288 0.600491 0.573367",
    [0.796666666667, 0.7166666666666667],
  ),
  momentum: versions(
    "0.690741 0.685341 0.647145 0.619594 0.576665 0.607324 0.529476 0.460936 0.46578 0.46474",
    "0.702413 0.668167 0.635388 0.600591 0.573444",
    [0.796666666667, 0.7166666666666667],
  ),
  // No copy of the 2021 notebook at hand prints Adam's accuracy.
  adam: versions(
    "0.690552 0.185567 0.150852 0.074454 0.125936 0.104235 0.100552 0.031601 0.111709 0.197648",
    "0.702166 0.167845 0.141316 0.138788 0.136066",
    [0.94, null],
  ),
};

/** The course's settings (both versions); the 2017 one trains 10000 epochs. */
const COURSE_RUN = {
  ...{ lr: 0.0007, miniBatch: 64, epochs: 10000, logEvery: 1000, initSeed: 3, shuffleSeed: 10 },
  ...{ beta: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
} as const;

/** Where the boundary is recorded, as shares of the run: epochs 0, 100, 1000, 5000 and 10000. */
const SNAPSHOTS = [1 / 100, 1 / 10, 1 / 2];

/** The 2017 notebook's `str(np.mean(...))` (NumPy before 1.14) prints 12 significant digits. */
const PY2_STR = { kind: "rounds", decimals: 12 } as const;
const EQUALS = { kind: "equals" } as const;

/** The run's curves and snapshots (at 0, 1/100, 1/10, 1/2 of the epochs, the end), the boundary. */
type MoonsOutput = PrintedEpochs & { boundary: DecisionBoundary };
type View = { outputs: MoonsOutput };
const SHUFFLE_DOC = "the course's `seed = 10`: epoch i shuffles with seed + 1 + i";
type CostCurve = "lastBatchCost" | "averageCost";
const range = (n: number) => Array.from({ length: n }, (_, i) => 1000 * i);
const printed = (v: readonly (number | null)[]) => v.map((c) => c?.toFixed(6)).join(", ");
/** A per-optimiser line of a figure `y` logged by epoch. */
const byEpoch = (name: string, title: string, yTitle: string, y = name): LineChart => {
  const axes = { color: "optimizer", xTitle: "epoch", yTitle };
  return { name, title, kind: "line", x: "epoch", y, ...axes };
};

export default defineExperiment({
  id: "optimizers-moons",
  title: "Mini-batch gradient descent, momentum and Adam on the moons",
  source: assignment("optimization"),
  description: "The course's optimisation `model`: make_moons (300 points, noise 0.2, after " +
    "np.random.seed(3)), layers [2, 5, 2, 1] (ReLU, ReLU, sigmoid), He initialisation after " +
    "np.random.seed(3), lr 0.0007, mini-batches of 64 (the last one 44), 10000 epochs. Epoch i " +
    "(from 0) calls np.random.seed(11 + i) (`seed = 10; seed = seed + 1`), draws " +
    "permutation(300) and slices contiguous mini-batches. Updates: gradient descent; momentum " +
    "with β = 0.9 (velocities from zero, no bias correction); Adam with β1 = 0.9, β2 = 0.999, " +
    "ε = 1e-8 and t counting mini-batch updates. Versions of the notebook print different " +
    "figures for the same run, and both are logged every 1000 epochs: the 2017 version " +
    "(10000 epochs) prints the cost of the epoch's last mini-batch (`last_batch_cost`, measured " +
    "before its update), the 2021 version (5000 epochs) the epoch's average cost_avg = " +
    "cost_total / m (`cost`: each mini-batch's summed cross-entropy added up over the epoch and " +
    "divided by 300). Training accuracy (ŷ = 1 where a[3] > 0.5) is measured after 5000 epochs " +
    "(the 2021 run's end) and at the end.",
  params: {
    optimizer: {
      type: "enum",
      default: "adam",
      choices: OPTIMIZER_NAMES,
      doc: "gd, momentum or adam",
    },
    lr: learningRate(0.0007, { min: 1e-4, max: 0.1 }),
    miniBatch: { type: "integer", default: 64, min: 1, max: 300, doc: "mini-batch size" },
    epochs: { type: "integer", default: 10000, min: 1, max: 1000000, doc: "passes over the data" },
    beta: { type: "number", default: 0.9, min: 0, max: 1, doc: "momentum's β" },
    beta1: { type: "number", default: 0.9, min: 0, max: 1, doc: "Adam's β1" },
    beta2: { type: "number", default: 0.999, min: 0, max: 1, doc: "Adam's β2" },
    epsilon: { type: "number", default: 1e-8, min: 0, doc: "Adam's ε" },
    logEvery: { type: "integer", default: 1000, min: 1, doc: "log the costs every N epochs" },
    initSeed: initSeed(3),
    shuffleSeed: { type: "integer", default: 10, min: 0, doc: SHUFFLE_DOC },
  },
  defaultSweep: OPTIMIZER_NAMES.map((optimizer) => ({ optimizer })),
  quick: { epochs: 1000, logEvery: 100 },
  seeds: [1],
  charts: [
    byEpoch(
      "cost",
      "Epoch cost (cost_total / m, the 2021 notebook's) by epoch, per optimiser",
      "cross-entropy cost",
    ),
    byEpoch(
      "last-batch-cost",
      "Cost of the epoch's last mini-batch (the 2017 notebook's) by epoch, per optimiser",
      "cross-entropy cost of the last mini-batch",
      "last_batch_cost",
    ),
    {
      name: "accuracy",
      title: "Training accuracy by optimiser",
      kind: "summary",
      x: "optimizer",
      y: "accuracy",
      yTitle: "training accuracy (%)",
    },
    ...boundaryCharts("Decision boundary", "Decision boundary during training, per optimiser"),
  ],
  async run(ctx): Promise<MoonsOutput> {
    const p = ctx.params;
    // The accuracy also after 5000 epochs, the 2021 run's end.
    const opts = { ...p, snapshotAt: snapshotPoints(p.epochs, SNAPSHOTS), accuracyAt: [5000] };
    const run = await trainNotebookModel(ctx.backend, courseMoons(), LAYERS, opts, ctx.log);
    ctx.log({ accuracy: run.accuracy.values.at(-1)! });
    return run;
  },
  claims: [
    ...OPTIMIZER_NAMES.flatMap((optimizer) => {
      const c = COURSE[optimizer];
      /** The version's "Cost after epoch i: …" every 1000 epochs, `what` it prints. */
      const costs = (v: 2017 | 2021, chart: string, what: string, curve: CostCurve) => {
        const { costs } = c[`v${v}`], id = `course-${v}-costs-${optimizer}`;
        const at = range(costs.length), measured = (o: MoonsOutput) => curveAt(o[curve], at);
        return {
          id,
          chart,
          text: `model(train_X, train_Y, layers_dims, optimizer = "${optimizer}") in the ${v} ` +
            `notebook prints "Cost after epoch i: …" (${what}) for i = 0, 1000, …, ${at.at(-1)}: ` +
            costs.join(", "),
          source: assignment("optimization", v === 2017 ? V2017 : V2021),
          expected: [...costs],
          check: { kind: "rounds", decimals: 6 } as const,
          when: { optimizer, ...COURSE_RUN },
          observe: ({ outputs }: View) => measured(outputs),
          note: ({ outputs }: View) => `measured ${printed(measured(outputs))}`,
          ...float32Diverges(FLOAT32_COSTS[id]),
        };
      };
      /** The version's "Accuracy: …" on the training set at its run's end, shown on `chart`. */
      const accuracy = (v: 2017 | 2021, chart: string) => ({
        id: `course-${v}-accuracy-${optimizer}`,
        chart,
        text: `…and "Accuracy: ${c[`v${v}`].accuracy}" after ` +
          (v === 2017 ? "10000 epochs (Python 2's str: 12 significant digits)" : "its 5000 epochs"),
        source: assignment("optimization", v === 2017 ? V2017 : V2021),
        expected: c[`v${v}`].accuracy,
        check: v === 2017 ? PY2_STR : EQUALS,
        when: { optimizer, ...COURSE_RUN },
        observe: ({ outputs: o }: View) =>
          courseShare(curveAt(o.accuracy, [v === 2017 ? 10000 : 5000])[0]!, 300),
      });
      return [
        costs(2017, "last-batch-cost", "the last mini-batch's cost", "lastBatchCost"),
        accuracy(2017, "accuracy"),
        costs(2021, "cost", "cost_total / m", "averageCost"),
        ...(c.v2021.accuracy === null ? [] : [accuracy(2021, "boundary-training")]),
      ];
    }),
    {
      id: "adam-separates",
      chart: "boundary",
      text: "Adam (momentum plus RMS scaling, with bias correction) separates the moons far " +
        'better at the same learning rate ("Adam clearly outperforms mini-batch gradient ' +
        'descent and Momentum"): training accuracy ≥ 90% after 10000 epochs',
      source: project(
        "90%: above what gradient descent and momentum reach (course: 79.7%), " +
          "below Adam's 94%",
      ),
      expected: 90,
      check: { kind: "atLeast" },
      when: { optimizer: "adam", epochs: 10000 },
      observe: ({ outputs }) => outputs.accuracy.values[outputs.accuracy.values.length - 1],
    },
    ...(["gd", "momentum"] as const).map((optimizer) => ({
      id: `${optimizer}-below-adam`,
      chart: "boundary",
      text: optimizer === "gd"
        ? "Mini-batch gradient descent at lr 0.0007 leaves the moons poorly separated: " +
          "training accuracy ≤ 85% after 10000 epochs"
        : "Momentum (β = 0.9) at this small learning rate is no better than plain mini-batch " +
          'gradient descent ("its impact is almost negligible"): training accuracy ≤ 85% after ' +
          "10000 epochs, like gd",
      source: project("85%: between the course's 79.7% (gd and momentum) and Adam's 94%"),
      expected: 85,
      check: { kind: "atMost" } as const,
      when: { optimizer, epochs: 10000 },
      observe: ({ outputs }: View) => outputs.accuracy.values[outputs.accuracy.values.length - 1],
    })),
  ],
});
