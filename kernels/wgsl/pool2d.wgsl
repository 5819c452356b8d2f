// Pooling forward over examples stored as columns (PoolGeometry in backend.ts): each output
// out[(c·Ho + oh)·Wo + ow, e] is the maximum (POOL_MAX) or the mean (POOL_AVG) of the size × size
// window of x[(c·H + oh·stride + i)·W + ow·stride + j, e]. One invocation per output.
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
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let idx = gid.x + gid.y * nwg.x * 256u;
  let positions = p.out_h * p.out_w;
  if (idx >= p.channels * positions * p.m) {
    return;
  }
  let row = idx / p.m;
  let e = idx - row * p.m;
  let c = row / positions;
  let pos = row - c * positions;
  let oh = pos / p.out_w;
  let ow = pos - oh * p.out_w;
  let base = (c * p.height + oh * p.stride) * p.width + ow * p.stride;
  var best = x[base * p.m + e];
  var sum = 0.0;
  for (var i = 0u; i < p.size; i++) {
    for (var j = 0u; j < p.size; j++) {
      let v = x[(base + i * p.width + j) * p.m + e];
      best = max(best, v);
      sum += v;
    }
  }
  if (OP == POOL_MAX) {
    out[idx] = best;
  } else {
    out[idx] = sum / f32(p.size * p.size);
  }
}
