/**
 * Adaline SGD and mini-batch (nn/adaline.ts) against Raschka's AdalineSGD in numpy
 * (tests/fixtures/nn/gen_nn.py): normal(0, 0.01) initial weights from rgen = RandomState(1),
 * one compounding shuffle per epoch, the average cost per epoch; and the lecture's variant.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { RandomState } from "../../numpy/rng.ts";
import { trainAdalineGD, trainAdalineMiniBatch, trainAdalineSGD } from "../../nn/adaline.ts";
import { assertClose, f64, NN, openWebGpu } from "../fixtures/nn/fixture.ts";

const cpu = new CpuBackend();
const gpu = await openWebGpu();
const A = NN.adaline;

for (const [name, backend] of [["cpu", cpu], ["webgpu", gpu]] as const) {
  Deno.test({
    name: `Adaline SGD and mini-batch match Raschka's AdalineSGD (random_state=1) (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b: Backend = backend!;
      const x = b.fromArray(f64(A.X), [2, A.m]);
      const y = b.fromArray(f64(A.y), [1, A.m]);
      const rel = b.dtype === "float64" ? 1e-12 : 1e-5, abs = b.dtype === "float64" ? 1e-15 : 1e-6;
      const sgd = await trainAdalineSGD(b, x, y, new RandomState(1), {
        eta: A.sgd.eta,
        epochs: A.sgd.epochs,
      });
      assertClose(sgd.costs, A.sgd.costs, rel, abs, "SGD average costs");
      assertClose(sgd.weights, f64(A.sgd.w), rel, abs, "SGD weights (bias first)");
      const mb = await trainAdalineMiniBatch(b, x, y, new RandomState(1), {
        eta: A.minibatch.eta,
        epochs: A.minibatch.epochs,
        batchSize: A.minibatch.batch,
      });
      assertClose(mb.costs, A.minibatch.costs, rel, abs, "mini-batch average costs");
      assertClose(mb.weights, f64(A.minibatch.w), rel, abs, "mini-batch weights");
      x.dispose();
      y.dispose();
    },
  });
}

Deno.test("Adaline mini-batch: size 1 is SGD; size m unshuffled is batch GD", async () => {
  const x = cpu.fromArray(f64(A.X), [2, A.m]);
  const y = cpu.fromArray(f64(A.y), [1, A.m]);
  const sgd = await trainAdalineSGD(cpu, x, y, new RandomState(3), { eta: 0.01, epochs: 4 });
  const one = await trainAdalineMiniBatch(cpu, x, y, new RandomState(3), {
    eta: 0.01,
    epochs: 4,
    batchSize: 1,
  });
  assert.deepEqual(one, sgd);
  // The lecture's AdalineGD: zeros, no shuffle, SSE/2 before each update. A whole-set batch
  // without shuffling takes the same steps; its "sse" cost is measured after the update.
  const gd = await trainAdalineGD(cpu, x, y, 0.001, 5);
  const full = await trainAdalineMiniBatch(cpu, x, y, new RandomState(3), {
    eta: 0.001,
    epochs: 5,
    batchSize: A.m,
    shuffle: false,
    initial: "zeros",
    cost: "sse",
  });
  assertClose(full.weights, gd.weights, 1e-14, 1e-16, "weights");
  assertClose(full.costs.slice(0, 4), gd.costs.slice(1), 1e-13, 0, "costs, shifted by one epoch");
});

Deno.test("Adaline SGD, lecture variant (zeros, no shuffle, SSE/2), learns", async () => {
  const x = cpu.fromArray(f64(A.X), [2, A.m]);
  const y = cpu.fromArray(f64(A.y), [1, A.m]);
  const r = await trainAdalineSGD(cpu, x, y, new RandomState(1), {
    eta: 0.01,
    epochs: 15,
    shuffle: false,
    initial: "zeros",
    cost: "sse",
  });
  assert.ok(r.costs.at(-1)! < r.costs[0], `${r.costs[0]} → ${r.costs.at(-1)}`);
  const w = r.weights;
  const X = f64(A.X), Y = f64(A.y);
  let correct = 0;
  for (let j = 0; j < A.m; j++) {
    const out = w[0] + w[1] * X[j] + w[2] * X[A.m + j];
    if ((out >= 0 ? 1 : -1) === Y[j]) correct++;
  }
  assert.ok(correct >= 28, `${correct} of ${A.m} correct`);
});
