/**
 * Every test that runs WebGPU inside the test process, gathered into this one module.
 *
 * Why one module: `deno test` runs each module in a worker of its own, and every worker that
 * touches WebGPU brings the adapter up from nothing. On these machines wgpu reaches llvmpipe
 * through EGL, so each such worker loads Mesa's whole driver (swrast_dri.so, with LLVM behind
 * it) and unloads it again when it ends (seen with LD_DEBUG=files: one load and one unload per
 * module). With fifteen of those cycles in one process, 3 of 14 full runs here (and one on CI)
 * aborted at exit after every test had passed ("double free or corruption (out)", exit 134);
 * with the GPU tests in this one module, 0 of 14 did. Two instances alive at once in one
 * process corrupt the heap too (see --jobs in harness/cli_args.ts). Here the driver is loaded
 * once per test run, as in the CLI and the bench.
 *
 * So: a test that opens a WebGPU backend in-process lives in tests/gpu/ (files not named
 * *_test.ts, which `deno test tests/` would otherwise run as modules of their own) and is
 * imported below; tests elsewhere reach WebGPU only through the CLI, in a subprocess. The two
 * tests at the end keep it so. One file alone: `deno test -A tests/gpu/matmul.ts`.
 */
import { strict as assert } from "node:assert";
import { ROOT } from "./helpers.ts";

import "./gpu/bench_reads.ts";
import "./gpu/catalog_webgpu.ts";
import "./gpu/fused_kernel.ts";
import "./gpu/fused_mlp.ts";
import "./gpu/iris_experiments.ts";
import "./gpu/kernel_sources.ts";
import "./gpu/kernels_parity.ts";
import "./gpu/matmul.ts";
import "./gpu/mlp_tail.ts";
import "./gpu/nn_adaline.ts";
import "./gpu/nn_lenet5.ts";
import "./gpu/nn_logistic.ts";
import "./gpu/nn_many.ts";
import "./gpu/nn_network.ts";
import "./gpu/nn_optimizers.ts";
import "./gpu/nn_xor.ts";
import "./gpu/ops_parity.ts";
import "./gpu/ops_stability.ts";

/** What opens a WebGPU backend in-process, as a test module would import or call it. */
const OPENS_WEBGPU =
  /kernels\/webgpu\.ts|kernels\/select\.ts|kernels\/device\.ts|openWebGpu|navigator\.gpu/;

Deno.test("every file in tests/gpu/ is imported by tests/gpu_test.ts", () => {
  const self = Deno.readTextFileSync(new URL(import.meta.url));
  const files = [...Deno.readDirSync(`${ROOT}tests/gpu`)].map((e) => e.name).sort();
  const missing = files.filter((f) => !self.includes(`import "./gpu/${f}";`));
  assert.deepEqual(missing, [], "a test file nobody imports never runs: import it above");
});

Deno.test("no other test module opens WebGPU in-process", () => {
  const offenders = [...Deno.readDirSync(`${ROOT}tests`)]
    .filter((e) => e.isFile && e.name.endsWith("_test.ts") && e.name !== "gpu_test.ts")
    .filter((e) => OPENS_WEBGPU.test(Deno.readTextFileSync(`${ROOT}tests/${e.name}`)))
    .map((e) => e.name);
  assert.deepEqual(offenders, [], "move in-process WebGPU tests to tests/gpu/ (see above)");
});
