// C[m, n] = op(A)[m, k] · op(B)[k, n], the classic shared-memory tiled product for real GPUs:
// a 16×16 workgroup computes a 64×64 block of C, each invocation 4×4 of it, stepping through k
// 16 at a time with both operand tiles staged in workgroup memory. op(A)[i, q] = a[i·a_i + q·a_q]
// and op(B)[q, j] = b[q·b_q + j·b_j], so strides cover every transpose combination; loads are
// bounds-checked (zero outside), so every shape works.
//
// Split-K: workgroup z takes k in [z·kchunk, min(k, z·kchunk + kchunk)) and writes its partial
// block at c[z·m·n + …]; matmul_reduce.wgsl then sums the partials.
struct Params {
  m: u32,
  n: u32,
  k: u32,
  a_i: u32,
  a_q: u32,
  b_q: u32,
  b_j: u32,
  kchunk: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

const BM = 64u;
const BN = 64u;
const BK = 16u;

var<workgroup> at: array<array<f32, 65>, 16>; // [q][i], padded against bank conflicts
var<workgroup> bt: array<array<f32, 65>, 16>; // [q][j]

@compute @workgroup_size(16, 16)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) li: u32,
) {
  let bi = wg.y * BM;
  let bj = wg.x * BN;
  let kb = wg.z * p.kchunk;
  let ke = min(p.k, kb + p.kchunk);
  var acc: array<vec4f, 4>;
  for (var q0 = kb; q0 < ke; q0 += BK) {
    // 256 invocations stage 16×64 values of each operand: 4 each.
    for (var e = 0u; e < 4u; e++) {
      let idx = li + e * 256u;
      let q = idx / 64u;
      let r = idx % 64u;
      let gq = q0 + q;
      var av = 0.0;
      if (gq < ke && bi + r < p.m) {
        av = a[(bi + r) * p.a_i + gq * p.a_q];
      }
      at[q][r] = av;
      var bv = 0.0;
      if (gq < ke && bj + r < p.n) {
        bv = b[gq * p.b_q + (bj + r) * p.b_j];
      }
      bt[q][r] = bv;
    }
    workgroupBarrier();
    for (var q = 0u; q < BK; q++) {
      let bv = vec4f(bt[q][lid.x], bt[q][lid.x + 16u], bt[q][lid.x + 32u], bt[q][lid.x + 48u]);
      acc[0] += at[q][lid.y] * bv;
      acc[1] += at[q][lid.y + 16u] * bv;
      acc[2] += at[q][lid.y + 32u] * bv;
      acc[3] += at[q][lid.y + 48u] * bv;
    }
    workgroupBarrier();
  }
  // Invocation (x, y) owns rows y + 16·r and columns x + 16·s: neighbours write neighbours.
  let base = wg.z * p.m * p.n;
  for (var r = 0u; r < 4u; r++) {
    let i = bi + lid.y + 16u * r;
    if (i < p.m) {
      for (var s = 0u; s < 4u; s++) {
        let j = bj + lid.x + 16u * s;
        if (j < p.n) {
          c[base + i * p.n + j] = acc[r][s];
        }
      }
    }
  }
}
