// Convolution backward, the input gradient (ConvGeometry in backend.ts):
// dx[(c·H + h)·W + w, e] = Σ_f Σ_{i,j} w[f, (c·k + i)·k + j] · dy[(f·Ho + oh)·Wo + ow, e]
// over the output positions with oh·stride + i − pad = h and ow·stride + j − pad = w.
// Gathered per input element (no atomics): each invocation computes 4 channels × 4 examples at
// one input position, so every loaded dy value feeds 4 multiply-adds and every weight 4.
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
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let inv = gid.x + gid.y * nwg.x * 256u;
  let e_blocks = (p.m + 3u) / 4u;
  let c_blocks = (p.channels + 3u) / 4u;
  let positions = p.height * p.width;
  if (inv >= e_blocks * positions * c_blocks) {
    return;
  }
  let eb = inv % e_blocks;
  let rest = inv / e_blocks;
  let pos = rest % positions;
  let c0 = (rest / positions) * 4u;
  let e0 = eb * 4u;
  let h = pos / p.width;
  let wx = pos - h * p.width;
  let last_e = p.m - 1u;
  let e = vec4u(e0, min(e0 + 1u, last_e), min(e0 + 2u, last_e), min(e0 + 3u, last_e));
  let kk = p.kernel * p.kernel;
  let row_len = p.channels * kk;
  let last_c = p.channels - 1u;
  let wc = vec4u(c0, min(c0 + 1u, last_c), min(c0 + 2u, last_c), min(c0 + 3u, last_c)) * kk;
  let out_positions = p.out_h * p.out_w;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var i = 0u; i < p.kernel; i++) {
    // oh·stride = h + pad − i must be a non-negative multiple of stride below out_h·stride.
    let th = i32(h + p.pad) - i32(i);
    if (th < 0 || u32(th) % p.stride != 0u || u32(th) / p.stride >= p.out_h) {
      continue;
    }
    let oh = u32(th) / p.stride;
    for (var j = 0u; j < p.kernel; j++) {
      let tw = i32(wx + p.pad) - i32(j);
      if (tw < 0 || u32(tw) % p.stride != 0u || u32(tw) / p.stride >= p.out_w) {
        continue;
      }
      let op = oh * p.out_w + u32(tw) / p.stride;
      let wi = i * p.kernel + j;
      for (var f = 0u; f < p.filters; f++) {
        let dr = (f * out_positions + op) * p.m;
        let dv = vec4f(dy[dr + e.x], dy[dr + e.y], dy[dr + e.z], dy[dr + e.w]);
        let wr = f * row_len + wi;
        acc0 += w[wr + wc.x] * dv;
        acc1 += w[wr + wc.y] * dv;
        acc2 += w[wr + wc.z] * dv;
        acc3 += w[wr + wc.w] * dv;
      }
    }
  }
  let acc = array<vec4f, 4>(acc0, acc1, acc2, acc3);
  for (var r = 0u; r < 4u; r++) {
    let c = c0 + r;
    if (c < p.channels) {
      let row = (c * positions + pos) * p.m;
      for (var s = 0u; s < 4u; s++) {
        if (e0 + s < p.m) {
          dx[row + e0 + s] = acc[r][s];
        }
      }
    }
  }
}
