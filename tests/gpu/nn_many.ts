/**
 * nn/many.ts on webgpu: models trained together (stacked first layers and weight vectors, or one
 * job of the fused kernel) against the same models trained alone through `train`. A product of
 * k rows adds its terms in another order than one of a single row (another tile, another split
 * of k), and a fused network sharing a workgroup sums its examples in another order, so the
 * numbers agree to float32 rounding: every cost and parameter within MANY_F32_BOUND (relative
 * to max(|value|, 1)), the steps, epochs and stops equal.
 */
import assert from "node:assert/strict";
import { openWebGpu } from "../fixtures/nn/fixture.ts";
import { MANY_CASES, trainCase, type Trained } from "../many_cases.ts";

const gpu = await openWebGpu();

/**
 * The largest difference allowed: measured here (llvmpipe, Mesa 22.3) at most 2.8e-7 over these
 * cases (after up to 60 steps; ~2 ulp of float32), so 2e-6 leaves room for other adapters.
 */
const MANY_F32_BOUND = 2e-6;

function worst(a: Trained, b: Trained): number {
  let w = 0;
  const cmp = (x: number, y: number) => {
    if (Number.isNaN(x) && Number.isNaN(y)) return;
    w = Math.max(w, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1));
  };
  a.costs.forEach((c, i) => cmp(c.cost, b.costs[i].cost));
  a.params.forEach((p, l) => p.forEach((v, i) => cmp(v, b.params[l][i])));
  return w;
}

for (const c of MANY_CASES) {
  Deno.test({
    name: `trainMany on webgpu equals lone trainings to float32 rounding: ${c.name}`,
    ignore: gpu === null,
    fn: async () => {
      const lone = await trainCase(gpu!, c, false);
      const many = await trainCase(gpu!, c, true);
      c.models.forEach((mc, i) => {
        const fused = c.path[1] === "fused";
        assert.equal(many.paths[i], mc.alone ? "layered" : c.path[1], `model ${i}: path`);
        assert.equal(lone.paths[i], fused ? "fused" : "layered");
        const [a, b] = [lone.trained[i], many.trained[i]];
        assert.deepEqual(
          [b.steps, b.epochs, b.stopped, b.costs.map((e) => [e.epoch, e.step])],
          [a.steps, a.epochs, a.stopped, a.costs.map((e) => [e.epoch, e.step])],
        );
        assert.deepEqual(b.logged, b.costs, "onLog saw every cost, in order");
        const d = worst(a, b);
        if (Deno.env.get("PARITY_REPORT")) {
          console.log(`${c.name} model ${i}: ${d.toExponential(2)}`);
        }
        assert.ok(d <= MANY_F32_BOUND, `model ${i}: relative difference ${d}`);
      });
    },
  });
}
