/**
 * nn/many.ts on the cpu backend: models trained together (stacked) give bit for bit what each
 * gives trained alone through `train` — costs, what onLog saw, steps, epochs and parameters.
 */
import assert from "node:assert/strict";
import { CpuBackend } from "../kernels/cpu.ts";
import { MANY_CASES, trainCase } from "./many_cases.ts";

for (const c of MANY_CASES) {
  Deno.test(`trainMany on cpu equals lone trainings bit for bit: ${c.name}`, async () => {
    const b = new CpuBackend();
    const lone = await trainCase(b, c, false);
    const many = await trainCase(b, c, true);
    c.models.forEach((mc, i) => {
      assert.equal(many.paths[i], mc.alone ? "layered" : c.path[0], `model ${i}: path`);
      assert.equal(lone.paths[i], "layered");
      assert.deepEqual(many.trained[i], lone.trained[i], `model ${i}`);
    });
    assert.ok(lone.trained.some((t) => t.costs.length > 0));
  });
}
