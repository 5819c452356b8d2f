// The last step of a split-K matrix product: out[i] = Σ_z part[z·len + i] over the `parts`
// partial products, four outputs per invocation.
// SCALED: the sum is stored as s·scale + zero (MatmulOptions.scale, unary affine's arithmetic).
override SCALED: bool = false;

struct Params {
  len: u32,
  parts: u32,
  scale: f32,
  zero: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i0 = (gid.x + gid.y * nwg.x * 64u) * 4u;
  if (i0 >= p.len) {
    return;
  }
  var s = vec4f();
  for (var z = 0u; z < p.parts; z++) {
    let o = z * p.len + i0;
    s += vec4f(part[o], part[o + 1u], part[o + 2u], part[o + 3u]);
  }
  for (var e = 0u; e < 4u; e++) {
    if (i0 + e < p.len) {
      if (SCALED) {
        out[i0 + e] = s[e] * p.scale + p.zero;
      } else {
        out[i0 + e] = s[e];
      }
    }
  }
}
