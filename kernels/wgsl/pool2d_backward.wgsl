// Pooling backward, gathered per input element (no atomics): dx[(c·H + h)·W + w, e] sums, over
// the windows (oh, ow) that contain (h, w), dy[(c·Ho + oh)·Wo + ow, e] / size² (POOL_AVG) or,
// for max pooling (POOL_MAX), dy where (h, w) is the window's first maximum in row-major order, as
// numpy's argmax and the cpu backend route it.
// #include codes:POOL_KINDS
override OP: u32 = POOL_MAX;

struct Params {
  channels: u32,
  height: u32,
  width: u32,
  size: u32,
  stride: u32,
  out_h: u32,
  out_w: u32,
  m: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

// The row-major offset i·size + j of the first maximum in window (oh, ow) of channel c.
fn first_max(c: u32, oh: u32, ow: u32, e: u32) -> u32 {
  let base = (c * p.height + oh * p.stride) * p.width + ow * p.stride;
  var best = x[base * p.m + e];
  var at = 0u;
  for (var i = 0u; i < p.size; i++) {
    for (var j = 0u; j < p.size; j++) {
      let v = x[(base + i * p.width + j) * p.m + e];
      if (v > best) {
        best = v;
        at = i * p.size + j;
      }
    }
  }
  return at;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let idx = gid.x + gid.y * nwg.x * 256u;
  let positions = p.height * p.width;
  if (idx >= p.channels * positions * p.m) {
    return;
  }
  let row = idx / p.m;
  let e = idx - row * p.m;
  let c = row / positions;
  let pos = row - c * positions;
  let h = pos / p.width;
  let w = pos - h * p.width;
  // Windows containing h: oh·stride ≤ h < oh·stride + size, 0 ≤ oh < out_h.
  let oh_lo = select(0u, (h + 1u - p.size + p.stride - 1u) / p.stride, h + 1u > p.size);
  let oh_hi = min(h / p.stride + 1u, p.out_h);
  let ow_lo = select(0u, (w + 1u - p.size + p.stride - 1u) / p.stride, w + 1u > p.size);
  let ow_hi = min(w / p.stride + 1u, p.out_w);
  let inv_area = 1.0 / f32(p.size * p.size);
  var acc = 0.0;
  for (var oh = oh_lo; oh < oh_hi; oh++) {
    for (var ow = ow_lo; ow < ow_hi; ow++) {
      let d = dy[((c * p.out_h + oh) * p.out_w + ow) * p.m + e];
      if (OP == POOL_MAX) {
        if (first_max(c, oh, ow, e) == (h - oh * p.stride) * p.size + (w - ow * p.stride)) {
          acc += d;
        }
      } else {
        acc += d * inv_area;
      }
    }
  }
  dx[idx] = acc;
}
