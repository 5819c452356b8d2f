/**
 * kernels/kernel_sources.ts, the one place kernels are assembled: every kernel name resolves to
 * WGSL with its includes expanded, the op codes in the WGSL are the indices of the `as const`
 * lists of kernels/backend.ts, the generated families answer to their names, and the kernels
 * layer reads no files (its WGSL is imported as text, so a browser bundle carries it). No GPU
 * needed; here because the kernels are compiled by the tests beside it (matmul.ts,
 * ops_parity.ts, fused_kernel.ts).
 */
import assert from "node:assert/strict";
import {
  ACTIVATIONS,
  BINARY_OPS,
  LINE_OPS,
  LOSSES,
  MLP_OPTIMIZERS,
  PAIR_TERMS,
  POOL_KINDS,
  UNARY_OPS,
} from "../../kernels/backend.ts";
import { kernelNames, kernelSource } from "../../kernels/kernel_sources.ts";
import { RB_TILES } from "../../kernels/matmul_plan.ts";
import { generateMatmulRb } from "../../kernels/matmul_rb_codegen.ts";

Deno.test("kernel sources: every kernel assembles, each include once", () => {
  const names = kernelNames();
  assert.ok(names.includes("activation") && names.includes("mlp_train"));
  assert.ok(!names.includes("activation_math"), "an included file is not a kernel");
  for (const name of names) {
    const code = kernelSource(name);
    assert.match(code, /@compute/, name);
    assert.doesNotMatch(code, /^\/\/ #include/m, `${name}: an include left unexpanded`);
    for (const decl of code.matchAll(/^const (\w+): u32 = \d+u;$/gm)) {
      const count = code.split(new RegExp(`^const ${decl[1]}:`, "m")).length - 1;
      assert.equal(count, 1, `${name}: ${decl[1]} declared ${count} times`);
    }
  }
  assert.throws(() => kernelSource("activation_math"), /included, not a kernel/);
  assert.throws(() => kernelSource("nope"), /no kernel "nope"/);
});

Deno.test("kernel sources: op codes come from the lists of kernels/backend.ts", () => {
  const lists: [string, string, readonly string[]][] = [
    ["binary", "BINARY", BINARY_OPS],
    ["unary", "UNARY", UNARY_OPS],
    ["activation", "ACT", ACTIVATIONS],
    ["loss_grad", "LOSS", LOSSES],
    ["pair_reduce", "TERM", PAIR_TERMS],
    ["reduce_lines", "LINE", LINE_OPS],
    ["pool2d", "POOL", POOL_KINDS],
    ["pool2d_backward", "POOL", POOL_KINDS],
    ["mlp_train", "OPT", MLP_OPTIMIZERS],
    ["mlp_train", "ACT", ACTIVATIONS],
  ];
  for (const [kernel, prefix, names] of lists) {
    const code = kernelSource(kernel);
    names.forEach((n, i) => {
      const decl = `const ${prefix}_${n.toUpperCase()}: u32 = ${i}u;`;
      assert.ok(code.includes(decl), `${kernel}: ${decl}`);
    });
    // Every name is used beyond its declaration: the kernel names its cases.
    for (const n of names) {
      const uses = code.split(new RegExp(`\\b${prefix}_${n.toUpperCase()}\\b`)).length - 1;
      assert.ok(uses >= 2, `${kernel}: ${prefix}_${n.toUpperCase()} is never used`);
    }
  }
  // activation.wgsl and mlp_train.wgsl share one copy of the activations' math.
  for (const k of ["activation", "mlp_train", "mlp_train.2-4-1.tanh.own.u4"]) {
    const code = kernelSource(k);
    assert.equal(code.match(/^fn act_e\(/gm)?.length, 1, k);
    assert.equal(code.match(/^fn expm1_series\(/gm)?.length, 1, k);
  }
});

Deno.test("kernel sources: generated kernels answer to their names", () => {
  for (const [r, c] of RB_TILES) {
    assert.equal(kernelSource(`matmul_rb${r}x${c}`), generateMatmulRb(r, c));
    assert.equal(kernelSource(`matmul_rb${r}x${c}_tex`), generateMatmulRb(r, c, true));
  }
  const planar = kernelSource("mlp_train.2-4-1.tanh.own.u4");
  assert.match(planar, /\/\/ generated: examples/);
  assert.match(planar, /hidden_act\(ACT_TANH, xz1_0, xe1_0\)/);
  assert.throws(() => kernelSource("mlp_train.2-4-1.step"), /no kernel/);
});

Deno.test("the kernels layer reads no files (WGSL imported as text)", () => {
  const dir = new URL("../../kernels/", import.meta.url);
  for (const e of Deno.readDirSync(dir)) {
    if (!e.isFile || !e.name.endsWith(".ts") || e.name === "print_wgsl.ts") continue;
    const text = Deno.readTextFileSync(new URL(e.name, dir));
    assert.doesNotMatch(text, /\bDeno\./, `kernels/${e.name} uses a Deno API`);
  }
});
