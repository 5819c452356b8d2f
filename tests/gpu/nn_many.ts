/**
 * nn/many.ts on webgpu: models trained together against the same models trained alone through
 * `train`. Stacked models (weight vectors, first layers) get bit for bit their lone numbers:
 * their products are planned with each block's own split of k (`MatmulOptions.rowBlocks`), so
 * every sum runs in the lone order. A fused network sharing a workgroup with others sums its
 * examples in another order than alone, so fused jobs agree to float32 rounding: every cost and
 * parameter within MANY_F32_BOUND (relative to max(|value|, 1)). Steps, epochs and stops equal.
 */
import assert from "node:assert/strict";
import { openWebGpu } from "../fixtures/nn/fixture.ts";
import { MANY_CASES, trainCase, type Trained } from "../many_cases.ts";

const gpu = await openWebGpu();

/**
 * The largest difference allowed in a fused job: measured here (llvmpipe, Mesa 22.3) at most
 * 1.8e-7 (after 60 steps; ~2 ulp of float32), so 2e-6 leaves room for other adapters.
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
        const bound = many.paths[i] === "fused" ? MANY_F32_BOUND : 0;
        assert.ok(d <= bound, `model ${i} (${many.paths[i]}): relative difference ${d}`);
      });
    },
  });
}
