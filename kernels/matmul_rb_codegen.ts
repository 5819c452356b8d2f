/**
 * The register-blocked matrix products for llvmpipe, `matmul_rb<rows>x<cols>` (and `_tex`),
 * generated at run time (kernels/kernel_sources.ts) for the tiles of RB_TILES
 * (kernels/matmul_plan.ts). The kernels are unrolled here because Mesa does not unroll loops this
 * large, and indexed arrays that stay loops become scratch memory. `deno task wgsl
 * matmul_rb16x16` prints one.
 *
 * @module
 */

const XYZW = ["x", "y", "z", "w"];

/**
 * The WGSL text of kernel `matmul_rb<TM>x<TN>` (TM and TN multiples of 4), or with `tex` of
 * `matmul_rb<TM>x<TN>_tex`, which reads both operands from rgba32float textures
 * (kernels/operand_textures.ts) instead of storage buffers.
 */
export function generateMatmulRb(TM: number, TN: number, tex = false): string {
  const L: string[] = [];
  const w = (s: string) => L.push(s);
  const C4 = TN / 4;
  w(`// Generated at run time by kernels/matmul_rb_codegen.ts (deno task wgsl prints it).
//
// C[m, n] = op(A)[m, k] · op(B)[k, n] for llvmpipe (Mesa's software Vulkan). llvmpipe runs 8
// invocations per SIMD instruction but turns every storage load into a loop over the lanes, so
// speed follows the multiply-adds per loaded value: each invocation keeps a TM×TN block of C in
// registers (${TM}×${TN} here, unrolled) and reads operands as vec4.
//
// Each operand is read along its contiguous axis: A_KC (A stored [m, k], row-major) reads 4
// values of k per row, else (A stored [k, m], i.e. transA) a run of TM values of m per k;
// likewise B_KC (B stored [n, k], transB) or runs of TN values of n. A leading dimension that is
// not a multiple of 4 leaves row r shifted by (r·ld) mod 4 floats from a vec4 boundary: since
// tiles start at multiples of 4 in every axis, that shift is a constant (A_S = lda mod 4,
// B_S = ldb mod 4), so unaligned rows cost one extra vec4 load and a free component shuffle.
// Reads past a row's end land in the next row or are clamped at the buffer's end (WebGPU's
// bounds checks): those values only reach outputs that are not stored, except past k, which
// the kmask flag zeroes in the last group of 4.
//
// Split-K: workgroup z takes k in [z·kchunk, z·kchunk + kchunk) and writes its partial block at
// c[z·m·n + …]; matmul_reduce.wgsl then sums the partials. The ct flag stores the block transposed
// (c[j·m + i]): the caller computes Cᵀ = op(B)ᵀ·op(A)ᵀ that way when C is narrow, so that the
// narrow side gets the short tile axis.

const TM: u32 = ${TM}u;
const TN: u32 = ${TN}u;
override A_KC: bool = true;
override B_KC: bool = false;
override A_S: u32 = 0u;
override B_S: u32 = 0u;
// SCALED: C is stored as c·scale + zero (unary affine's arithmetic), e.g. dW = (1/m)·dZ·Aᵀ
// without a pass of its own.
override SCALED: bool = false;


struct Params {
  m: u32,
  n: u32,
  k: u32,
  lda: u32,
  ldb: u32,
  kchunk: u32,
  // 1 when k % 4 != 0: the last group of 4 is masked.
  kmask: u32,
  // 1: store C transposed.
  ct: u32,
  scale: f32,
  zero: f32,
}

fn stored(v: f32) -> f32 {
  if (SCALED) {
    return v * p.scale + p.zero;
  }
  return v;
}

@group(0) @binding(0) var<uniform> p: Params;
${
    tex
      ? `@group(0) @binding(1) var<storage, read_write> c: array<f32>;
// Texture row y holds row y of the operand as stored (A_KC: a row of m; else a row of k), 4
// floats a texel, zero-padded: rows start on a texel, so no shifts; lda and ldb are unused.
@group(0) @binding(2) var ta: texture_2d<f32>;
@group(0) @binding(3) var tb: texture_2d<f32>;`
      : `@group(0) @binding(1) var<storage, read> a: array<vec4f>;
@group(0) @binding(2) var<storage, read> b: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;`
  }

// The 4 floats starting s floats into v0 (s is a constant after inlining: the branches fold).
fn shift4(v0: vec4f, v1: vec4f, s: u32) -> vec4f {
  switch s {
    case 0u: { return v0; }
    case 1u: { return vec4f(v0.yzw, v1.x); }
    case 2u: { return vec4f(v0.zw, v1.xy); }
    default: { return vec4f(v0.w, v1.xyz); }
  }
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i0 = gid.y * TM;
  let j0 = gid.x * TN;
  if (i0 >= p.m || j0 >= p.n) {
    return;
  }
  let kb = gid.z * p.kchunk;
  let ke = min(p.k, kb + p.kchunk);
  let groups = (ke - kb + 3u) / 4u;`);
  if (!tex) {
    w(`  // vec4 index of the first read: A_KC: row i0 at column kb; else row kb at column i0.
  var ao = select(kb * p.lda + i0, i0 * p.lda + kb, A_KC) / 4u;
  var bo = select(kb * p.ldb + j0, j0 * p.ldb + kb, B_KC) / 4u;
  let astep = select(p.lda, 1u, A_KC);
  let bstep = select(p.ldb, 1u, B_KC);`);
  }
  for (let r = 0; r < TM; r++) {
    w(`  ` + Array.from({ length: C4 }, (_, c) => `var c${r}_${c} = vec4f();`).join(" "));
  }
  w(`  for (var t = 0u; t < groups; t++) {`);
  if (tex) w(`    let q = kb + t * 4u;`);
  // Validity of the 4 k values of this group (only used when KMASK).
  w(`    let kv = vec4<bool>(true, true, true, true);`);
  w(`    var kmask = kv;`);
  w(`    if (p.kmask != 0u) {`);
  w(`      let q = kb + t * 4u;`);
  w(`      kmask = vec4<bool>(q < ke, q + 1u < ke, q + 2u < ke, q + 3u < ke);`);
  w(`    }`);
  // ---- A: a_r = op(A)[i0 + r, q .. q + 3] as a vec4 over k.
  for (let r = 0; r < TM; r++) w(`    var a${r} = vec4f();`);
  w(`    if (A_KC) {`);
  for (let r = 0; r < TM; r++) {
    w(
      tex
        ? `      a${r} = textureLoad(ta, vec2u(q / 4u, i0 + ${r}u), 0);`
        : `      { let o = ao + (${r}u * p.lda) / 4u; a${r} = shift4(a[o], a[o + 1u], (${r}u * A_S) % 4u); }`,
    );
  }
  w(`    } else {`);
  if (tex) {
    for (let u = 0; u < 4; u++) {
      for (let r4 = 0; r4 < TM / 4; r4++) {
        w(
          `      { let x = textureLoad(ta, vec2u(i0 / 4u + ${r4}u, q + ${u}u), 0); ` +
            [0, 1, 2, 3].map((e) => `a${r4 * 4 + e}.${XYZW[u]} = x.${XYZW[e]};`).join(" ") + ` }`,
        );
      }
    }
  } else {
    // Runs of TM values along m, one per k (u = 0..3).
    for (let u = 0; u < 4; u++) {
      w(`      {`);
      w(`        let o = ao + (${u}u * p.lda) / 4u;`);
      w(`        let s = (${u}u * A_S) % 4u;`);
      for (let v = 0; v <= TM / 4; v++) w(`        let v${v} = a[o + ${v}u];`);
      for (let r4 = 0; r4 < TM / 4; r4++) {
        w(
          `        { let x = shift4(v${r4}, v${r4 + 1}, s); ` +
            [0, 1, 2, 3].map((e) => `a${r4 * 4 + e}.${XYZW[u]} = x.${XYZW[e]};`).join(" ") + ` }`,
        );
      }
      w(`      }`);
    }
  }
  w(`    }`);
  // ---- B: b_u_c = op(B)[q + u, j0 + 4c .. j0 + 4c + 3] as a vec4 over n.
  for (let u = 0; u < 4; u++) {
    w(`    ` + Array.from({ length: C4 }, (_, c) => `var b${u}_${c} = vec4f();`).join(" "));
  }
  w(`    if (B_KC) {`);
  // Column jj: 4 values along k.
  for (let c = 0; c < C4; c++) {
    for (let e = 0; e < 4; e++) {
      const jj = c * 4 + e;
      w(
        (tex
          ? `      { let x = textureLoad(tb, vec2u(q / 4u, j0 + ${jj}u), 0); `
          : `      { let o = bo + (${jj}u * p.ldb) / 4u; let x = shift4(b[o], b[o + 1u], (${jj}u * B_S) % 4u); `) +
          [0, 1, 2, 3].map((u) => `b${u}_${c}.${XYZW[e]} = x.${XYZW[u]};`).join(" ") + ` }`,
      );
    }
  }
  w(`    } else {`);
  if (tex) {
    for (let u = 0; u < 4; u++) {
      for (let c = 0; c < C4; c++) {
        w(`      b${u}_${c} = textureLoad(tb, vec2u(j0 / 4u + ${c}u, q + ${u}u), 0);`);
      }
    }
  } else {
    for (let u = 0; u < 4; u++) {
      w(`      {`);
      w(`        let o = bo + (${u}u * p.ldb) / 4u;`);
      w(`        let s = (${u}u * B_S) % 4u;`);
      for (let v = 0; v <= C4; v++) w(`        let v${v} = b[o + ${v}u];`);
      for (let c = 0; c < C4; c++) {
        w(`        { b${u}_${c} = shift4(v${c}, v${c + 1}, s); }`);
      }
      w(`      }`);
    }
  }
  w(`    }`);
  w(`    if (p.kmask != 0u) {`);
  for (let r = 0; r < TM; r++) w(`      a${r} = select(vec4f(), a${r}, kmask);`);
  for (let u = 0; u < 4; u++) {
    w(
      `      ` +
        Array.from(
          { length: C4 },
          (_, c) => `b${u}_${c} = select(vec4f(), b${u}_${c}, kmask.${XYZW[u]});`,
        ).join(" "),
    );
  }
  w(`    }`);
  // ---- The multiply-adds.
  for (let r = 0; r < TM; r++) {
    for (let c = 0; c < C4; c++) {
      w(
        `    c${r}_${c} += ` +
          [0, 1, 2, 3].map((u) => `a${r}.${XYZW[u]} * b${u}_${c}`).join(" + ") + `;`,
      );
    }
  }
  if (!tex) {
    w(`    ao += astep;`);
    w(`    bo += bstep;`);
  }
  w(`  }`);
  // ---- Stores, bounds-checked.
  w(`  let base = gid.z * p.m * p.n;`);
  w(`  let ct = p.ct != 0u;`);
  w(`  let os = select(1u, p.m, ct);`);
  for (let r = 0; r < TM; r++) {
    w(`  if (i0 + ${r}u < p.m) {`);
    w(`    let o = base + select((i0 + ${r}u) * p.n + j0, j0 * p.m + i0 + ${r}u, ct);`);
    for (let c = 0; c < C4; c++) {
      for (let e = 0; e < 4; e++) {
        const jj = c * 4 + e;
        w(`    if (j0 + ${jj}u < p.n) { c[o + ${jj}u * os] = stored(c${r}_${c}.${XYZW[e]}); }`);
      }
    }
    w(`  }`);
  }
  w(`}`);
  return L.join("\n") + "\n";
}
