/**
 * Cases for nn/many.ts `trainMany`, shared by the cpu test (tests/nn_many_test.ts: every result
 * bit for bit its lone run's) and the webgpu one (tests/gpu/nn_many.ts: within float32
 * rounding). Each case trains the same models twice from the same initial values, alone through
 * `train` and together through `trainMany`, and returns both.
 */
import type { Backend, Tensor, TrainingPath } from "../kernels/backend.ts";
import { RandomState } from "../numpy/rng.ts";
import { initializeParameters } from "../nn/init.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { trainMany } from "../nn/many.ts";
import { Network, type NetworkSpec } from "../nn/network.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { type CostEntry, train, type Trainable, type TrainOptions } from "../nn/train.ts";

/** One model of a case: how to build it and how to train it. */
interface ModelCase {
  make(b: Backend): Trainable & { dispose(): void };
  lr: number;
  options: Omit<TrainOptions, "optimizer" | "onLog">;
  /** Which of the case's data sets it trains on. */
  data?: number;
  /** No other model shares its data: it trains alone, through `train`. */
  alone?: boolean;
}

export interface ManyCase {
  name: string;
  data: { X: Float64Array; Y: Float64Array; rows: number; yRows: number; m: number }[];
  models: ModelCase[];
  /** The path every model must take on a backend without / with a fused trainer. */
  path: [TrainingPath, TrainingPath];
}

/** What one training gave: its result, what onLog saw, and the parameters after it. */
export interface Trained {
  costs: CostEntry[];
  logged: CostEntry[];
  steps: number;
  epochs: number;
  stopped: boolean;
  params: Float64Array[];
}

function randomData(seed: number, rows: number, m: number, yRows = 1, oneHot = false) {
  const rng = new RandomState(seed);
  const X = Float64Array.from(rng.rand(rows * m));
  const Y = new Float64Array(yRows * m);
  const u = rng.rand(m);
  for (let j = 0; j < m; j++) {
    if (oneHot) Y[Math.floor(u[j] * yRows) * m + j] = 1;
    else Y[j] = u[j] < 0.5 ? 0 : 1;
  }
  return { X, Y, rows, yRows, m };
}

const net = (spec: NetworkSpec, seed: number, init: "random" | "deep" = "deep") => (b: Backend) =>
  Network.fromValues(
    b,
    spec,
    initializeParameters(new RandomState(seed), spec.layerDims, init, { scale: 0.1 }),
  );

const logistic = (seed: number | null) => (b: Backend) => {
  const model = LogisticRegression.initializeWithZeros(b, 40);
  if (seed !== null) {
    const w = b.fromArray(new RandomState(seed).randn(40).map((v) => 0.01 * v), [40, 1]);
    b.assign(model.w, w);
    w.dispose();
  }
  return model;
};

const DEEP: NetworkSpec = { layerDims: [40, 6, 3, 1], hidden: "relu" };

export const MANY_CASES: ManyCase[] = [
  {
    name: "logistic regressions: different rates and epochs",
    data: [randomData(1, 40, 30)],
    models: [
      { make: logistic(null), lr: 0.5, options: { epochs: 30, logEvery: 4, readEvery: 7 } },
      { make: logistic(5), lr: 0.05, options: { epochs: 20, logEvery: 4, readEvery: 7 } },
      { make: logistic(null), lr: 2, options: { epochs: 31, logEvery: 4, readEvery: 7 } },
    ],
    path: ["stacked", "stacked"],
  },
  {
    name: "L-layer networks: first layers stacked",
    data: [randomData(2, 40, 30)],
    models: [1, 2, 3].map((seed, i) => ({
      make: net(DEEP, seed),
      lr: [0.1, 0.3, 0.05][i],
      options: { epochs: [25, 25, 18][i], logEvery: 5, logLast: false, readEvery: 10 },
    })),
    path: ["stacked", "stacked"],
  },
  {
    name: "softmax networks and a one-layer network, and a model on other data",
    data: [randomData(3, 40, 30, 3, true), randomData(4, 40, 30)],
    models: [
      ...[4, 5].map((seed, i) => ({
        make: net({ layerDims: [40, 5, 3], hidden: "tanh", output: "softmax" }, seed),
        lr: [0.2, 0.7][i],
        options: { epochs: 15, logEvery: 3 },
      })),
      // Alone: the only model on the second data set.
      {
        make: net({ layerDims: [40, 1], hidden: [] }, 6),
        lr: 0.4,
        options: { epochs: 12 },
        data: 1,
        alone: true,
      },
    ],
    path: ["stacked", "stacked"],
  },
  {
    name: "one-layer networks",
    data: [randomData(5, 40, 30)],
    models: [7, 8].map((seed, i) => ({
      make: net({ layerDims: [40, 1], hidden: [] }, seed),
      lr: [0.4, 0.9][i],
      options: { epochs: 12, logEvery: 2 },
    })),
    path: ["stacked", "stacked"],
  },
  {
    name: "diverging rates stop at their read-back (stopOnNonFinite)",
    data: [randomData(6, 40, 30)],
    models: [1e30, 0.1, 1e25].map((lr) => ({
      make: net({ layerDims: [40, 8, 1], hidden: "linear" }, 9, "random"),
      lr,
      options: { epochs: 40, logEvery: 1, readEvery: 4, stopOnNonFinite: true },
    })),
    path: ["stacked", "stacked"],
  },
  {
    name: "small networks asking for the fused kernel",
    data: [randomData(7, 2, 40)],
    models: [0.3, 1.2, 2].map((lr) => ({
      make: net({ layerDims: [2, 4, 1], hidden: "tanh" }, 2, "random"),
      lr,
      options: { epochs: 60, logEvery: 10, fused: true },
    })),
    path: ["stacked", "fused"],
  },
];

/** Trains the case's models alone (`together` false) or through one `trainMany` call. */
export async function trainCase(
  b: Backend,
  c: ManyCase,
  together: boolean,
): Promise<{ trained: Trained[]; paths: TrainingPath[] }> {
  const sets = c.data.map((d) => ({
    X: b.fromArray(d.X, [d.rows, d.m]),
    Y: b.fromArray(d.Y, [d.yRows, d.m]),
  }));
  const models = c.models.map((mc) => mc.make(b));
  const logged: CostEntry[][] = models.map(() => []);
  const requests = c.models.map((mc, i) => ({
    model: models[i],
    X: sets[mc.data ?? 0].X,
    Y: sets[mc.data ?? 0].Y,
    options: {
      ...mc.options,
      optimizer: new GradientDescent(b, models[i].parameters(), mc.lr),
      onLog: (e: CostEntry) => logged[i].push(e),
    },
  }));
  const results = [];
  const paths: TrainingPath[] = [];
  if (together) {
    for (const o of await trainMany(b, requests)) {
      if (!o.ok) throw o.error;
      results.push(o.result);
      paths.push(o.path);
    }
  } else {
    for (const r of requests) {
      const before = { ...b.trainings };
      results.push(await train(b, r.model, r.X, r.Y, r.options));
      paths.push(b.trainings.fused > before.fused ? "fused" : "layered");
    }
  }
  const trained: Trained[] = [];
  for (const [i, r] of results.entries()) {
    trained.push({ ...r, logged: logged[i], params: await b.readMany(models[i].parameters()) });
  }
  for (const m of models) m.dispose();
  for (const s of sets) for (const t of [s.X, s.Y] as Tensor[]) t.dispose();
  return { trained, paths };
}
