/**
 * `deno task wgsl NAME`: prints kernel NAME's final WGSL, as the device compiles it (includes
 * expanded, generated kernels generated); with no NAME, lists the names.
 *
 *   deno task wgsl activation
 *   deno task wgsl matmul_rb16x16_tex
 *   deno task wgsl mlp_train.2-10-5-1.relu-relu.own
 *
 * @module
 */
import { kernelNames, kernelSource } from "./kernel_sources.ts";

if (import.meta.main) {
  const [name] = Deno.args;
  if (name === undefined) {
    console.log(kernelNames().join("\n"));
    console.log(
      "mlp_train.<dims>.<hidden>[.dropout][.own][.u<n>]: any straight-line variant " +
        "(kernels/mlp_codegen.ts), e.g. mlp_train.2-10-5-1.relu-relu",
    );
  } else {
    try {
      console.log(kernelSource(name));
    } catch (e) {
      console.error((e as Error).message);
      Deno.exit(2);
    }
  }
}
