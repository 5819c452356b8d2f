/**
 * nn/network.ts against the course's numpy code (tests/fixtures/nn/gen_nn.py): batch gradient
 * descent on the planar [2, 4, 1] tanh/sigmoid model, with L2 (compute_cost_with_regularization,
 * backward_propagation_with_regularization) and with inverted dropout (masks drawn after
 * np.random.seed(1)); plus prediction, spec validation and a tidy training loop.
 */
import assert from "node:assert/strict";
import type { Activation, Backend } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { RandomState } from "../../numpy/rng.ts";
import { dropoutMasks, Network, readParameters } from "../../nn/network.ts";
import { GradientDescent } from "../../nn/optimizers.ts";
import { train } from "../../nn/train.ts";
import { assertClose, f64, layers, NN, openWebGpu } from "../fixtures/nn/fixture.ts";

const cpu = new CpuBackend();
const gpu = await openWebGpu();

interface BatchRun {
  name: string;
  acts: Activation[];
  lr: number;
  iterations: number;
  log_every: number;
  lambd: number;
  keep_prob: number;
  X: string;
  Y: string;
  shape: [number, number];
  init: Record<string, string>;
  costs: number[];
  final: Record<string, string>;
}

const DIMS: Record<string, number[]> = {
  planar: [2, 4, 1],
  l2: [2, 5, 3, 1],
  dropout: [2, 5, 3, 1],
};

for (const run of (NN.networks as BatchRun[]).filter((n) => n.name in DIMS)) {
  for (const [name, backend] of [["cpu", cpu], ["webgpu", gpu]] as const) {
    Deno.test({
      name: `batch GD matches numpy: ${run.name} (${run.acts.join("/")}) (${name})`,
      ignore: backend === null,
      fn: async () => {
        const b: Backend = backend!;
        const dims = DIMS[run.name];
        const net = Network.fromValues(
          b,
          {
            layerDims: dims,
            hidden: run.acts.slice(0, -1),
            lambd: run.lambd,
            keepProb: run.keep_prob,
          },
          layers(run.init, dims),
        );
        const m = run.shape[1];
        const X = b.fromArray(f64(run.X), run.shape);
        const Y = b.fromArray(f64(run.Y), [1, m]);
        if (run.keep_prob < 1) {
          net.masks = dropoutMasks(b, new RandomState(1), dims, m, run.keep_prob);
        }
        const r = await train(b, net, X, Y, {
          optimizer: new GradientDescent(b, net.parameters(), run.lr),
          epochs: run.iterations,
          logEvery: run.log_every,
          logLast: false,
        });
        // float32 kernels drift from float64 numpy by rounding, compounded over the iterations.
        const [rel, abs] = b.dtype === "float64" ? [1e-12, 1e-14] : [2e-4, 2e-5];
        assertClose(r.costs.map((c) => c.cost), run.costs, rel, 0, "costs");
        const final = await readParameters(b, net.params);
        layers(run.final, dims).forEach((l, i) => {
          assertClose(final[i].W, l.W, 100 * rel, abs, `W${i + 1}`);
          assertClose(final[i].b, l.b, 100 * rel, abs, `b${i + 1}`);
        });
        for (const t of [X, Y, ...(net.masks ?? [])]) t.dispose();
        net.dispose();
      },
    });
  }
}

Deno.test("predict: sigmoid outputs above 0.5 (strictly), softmax's argmax", async () => {
  // One layer, W = 0, b = 0: σ(0) = 0.5 exactly, which the course's predict maps to 0.
  const zero = Network.fromValues(cpu, { layerDims: [2, 1], hidden: [] }, [{
    W: new Float64Array(2),
    b: new Float64Array(1),
    rows: 1,
    cols: 2,
  }]);
  const X = cpu.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.deepEqual(Array.from(await cpu.read(zero.predict(X))), [0, 0, 0]);
  const sm = Network.fromValues(cpu, { layerDims: [2, 3], hidden: [], output: "softmax" }, [{
    W: Float64Array.from([1, 0, 0, 1, -1, -1]),
    b: new Float64Array(3),
    rows: 3,
    cols: 2,
  }]);
  const Xs = cpu.fromArray([3, 0, -1, 0, 3, -1], [2, 3]);
  assert.deepEqual(Array.from(await cpu.read(sm.predict(Xs))), [0, 1, 2]);
});

Deno.test("network spec errors name what is wrong", () => {
  const values = [{ W: new Float64Array(2), b: new Float64Array(1), rows: 1, cols: 2 }];
  const bad: [object, RegExp][] = [
    [{ layerDims: [2, 1], hidden: [], cost: "cce" }, /cce needs a softmax output/],
    [
      { layerDims: [2, 1], hidden: [], output: "softmax", cost: "bce" },
      /bce needs a sigmoid output/,
    ],
    [{ layerDims: [2, 1], hidden: [], output: "softmax", cost: "squared" }, /softmax output/],
    [{ layerDims: [2, 1], hidden: ["relu"] }, /1 hidden activations for 0 hidden layers/],
    [{ layerDims: [2, 1], hidden: [], keepProb: 0 }, /keep_prob/],
    [{ layerDims: [3, 1], hidden: [] }, /W\[1\] is \[1,2\]/],
  ];
  for (const [spec, re] of bad) {
    assert.throws(() => Network.fromValues(cpu, spec as never, values), re);
  }
});

Deno.test("a training step leaves no temporaries behind (tidy)", async () => {
  // Counts live tensors through the backend: a wrapper that records creation and disposal.
  let live = 0;
  const counting = new Proxy(cpu, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      if (
        typeof v !== "function" ||
        ["tidy", "read", "readMany", "update", "assign"].includes(String(prop))
      ) {
        return typeof v === "function" ? v.bind(target) : v;
      }
      return (...args: unknown[]) => {
        const out = v.apply(target, args);
        const track = (t: unknown) => {
          if (t && typeof t === "object" && "dispose" in t) {
            live++;
            const d = (t as { dispose(): void }).dispose.bind(t);
            let done = false;
            (t as { dispose(): void }).dispose = () => {
              if (!done) live--;
              done = true;
              d();
            };
          }
        };
        track(out);
        if (out && typeof out === "object" && "dx" in out) Object.values(out).forEach(track);
        return out;
      };
    },
  });
  const dims = [2, 4, 1];
  const rng = new RandomState(2);
  const net = Network.fromValues(counting, { layerDims: dims, hidden: "tanh" }, [
    { W: rng.randn(8), b: new Float64Array(4), rows: 4, cols: 2 },
    { W: rng.randn(4), b: new Float64Array(1), rows: 1, cols: 4 },
  ]);
  const X = counting.fromArray(rng.randn(20), [2, 10]);
  const Y = counting.fromArray(rng.rand(10).map((u) => u < 0.5 ? 1 : 0), [1, 10]);
  const before = live;
  let peak = 0;
  await train(counting, net, X, Y, {
    optimizer: new GradientDescent(counting, net.parameters(), 0.5),
    epochs: 30,
    logEvery: 5,
    readEvery: 1000,
    onLog: () => peak = Math.max(peak, live - before),
  });
  assert.ok(peak >= 6, `the logged costs were alive until read (peak ${peak})`);
  assert.equal(live, before, "every temporary and logged cost was disposed");
});
