// Convolution backward, the input gradient (ConvGeometry in backend.ts):
// dx[(c·H + h)·W + w, e] = Σ_f Σ_{i,j} w[f, (c·k + i)·k + j] · dy[(f·Ho + oh)·Wo + ow, e]
// over the output positions with oh·stride + i − pad = h and ow·stride + j − pad = w.
// Gathered per input element (no atomics). Each invocation computes CB channels × WB adjacent
// input columns × 4 examples (CB·WB ≤ 8): every loaded dy value feeds CB multiply-adds for each
// column it meets and every weight 4, so a single-channel input (LeNet's C1: CB = 1, WB = 8)
// still reuses its loads. CB ≤ 4 splits C evenly (C = 6: 2 blocks of 3); WB = ⌊8 / CB⌋.
override CB: u32 = 4u;
override WB: u32 = 1u;

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
  let w_blocks = (p.width + WB - 1u) / WB;
  let c_blocks = (p.channels + CB - 1u) / CB;
  if (inv >= e_blocks * w_blocks * p.height * c_blocks) {
    return;
  }
  let eb = inv % e_blocks;
  var rest = inv / e_blocks;
  let w0 = (rest % w_blocks) * WB;
  rest = rest / w_blocks;
  let h = rest % p.height;
  let c0 = (rest / p.height) * CB;
  let e0 = eb * 4u;
  let last_e = p.m - 1u;
  let e = vec4u(e0, min(e0 + 1u, last_e), min(e0 + 2u, last_e), min(e0 + 3u, last_e));
  let kk = p.kernel * p.kernel;
  let row_len = p.channels * kk;
  var wc: array<u32, 4>;
  for (var r = 0u; r < CB; r++) {
    wc[r] = min(c0 + r, p.channels - 1u) * kk;
  }
  let out_positions = p.out_h * p.out_w;
  // Output columns ow that meet a column of the block: ow·stride = w + pad − j for some
  // w in [w0, w0 + WB) and j in [0, k).
  let lo_t = i32(w0 + p.pad) - i32(p.kernel - 1u);
  let ow_lo = select(0u, (u32(lo_t) + p.stride - 1u) / p.stride, lo_t > 0);
  let ow_end = min((w0 + WB - 1u + p.pad) / p.stride + 1u, p.out_w);
  // acc[r·WB + q]: channel c0 + r, column w0 + q.
  var acc: array<vec4f, 8>;
  for (var i = 0u; i < p.kernel; i++) {
    // oh·stride = h + pad − i must be a non-negative multiple of stride below out_h·stride.
    let th = i32(h + p.pad) - i32(i);
    if (th < 0 || u32(th) % p.stride != 0u || u32(th) / p.stride >= p.out_h) {
      continue;
    }
    let oh = u32(th) / p.stride;
    for (var ow = ow_lo; ow < ow_end; ow++) {
      let op = oh * p.out_w + ow;
      for (var f = 0u; f < p.filters; f++) {
        let dr = (f * out_positions + op) * p.m;
        let dv = vec4f(dy[dr + e.x], dy[dr + e.y], dy[dr + e.z], dy[dr + e.w]);
        let wr = f * row_len + i * p.kernel;
        for (var q = 0u; q < WB; q++) {
          let j = i32(w0 + q + p.pad) - i32(ow * p.stride);
          if (j >= 0 && j < i32(p.kernel)) {
            for (var r = 0u; r < CB; r++) {
              acc[r * WB + q] += w[wr + wc[r] + u32(j)] * dv;
            }
          }
        }
      }
    }
  }
  for (var r = 0u; r < CB; r++) {
    let c = c0 + r;
    for (var q = 0u; q < WB; q++) {
      let wx = w0 + q;
      if (c < p.channels && wx < p.width) {
        let row = ((c * p.height + h) * p.width + wx) * p.m;
        for (var s = 0u; s < 4u; s++) {
          if (e0 + s < p.m) {
            dx[row + e0 + s] = acc[r * WB + q][s];
          }
        }
      }
    }
  }
}
