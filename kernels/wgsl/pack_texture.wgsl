// Copies a row-major matrix (rows × cols floats, row length ld) into an rgba32float texture,
// texel (x, y) = floats 4x .. 4x + 3 of row y, zero past the row's end. On llvmpipe a texel
// fetch loads 4 floats per lane far faster than storage loads (each a loop over the 8 lanes),
// so the large operands of a matrix product are read from such a texture
// (kernels/operand_textures.ts, the matmul_rb*_tex kernels).

struct Params {
  rows: u32,
  cols: u32,
  ld: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var dst: texture_storage_2d<rgba32float, write>;

// One texel per invocation, row by row (texels = ⌈cols / 4⌉ per row), in 64-lane workgroups
// numbered x + y·num_workgroups.x: a one-texel-wide matrix (a weight vector) fills every lane.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let texels = (p.cols + 3u) / 4u;
  let t = gid.x + gid.y * nwg.x * 64u;
  let y = t / texels;
  let x = t % texels;
  if (y >= p.rows) {
    return;
  }
  let c = x * 4u;
  let o = y * p.ld + c;
  var v = vec4f(src[o], 0.0, 0.0, 0.0);
  if (c + 1u < p.cols) { v.y = src[o + 1u]; }
  if (c + 2u < p.cols) { v.z = src[o + 2u]; }
  if (c + 3u < p.cols) { v.w = src[o + 3u]; }
  textureStore(dst, vec2u(x, y), v);
}
