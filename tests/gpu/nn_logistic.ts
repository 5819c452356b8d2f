/**
 * Logistic regression (nn/logistic.ts) against the course's week-2 assignment: propagate's
 * printed gradients and cost, optimize's w and b after 100 steps, predict; a longer numpy run;
 * softmax regression and one-vs-all against numpy and on separable data.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { RandomState } from "../../numpy/rng.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import { logisticModel, LogisticRegression, optimize } from "../../nn/logistic.ts";
import { OneVsAll } from "../../nn/one_vs_all.ts";
import { SoftmaxRegression } from "../../nn/softmax_regression.ts";
import { train } from "../../nn/train.ts";
import { assertClose, f64, NN, openWebGpu } from "../fixtures/nn/fixture.ts";

const cpu = new CpuBackend();
const gpu = await openWebGpu();
const L = NN.logistic;

/** The course's case: w = [[1], [2]], b = 2, X = [[1, 2, −1], [3, 4, −3.2]], Y = [[1, 0, 1]]. */
function courseCase(b: Backend) {
  const model = new LogisticRegression(b, b.fromArray([1, 2], [2, 1]), b.fromArray([2], [1, 1]));
  const X = b.fromArray([1, 2, -1, 3, 4, -3.2], [2, 3]);
  const Y = b.fromArray([1, 0, 1], [1, 3]);
  return { model, X, Y };
}

Deno.test("propagate gives the course's dw, db and cost", async () => {
  const { model, X, Y } = courseCase(cpu);
  const p = model.propagate(X, Y);
  const [dw, db, cost] = await cpu.readMany([p.dw, p.db, p.cost!]);
  // As printed in the assignment: dw = [[0.99845601] [2.39507239]], db = 0.00145557813678,
  // cost = 5.801545319394553.
  assertClose(dw, [0.99845601, 2.39507239], 0, 5e-9, "dw");
  assertClose(db, [0.00145557813678], 0, 1e-14, "db");
  assertClose(cost, [5.801545319394553], 1e-15, 0, "cost");
  assertClose(dw, f64(L.propagate.dw), 1e-15, 0, "dw vs numpy");
});

Deno.test("optimize (100 iterations, α = 0.009) gives the course's w and b", async () => {
  const { model, X, Y } = courseCase(cpu);
  const r = await optimize(model, X, Y, 100, 0.009);
  assert.equal(r.costs.length, 1, "the cost at iteration 0 only");
  const [w, b] = await cpu.readMany([model.w, model.b]);
  assertClose(w, [0.19033591, 0.12259159], 0, 5e-9, "w"); // as printed
  assertClose(b, [1.92535983008], 0, 5e-12, "b");
  assertClose(w, f64(L.optimize.w), 1e-13, 0, "w vs numpy");
  assertClose(b, [L.optimize.b], 1e-13, 0, "b vs numpy");
});

Deno.test("predict gives the course's [[1, 1, 0]]", async () => {
  const model = new LogisticRegression(
    cpu,
    cpu.fromArray([0.1124579, 0.23106775], [2, 1]),
    cpu.fromArray([-0.3], [1, 1]),
  );
  const X = cpu.fromArray([1, -1.1, -3.2, 1.2, 2, 0.1], [2, 3]);
  assert.deepEqual(Array.from(await cpu.read(model.predict(X))), [1, 1, 0]);
});

for (const [name, backend] of [["cpu", cpu], ["webgpu", gpu]] as const) {
  Deno.test({
    name: `logistic regression from zeros matches numpy's optimize over 301 iterations (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b = backend!;
      const R = L.random;
      const X = b.fromArray(f64(R.X), [5, 60]);
      const Y = b.fromArray(f64(R.Y), [1, 60]);
      const model = LogisticRegression.initializeWithZeros(b, 5);
      const r = await optimize(model, X, Y, R.iterations, R.lr);
      const rel = b.dtype === "float64" ? 1e-12 : 2e-5;
      assertClose(r.costs.map((c) => c.cost), R.costs, rel, 0, "costs at 0, 100, 200, 300");
      const [w, bias] = await b.readMany([model.w, model.b]);
      assertClose(w, f64(R.w), rel, 1e-6, "w");
      assertClose(bias, [R.b], rel, 1e-6, "b");
      const res = await logisticModel(b, X, Y, X, Y, 300, 0.5);
      assert.ok(res.trainAccuracy >= 95, `train accuracy ${res.trainAccuracy}`);
      assert.equal(res.trainAccuracy, res.testAccuracy);
    },
  });
}

Deno.test("softmax regression from zeros matches numpy (50 iterations, α = 0.5)", async () => {
  const S = NN.softmax;
  const m = S.labels.length;
  const X = cpu.fromArray(f64(S.X), [4, m]);
  const Y = cpu.oneHot(cpu.fromArray(S.labels, [1, m]), S.K);
  const model = SoftmaxRegression.zeros(cpu, 4, S.K);
  const r = await train(cpu, model, X, Y, {
    optimizer: new GradientDescent(cpu, model.parameters(), 0.5),
    epochs: 50,
    logEvery: 10,
    logLast: false,
  });
  assertClose(r.costs.map((c) => c.cost), S.costs, 1e-13, 0, "costs");
  assert.ok(Math.abs(r.costs[0].cost - Math.log(3)) < 1e-15, "J = log K at W = 0");
  const [W, b] = await cpu.readMany([model.W, model.b]);
  assertClose(W, f64(S.W), 1e-12, 1e-15, "W");
  assertClose(b, f64(S.b), 1e-12, 1e-15, "b");
});

/** Three well separated blobs in 2-D, labels 0..2. */
function blobs(rng: RandomState, m: number) {
  const centres = [[0, 3], [3, -2], [-3, -2]];
  const labels = rng.randint(0, 3, m);
  const x = new Float64Array(2 * m);
  labels.forEach((k, j) => {
    x[j] = centres[k][0] + 0.5 * rng.randn(1)[0];
    x[m + j] = centres[k][1] + 0.5 * rng.randn(1)[0];
  });
  return { x, labels };
}

for (const [name, backend] of [["cpu", cpu], ["webgpu", gpu]] as const) {
  Deno.test({
    name: `softmax regression and one-vs-all classify separable blobs (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b = backend!;
      const { x, labels } = blobs(new RandomState(4), 90);
      const X = b.fromArray(x, [2, 90]);
      const L = b.fromArray(labels, [1, 90]);
      const Y = b.oneHot(L, 3);
      for (const model of [SoftmaxRegression.zeros(b, 2, 3), OneVsAll.zeros(b, 2, 3)]) {
        const r = await train(b, model, X, Y, {
          optimizer: new GradientDescent(b, model.parameters(), 0.5),
          epochs: 200,
          logEvery: 50,
        });
        assert.ok(
          r.costs.at(-1)!.cost < r.costs[0].cost / 5,
          `${model.constructor.name} cost falls`,
        );
        const [acc] = await b.readMany([b.accuracy(model.predict(X), L)]);
        assert.equal(acc[0], 1, `${model.constructor.name} accuracy`);
        model.dispose();
      }
    },
  });
}

Deno.test("one-vs-all trains K independent logistic regressions", async () => {
  // Row k of the stacked model equals a separate logistic regression on "class k vs rest".
  const { x, labels } = blobs(new RandomState(5), 40);
  const X = cpu.fromArray(x, [2, 40]);
  const Y = cpu.oneHot(cpu.fromArray(labels, [1, 40]), 3);
  const ova = OneVsAll.zeros(cpu, 2, 3);
  await train(cpu, ova, X, Y, {
    optimizer: new GradientDescent(cpu, ova.parameters(), 0.3),
    epochs: 50,
  });
  const [W, bias] = await cpu.readMany([ova.W, ova.b]);
  for (let k = 0; k < 3; k++) {
    const single = LogisticRegression.initializeWithZeros(cpu, 2);
    const Yk = cpu.fromArray(labels.map((l) => l === k ? 1 : 0), [1, 40]);
    await optimize(single, X, Yk, 50, 0.3);
    const [w, b] = await cpu.readMany([single.w, single.b]);
    assertClose(W.subarray(2 * k, 2 * k + 2), w, 1e-12, 1e-15, `w of class ${k}`);
    assertClose([bias[k]], b, 1e-12, 1e-15, `b of class ${k}`);
  }
});
