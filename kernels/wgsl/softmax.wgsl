// Softmax of each line of a strided view (element t of line o at o·outer_stride +
// t·inner_stride, the same index in z and out): exp(z − max) / Σ exp(z − max), so no exp
// overflows. GROUP_PER_LINE: one 256-lane workgroup per line with the max and the sum combined
// in shared memory (long lines); otherwise one lane per line (e.g. each column of [10, m]).
override GROUP_PER_LINE: bool = false;
const WG: u32 = 256u;

struct Params {
  lines: u32,
  len: u32,
  outer_stride: u32,
  inner_stride: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> part: array<f32, WG>;

fn softmax_line(o: u32) {
  let base = o * p.outer_stride;
  var mx = z[base];
  for (var t = 1u; t < p.len; t++) {
    mx = max(mx, z[base + t * p.inner_stride]);
  }
  var s = 0.0;
  for (var t = 0u; t < p.len; t++) {
    let i = base + t * p.inner_stride;
    let e = exp(z[i] - mx);
    out[i] = e;
    s += e;
  }
  for (var t = 0u; t < p.len; t++) {
    let i = base + t * p.inner_stride;
    out[i] = out[i] / s;
  }
}

@compute @workgroup_size(256)
fn main(
  @builtin(local_invocation_index) lane: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(global_invocation_id) gid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  if (!GROUP_PER_LINE) {
    let o = gid.x + gid.y * nwg.x * WG;
    if (o < p.lines) {
      softmax_line(o);
    }
    return;
  }
  let o = wid.x + wid.y * nwg.x;
  if (o >= p.lines) {
    return;
  }
  let base = o * p.outer_stride;
  // The line's maximum (lanes past the end hold the first element, which is in the line).
  var mx = z[base];
  for (var t = lane; t < p.len; t += WG) {
    mx = max(mx, z[base + t * p.inner_stride]);
  }
  part[lane] = mx;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      part[lane] = max(part[lane], part[lane + half]);
    }
    workgroupBarrier();
  }
  mx = part[0];
  workgroupBarrier();
  var s = 0.0;
  for (var t = lane; t < p.len; t += WG) {
    let i = base + t * p.inner_stride;
    let e = exp(z[i] - mx);
    out[i] = e;
    s += e;
  }
  part[lane] = s;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      part[lane] += part[lane + half];
    }
    workgroupBarrier();
  }
  s = part[0];
  // Each lane rescales only the elements it wrote itself: no barrier needed on `out`.
  for (var t = lane; t < p.len; t += WG) {
    let i = base + t * p.inner_stride;
    out[i] = out[i] / s;
  }
}
