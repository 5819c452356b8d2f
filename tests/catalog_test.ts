/**
 * The lecture catalogue: every experiment's claims reproduced on the `cpu` reference in the
 * quick profile, and a representative subset again on `webgpu`.
 */
import { strict as assert } from "node:assert";
import type { Backend } from "../kernels/backend.ts";
import { CpuBackend } from "../kernels/cpu.ts";
import { WebGpuBackend } from "../kernels/webgpu.ts";
import { catalog } from "../experiments/index.ts";
import { codeHash } from "../harness/environment.ts";
import { runTrial } from "../harness/runner.ts";
import { RunStore } from "../harness/store.ts";
import { expandTrials } from "../harness/trials.ts";

/** Experiments run again on webgpu: one of each kind of model and kernel path. */
const WEBGPU_SUBSET = new Set([
  "perceptron-iris",
  "adaline-learning-rate",
  "perceptron-learning-rule",
  "numpy-basics",
  "cross-entropy",
  "quadratic-cost",
]);

async function checkClaims(id: string, backend: Backend): Promise<void> {
  const entry = catalog.find((e) => e.experiment.id === id)!;
  const store = new RunStore(await Deno.makeTempDir({ prefix: "catalog-test-" }));
  const hash = codeHash(entry.url);
  const trials = expandTrials(entry.experiment, {
    set: {},
    sweep: {},
    quick: true,
    backend: backend.name,
    codeHash: hash,
  });
  try {
    for (const trial of trials) {
      const o = await runTrial(entry.experiment, trial, {
        store,
        backend,
        force: true,
        codeHash: hash,
      });
      assert.notEqual(o.status, "failed", `${id} ${trial.key}: ${o.manifest.error}`);
      for (const c of o.result.claims) {
        assert.ok(c.pass, `${id} ${trial.key} ${c.id}: observed ${JSON.stringify(c.observed)}`);
      }
    }
    const measured = new Set(entry.experiment.claims.map((c) => c.id));
    assert.ok(measured.size > 0, `${id} has no claims`);
  } finally {
    await Deno.remove(store.root, { recursive: true });
  }
}

for (const { experiment } of catalog) {
  Deno.test(`${experiment.id}: claims reproduced on cpu (quick profile)`, async () => {
    await checkClaims(experiment.id, new CpuBackend());
  });
}

Deno.test("catalogue subset reproduced on webgpu", async (t) => {
  const gpu = await WebGpuBackend.create();
  try {
    for (const { experiment } of catalog.filter((e) => WEBGPU_SUBSET.has(e.experiment.id))) {
      await t.step(experiment.id, () => checkClaims(experiment.id, gpu));
    }
  } finally {
    gpu.destroy();
  }
});

Deno.test("every experiment's default trials apply every one of its claims somewhere", () => {
  for (const { experiment } of catalog) {
    const trials = expandTrials(experiment, { set: {}, sweep: {}, backend: "cpu", codeHash: "x" });
    for (const c of experiment.claims) {
      const applies = trials.some((t) =>
        Object.entries(c.when ?? {}).every(([k, v]) => t.params[k] === v)
      );
      assert.ok(applies, `${experiment.id}: claim ${c.id} applies to none of the default trials`);
    }
  }
});
