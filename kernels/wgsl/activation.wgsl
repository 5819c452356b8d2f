// Activation g(z) (GRAD false) or its derivative g′(z) (GRAD true), elementwise. KIND is the
// activation's code (ACTIVATIONS in kernels/backend.ts), param the leaky ReLU's slope or the
// ELU's alpha; the math is activation_math.wgsl's.
// #include activation_math.wgsl
override KIND: u32 = 0u;
override GRAD: bool = false;

struct Params {
  n: u32,
  param: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) {
    return;
  }
  let x = z[i];
  let e = act_exp(KIND, x);
  if (GRAD) {
    out[i] = act_grad_e(KIND, x, e, p.param);
  } else {
    out[i] = act_e(KIND, x, e, p.param);
  }
}
