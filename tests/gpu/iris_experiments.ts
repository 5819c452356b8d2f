/** Lecture 002's perceptron and Adaline claims, measured on both backends. */
import { strict as assert } from "node:assert";
import type { Backend } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";
import { runExperiment } from "../helpers.ts";

const backends: [string, () => Promise<Backend>, number][] = [
  ["cpu", () => Promise.resolve(new CpuBackend()), 1e-6],
  ["webgpu", () => WebGpuBackend.create(), 1e-5],
];

for (const [name, open, tol] of backends) {
  Deno.test(`perceptron-iris on ${name}: converges after epoch 6 with weights [-0.4, -0.68, 1.82]`, async () => {
    const backend = await open();
    try {
      const [o] = await runExperiment("perceptron-iris", backend);
      assert.equal(o.status, "ok");
      const claims = Object.fromEntries(o.result.claims.map((c) => [c.id, c]));
      assert.equal(claims["converges-after-epoch-6"].observed, 6);
      assert.ok(claims["converges-after-epoch-6"].pass);
      assert.ok(claims["final-weights"].pass);
      assert.equal(claims["final-weights"].tolerance, tol);
      const outputs = o.result.outputs as { weights: number[]; errors: number[] };
      [-0.4, -0.68, 1.82].forEach((w, i) => assert.ok(Math.abs(outputs.weights[i] - w) <= tol));
      assert.deepEqual(outputs.errors, [2, 2, 3, 2, 1, 0, 0, 0, 0, 0]);
    } finally {
      backend.destroy();
    }
  });

  Deno.test(`adaline-learning-rate on ${name}: diverges, creeps, converges`, async () => {
    const backend = await open();
    try {
      const outcomes = await runExperiment("adaline-learning-rate", backend);
      assert.equal(outcomes.length, 3);
      const claims = outcomes.flatMap((o) => o.result.claims);
      assert.deepEqual(claims.map((c) => c.id).sort(), [
        "diverges-at-0.01",
        "slow-at-0.0001",
        "standardized-classifies-all",
        "standardized-converges",
      ]);
      for (const c of claims) assert.ok(c.pass, `${c.id}: observed ${JSON.stringify(c.observed)}`);
      const std = outcomes.find((o) => o.trial.params.standardize)!;
      const final = (std.result.outputs as { costs: number[] }).costs.at(-1)!;
      // numpy float64 gives 2.5768766478691654 on the UCI file.
      assert.ok(Math.abs(final - 2.5768766478691654) < (name === "cpu" ? 1e-9 : 1e-4), `${final}`);
    } finally {
      backend.destroy();
    }
  });
}

Deno.test("the fisher variant of Iris gives the same perceptron and a different Adaline cost", async () => {
  const backend = new CpuBackend();
  const [p] = await runExperiment("perceptron-iris", backend, { iris: "fisher" });
  assert.ok(p.result.claims.every((c) => c.pass));
  const ada = await runExperiment("adaline-learning-rate", backend, {
    iris: "fisher",
    lr: 0.01,
    epochs: 15,
    standardize: true,
  });
  const costs = (ada[0].result.outputs as { costs: number[] }).costs;
  // numpy float64 on iris.csv: 2.5719950707922234.
  assert.ok(Math.abs(costs.at(-1)! - 2.5719950707922234) < 1e-9);
});
