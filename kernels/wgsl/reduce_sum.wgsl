// Sums lines of a strided view: out[o·chunks + k] = Σ over chunk k of line o, where element t of
// line o is x[o·outer_stride + t·inner_stride]. One workgroup per (chunk, line); each lane sums
// a strided run, then a tree in shared memory adds the lanes, so a whole-tensor sum of millions
// of float32 values keeps about 1e-7 relative error. A second pass sums the chunks' partials.
const WG: u32 = 256u;
const PER_LANE: u32 = 16u;

struct Params {
  lines: u32,
  len: u32,
  outer_stride: u32,
  inner_stride: u32,
  chunks: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> lane_sums: array<f32, WG>;

@compute @workgroup_size(256)
fn main(
  @builtin(local_invocation_index) lane: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let k = wid.x;
  let o = wid.y + wid.z * nwg.y;
  var s = 0.0;
  if (o < p.lines) {
    let start = k * WG * PER_LANE;
    for (var j = 0u; j < PER_LANE; j++) {
      let t = start + j * WG + lane;
      if (t < p.len) {
        s += x[o * p.outer_stride + t * p.inner_stride];
      }
    }
  }
  lane_sums[lane] = s;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      lane_sums[lane] += lane_sums[lane + half];
    }
    workgroupBarrier();
  }
  if (lane == 0u && o < p.lines) {
    out[o * p.chunks + k] = lane_sums[0];
  }
}
