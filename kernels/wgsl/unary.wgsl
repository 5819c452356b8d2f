// Elementwise out = op(a; p0, p1). OP is the op's code (UNARY_OPS in kernels/backend.ts).
// 4 values per invocation: on llvmpipe a vec4 load costs about half of four scalar ones.
// Buffers hold whole vec4s (device.ts rounds sizes to 16 bytes), so the last invocation may
// compute a few padding values past n, which no tensor reads.
// #include codes:UNARY_OPS
override OP: u32 = UNARY_NEG;

struct Params {
  n: u32,
  _pad: u32,
  p0: f32,
  p1: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;

fn apply(x: f32) -> f32 {
  switch OP {
    case UNARY_NEG: { return -x; }
    case UNARY_ABS: { return abs(x); }
    case UNARY_EXP: { return exp(x); }
    case UNARY_LOG: { return log(x); }
    case UNARY_SQRT: { return sqrt(x); }
    case UNARY_SQUARE: { return x * x; }
    case UNARY_AFFINE: { return x * p.p0 + p.p1; }
    case UNARY_CLIP: { return clamp(x, p.p0, p.p1); }
    case UNARY_SIGN: { return select(-1.0, 1.0, x >= p.p0); }
    case UNARY_STEP, default: { return select(0.0, 1.0, x >= p.p0); }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i * 4u >= p.n) {
    return;
  }
  let v = a[i];
  out[i] = vec4f(apply(v.x), apply(v.y), apply(v.z), apply(v.w));
}
