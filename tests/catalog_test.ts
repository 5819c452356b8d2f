/**
 * The lecture catalogue: every experiment's claims reproduced on the `cpu` reference in the
 * quick profile (a representative subset runs again on `webgpu` in tests/gpu/catalog_webgpu.ts).
 */
import { strict as assert } from "node:assert";
import { CpuBackend } from "../kernels/cpu.ts";
import { catalog } from "../experiments/index.ts";
import { expandTrials } from "../harness/trials.ts";
import { assertClaimsReproduced } from "./helpers.ts";

for (const { experiment } of catalog) {
  Deno.test(`${experiment.id}: claims reproduced on cpu (quick profile)`, async () => {
    await assertClaimsReproduced(experiment.id, new CpuBackend());
  });
}

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
