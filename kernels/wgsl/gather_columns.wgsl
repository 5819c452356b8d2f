// out[r, j] = a[r, idx[j]]: columns picked by an index row (numpy's X[:, permutation]). out is
// [rows, n], a [rows, cols]; an index outside 0..cols−1 (or not an integer) gives NaN.
struct Params {
  rows: u32,
  cols: u32,
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> idx: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.rows * p.n) {
    return;
  }
  let r = i / p.n;
  let j = i - r * p.n;
  let v = idx[j];
  if (v >= 0.0 && v < f32(p.cols) && v == floor(v)) {
    out[i] = a[r * p.cols + u32(v)];
  } else {
    // A quiet NaN, made at run time: WGSL rejects a constant expression whose value is NaN
    // (Tint, Chromium's compiler, refuses `bitcast<f32>(0x7fc00000u)`; naga let it pass).
    var nan_bits = 0x7fc00000u;
    out[i] = bitcast<f32>(nan_bits);
  }
}
