/** A representative subset of the lecture catalogue judged again on `webgpu` (claims as declared). */
import { catalog } from "../../experiments/index.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";
import { assertClaimsAsDeclared } from "../helpers.ts";

/**
 * Experiments run again on webgpu: one of each kind of model and kernel path, and every cheap one
 * (a few seconds each) whose claims round float32 figures as printed, where a change in a kernel's
 * order of operations shows first.
 */
const WEBGPU_SUBSET = new Set([
  "perceptron-iris",
  "adaline-learning-rate",
  "perceptron-learning-rule",
  "numpy-basics",
  "numpy-shapes",
  "cross-entropy",
  "quadratic-cost",
  "activations",
  "activation-derivatives",
  "network-shapes",
  "cnn-parameters",
  "universal-approximation",
  "vectorization-examples",
  "zero-init-symmetry",
  "local-minima",
  "multiclass-iris",
  "logistic-loop-vs-vectorized",
]);

Deno.test("catalogue subset: claims as declared on webgpu", async (t) => {
  const gpu = await WebGpuBackend.create();
  try {
    for (
      const { experiment } of catalog.entries.filter((e) => WEBGPU_SUBSET.has(e.experiment.id))
    ) {
      await t.step(experiment.id, async () => {
        await assertClaimsAsDeclared(experiment.id, gpu);
      });
    }
  } finally {
    gpu.destroy();
  }
});
