/**
 * LeNet-5 (nn/lenet5.ts) as lecture 004's table: parameter counts, shapes, cpu/webgpu parity of
 * the forward and backward passes, and mini-batch Adam lowering the cost. (Its gradient check
 * is in nn_gradcheck_test.ts.)
 */
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { RandomState } from "../../numpy/rng.ts";
import { LeNet5, LENET5_PARAMETERS, LENET5_TABLE } from "../../nn/lenet5.ts";
import { Adam } from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import { assertClose, openWebGpu } from "../fixtures/nn/fixture.ts";

const cpu = new CpuBackend();
const gpu = await openWebGpu();

Deno.test("LeNet-5 has the lecture's 61,706 parameters, layer by layer", () => {
  assert.equal(LENET5_PARAMETERS, 61706);
  const by = Object.fromEntries(LENET5_TABLE.map((l) => [l.name, l]));
  assert.equal(by.C1.parameters, 156);
  assert.equal(by.C3.parameters, 2416);
  assert.equal(by.C5.parameters, 48120); // (400 × 120) + 120
  assert.equal(by.F6.parameters, 10164); // (120 × 84) + 84
  assert.equal(by.output.parameters, 850);
  assert.equal(by.S2.parameters + by.S4.parameters, 0);
  assert.deepEqual(LENET5_TABLE.map((l) => l.size), [
    "32x32",
    "28x28",
    "14x14",
    "10x10",
    "5x5",
    "1x1",
    "84",
    "10",
  ]);
  assert.deepEqual(LENET5_TABLE.map((l) => l.maps), [1, 6, 6, 16, 16, 120, 84, 10]);
  const net = LeNet5.create(cpu, new RandomState(1));
  assert.deepEqual(net.parameterCounts(), { C1: 156, C3: 2416, C5: 48120, F6: 10164, output: 850 });
  assert.equal(net.parameters().reduce((s, t) => s + t.size, 0), 61706);
  net.dispose();
});

Deno.test("LeNet-5 forward: 32×32 columns in, softmax columns of 10 out", async () => {
  const net = LeNet5.create(cpu, new RandomState(2));
  const X = cpu.fromArray(new RandomState(3).rand(1024 * 3), [1024, 3]);
  const c = cpu.tidy(() => net.forward(X));
  assert.deepEqual(c.A1.shape, [6 * 28 * 28, 3]);
  assert.deepEqual(c.A2.shape, [6 * 14 * 14, 3]);
  assert.deepEqual(c.A3.shape, [16 * 10 * 10, 3]);
  assert.deepEqual(c.A4.shape, [16 * 5 * 5, 3]);
  assert.deepEqual(c.A5.shape, [120, 3]);
  assert.deepEqual(c.A6.shape, [84, 3]);
  assert.deepEqual(c.A7.shape, [10, 3]);
  const p = await cpu.read(c.A7);
  for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let k = 0; k < 10; k++) s += p[k * 3 + j];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
});

/** Synthetic "digits": class k lights a k-dependent block of the image, plus noise. */
function toyDigits(rng: RandomState, m: number) {
  const labels = rng.randint(0, 10, m);
  const x = rng.uniform(0, 0.2, 1024 * m);
  labels.forEach((k, j) => {
    const r0 = 4 + 2 * (k % 5) * 2, c0 = k < 5 ? 4 : 18;
    for (let r = r0; r < r0 + 6; r++) {
      for (let c = c0; c < c0 + 10; c++) x[(r * 32 + c) * m + j] += 1;
    }
  });
  return { x, labels };
}

Deno.test({
  name: "LeNet-5 forward and gradients agree on webgpu and cpu",
  ignore: gpu === null,
  fn: async () => {
    const m = 4;
    const { x, labels } = toyDigits(new RandomState(4), m);
    const run = async (b: Backend) => {
      const net = LeNet5.create(b, new RandomState(5));
      const X = b.fromArray(Float64Array.from(x, Math.fround), [1024, m]);
      const Y = b.oneHot(b.fromArray(labels, [1, m]), 10);
      const out = b.tidy(() => {
        const g = net.gradients(X, Y, true);
        return [g.cost!, net.forward(X).A7, ...g.grads];
      }) as Tensor[];
      const values = await b.readMany(out);
      for (const t of [...out, X, Y]) t.dispose();
      net.dispose();
      return values;
    };
    const [g, c] = [await run(gpu!), await run(cpu)];
    assertClose(g[0], c[0], 1e-5, 0, "cost");
    assertClose(g[1], c[1], 1e-4, 1e-6, "A7");
    g.slice(2).forEach((grad, i) => {
      const scale = Math.max(...c[i + 2].map(Math.abs));
      assertClose(grad, c[i + 2], 0, 1e-4 * scale + 1e-7, `gradient ${i}`);
    });
  },
});

for (const [name, backend] of [["cpu", cpu], ["webgpu", gpu]] as const) {
  Deno.test({
    name: `LeNet-5 trained by mini-batch Adam lowers the cost (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b = backend!;
      const m = 24;
      const { x, labels } = toyDigits(new RandomState(6), m);
      const net = LeNet5.create(b, new RandomState(7));
      const X = b.fromArray(x, [1024, m]);
      const L = b.fromArray(labels, [1, m]);
      const Y = b.oneHot(L, 10);
      const opt = new Adam(b, net.parameters(), 0.005);
      const r = await train(b, net, X, Y, {
        optimizer: opt,
        epochs: 6,
        miniBatchSize: 8,
        seed: 10,
        logEvery: 1,
      });
      assert.equal(opt.t, 18);
      const costs = r.costs.map((c) => c.cost);
      assert.ok(costs.at(-1)! < 0.5 * costs[0], `costs ${costs.map((v) => v.toFixed(3))}`);
      const [acc] = await b.readMany([b.accuracy(net.predict(X), L)]);
      assert.ok(acc[0] >= 0.9, `train accuracy ${acc[0]}`);
      opt.dispose();
      net.dispose();
    },
  });
}
