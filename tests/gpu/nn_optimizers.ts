/**
 * nn/optimizers.ts and nn/train.ts against the course's numpy code (tests/fixtures/nn/gen_nn.py):
 * random_mini_batches' partition for a seed, one momentum / Adam update, and whole mini-batch
 * training runs (gd, momentum, Adam) of the Optimization assignment's model().
 */
import assert from "node:assert/strict";
import type { Backend } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { Network, readParameters } from "../../nn/network.ts";
import {
  Adam,
  GradientDescent,
  makeOptimizer,
  miniBatchPartition,
  Momentum,
  type OptimizerName,
  randomMiniBatches,
} from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import { assertClose, f64, layers, NN, openWebGpu } from "../fixtures/nn/fixture.ts";

const cpu = new CpuBackend();
const gpu = await openWebGpu();
const BACKENDS: [string, Backend | null][] = [["cpu", cpu], ["webgpu", gpu]];

interface BatchCase {
  m: number;
  size: number;
  seed: number;
  batches: number[][];
}

Deno.test("miniBatchPartition matches random_mini_batches' columns for each seed", () => {
  for (const c of NN.minibatches as BatchCase[]) {
    const got = miniBatchPartition(c.m, c.size, c.seed).map((b) => Array.from(b));
    assert.deepEqual(got, c.batches, `m ${c.m}, size ${c.size}, seed ${c.seed}`);
  }
  // m = 148, size 64: two full mini-batches and a last one of 148 − 128 = 20.
  assert.deepEqual(miniBatchPartition(148, 64, 10).map((b) => b.length), [64, 64, 20]);
});

for (const [name, backend] of BACKENDS) {
  Deno.test({
    name: `randomMiniBatches gathers and slices X and Y as numpy (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b = backend!;
      for (const c of NN.minibatches as BatchCase[]) {
        const xs = Array.from({ length: 2 * c.m }, (_, i) => i % c.m);
        const X = b.fromArray(xs, [2, c.m]);
        const Y = b.fromArray(Array.from({ length: c.m }, (_, j) => 10 * j), [1, c.m]);
        const batches = randomMiniBatches(b, X, Y, c.size, c.seed);
        const values = await b.readMany(batches.flatMap((mb) => [mb.X, mb.Y]));
        c.batches.forEach((cols, k) => {
          assert.deepEqual(Array.from(values[2 * k]), [...cols, ...cols], `X batch ${k}`);
          assert.deepEqual(Array.from(values[2 * k + 1]), cols.map((j) => 10 * j), `Y batch ${k}`);
        });
        for (const t of [X, Y, ...batches.flatMap((mb) => [mb.X, mb.Y])]) t.dispose();
      }
    },
  });
}

const O = NN.optimizers;
const SHAPES = [[4, 3], [4, 1], [2, 4], [2, 1]] as const;
const upload = (b: Backend, arrs: string[]) => arrs.map((a, i) => b.fromArray(f64(a), SHAPES[i]));

for (const [name, backend] of BACKENDS) {
  const rel = name === "cpu" ? 1e-13 : 1e-5, abs = name === "cpu" ? 1e-15 : 1e-6;
  Deno.test({
    name: `momentum and Adam one-step updates match update_parameters_with_* (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b = backend!;
      const grads = upload(b, O.grads);
      // Momentum from the fixture's velocities.
      let params = upload(b, O.params);
      const mom = new Momentum(b, params, O.momentum.lr, O.momentum.beta);
      upload(b, O.v).forEach((v, i) => b.assign(mom.v[i], v));
      mom.step(grads);
      let got = await b.readMany([...params, ...mom.v]);
      [...O.momentum.params, ...O.momentum.v].forEach((w: string, i: number) =>
        assertClose(got[i], f64(w), rel, abs, `momentum ${i}`)
      );
      // Adam's second update (t = 2) from the fixture's moments.
      params = upload(b, O.params);
      const adam = new Adam(b, params, O.adam.lr);
      upload(b, O.v).forEach((v, i) => b.assign(adam.v[i], v));
      upload(b, O.s).forEach((s, i) => b.assign(adam.s[i], s));
      adam.t = 1;
      adam.step(grads);
      assert.equal(adam.t, 2);
      got = await b.readMany([...params, ...adam.v, ...adam.s]);
      [...O.adam.params, ...O.adam.v, ...O.adam.s].forEach((w: string, i: number) =>
        assertClose(got[i], f64(w), rel, abs, `adam ${i}`)
      );
      // Adam's first update from zero moments: every step is ≈ lr·sign(g).
      params = upload(b, O.params);
      const first = new Adam(b, params, O.adam_first.lr);
      first.step(grads);
      got = await b.readMany([...params, ...first.v, ...first.s]);
      [...O.adam_first.params, ...O.adam_first.v, ...O.adam_first.s].forEach((
        w: string,
        i: number,
      ) => assertClose(got[i], f64(w), rel, abs, `adam first ${i}`));
      // Plain gradient descent: W − lr·dW.
      params = upload(b, O.params);
      new GradientDescent(b, params, 0.5).step(grads);
      got = await b.readMany(params);
      got.forEach((g, i) => {
        const want = f64(O.params[i]).map((w, j) => w - 0.5 * f64(O.grads[i])[j]);
        assertClose(g, want, rel, abs, `gd ${i}`);
      });
    },
  });
}

interface MiniBatchRun {
  name: OptimizerName;
  acts: string[];
  optimizer: OptimizerName;
  lr: number;
  size: number;
  epochs: number;
  X: string;
  Y: string;
  shape: [number, number];
  init: Record<string, string>;
  costs: number[];
  t: number;
  final: Record<string, string>;
}

for (const run of (NN.networks as MiniBatchRun[]).filter((n) => n.optimizer)) {
  for (const [name, backend] of BACKENDS) {
    Deno.test({
      name: `mini-batch ${run.optimizer} training matches the course's model() (${name})`,
      ignore: backend === null,
      fn: async () => {
        const b = backend!;
        const dims = [2, 5, 2, 1];
        const net = Network.fromValues(
          b,
          { layerDims: dims, hidden: "relu" },
          layers(run.init, dims),
        );
        const X = b.fromArray(f64(run.X), run.shape);
        const Y = b.fromArray(f64(run.Y), [1, run.shape[1]]);
        const opt = makeOptimizer(b, net.parameters(), run.optimizer, { learningRate: run.lr });
        const r = await train(b, net, X, Y, {
          optimizer: opt,
          epochs: run.epochs,
          miniBatchSize: run.size,
          seed: 10,
          logEvery: 1,
        });
        const [rel, abs] = b.dtype === "float64" ? [1e-12, 1e-14] : [1e-4, 1e-5];
        assertClose(r.costs.map((c) => c.cost), run.costs, rel, 0, "epoch costs");
        assert.deepEqual(r.costs.map((c) => c.epoch), [0, 1, 2, 3, 4]);
        assert.equal(r.steps, run.epochs * 3); // 150 examples in mini-batches of 64: 64, 64, 22
        if (opt instanceof Adam) assert.equal(opt.t, run.t);
        const final = await readParameters(b, net.params);
        layers(run.final, dims).forEach((l, i) => {
          assertClose(final[i].W, l.W, 10 * rel, abs, `W${i + 1}`);
          assertClose(final[i].b, l.b, 10 * rel, abs, `b${i + 1}`);
        });
        opt.dispose();
        net.dispose();
        X.dispose();
        Y.dispose();
      },
    });
  }
}

Deno.test("train: logged epochs, readbacks and non-finite stop", async () => {
  const dims = [2, 3, 1];
  const run = (NN.networks as MiniBatchRun[]).find((n) => n.optimizer === "gd")!;
  const X = cpu.fromArray(f64(run.X), run.shape);
  const Y = cpu.fromArray(f64(run.Y), [1, run.shape[1]]);
  const values = [{ W: new Float64Array(6).fill(0.1), b: new Float64Array(3), rows: 3, cols: 2 }, {
    W: new Float64Array(3).fill(0.1),
    b: new Float64Array(1),
    rows: 1,
    cols: 3,
  }];
  const net = Network.fromValues(cpu, { layerDims: dims, hidden: "tanh" }, values);
  const seen: number[] = [];
  const r = await train(cpu, net, X, Y, {
    optimizer: new GradientDescent(cpu, net.parameters(), 0.1),
    epochs: 25,
    logEvery: 10,
    readEvery: 7,
    onLog: (e) => seen.push(e.epoch),
  });
  assert.deepEqual(r.costs.map((c) => c.epoch), [0, 10, 20, 24]);
  assert.deepEqual(seen, [0, 10, 20, 24]);
  assert.equal(r.steps, 25);
  // SGD without shuffling: one step per example, in order.
  const sgd = await train(cpu, net, X, Y, {
    optimizer: new GradientDescent(cpu, net.parameters(), 0.01),
    epochs: 2,
    miniBatchSize: 1,
    shuffle: false,
    logEvery: 1,
  });
  assert.equal(sgd.steps, 2 * run.shape[1]);
  // A learning rate that blows up stops at the first read-back holding a non-finite cost.
  const huge = Network.fromValues(
    cpu,
    { layerDims: dims, hidden: "linear", output: "linear" },
    values,
  );
  const boom = await train(cpu, huge, X, Y, {
    optimizer: new GradientDescent(cpu, huge.parameters(), 50),
    epochs: 10000,
    logEvery: 1,
    readEvery: 100,
    stopOnNonFinite: true,
  });
  assert.ok(boom.stopped && boom.epochs < 10000, `stopped after ${boom.epochs} epochs`);
  assert.ok(!Number.isFinite(boom.costs.at(-1)!.cost));
});
