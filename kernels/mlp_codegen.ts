/**
 * Straight-line phase 1 for kernels/wgsl/mlp_train.wgsl: for a small network, the per-example
 * forward and backward pass written out for its exact layer dims, so that every activation,
 * weight and gradient accumulator is a named value the compiler keeps in registers; with one
 * lane per network, phase 2 too (see `straightLine`).
 *
 * Why: the kernel's loop form indexes per-example arrays with loop counters. On llvmpipe (the
 * CPU adapter this project runs on) loops are unrolled only when short, and indexing private or
 * scratch arrays inside the loops that stay costs 10–30× the arithmetic; every loop iteration
 * also counts against llvmpipe's 65535-iteration budget per dispatch. Written out, a [2, 4, 1]
 * step over 400 examples is ~50 iterations of one loop.
 *
 * The generated code keeps the loop form's arithmetic and summation order (Σ_j in ascending j,
 * then + b; dA_j = Σ_i W_ij·dZ_i in ascending i), so both forms compute the same values. Each
 * variant is a kernel of its own name (`mlpVariantName`), generated on first use by
 * kernels/kernel_sources.ts.
 *
 * @module
 */
import type { Activation } from "./backend.ts";

/** The hidden activations mlp_train implements (all but step and sign, which have no gradient). */
export const MLP_HIDDEN: readonly Activation[] = [
  "linear",
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "softplus",
  "elu",
];

/** What a straight-line variant of mlp_train is generated for. */
export interface MlpVariant {
  /** [n_0, …, n_L]. */
  dims: readonly number[];
  /** The L − 1 hidden activations. */
  hidden: readonly Activation[];
  dropout: boolean;
  /** One lane per network (the kernel's LPN = 1): parameters kept in registers (see below). */
  ownLane: boolean;
  /** Examples written out per loop iteration. */
  unroll: number;
}

/**
 * The kernel name of a straight-line variant: `mlp_train.<dims>.<hidden>` with dims and hidden
 * activations joined by `-` (no hidden part for one layer), then `.dropout`, `.own` (one lane
 * per network) and `.u<unroll>` when they apply: `mlp_train.2-4-1.tanh.own.u4`.
 */
export function mlpVariantName(v: MlpVariant): string {
  const parts = ["mlp_train", v.dims.join("-")];
  if (v.hidden.length) parts.push(v.hidden.join("-"));
  if (v.dropout) parts.push("dropout");
  if (v.ownLane) parts.push("own");
  if (v.unroll !== 1) parts.push(`u${v.unroll}`);
  return parts.join(".");
}

/** The variant a kernel name describes, or null when it is not one `mlpVariantName` makes. */
export function parseMlpVariant(name: string): MlpVariant | null {
  const [head, dimsPart, ...rest] = name.split(".");
  if (head !== "mlp_train" || dimsPart === undefined) return null;
  const dims = dimsPart.split("-").map(Number);
  if (!dims.every((n) => Number.isInteger(n) && n >= 1)) return null;
  const v: MlpVariant = { dims, hidden: [], dropout: false, ownLane: false, unroll: 1 };
  rest.forEach((part, i) => {
    if (part === "dropout") v.dropout = true;
    else if (part === "own") v.ownLane = true;
    else if (/^u\d+$/.test(part)) v.unroll = Number(part.slice(1));
    else if (i === 0) v.hidden = part.split("-") as Activation[];
    else v.unroll = NaN;
  });
  const ok = v.hidden.length === dims.length - 2 && v.hidden.every((g) => MLP_HIDDEN.includes(g)) &&
    v.unroll >= 1;
  return ok && mlpVariantName(v) === name ? v : null;
}

/** Code for some of the kernel's `// region: NAME` blocks, by name. */
export type Regions = Partial<Record<RegionName, string>>;

export type RegionName =
  | "dispatch begin"
  | "step begin"
  | "cost"
  | "examples"
  | "step end"
  | "weight squares"
  | "update"
  | "dispatch end";

/**
 * The kernel's source with each `// region: NAME` … `// region: end` block named in `code`
 * replaced by that code (indented as the marker); the other blocks keep the template's code.
 */
export function spliceRegions(template: string, code: Regions): string {
  const lines = template.split("\n");
  const out: string[] = [];
  const found = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    const name = t.startsWith("// region: ") ? t.slice("// region: ".length) : null;
    if (name === null || name === "end") {
      out.push(lines[i]);
      continue;
    }
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== "// region: end") j++;
    if (j === lines.length) throw new Error(`mlp_train.wgsl: region ${name} has no end`);
    const repl = (code as Record<string, string | undefined>)[name];
    if (repl === undefined) {
      out.push(...lines.slice(i + 1, j));
    } else {
      const indent = lines[i].slice(0, lines[i].length - lines[i].trimStart().length);
      out.push(`${indent}// generated: ${name}`);
      for (const l of repl.split("\n")) if (l) out.push(indent + l);
    }
    found.add(name);
    i = j;
  }
  for (const name of Object.keys(code)) {
    if (!found.has(name)) throw new Error(`mlp_train.wgsl: region ${name} not found`);
  }
  return out.join("\n");
}

/**
 * The generated regions of a variant: its dims (n_0, …, n_L), hidden activations and dropout.
 *
 * With `ownLane` (one lane per network, the kernel's LPN = 1) the lane keeps its network's
 * parameters and optimiser state in registers for the whole dispatch and updates them there:
 * loaded once before the first step and stored after the last, instead of a trip through
 * scratch and state at every step. Same arithmetic in the same order as the template's phase 2.
 *
 * `unroll` (default 1) examples are written out per loop iteration, the rest taken one at a
 * time; each lane still adds its examples in order, so the sums do not change.
 */
export function straightLine(v: MlpVariant): Regions {
  const { dims, hidden, dropout } = v;
  const L = dims.length - 1;
  // Parameter indices: W_l[i][j] and b_l[i] in the state's layout (W1..WL, then b1..bL).
  const wOff: number[] = [], bOff: number[] = [];
  let o = 0;
  for (let l = 1; l <= L; l++) {
    wOff[l] = o;
    o += dims[l] * dims[l - 1];
  }
  for (let l = 1; l <= L; l++) {
    bOff[l] = o;
    o += dims[l];
  }
  const P = o;
  const w = (l: number, i: number, j: number) => `pw${wOff[l] + i * dims[l - 1] + j}`;
  const b = (l: number, i: number) => `pw${bOff[l] + i}`;
  const gw = (l: number, i: number, j: number) => `pg${wOff[l] + i * dims[l - 1] + j}`;
  const gb = (l: number, i: number) => `pg${bOff[l] + i}`;
  // The ACT_ constant of hidden layer l's activation (activation_math.wgsl).
  const kindOf = (l: number) => {
    const g = hidden[l - 1];
    if (!MLP_HIDDEN.includes(g)) throw new RangeError(`fused mlp: hidden activation ${g}`);
    return `ACT_${g.toUpperCase()}`;
  };
  // Dropout mask row of hidden layer l's unit i.
  const maskRow = (l: number, i: number) => dims.slice(1, l).reduce((a, n) => a + n, 0) + i;
  const sum = (terms: string[]) => terms.length === 1 ? terms[0] : `(${terms.join(" + ")})`;

  const begin: string[] = [];
  if (!v.ownLane) {
    for (let p = 0; p < P; p++) begin.push(`let pw${p} = state[sb + ${p}u];`);
  }
  for (let p = 0; p < P; p++) begin.push(`var pg${p} = 0.0;`);

  // The forward pass of example k up to ŷ, which the cost pass repeats.
  const fwd: string[] = [];
  for (let j = 0; j < dims[0]; j++) {
    fwd.push(`let xa0_${j} = x_at(${j}u, k);`);
  }
  for (let l = 1; l <= L; l++) {
    for (let i = 0; i < dims[l]; i++) {
      const terms: string[] = [];
      for (let j = 0; j < dims[l - 1]; j++) terms.push(`${w(l, i, j)} * xa${l - 1}_${j}`);
      fwd.push(`let xz${l}_${i} = ${sum(terms)} + ${b(l, i)};`);
      if (l < L) {
        // The activation's exponential, shared with its derivative in the backward pass.
        fwd.push(`let xe${l}_${i} = act_exp(${kindOf(l)}, xz${l}_${i});`);
        const g = `hidden_act(${kindOf(l)}, xz${l}_${i}, xe${l}_${i})`;
        fwd.push(
          dropout
            ? `let xa${l}_${i} = (${g} * aux[mkb + ${maskRow(l, i)}u * u.m + k]) * keep_inv;`
            : `let xa${l}_${i} = ${g};`,
        );
      }
    }
  }
  // Output: ŷ = σ(Z_L), dZ_L = ŷ − y.
  for (let i = 0; i < dims[L]; i++) {
    fwd.push(`let xy${i} = y_at(${i}u, k);`);
    fwd.push(`let xh${i} = sigmoid(xz${L}_${i});`);
  }
  const ex = [...fwd];
  for (let i = 0; i < dims[L]; i++) ex.push(`let xd${L}_${i} = xh${i} - xy${i};`);
  for (let l = L; l >= 1; l--) {
    for (let i = 0; i < dims[l]; i++) {
      ex.push(`${gb(l, i)} += xd${l}_${i};`);
      for (let j = 0; j < dims[l - 1]; j++) {
        ex.push(`${gw(l, i, j)} += xd${l}_${i} * xa${l - 1}_${j};`);
      }
    }
    if (l === 1) break;
    for (let j = 0; j < dims[l - 1]; j++) {
      const terms: string[] = [];
      for (let i = 0; i < dims[l]; i++) terms.push(`${w(l, i, j)} * xd${l}_${i}`);
      const s = dropout
        ? `(${sum(terms)} * aux[mkb + ${maskRow(l - 1, j)}u * u.m + k]) * keep_inv`
        : sum(terms);
      const g = `hidden_grad(${kindOf(l - 1)}, xz${l - 1}_${j}, xe${l - 1}_${j})`;
      ex.push(`let xd${l - 1}_${j} = ${s} * ${g};`);
    }
  }

  // The cross-entropy terms on logged steps, in a pass of their own: inside the example loop,
  // under `if (logged)`, llvmpipe would evaluate them (two logs per output) at every step with
  // the lanes masked off, ~12% of a [2, 4, 1] step; a loop none of whose lanes runs is skipped.
  // Same terms in the same order as the loop form's.
  const cost = [
    "if (logged) {",
    "  for (var kk = sub; kk < size; kk += LPN) {",
    "    let k = example_at(start + kk, el);",
    ...fwd.map((l) => "    " + l),
    ...Array.from({ length: dims[L] }, (_, i) => `    cost += bce(xh${i}, xy${i});`),
    "  }",
    "}",
  ];
  // The loop over the lane's examples, `unroll` of them per iteration and the rest one at a time.
  const U = v.unroll;
  const examples = ["var ke = sub;"];
  const one = (offset: string) => [
    `  let k = example_at(start + ke${offset}, el);`,
    ...ex.map((l) => "  " + l),
  ];
  if (U > 1) {
    examples.push(`for (; ke + ${U - 1}u * LPN < size; ke += ${U}u * LPN) {`);
    for (let q = 0; q < U; q++) {
      examples.push("  {", ...one(q === 0 ? "" : ` + ${q}u * LPN`).map((l) => "  " + l), "  }");
    }
    examples.push("}");
  }
  examples.push("for (; ke < size; ke += LPN) {", ...one(""), "}");
  const regions: Regions = {
    "step begin": begin.join("\n"),
    cost: cost.join("\n"),
    examples: examples.join("\n"),
  };
  if (!v.ownLane) {
    const end: string[] = [];
    for (let p = 0; p < P; p++) end.push(`scratch[scb + ${p}u * LPN + sub] = pg${p};`);
    regions["step end"] = end.join("\n");
    return regions;
  }
  const load: string[] = [], store: string[] = [], squares: string[] = [], update: string[] = [];
  for (let p = 0; p < P; p++) {
    load.push(
      `var pw${p} = state[sb + ${p}u];`,
      `var pv${p} = 0.0;`,
      `var ps${p} = 0.0;`,
      `if (OPT != OPT_GD) {`,
      `  pv${p} = state[sb + P + ${p}u];`,
      `}`,
      `if (OPT == OPT_ADAM) {`,
      `  ps${p} = state[sb + 2u * P + ${p}u];`,
      `}`,
    );
    store.push(
      `state[sb + ${p}u] = pw${p};`,
      `if (OPT != OPT_GD) {`,
      `  state[sb + P + ${p}u] = pv${p};`,
      `}`,
      `if (OPT == OPT_ADAM) {`,
      `  state[sb + 2u * P + ${p}u] = ps${p};`,
      `}`,
    );
    // The template's phase 2 for one parameter, its LPN = 1 partial sum being pg.
    update.push(`{`, `  var g = pg${p} * inv_m;`);
    if (p < wOff[L] + dims[L] * dims[L - 1]) {
      update.push(`  if (L2) {`, `    g = g + pw${p} * lam_m;`, `  }`);
    }
    update.push(`  pw${p} = opt_step(pw${p}, g, &pv${p}, &ps${p}, o);`, `}`);
  }
  // sum_sq's order: per layer from 0, then the layers' sums from layer 1 on.
  for (let l = 1; l <= L; l++) {
    const terms: string[] = [];
    for (let q = wOff[l]; q < wOff[l] + dims[l] * dims[l - 1]; q++) terms.push(`pw${q} * pw${q}`);
    squares.push(`sq ${l === 1 ? "=" : "+="} 0.0 + ${terms.join(" + ")};`);
  }
  regions["step end"] = "";
  regions["dispatch begin"] = load.join("\n");
  regions["weight squares"] = squares.join("\n");
  regions.update = update.join("\n");
  regions["dispatch end"] = store.join("\n");
  return regions;
}
