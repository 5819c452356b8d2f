// out[k] = scale · Σ term(a[i], b[i]) over chunk k of WG·PER_LANE elements: each lane sums a
// strided run, a tree in shared memory adds the lanes (as reduce_sum), so a loss over millions
// of float32 terms keeps about 1e-7 relative error. A further pass (TERM_SUM) sums the partials.
// OP is the term's code (PAIR_TERMS in kernels/backend.ts): bce −[y·log ŷ + (1 − y)·log(1 − ŷ)],
// cce −y·log ŷ (logs guarded by log(max(p, 1e-12)), LOG_GUARD in backend.ts), squared (y − ŷ)²,
// abs |y − ŷ|, equal [ŷ = y] (accuracy), sum a alone (b unused). Here a = ŷ and b = y.
// #include codes:PAIR_TERMS
override OP: u32 = TERM_BCE;
const WG: u32 = 256u;
const PER_LANE: u32 = 16u;
const LOG_GUARD: f32 = 1e-12;

struct Params {
  n: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> lane_sums: array<f32, WG>;

fn glog(x: f32) -> f32 {
  return log(max(x, LOG_GUARD));
}

fn term(i: u32) -> f32 {
  let yh = a[i];
  if (OP == TERM_SUM) {
    return yh;
  }
  let y = b[i];
  switch OP {
    case TERM_BCE: { return -(y * glog(yh) + (1.0 - y) * glog(1.0 - yh)); }
    case TERM_CCE: { return -(y * glog(yh)); }
    case TERM_SQUARED: { return (y - yh) * (y - yh); }
    case TERM_ABS: { return abs(y - yh); }
    case TERM_EQUAL, default: { return select(0.0, 1.0, yh == y); }
  }
}

@compute @workgroup_size(256)
fn main(
  @builtin(local_invocation_index) lane: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let k = wid.x + wid.y * nwg.x;
  let start = k * WG * PER_LANE;
  if (start >= p.n) {
    return;
  }
  var s = 0.0;
  for (var j = 0u; j < PER_LANE; j++) {
    let t = start + j * WG + lane;
    if (t < p.n) {
      s += term(t);
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
  if (lane == 0u) {
    out[k] = lane_sums[0] * p.scale;
  }
}
