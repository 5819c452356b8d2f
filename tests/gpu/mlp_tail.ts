/**
 * The fused tail (kernels/mlp_tail.ts, `Backend.mlpTail`) against the layered path on webgpu:
 * a network trained with `fused: true` whose first layer is too wide for the fused trainer runs
 * its layers 2 … L in one dispatch per step, and every cost and parameter must be bit for bit
 * what nn/network.ts's forward and backward with the backend's ops give (`fused: false`).
 */
import assert from "node:assert/strict";
import type { Activation } from "../../kernels/backend.ts";
import { RandomState } from "../../numpy/rng.ts";
import { initializeParameters } from "../../nn/init.ts";
import { Network } from "../../nn/network.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import { openWebGpu } from "../fixtures/nn/fixture.ts";

const gpu = await openWebGpu();

interface TailCase {
  dims: number[];
  hidden: Activation | Activation[];
  m: number;
  activationParam?: number;
  epochs: number;
  lr: number;
}

const CASES: TailCase[] = [
  // The lectures' cat networks' shapes (n₀ cut to 300 to keep the test short), m = 209.
  { dims: [300, 20, 7, 5, 1], hidden: "relu", m: 209, epochs: 12, lr: 0.05 },
  { dims: [300, 7, 1], hidden: "relu", m: 209, epochs: 12, lr: 0.05 },
  { dims: [100, 6, 4, 1], hidden: ["sigmoid", "tanh"], m: 257, epochs: 10, lr: 0.5 },
  { dims: [100, 9, 3, 1], hidden: "leaky_relu", activationParam: 0.2, m: 64, epochs: 10, lr: 0.2 },
  { dims: [100, 5, 5, 1], hidden: ["elu", "softplus"], m: 300, epochs: 10, lr: 0.2 },
  { dims: [100, 33, 1], hidden: "linear", m: 1000, epochs: 6, lr: 0.01 },
];

for (const c of CASES) {
  const name = `[${c.dims}] ${c.hidden}, m = ${c.m}`;
  Deno.test({
    name: `the fused tail trains bit for bit as the layered path: ${name}`,
    ignore: gpu === null,
    fn: async () => {
      const b = gpu!;
      const rng = new RandomState(7);
      const X = b.fromArray(rng.rand(c.dims[0] * c.m), [c.dims[0], c.m]);
      const Y = b.fromArray(rng.rand(c.m).map((u) => u < 0.4 ? 0 : 1), [1, c.m]);
      const run = async (fused: boolean) => {
        const net = Network.fromValues(
          b,
          { layerDims: c.dims, hidden: c.hidden, activationParam: c.activationParam },
          initializeParameters(new RandomState(3), c.dims, "deep"),
        );
        const before = { ...b.trainings };
        const r = await train(b, net, X, Y, {
          optimizer: new GradientDescent(b, net.parameters(), c.lr),
          epochs: c.epochs,
          logEvery: 3,
          fused,
        });
        const path = b.trainings.fused > before.fused ? "fused" : "layered";
        const params = await b.readMany(net.parameters());
        net.dispose();
        return { r, params, path };
      };
      const layered = await run(false);
      const fused = await run(true);
      assert.equal(layered.path, "layered");
      assert.equal(fused.path, "fused");
      assert.deepEqual(fused.r, layered.r, "costs, steps, epochs");
      fused.params.forEach((p, i) => assert.deepEqual(p, layered.params[i], `parameter ${i}`));
      X.dispose();
      Y.dispose();
    },
  });
}
