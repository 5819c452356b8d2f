// C[m, n] = op(A)[m, k] · op(B)[k, n], with op(A)[i, q] = a[i·a_i + q·a_q] and
// op(B)[q, j] = b[q·b_q + j·b_j], so one kernel serves W·A, dZ·Aᵀ and Wᵀ·dZ. Each invocation
// computes a 4×4 block in registers: llvmpipe turns every storage load into a scalar loop, so
// speed follows the multiply-adds per loaded value. Edges are bounds-checked: any shape works.
struct Params {
  m: u32,
  n: u32,
  k: u32,
  a_i: u32,
  a_q: u32,
  b_q: u32,
  b_j: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

fn load_a(i: u32, q: u32) -> f32 {
  if (i < p.m) {
    return a[i * p.a_i + q * p.a_q];
  }
  return 0.0;
}

fn load_b(q: u32, j: u32) -> f32 {
  if (j < p.n) {
    return b[q * p.b_q + j * p.b_j];
  }
  return 0.0;
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i0 = gid.y * 4u;
  let j0 = gid.x * 4u;
  if (i0 >= p.m || j0 >= p.n) {
    return;
  }
  var acc: array<vec4f, 4>;
  for (var q = 0u; q < p.k; q++) {
    let bv = vec4f(load_b(q, j0), load_b(q, j0 + 1u), load_b(q, j0 + 2u), load_b(q, j0 + 3u));
    acc[0] += load_a(i0, q) * bv;
    acc[1] += load_a(i0 + 1u, q) * bv;
    acc[2] += load_a(i0 + 2u, q) * bv;
    acc[3] += load_a(i0 + 3u, q) * bv;
  }
  for (var r = 0u; r < 4u; r++) {
    let i = i0 + r;
    if (i < p.m) {
      for (var s = 0u; s < 4u; s++) {
        if (j0 + s < p.n) {
          c[i * p.n + j0 + s] = acc[r][s];
        }
      }
    }
  }
}
