// Activation g(z) (GRAD false) or its derivative g′(z) (GRAD true), elementwise. KIND follows
// Activation in backend.ts: 0 linear, 1 step, 2 sign, 3 sigmoid, 4 tanh, 5 relu, 6 leaky_relu
// (param = slope), 7 softplus, 8 elu (param = alpha).
//
// Written to stay finite and accurate in float32 for any finite z. WGSL's tanh is not used: on
// llvmpipe it loses relative accuracy near 0 (tanh(1e-8) = 3e-8), and the compiler rewrites
// (1 + u) − 1 as u, so the usual log1p/expm1 tricks fail there; the series below cannot be
// rewritten that way.
override KIND: u32 = 0u;
override GRAD: bool = false;

struct Params {
  n: u32,
  param: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

// exp(x) − 1 with relative accuracy near 0: Taylor through x⁹/9! for |x| < 0.5 (truncation
// below 1e-9 relative), exp(x) − 1 beyond, where the subtraction loses little. Used for x ≤ 0.
fn expm1(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 +
      x * (1.0 / 720.0 + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
  }
  return exp(x) - 1.0;
}

// log(1 + u) for u in [0, 1] as 2·atanh(s), s = u / (2 + u) ≤ 1/3: the odd series through
// s¹⁵/15 (truncation below 2e-9 relative), accurate at any u, 0 at u = 0.
fn log1p_unit(u: f32) -> f32 {
  let s = u / (2.0 + u);
  let q = s * s;
  return 2.0 * s * (1.0 + q * (1.0 / 3.0 + q * (1.0 / 5.0 + q * (1.0 / 7.0 + q * (1.0 / 9.0 +
    q * (1.0 / 11.0 + q * (1.0 / 13.0 + q * (1.0 / 15.0))))))));
}

// 1/(1 + exp(−z)) for z ≥ 0 and exp(z)/(1 + exp(z)) otherwise: exp never overflows.
fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

fn forward(x: f32) -> f32 {
  switch KIND {
    case 0u: { return x; }
    case 1u: { return select(0.0, 1.0, x >= 0.0); }
    case 2u: { return select(-1.0, 1.0, x >= 0.0); }
    case 3u: { return sigmoid(x); }
    case 4u: {
      // tanh|z| = −expm1(−2|z|) / (2 + expm1(−2|z|)): 1 exactly once exp(−2|z|) underflows.
      let em = expm1(-2.0 * abs(x));
      let t = -em / (2.0 + em);
      return select(t, -t, x < 0.0);
    }
    case 5u: { return max(x, 0.0); }
    case 6u: { return select(p.param * x, x, x >= 0.0); }
    case 7u: { return max(x, 0.0) + log1p_unit(exp(-abs(x))); }
    default: { return select(p.param * expm1(min(x, 0.0)), x, x > 0.0); }
  }
}

fn derivative(x: f32) -> f32 {
  switch KIND {
    case 0u: { return 1.0; }
    case 1u, 2u: { return 0.0; }
    case 3u: {
      // s(1 − s) = e/(1 + e)² with e = exp(−|z|): no cancellation where s is near 1.
      let e = exp(-abs(x));
      return e / ((1.0 + e) * (1.0 + e));
    }
    case 4u: {
      // 1 − t² = 4e/(1 + e)² with e = exp(−2|z|): no cancellation where |t| is near 1.
      let e = exp(-2.0 * abs(x));
      return 4.0 * e / ((1.0 + e) * (1.0 + e));
    }
    // ReLU′(0) = 0 (the lectures' relu_backward zeroes dZ where Z ≤ 0), as the cpu backend.
    case 5u: { return select(0.0, 1.0, x > 0.0); }
    // Leaky ReLU′(0) = 1 (lecture 002's table: 1 if z ≥ 0), as the cpu backend.
    case 6u: { return select(p.param, 1.0, x >= 0.0); }
    case 7u: { return sigmoid(x); }
    default: { return select(p.param * exp(min(x, 0.0)), 1.0, x > 0.0); }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) {
    return;
  }
  if (GRAD) {
    out[i] = derivative(z[i]);
  } else {
    out[i] = forward(z[i]);
  }
}
