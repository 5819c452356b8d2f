/**
 * A small network trained on 2-D points as the course's assignments train it (batch gradient
 * descent, "Cost after iteration i" every N iterations, then train and test accuracy and the
 * decision boundary): the routine the initialisation, regularisation and planar experiments
 * share, the logged costs their claims read, their cost and boundary charts, and the claims on
 * what the notebooks print (costs, "Accuracy: …") built from the printed figures.
 */
import type { XY } from "../../data/reg2d.ts";
import type { ChartSpec, Context, MetricRow, OutputChart } from "../../harness/experiment.ts";
import type { Tolerance } from "../../harness/verdict.ts";
import type { Backend } from "../../kernels/backend.ts";
import type { Network } from "../../nn/network.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import type { CostEntry } from "../../nn/train.ts";
import type { BoundarySnapshots, DecisionBoundary } from "../../schema/payloads.ts";
import { accuracyPercent } from "./net_measures.ts";
import {
  disposeXY,
  networkBoundary,
  snapshotPoints,
  trainWithSnapshots,
  uploadXY,
  type XYTensors,
} from "./two_d.ts";

/** The costs a run logged, and the iteration of each. */
export type LoggedCosts = {
  costs: number[];
  costIterations: number[];
};

/** The logged costs at `iterations` (null where none was logged). */
export function costsAt(o: LoggedCosts, iterations: readonly number[]): (number | null)[] {
  return iterations.map((i) => {
    const k = o.costIterations.indexOf(i);
    return k < 0 ? null : o.costs[k];
  });
}

/**
 * Keeps every cost a training run logs and logs it as the metric row
 * `{ ...fields, iteration, cost }`: pass `onLog` to the run.
 */
export function recordCosts(
  log: (row: MetricRow) => void,
  fields: MetricRow = {},
): LoggedCosts & { onLog: (c: CostEntry) => void } {
  const costs: number[] = [], costIterations: number[] = [];
  return {
    costs,
    costIterations,
    onLog: ({ epoch, cost }) => {
      costs.push(cost);
      costIterations.push(epoch);
      log({ ...fields, iteration: epoch, cost });
    },
  };
}

/** The course's `np.mean(p == y)` from an accuracy in percent: the share k / m right. */
export function courseShare(percent: number, m: number): number {
  return Math.round(percent * m / 100) / m;
}

/**
 * Training points whose first prediction ŷ is exactly 0 or 1 on the wrong side: each makes the
 * course's first cost log(0) = inf.
 */
export async function wrongSaturated(b: Backend, net: Network, data: XY): Promise<number> {
  const first = b.tidy(() => net.forward(b.fromArray(data.X, [2, data.m])).AL);
  const [a0] = await b.readMany([first]);
  first.dispose();
  return a0.reduce(
    (n, a, i) => n + ((a === 1 && data.Y[i] === 0) || (a === 0 && data.Y[i] === 1) ? 1 : 0),
    0,
  );
}

/**
 * Trains `net` on one set of points through `ctx.train` (trials of a batch train together: one
 * job of the backend's fused kernel on webgpu, recorded in the manifest), handing `onLog` the
 * logged costs; then its training accuracy (%) and boundary. Disposes `net`.
 */
export async function fitInBatch(
  ctx: { backend: Backend; train: Context["train"] },
  net: Network,
  xy: XYTensors,
  data: XY,
  opts: { lr: number; iterations: number; logEvery: number; onLog: (c: CostEntry) => void },
): Promise<{ accuracy: number; boundary: DecisionBoundary }> {
  const b = ctx.backend;
  await ctx.train(net, xy.X, xy.Y, {
    optimizer: new GradientDescent(b, net.parameters(), opts.lr),
    epochs: opts.iterations,
    logEvery: opts.logEvery,
    fused: true,
    onLog: opts.onLog,
  });
  const [accuracy] = await accuracyPercent(b, net, [xy]);
  const boundary = await networkBoundary(b, net, data);
  net.dispose();
  return { accuracy, boundary };
}

/** What `fitOnPoints` measured. */
export type PointsFit = LoggedCosts & {
  /** Accuracy in percent, and as the course prints it (np.mean(p == y): k / m). */
  trainAccuracy: number;
  testAccuracy: number;
  trainShare: number;
  testShare: number;
  /** The boundary over the training points after training. */
  boundary: DecisionBoundary;
  /** The boundary at 0, at each fraction of the iterations in `snapshots`, and at the end. */
  snapshots: BoundarySnapshots;
};

/**
 * Trains `net` on `train` by batch gradient descent (the backend's fused small-network kernel
 * on webgpu, recorded in the manifest; nn/network.ts's loop on cpu), logging the cost every
 * `logEvery` iterations as `{ ...fields, iteration, cost }` and recording the boundary at
 * `snapshotPoints(iterations, snapshots)`; then logs `{ train_accuracy, test_accuracy }`. The
 * caller disposes `net`.
 */
export async function fitOnPoints(
  ctx: { backend: Backend; log: Context["log"] },
  net: Network,
  data: { train: XY; test: XY },
  opts: {
    lr: number;
    iterations: number;
    logEvery: number;
    snapshots: readonly number[];
    fields?: MetricRow;
  },
): Promise<PointsFit> {
  const b = ctx.backend;
  const tr = uploadXY(b, data.train), te = uploadXY(b, data.test);
  const logged = recordCosts(ctx.log, opts.fields);
  const { snapshots } = await trainWithSnapshots(
    b,
    net,
    tr.X,
    tr.Y,
    {
      optimizer: new GradientDescent(b, net.parameters(), opts.lr),
      epochs: opts.iterations,
      logEvery: opts.logEvery,
      fused: true,
      onLog: logged.onLog,
    },
    data.train,
    snapshotPoints(opts.iterations, opts.snapshots),
  );
  const [trainAccuracy, testAccuracy] = await accuracyPercent(b, net, [tr, te]);
  const boundary = await networkBoundary(b, net, data.train);
  disposeXY(tr, te);
  ctx.log({ train_accuracy: trainAccuracy, test_accuracy: testAccuracy });
  return {
    costs: logged.costs,
    costIterations: logged.costIterations,
    trainAccuracy,
    testAccuracy,
    trainShare: courseShare(trainAccuracy, data.train.m),
    testShare: courseShare(testAccuracy, data.test.m),
    boundary,
    snapshots,
  };
}

/** A chart of the decision boundary the outputs hold in `field` (of the first trial only). */
export function boundaryChart(
  name: string,
  title: string,
  field: string,
  firstTrialOnly = false,
): OutputChart {
  const first = firstTrialOnly ? { firstTrialOnly } : {};
  return { name, title, kind: "boundary", field, ...first };
}

/** The boundary after training (`boundary`) and during it (`boundary-training`) as charts. */
export function boundaryCharts(after: string, during: string): ChartSpec[] {
  return [
    { name: "boundary", title: after, kind: "boundary", field: "boundary" },
    { name: "boundary-training", title: during, kind: "boundary", field: "snapshots" },
  ];
}

/** `{ diverges }` of a claim that float32 does not reproduce, for `reason`; `{}` without one. */
export function float32Diverges(reason?: string) {
  return reason === undefined ? {} : { diverges: { dtype: "float32" as const, reason } };
}

/**
 * Claims that a run prints the course's "Accuracy: …" on the train set and on the test set
 * (`expected`: the two printed figures, np.mean(p == y)), shown beside the boundary; for the
 * experiment's output type `O` (named, so that it does not shape the claims' inferred type).
 * `float32`: why float32 does not reproduce them, where it does not.
 */
export function printedAccuracyClaims<O extends { trainShare: number; testShare: number }>() {
  return <const W>(id: string, text: string, expected: number[], when: W, float32?: string) => ({
    id,
    chart: "boundary",
    text,
    expected,
    check: { kind: "equals" } as const,
    when,
    observe: ({ outputs }: { outputs: O }) => [outputs.trainShare, outputs.testShare],
    ...float32Diverges(float32),
  });
}

/**
 * What a course notebook prints for one run (its call, costs and train and test accuracy), the
 * tolerance its costs are held to, and why float32 does not reach them, where it does not.
 */
export type PrintedRun<S> = {
  name: string;
  /** The run's params. */
  setup: S;
  call: string;
  costs: number[];
  accuracy: number[];
  tolerance: Tolerance;
  costsFloat32?: string;
  accuracyFloat32?: string;
};

/**
 * Claims that a run prints the course's "Cost after iteration i: …" for i in `at` (`expected`,
 * within `tolerance`), shown beside the cost chart with the measured costs as the note; for the
 * experiment's output type `O`. `float32`: why float32 does not reproduce them, where it does not.
 */
export function printedCostsClaims<O extends LoggedCosts>() {
  return <const W>(c: {
    id: string;
    text: string;
    expected: number[];
    tolerance: Tolerance;
    when: W;
    at: readonly number[];
    float32?: string;
  }) => ({
    id: c.id,
    chart: "cost",
    text: c.text,
    expected: c.expected,
    check: { kind: "near", tolerance: c.tolerance } as const,
    when: c.when,
    observe: ({ outputs }: { outputs: O }) => costsAt(outputs, c.at),
    note: ({ outputs }: { outputs: O }) => `measured ${costsAt(outputs, c.at).join(", ")}`,
    ...float32Diverges(c.float32),
  });
}

/**
 * The two claims on a `PrintedRun` (`course-costs-<name>`, `course-accuracy-<name>`): its call
 * prints "Cost after iteration i: …" for i in `at`, and "Accuracy: …" on the training and test
 * sets; judged on trials with params `when`.
 */
export function printedRunClaims<O extends PointsFit>() {
  const costsClaim = printedCostsClaims<O>(), accuracyClaim = printedAccuracyClaims<O>();
  return <S, const W>(c: PrintedRun<S>, when: W, at: readonly number[]) => [
    costsClaim({
      id: `course-costs-${c.name}`,
      text: `${c.call} prints "Cost after iteration i: …" for i = ${at.join(", ")}: ` +
        c.costs.join(", "),
      expected: c.costs,
      tolerance: c.tolerance,
      when,
      at,
      float32: c.costsFloat32,
    }),
    accuracyClaim(
      `course-accuracy-${c.name}`,
      `…and "Accuracy: ${c.accuracy[0]}" on the training set, "Accuracy: ${c.accuracy[1]}" ` +
        "on the test set",
      c.accuracy,
      when,
      c.accuracyFloat32,
    ),
  ];
}
