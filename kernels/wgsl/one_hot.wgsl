// One-hot columns: out[r, c] = 1 where labels[c] = r, else 0 (out is [k, m], labels [1, m]).
// A label outside 0..k−1 gives a column of zeros.
struct Params {
  k: u32,
  m: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> labels: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.k * p.m) {
    return;
  }
  let r = i / p.m;
  let c = i - r * p.m;
  out[i] = select(0.0, 1.0, labels[c] == f32(r));
}
