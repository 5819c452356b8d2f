// The activations g(z) and their derivatives g′(z) in float32, shared by activation.wgsl and
// mlp_train.wgsl (kernels/kernel_sources.ts includes this file in both). k is the activation's
// code (ACTIVATIONS in kernels/backend.ts; the ACT_ constants below are generated from it), param
// the leaky ReLU's slope or the ELU's alpha. kernels/cpu_nn.ts is the float64 reference.
//
// Written to stay finite and accurate in float32 for any finite z. WGSL's tanh is not used: on
// llvmpipe it loses relative accuracy near 0 (tanh(1e-8) = 3e-8), and the compiler rewrites
// (1 + u) − 1 as u, so the usual log1p/expm1 tricks fail there; the series below cannot be
// rewritten that way.
//
// Each activation and its derivative share one exponential, `act_exp(k, x)`, so that a forward
// and backward pass compute it once; branches are written as select(): on llvmpipe a branch
// whose lanes disagree runs both sides anyway, plus the mask handling.
// #include codes:ACTIVATIONS

// exp(x) − 1 for |x| < 0.5 with relative accuracy near 0: Taylor through x⁹/9! (truncation
// below 1e-9 relative).
fn expm1_series(x: f32) -> f32 {
  return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 +
    x * (1.0 / 720.0 + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
}

// exp(x) − 1 given e = exp(x): the series for |x| < 0.5, e − 1 beyond, where the subtraction
// loses little. Used for x ≤ 0.
fn expm1_e(x: f32, e: f32) -> f32 {
  return select(e - 1.0, expm1_series(x), abs(x) < 0.5);
}

// log(1 + v) for v in [0, 1] as 2·atanh(s), s = v / (2 + v) ≤ 1/3: the odd series through
// s¹⁵/15 (truncation below 2e-9 relative), accurate at any v, 0 at v = 0.
fn log1p_unit(v: f32) -> f32 {
  let s = v / (2.0 + v);
  let q = s * s;
  return 2.0 * s * (1.0 + q * (1.0 / 3.0 + q * (1.0 / 5.0 + q * (1.0 / 7.0 + q * (1.0 / 9.0 +
    q * (1.0 / 11.0 + q * (1.0 / 13.0 + q * (1.0 / 15.0))))))));
}

// The stable sigmoid given e = exp(−|x|): 1/(1 + exp(−x)) for x ≥ 0, exp(x)/(1 + exp(x))
// below, so exp never overflows.
fn sigmoid_e(x: f32, e: f32) -> f32 {
  return select(e, 1.0, x >= 0.0) / (1.0 + e);
}

fn sigmoid(x: f32) -> f32 {
  return sigmoid_e(x, exp(-abs(x)));
}

// The exponential g and g′ share (0 for activations without one): exp(−|x|) for sigmoid and
// softplus, exp(−2|x|) for tanh, exp(min(x, 0)) for ELU.
fn act_exp(k: u32, x: f32) -> f32 {
  switch k {
    case ACT_SIGMOID, ACT_SOFTPLUS: { return exp(-abs(x)); }
    case ACT_TANH: { return exp(-2.0 * abs(x)); }
    case ACT_ELU: { return exp(min(x, 0.0)); }
    default: { return 0.0; }
  }
}

// g(x), given e = act_exp(k, x).
fn act_e(k: u32, x: f32, e: f32, param: f32) -> f32 {
  switch k {
    case ACT_LINEAR: { return x; }
    case ACT_STEP: { return select(0.0, 1.0, x >= 0.0); }
    case ACT_SIGN: { return select(-1.0, 1.0, x >= 0.0); }
    case ACT_SIGMOID: { return sigmoid_e(x, e); }
    case ACT_TANH: {
      // tanh|z| = −expm1(−2|z|) / (2 + expm1(−2|z|)): 1 exactly once exp(−2|z|) underflows.
      let em = expm1_e(-2.0 * abs(x), e);
      let t = -em / (2.0 + em);
      return select(t, -t, x < 0.0);
    }
    case ACT_RELU: { return max(x, 0.0); }
    case ACT_LEAKY_RELU: { return select(param * x, x, x >= 0.0); }
    case ACT_SOFTPLUS: { return max(x, 0.0) + log1p_unit(e); }
    case ACT_ELU, default: { return select(param * expm1_e(min(x, 0.0), e), x, x > 0.0); }
  }
}

// g′(x), given e = act_exp(k, x).
fn act_grad_e(k: u32, x: f32, e: f32, param: f32) -> f32 {
  switch k {
    case ACT_LINEAR: { return 1.0; }
    // Step and sign are not trained by gradients.
    case ACT_STEP, ACT_SIGN: { return 0.0; }
    // s(1 − s) = e/(1 + e)² with e = exp(−|z|): no cancellation where s is near 1.
    case ACT_SIGMOID: { return e / ((1.0 + e) * (1.0 + e)); }
    // 1 − t² = 4e/(1 + e)² with e = exp(−2|z|): no cancellation where |t| is near 1.
    case ACT_TANH: { return 4.0 * e / ((1.0 + e) * (1.0 + e)); }
    // ReLU′(0) = 0 (the lectures' relu_backward zeroes dZ where Z ≤ 0), as the cpu backend.
    case ACT_RELU: { return select(0.0, 1.0, x > 0.0); }
    // Leaky ReLU′(0) = 1 (lecture 002's table: 1 if z ≥ 0), as the cpu backend.
    case ACT_LEAKY_RELU: { return select(param, 1.0, x >= 0.0); }
    case ACT_SOFTPLUS: { return sigmoid_e(x, e); }
    case ACT_ELU, default: { return select(param * e, 1.0, x > 0.0); }
  }
}
