/**
 * Straight-line phase 1 for kernels/wgsl/mlp_train.wgsl: for a small network, the per-example
 * forward and backward pass written out for its exact layer dims, so that every activation,
 * weight and gradient accumulator is a named value the compiler keeps in registers.
 *
 * Why: the kernel's loop form indexes per-example arrays with loop counters. On llvmpipe (the
 * CPU adapter this project runs on) loops are unrolled only when short, and indexing private or
 * scratch arrays inside the loops that stay costs 10–30× the arithmetic; every loop iteration
 * also counts against llvmpipe's 65535-iteration budget per dispatch. Written out, a [2, 4, 1]
 * step over 400 examples is ~50 iterations of one loop.
 *
 * The generated code keeps the loop form's arithmetic and summation order (Σ_j in ascending j,
 * then + b; dA_j = Σ_i W_ij·dZ_i in ascending i), so both forms compute the same values.
 *
 * @module
 */
import type { Activation } from "./backend.ts";

/** activation.wgsl's KIND of the hidden activations the kernel implements. */
export const HIDDEN_KIND: Partial<Record<Activation, number>> = {
  linear: 0,
  sigmoid: 3,
  tanh: 4,
  relu: 5,
  leaky_relu: 6,
  softplus: 7,
  elu: 8,
};

/** The kernel's source with the three `region:` blocks replaced by the given code. */
export function spliceRegions(
  template: string,
  code: { stepBegin: string; example: string; stepEnd: string },
): string {
  const lines = template.split("\n");
  const out: string[] = [];
  const want = [
    ["// region: step begin", code.stepBegin],
    ["// region: example", code.example],
    ["// region: step end", code.stepEnd],
  ];
  let r = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (r < want.length && t === want[r][0]) {
      const indent = lines[i].slice(0, lines[i].length - lines[i].trimStart().length);
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== "// region: end") j++;
      if (j === lines.length) throw new Error(`mlp_train.wgsl: ${want[r][0]} has no end`);
      out.push(`${indent}// generated: ${want[r][0].slice(11)}`);
      for (const l of want[r][1].split("\n")) if (l) out.push(indent + l);
      i = j;
      r++;
    } else {
      out.push(lines[i]);
    }
  }
  if (r !== want.length) throw new Error(`mlp_train.wgsl: region ${want[r][0]} not found`);
  return out.join("\n");
}

/** The generated regions for `dims` (n_0, …, n_L) with the given hidden activations. */
export function straightLine(
  dims: readonly number[],
  hidden: readonly Activation[],
  dropout: boolean,
): { stepBegin: string; example: string; stepEnd: string } {
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
  const kindOf = (l: number) => {
    const k = HIDDEN_KIND[hidden[l - 1]];
    if (k === undefined) throw new RangeError(`fused mlp: hidden activation ${hidden[l - 1]}`);
    return k;
  };
  // Dropout mask row of hidden layer l's unit i.
  const maskRow = (l: number, i: number) => dims.slice(1, l).reduce((a, n) => a + n, 0) + i;
  const sum = (terms: string[]) => terms.length === 1 ? terms[0] : `(${terms.join(" + ")})`;

  const begin: string[] = [];
  for (let p = 0; p < P; p++) begin.push(`let pw${p} = state[sb + ${p}u];`);
  for (let p = 0; p < P; p++) begin.push(`var pg${p} = 0.0;`);

  const ex: string[] = [];
  for (let j = 0; j < dims[0]; j++) {
    ex.push(`let xa0_${j} = X[${j === 0 ? "" : `${j}u * u.m + `}k];`);
  }
  for (let l = 1; l <= L; l++) {
    for (let i = 0; i < dims[l]; i++) {
      const terms: string[] = [];
      for (let j = 0; j < dims[l - 1]; j++) terms.push(`${w(l, i, j)} * xa${l - 1}_${j}`);
      ex.push(`let xz${l}_${i} = ${sum(terms)} + ${b(l, i)};`);
      if (l < L) {
        const g = `act(${kindOf(l)}u, xz${l}_${i})`;
        ex.push(
          dropout
            ? `let xa${l}_${i} = (${g} * aux[mkb + ${maskRow(l, i)}u * u.m + k]) * keep_inv;`
            : `let xa${l}_${i} = ${g};`,
        );
      }
    }
  }
  // Output: ŷ = σ(Z_L), dZ_L = ŷ − y, and the cross-entropy terms on logged steps.
  for (let i = 0; i < dims[L]; i++) {
    ex.push(`let xy${i} = Y[${i === 0 ? "" : `${i}u * u.m + `}k];`);
    ex.push(`let xh${i} = sigmoid(xz${L}_${i});`);
    ex.push(`if (logged) {`, `  cost += bce(xh${i}, xy${i});`, `}`);
    ex.push(`let xd${L}_${i} = xh${i} - xy${i};`);
  }
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
      ex.push(`let xd${l - 1}_${j} = ${s} * act_grad(${kindOf(l - 1)}u, xz${l - 1}_${j});`);
    }
  }

  const end: string[] = [];
  for (let p = 0; p < P; p++) end.push(`scratch[scb + ${p}u * LPN + sub] = pg${p};`);
  return { stepBegin: begin.join("\n"), example: ex.join("\n"), stepEnd: end.join("\n") };
}
