/**
 * Every WGSL kernel by name, as the text the device compiles (Device.pipeline compiles and
 * caches each name once; `deno task wgsl NAME` prints one):
 *
 * - the kernels of kernels/wgsl/, imported as text, so that the kernels layer reads no files
 *   (a bundle for the browser carries them inline);
 * - the generated families: `matmul_rb<rows>x<cols>` and `…_tex` (kernels/matmul_rb_codegen.ts)
 *   and the straight-line variants of mlp_train, `mlp_train.<dims>…` (kernels/mlp_codegen.ts).
 *
 * One assembly step: a line `// #include FILE` is replaced by that file of kernels/wgsl/ (each
 * file once per kernel), and `// #include codes:LIST` by one `const` per name of that `as const`
 * list of kernels/backend.ts, its index the op code: `UNARY_OPS` gives `const UNARY_NEG: u32 =
 * 0u;` and so on. The host passes the same index as the kernel's override constant, so the list
 * is the one place both sides take their codes from.
 *
 * @module
 */
import activation from "./wgsl/activation.wgsl" with { type: "text" };
import activationMath from "./wgsl/activation_math.wgsl" with { type: "text" };
import binary from "./wgsl/binary.wgsl" with { type: "text" };
import conv2d from "./wgsl/conv2d.wgsl" with { type: "text" };
import conv2dDw from "./wgsl/conv2d_dw.wgsl" with { type: "text" };
import conv2dDx from "./wgsl/conv2d_dx.wgsl" with { type: "text" };
import copyRegion from "./wgsl/copy_region.wgsl" with { type: "text" };
import fill from "./wgsl/fill.wgsl" with { type: "text" };
import gatherColumns from "./wgsl/gather_columns.wgsl" with { type: "text" };
import lossGrad from "./wgsl/loss_grad.wgsl" with { type: "text" };
import matmul from "./wgsl/matmul.wgsl" with { type: "text" };
import matmulReduce from "./wgsl/matmul_reduce.wgsl" with { type: "text" };
import matmulTiled from "./wgsl/matmul_tiled.wgsl" with { type: "text" };
import mlpTrain from "./wgsl/mlp_train.wgsl" with { type: "text" };
import oneHot from "./wgsl/one_hot.wgsl" with { type: "text" };
import packTexture from "./wgsl/pack_texture.wgsl" with { type: "text" };
import pairReduce from "./wgsl/pair_reduce.wgsl" with { type: "text" };
import pool2d from "./wgsl/pool2d.wgsl" with { type: "text" };
import pool2dBackward from "./wgsl/pool2d_backward.wgsl" with { type: "text" };
import reduceLines from "./wgsl/reduce_lines.wgsl" with { type: "text" };
import reduceSum from "./wgsl/reduce_sum.wgsl" with { type: "text" };
import softmax from "./wgsl/softmax.wgsl" with { type: "text" };
import unary from "./wgsl/unary.wgsl" with { type: "text" };
import update from "./wgsl/update.wgsl" with { type: "text" };
import {
  ACTIVATIONS,
  BINARY_OPS,
  LINE_OPS,
  LOSSES,
  MLP_OPTIMIZERS,
  PAIR_TERMS,
  POOL_KINDS,
  UNARY_OPS,
} from "./backend.ts";
import { RB_TILES } from "./matmul_plan.ts";
import { generateMatmulRb } from "./matmul_rb_codegen.ts";
import { mlpVariantName, parseMlpVariant, spliceRegions, straightLine } from "./mlp_codegen.ts";
import { generateTail, parseTailKernelName } from "./mlp_tail_codegen.ts";

/** The files of kernels/wgsl/: kernels (they have a `main`) and files they include. */
const FILES: Record<string, string> = {
  "activation.wgsl": activation,
  "activation_math.wgsl": activationMath,
  "binary.wgsl": binary,
  "conv2d.wgsl": conv2d,
  "conv2d_dw.wgsl": conv2dDw,
  "conv2d_dx.wgsl": conv2dDx,
  "copy_region.wgsl": copyRegion,
  "fill.wgsl": fill,
  "gather_columns.wgsl": gatherColumns,
  "loss_grad.wgsl": lossGrad,
  "matmul.wgsl": matmul,
  "matmul_reduce.wgsl": matmulReduce,
  "matmul_tiled.wgsl": matmulTiled,
  "mlp_train.wgsl": mlpTrain,
  "one_hot.wgsl": oneHot,
  "pack_texture.wgsl": packTexture,
  "pair_reduce.wgsl": pairReduce,
  "pool2d.wgsl": pool2d,
  "pool2d_backward.wgsl": pool2dBackward,
  "reduce_lines.wgsl": reduceLines,
  "reduce_sum.wgsl": reduceSum,
  "softmax.wgsl": softmax,
  "unary.wgsl": unary,
  "update.wgsl": update,
};

/** The op-code lists a kernel can include, with the prefix of their constants. */
const CODE_LISTS: Record<string, [prefix: string, names: readonly string[]]> = {
  ACTIVATIONS: ["ACT", ACTIVATIONS],
  BINARY_OPS: ["BINARY", BINARY_OPS],
  LINE_OPS: ["LINE", LINE_OPS],
  LOSSES: ["LOSS", LOSSES],
  MLP_OPTIMIZERS: ["OPT", MLP_OPTIMIZERS],
  PAIR_TERMS: ["TERM", PAIR_TERMS],
  POOL_KINDS: ["POOL", POOL_KINDS],
  UNARY_OPS: ["UNARY", UNARY_OPS],
};

const INCLUDE = /^\/\/ #include (\S+)$/gm;

/** `src` with its `// #include` lines expanded (each target once; later mentions dropped). */
function assemble(src: string, seen = new Set<string>()): string {
  return src.replace(INCLUDE, (_, target: string) => {
    if (seen.has(target)) return `// (${target}: included above)`;
    seen.add(target);
    if (target.startsWith("codes:")) return codes(target.slice("codes:".length));
    const text = FILES[target];
    if (text === undefined) throw new Error(`WGSL: #include ${target}: no such file`);
    return `// ---- ${target}\n${assemble(text, seen).trimEnd()}\n// ---- end of ${target}`;
  });
}

/** The `const` declarations of an op-code list. */
function codes(list: string): string {
  const entry = CODE_LISTS[list];
  if (!entry) throw new Error(`WGSL: #include codes:${list}: no such list`);
  const [prefix, names] = entry;
  return [
    `// ${list} of kernels/backend.ts: each name's index is its op code.`,
    ...names.map((n, i) => `const ${prefix}_${n.toUpperCase()}: u32 = ${i}u;`),
  ].join("\n");
}

const RB_NAME = /^matmul_rb(\d+)x(\d+)(_tex)?$/;
const cache = new Map<string, string>();

/** The WGSL text of kernel `name`, includes expanded; throws for an unknown name. */
export function kernelSource(name: string): string {
  let code = cache.get(name);
  if (code === undefined) {
    code = build(name);
    cache.set(name, code);
  }
  return code;
}

function build(name: string): string {
  const file = FILES[`${name}.wgsl`];
  if (file !== undefined) {
    if (!/@compute/.test(file)) throw new Error(`WGSL: ${name}.wgsl is included, not a kernel`);
    return assemble(file);
  }
  const rb = RB_NAME.exec(name);
  if (rb && Number(rb[1]) % 4 === 0 && Number(rb[2]) % 4 === 0) {
    return generateMatmulRb(Number(rb[1]), Number(rb[2]), rb[3] !== undefined);
  }
  const tail = parseTailKernelName(name);
  if (tail) return assemble(generateTail(tail));
  const mlp = parseMlpVariant(name);
  if (mlp) return assemble(spliceRegions(mlpTrain, straightLine(mlp)));
  throw new Error(
    `WGSL: no kernel ${JSON.stringify(name)} (have ${
      kernelNames().join(", ")
    }, and mlp_train.<dims>…: see kernels/mlp_codegen.ts)`,
  );
}

/**
 * The kernels' names: those of kernels/wgsl/, the register-blocked products of RB_TILES, and
 * one straight-line mlp_train variant per form (planar's [2, 4, 1] tanh network, alone and in
 * a batch of one lane per network) as examples of that family.
 */
export function kernelNames(): string[] {
  const files = Object.keys(FILES)
    .filter((f) => /@compute/.test(FILES[f]))
    .map((f) => f.slice(0, -".wgsl".length));
  const rb = RB_TILES.flatMap(([r, c]) => [`matmul_rb${r}x${c}`, `matmul_rb${r}x${c}_tex`]);
  const planar = { dims: [2, 4, 1], hidden: ["tanh"] as const, dropout: false };
  const mlp = [
    mlpVariantName({ ...planar, ownLane: false, unroll: 1 }),
    mlpVariantName({ ...planar, ownLane: true, unroll: 4 }),
  ];
  return [...files, ...rb, ...mlp].sort();
}
