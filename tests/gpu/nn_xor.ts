/**
 * Lecture 004's XOR: no single threshold unit can separate it, a network with one hidden layer
 * learns it. [2, 4, 1] tanh/sigmoid, batch gradient descent, on both backends.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { RandomState } from "../../numpy/rng.ts";
import { initializeParameters } from "../../nn/init.ts";
import { Network } from "../../nn/network.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import { openWebGpu } from "../fixtures/nn/fixture.ts";

const gpu = await openWebGpu();

for (const [name, backend] of [["cpu", new CpuBackend()], ["webgpu", gpu]] as const) {
  Deno.test({
    name: `a [2, 4, 1] tanh/sigmoid network learns XOR (${name})`,
    ignore: backend === null,
    fn: async () => {
      const b: Backend = backend!;
      const dims = [2, 4, 1];
      const net = Network.fromValues(
        b,
        { layerDims: dims, hidden: "tanh" },
        initializeParameters(new RandomState(1), dims, "xavier"),
      );
      const X = b.fromArray([0, 0, 1, 1, 0, 1, 0, 1], [2, 4]);
      const Y = b.fromArray([0, 1, 1, 0], [1, 4]);
      const r = await train(b, net, X, Y, {
        optimizer: new GradientDescent(b, net.parameters(), 1.5),
        epochs: 1500,
        logEvery: 500,
      });
      assert.deepEqual(r.costs.map((c) => c.epoch), [0, 500, 1000, 1499]);
      assert.ok(r.costs[0].cost > 0.5 && r.costs.at(-1)!.cost < 0.01, JSON.stringify(r.costs));
      const [pred, acc] = await b.readMany(b.tidy(() => {
        const p = net.predict(X);
        return [p, b.accuracy(p, Y)];
      }));
      assert.deepEqual(Array.from(pred), [0, 1, 1, 0]);
      assert.equal(acc[0], 1);
      net.dispose();
    },
  });
}
