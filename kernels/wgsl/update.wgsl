// In-place parameter update w ← w − lr·g (the lectures' gradient-descent step), 4 values per
// invocation: on llvmpipe a vec4 load costs about half of four scalar ones. Buffers hold whole
// vec4s (device.ts rounds sizes to 16 bytes), so the last one may compute a few padding values
// past n, which no tensor reads.
struct Params {
  n: u32,
  lr: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> w: array<vec4f>;
@group(0) @binding(2) var<storage, read> g: array<vec4f>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i * 4u < p.n) {
    w[i] = w[i] - p.lr * g[i];
  }
}
