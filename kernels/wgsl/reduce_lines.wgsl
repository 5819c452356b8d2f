// Maximum (LINE_MAX), index of the maximum (LINE_ARGMAX, as f32; the first on ties, as numpy) or
// sum (LINE_SUM) of each line of a strided view: element t of line o is x[offset + o·outer_stride +
// t·inner_stride].
// GROUP_PER_LINE: one 256-lane workgroup per line, lanes scanning strided runs and a tree in
// shared memory combining them (long lines); otherwise one lane scans a whole line (many short
// lines, e.g. the argmax of each column of a [10, m] output). The sum serves short lines of
// partials (conv2d_dw's); reduce_sum is the accurate sum of long lines.
// #include codes:LINE_OPS
override OP: u32 = LINE_MAX;
override GROUP_PER_LINE: bool = false;
const WG: u32 = 256u;
const NONE: u32 = 0xffffffffu;

struct Params {
  lines: u32,
  len: u32,
  outer_stride: u32,
  inner_stride: u32,
  offset: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> best_v: array<f32, WG>;
var<workgroup> best_t: array<u32, WG>;

fn emit(o: u32, v: f32, t: u32) {
  if (OP == LINE_MAX) {
    out[o] = v;
  } else {
    out[o] = f32(t);
  }
}

fn scan_line(o: u32) {
  let base = p.offset + o * p.outer_stride;
  if (OP == LINE_SUM) {
    var s = 0.0;
    for (var t = 0u; t < p.len; t++) {
      s += x[base + t * p.inner_stride];
    }
    out[o] = s;
    return;
  }
  var best = x[base];
  var at = 0u;
  for (var t = 1u; t < p.len; t++) {
    let v = x[base + t * p.inner_stride];
    if (v > best) {
      best = v;
      at = t;
    }
  }
  emit(o, best, at);
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
      scan_line(o);
    }
    return;
  }
  let o = wid.x + wid.y * nwg.x;
  if (o >= p.lines) {
    return;
  }
  let base = p.offset + o * p.outer_stride;
  if (OP == LINE_SUM) {
    var s = 0.0;
    for (var t = lane; t < p.len; t += WG) {
      s += x[base + t * p.inner_stride];
    }
    best_v[lane] = s;
    workgroupBarrier();
    for (var half = WG / 2u; half > 0u; half = half / 2u) {
      if (lane < half) {
        best_v[lane] += best_v[lane + half];
      }
      workgroupBarrier();
    }
    if (lane == 0u) {
      out[o] = best_v[0];
    }
    return;
  }
  // Each lane keeps the first maximum of its run t = lane, lane + WG, …
  var best = 0.0;
  var at = NONE;
  for (var t = lane; t < p.len; t += WG) {
    let v = x[base + t * p.inner_stride];
    if (at == NONE || v > best) {
      best = v;
      at = t;
    }
  }
  best_v[lane] = best;
  best_t[lane] = at;
  workgroupBarrier();
  // Larger value wins; equal values keep the smaller index, so the result is the first maximum.
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      let ov = best_v[lane + half];
      let ot = best_t[lane + half];
      let mv = best_v[lane];
      let mt = best_t[lane];
      if (ot != NONE && (mt == NONE || ov > mv || (ov == mv && ot < mt))) {
        best_v[lane] = ov;
        best_t[lane] = ot;
      }
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    emit(o, best_v[0], best_t[0]);
  }
}
