/**
 * Gradient checking (nn/gradcheck.ts, the course's gradient_check_n) of every model's backward
 * pass, in Float64 on cpu: relative difference < 1e-7 for each hidden activation × output/cost
 * combination of the L-layer network (with L2 and with dropout), logistic regression, softmax
 * regression, one-vs-all and LeNet-5 (sampled entries, m = 2).
 */
import assert from "node:assert/strict";
import type { Activation, Tensor } from "../kernels/backend.ts";
import { CpuBackend } from "../kernels/cpu.ts";
import { RandomState } from "../numpy/rng.ts";
import { type GradCheckResult, gradientCheckModel } from "../nn/gradcheck.ts";
import { initializeParameters, type LayerValues } from "../nn/init.ts";
import { LeNet5 } from "../nn/lenet5.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { dropoutMasks, Network, type NetworkCost, type OutputActivation } from "../nn/network.ts";
import { OneVsAll } from "../nn/one_vs_all.ts";
import { SoftmaxRegression } from "../nn/softmax_regression.ts";

const cpu = new CpuBackend();
const LIMIT = 1e-7;
const worst: { name: string; difference: number }[] = [];

function record(name: string, r: GradCheckResult): void {
  worst.push({ name, difference: r.difference });
  assert.ok(
    r.difference < LIMIT,
    `${name}: difference ${r.difference} ≥ ${LIMIT}; worst entry ${JSON.stringify(r.worst)}`,
  );
}

/** Random one-hot columns (K × m) and their labels. */
function oneHot(rng: RandomState, k: number, m: number): Tensor {
  return cpu.oneHot(cpu.fromArray(rng.randint(0, k, m), [1, m]), k);
}

/**
 * Non-zero biases: with b = 0 an example whose ReLU units are all off gives Z = 0 exactly in
 * the next layer, a kink where two-sided differences see half the slope.
 */
function withBiases(rng: RandomState, layers: LayerValues[]): LayerValues[] {
  for (const l of layers) l.b = rng.uniform(-0.5, 0.5, l.rows);
  return layers;
}

const HIDDEN: Activation[] = ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu"];
const OUTPUTS: [OutputActivation, NetworkCost, number][] = [
  ["sigmoid", "bce", 1],
  ["softmax", "cce", 3],
  ["sigmoid", "squared", 1],
  ["linear", "squared", 2],
];

for (const hidden of HIDDEN) {
  for (const [output, cost, k] of OUTPUTS) {
    for (const lambd of [0, 0.7]) {
      const name = `L-layer [4, 5, 3, ${k}] ${hidden} → ${output} + ${cost}${
        lambd ? ", L2 λ=0.7" : ""
      }`;
      Deno.test(`gradcheck ${name}`, async () => {
        const rng = new RandomState(HIDDEN.indexOf(hidden) * 10 + k);
        const dims = [4, 5, 3, k];
        const net = Network.fromValues(
          cpu,
          {
            layerDims: dims,
            hidden,
            output,
            cost,
            lambd,
            activationParam: hidden === "leaky_relu" ? 0.1 : undefined,
          },
          withBiases(rng, initializeParameters(rng, dims, "random", { scale: 0.8 })),
        );
        const m = 7;
        const X = cpu.fromArray(rng.randn(4 * m), [4, m]);
        const Y = output === "softmax"
          ? oneHot(rng, k, m)
          : output === "sigmoid"
          ? cpu.fromArray(rng.rand(k * m).map((u) => u < 0.5 ? 1 : 0), [k, m])
          : cpu.fromArray(rng.randn(k * m), [k, m]);
        record(name, await gradientCheckModel(cpu, net, X, Y));
      });
    }
  }
}

Deno.test("gradcheck L-layer relu with dropout (course masks, keep_prob 0.86) and L2", async () => {
  const rng = new RandomState(3);
  const dims = [3, 6, 4, 1];
  const net = Network.fromValues(
    cpu,
    { layerDims: dims, hidden: "relu", lambd: 0.3, keepProb: 0.86 },
    withBiases(rng, initializeParameters(rng, dims, "he")),
  );
  const m = 9;
  const X = cpu.fromArray(rng.randn(3 * m), [3, m]);
  const Y = cpu.fromArray(rng.rand(m).map((u) => u < 0.5 ? 1 : 0), [1, m]);
  const masks = dropoutMasks(cpu, new RandomState(1), dims, m, 0.86);
  net.masks = masks;
  record("L-layer relu dropout + L2", await gradientCheckModel(cpu, net, X, Y));
  // The masks were applied: the objective differs from the one without dropout.
  const [withDrop, without] = await cpu.readMany([
    net.cost(X, Y),
    cpu.tidy(() => net.costOf(net.forward(X).AL, Y)),
  ]);
  assert.notEqual(withDrop[0], without[0]);
});

Deno.test("gradcheck logistic regression", async () => {
  const rng = new RandomState(5);
  const n = 6, m = 11;
  const model = new LogisticRegression(
    cpu,
    cpu.fromArray(rng.randn(n), [n, 1]),
    cpu.fromArray([0.3], [1, 1]),
  );
  const X = cpu.fromArray(rng.randn(n * m), [n, m]);
  const Y = cpu.fromArray(rng.rand(m).map((u) => u < 0.5 ? 1 : 0), [1, m]);
  record("logistic regression", await gradientCheckModel(cpu, model, X, Y));
});

Deno.test("gradcheck softmax regression and one-vs-all", async () => {
  const rng = new RandomState(6);
  const n = 5, k = 4, m = 13;
  const X = cpu.fromArray(rng.randn(n * m), [n, m]);
  const Y = oneHot(rng, k, m);
  const sm = new SoftmaxRegression(
    cpu,
    cpu.fromArray(rng.randn(k * n), [k, n]),
    cpu.fromArray(rng.randn(k), [k, 1]),
  );
  record("softmax regression", await gradientCheckModel(cpu, sm, X, Y));
  const ova = new OneVsAll(
    cpu,
    cpu.fromArray(rng.randn(k * n), [k, n]),
    cpu.fromArray(rng.randn(k), [k, 1]),
  );
  record("one-vs-all", await gradientCheckModel(cpu, ova, X, Y));
});

for (const poolActivation of ["tanh", "linear"] as const) {
  Deno.test(`gradcheck LeNet-5 (m = 2, pool ${poolActivation}, 40 entries/tensor)`, async () => {
    const rng = new RandomState(8);
    const net = LeNet5.create(cpu, rng, { poolActivation });
    const m = 2;
    const X = cpu.fromArray(rng.uniform(-1, 1, 1024 * m), [1024, m]);
    const Y = oneHot(rng, 10, m);
    record(
      `LeNet-5 ${poolActivation}`,
      await gradientCheckModel(cpu, net, X, Y, { sample: 40, sampleSeed: 1 }),
    );
  });
}

Deno.test("gradcheck reports a wrong gradient", async () => {
  const rng = new RandomState(9);
  const model = new LogisticRegression(
    cpu,
    cpu.fromArray(rng.randn(3), [3, 1]),
    cpu.fromArray([0], [1, 1]),
  );
  const X = cpu.fromArray(rng.randn(3 * 4), [3, 4]);
  const Y = cpu.fromArray([1, 0, 1, 1], [1, 4]);
  const broken = {
    parameters: () => model.parameters(),
    cost: (x: Tensor, y: Tensor) => model.cost(x, y),
    gradients: (x: Tensor, y: Tensor, c: boolean) => {
      const g = model.gradients(x, y, c);
      return { grads: [cpu.unary("affine", g.grads[0], 1.01, 0), g.grads[1]], cost: g.cost };
    },
  };
  const r = await gradientCheckModel(cpu, broken, X, Y);
  assert.ok(r.difference > 1e-3, `difference ${r.difference}`);
  assert.equal(r.worst.parameter, 0);
});

Deno.test("gradcheck worst relative difference (summary)", () => {
  worst.sort((a, b) => b.difference - a.difference);
  console.log(
    `worst: ${worst[0]?.name} ${worst[0]?.difference.toExponential(3)} over ${worst.length} checks`,
  );
  assert.ok(worst.length > 0);
});
