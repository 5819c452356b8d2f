// Convolution forward over examples stored as columns (ConvGeometry in backend.ts):
// out[(f·Ho + oh)·Wo + ow, e] = b[f] + Σ_{c,i,j} w[f, (c·k + i)·k + j] ·
//   x[(c·H + oh·stride + i − pad)·W + ow·stride + j − pad, e], zero outside the input.
// Direct (no im2col): each invocation computes FB filters × 4 examples at one output position,
// so every loaded input value feeds FB multiply-adds and every weight 4 (llvmpipe turns each
// storage load into a scalar loop). FB ≤ 4 is chosen so that the filter blocks split F evenly
// (F = 6: 2 blocks of 3). Examples past the edge are clamped on load and skipped on store.
override FB: u32 = 4u;

struct Params {
  channels: u32,
  height: u32,
  width: u32,
  filters: u32,
  kernel: u32,
  stride: u32,
  pad: u32,
  out_h: u32,
  out_w: u32,
  m: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let inv = gid.x + gid.y * nwg.x * 256u;
  let e_blocks = (p.m + 3u) / 4u;
  let f_blocks = (p.filters + FB - 1u) / FB;
  let positions = p.out_h * p.out_w;
  if (inv >= e_blocks * positions * f_blocks) {
    return;
  }
  let eb = inv % e_blocks;
  let rest = inv / e_blocks;
  let pos = rest % positions;
  let f0 = (rest / positions) * FB;
  let e0 = eb * 4u;
  let oh = pos / p.out_w;
  let ow = pos - oh * p.out_w;
  let last_e = p.m - 1u;
  let e = vec4u(e0, min(e0 + 1u, last_e), min(e0 + 2u, last_e), min(e0 + 3u, last_e));
  let row_len = p.channels * p.kernel * p.kernel;
  var wf: array<u32, 4>;
  for (var r = 0u; r < FB; r++) {
    wf[r] = min(f0 + r, p.filters - 1u) * row_len;
  }
  var acc: array<vec4f, 4>;
  let h0 = i32(oh * p.stride) - i32(p.pad);
  let w0 = i32(ow * p.stride) - i32(p.pad);
  for (var c = 0u; c < p.channels; c++) {
    for (var i = 0u; i < p.kernel; i++) {
      let h = h0 + i32(i);
      if (h < 0 || h >= i32(p.height)) {
        continue;
      }
      for (var j = 0u; j < p.kernel; j++) {
        let ww = w0 + i32(j);
        if (ww < 0 || ww >= i32(p.width)) {
          continue;
        }
        let xr = ((c * p.height + u32(h)) * p.width + u32(ww)) * p.m;
        let xv = vec4f(x[xr + e.x], x[xr + e.y], x[xr + e.z], x[xr + e.w]);
        let wi = (c * p.kernel + i) * p.kernel + j;
        for (var r = 0u; r < FB; r++) {
          acc[r] += w[wf[r] + wi] * xv;
        }
      }
    }
  }
  for (var r = 0u; r < FB; r++) {
    let f = f0 + r;
    if (f < p.filters) {
      let bias = b[f];
      let row = (f * positions + pos) * p.m;
      for (var s = 0u; s < 4u; s++) {
        if (e0 + s < p.m) {
          out[row + e0 + s] = acc[r][s] + bias;
        }
      }
    }
  }
}
