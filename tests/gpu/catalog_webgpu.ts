/** A representative subset of the lecture catalogue reproduced again on `webgpu`. */
import { catalog } from "../../experiments/index.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";
import { assertClaimsReproduced } from "../helpers.ts";

/** Experiments run again on webgpu: one of each kind of model and kernel path. */
const WEBGPU_SUBSET = new Set([
  "perceptron-iris",
  "adaline-learning-rate",
  "perceptron-learning-rule",
  "numpy-basics",
  "cross-entropy",
  "quadratic-cost",
]);

Deno.test("catalogue subset reproduced on webgpu", async (t) => {
  const gpu = await WebGpuBackend.create();
  try {
    for (const { experiment } of catalog.filter((e) => WEBGPU_SUBSET.has(e.experiment.id))) {
      await t.step(experiment.id, () => assertClaimsReproduced(experiment.id, gpu));
    }
  } finally {
    gpu.destroy();
  }
});
