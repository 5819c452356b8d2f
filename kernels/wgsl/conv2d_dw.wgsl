// Convolution backward, the filter and bias gradients as partial sums (ConvGeometry in
// backend.ts): dw[f, (c·k + i)·k + j] = Σ_{oh,ow,e} dy[(f·Ho + oh)·Wo + ow, e] ·
//   x[(c·H + oh·stride + i − pad)·W + ow·stride + j − pad, e] (zero outside the input), and
// db[f] = Σ_{oh,ow,e} dy[(f·Ho + oh)·Wo + ow, e].
// The sum over q = (oh·Wo + ow)·m + e is split into chunks of chunk_len terms for parallelism:
// each invocation sums one chunk for FB filters × 4 weight indices (4·FB multiply-adds per
// FB + 4 loads; FB ≤ 4 splits F evenly) and writes partial[(f·C·k·k + r)·chunks + chunk]; the
// invocations of the first weight block also write db's partials, which they have loaded
// anyway, at partial[(F·C·k·k + f)·chunks + chunk]. reduce_lines then adds the chunks.
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
  chunk_len: u32,
  chunks: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> partial: array<f32>;

// The input value weight index r meets at output position (oh, ow) for example e, or 0 in the
// padding. `ci` is (c, i, j) of r.
fn x_at(ci: vec3u, oh: u32, ow: u32, e: u32) -> f32 {
  let h = i32(oh * p.stride + ci.y) - i32(p.pad);
  let w = i32(ow * p.stride + ci.z) - i32(p.pad);
  if (h < 0 || h >= i32(p.height) || w < 0 || w >= i32(p.width)) {
    return 0.0;
  }
  return x[((ci.x * p.height + u32(h)) * p.width + u32(w)) * p.m + e];
}

fn split(r: u32) -> vec3u {
  let kk = p.kernel * p.kernel;
  let c = r / kk;
  let ij = r - c * kk;
  let i = ij / p.kernel;
  return vec3u(c, i, ij - i * p.kernel);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let inv = gid.x + gid.y * nwg.x * 256u;
  let row_len = p.channels * p.kernel * p.kernel;
  let r_blocks = (row_len + 3u) / 4u;
  let f_blocks = (p.filters + FB - 1u) / FB;
  if (inv >= p.chunks * r_blocks * f_blocks) {
    return;
  }
  let chunk = inv % p.chunks;
  let rest = inv / p.chunks;
  let r0 = (rest % r_blocks) * 4u;
  let f0 = (rest / r_blocks) * FB;
  let last_r = row_len - 1u;
  let c0 = split(r0);
  let c1 = split(min(r0 + 1u, last_r));
  let c2 = split(min(r0 + 2u, last_r));
  let c3 = split(min(r0 + 3u, last_r));
  let out_positions = p.out_h * p.out_w;
  var fr: array<u32, 4>;
  for (var a = 0u; a < FB; a++) {
    fr[a] = min(f0 + a, p.filters - 1u) * out_positions * p.m;
  }
  let q0 = chunk * p.chunk_len;
  let q1 = min(q0 + p.chunk_len, out_positions * p.m);
  let pos = q0 / p.m;
  var e = q0 - pos * p.m;
  var oh = pos / p.out_w;
  var ow = pos - oh * p.out_w;
  var acc: array<vec4f, 4>;
  var bias_acc: array<f32, 4>;
  for (var q = q0; q < q1; q++) {
    let xv = vec4f(
      x_at(c0, oh, ow, e),
      x_at(c1, oh, ow, e),
      x_at(c2, oh, ow, e),
      x_at(c3, oh, ow, e),
    );
    // dy[(f·Ho·Wo + pos)·m + e] = dy[f·Ho·Wo·m + q]
    for (var a = 0u; a < FB; a++) {
      let d = dy[fr[a] + q];
      acc[a] += d * xv;
      bias_acc[a] += d;
    }
    e++;
    if (e == p.m) {
      e = 0u;
      ow++;
      if (ow == p.out_w) {
        ow = 0u;
        oh++;
      }
    }
  }
  for (var a = 0u; a < FB; a++) {
    let f = f0 + a;
    if (f < p.filters) {
      for (var s = 0u; s < 4u; s++) {
        let r = r0 + s;
        if (r < row_len) {
          partial[(f * row_len + r) * p.chunks + chunk] = acc[a][s];
        }
      }
      if (r0 == 0u) {
        partial[(p.filters * row_len + f) * p.chunks + chunk] = bias_acc[a];
      }
    }
  }
}
