// Many training steps of a small fully connected network in one dispatch: one workgroup per
// network (workgroup_id.x selects it), batch or mini-batch gradient descent with gd, momentum or
// Adam, sigmoid output with binary cross-entropy, optional L2 and fixed dropout masks. The host
// side and the buffer layouts are in kernels/fused_mlp.ts.
//
// A step has two phases separated by barriers:
//   1. Each lane takes the examples lane, lane + WG, … of the (mini-)batch, runs forward and
//      backward for one example at a time in private arrays, and accumulates its share of every
//      gradient entry (in registers when there are at most PMAX parameters, else in its own
//      column of the scratch buffer) and of the cost. It then leaves its partials in scratch.
//   2. Lanes take parameters p = lane, lane + WG, …: sum the WG partials of p in lane order,
//      scale by 1/m (+ λ/m·W), and apply the optimiser to the parameter and its state.
// Lane 0 also finishes the cost on logged epochs (Σ of the lanes' terms / m + λ/(2m)·Σ W²).
//
// The arithmetic follows the backend's kernels so that fused and generic runs agree to float32
// rounding: activations and derivatives as activation.wgsl (stable sigmoid, tanh through an
// expm1 series, relu′(0) = 0, leaky′(0) = 1), the cost's log guard as pair_reduce.wgsl, the
// dropout scaling as (A·D)·(1/keep_prob), the updates as update.wgsl and nn/optimizers.ts.

// Workgroup size: lanes per network.
override WG: u32 = 64u;
// Layers L (1..5) and dims N0..N5 (each 1..64); N_L is the output width.
override L: u32 = 2u;
override N0: u32 = 2u;
override N1: u32 = 4u;
override N2: u32 = 1u;
override N3: u32 = 1u;
override N4: u32 = 1u;
override N5: u32 = 1u;
// Hidden activations of layers 1..4 in activation.wgsl's KIND order; ACT_PARAM is the leaky
// slope or the ELU alpha.
override G1: u32 = 4u;
override G2: u32 = 4u;
override G3: u32 = 4u;
override G4: u32 = 4u;
override ACT_PARAM: f32 = 0.01;
// 0 gd, 1 momentum, 2 adam.
override OPT: u32 = 0u;
override L2: bool = false;
override DROPOUT: bool = false;
// Gradient accumulators in registers (P ≤ PMAX) or in the lane's scratch column.
override PRIVATE_ACC: bool = true;

const PMAX: u32 = 160u;
const UMAX: u32 = 64u;
// Activations A0..A4 and pre-activations Z1..Z5 of one example.
const AMAX: u32 = 320u;
const LOG_GUARD: f32 = 1e-12;

// Parameter layout (per network): W1, …, WL (row-major n_l × n_{l−1}), then b1, …, bL.
// Network state: P parameters, then the optimiser's P velocities (momentum, Adam's v), then
// Adam's P second moments s.
struct Params {
  // Examples in X and Y (columns).
  m: u32,
  // Mini-batch size (m in batch mode) and mini-batches per epoch.
  mb: u32,
  nb: u32,
  // Epochs [e_begin, e_end) run by this dispatch, global indices.
  e_begin: u32,
  e_end: u32,
  // The first epoch of the current chunk: perm, costs and Adam's table are indexed from it.
  chunk_e0: u32,
  // Total epochs, logging period, log the last epoch (0/1).
  epochs: u32,
  log_every: u32,
  log_last: u32,
  // u32 words of perm per epoch (m, or 0 when every epoch uses the same order).
  perm_stride: u32,
  // Words per network in costs, hyper, and the Adam table.
  cost_stride: u32,
  table_stride: u32,
  // Scratch words per network.
  scratch_stride: u32,
  // Mask words per network (0: every network shares the same masks).
  mask_stride: u32,
  // 1 when the cost is computed on the mini-batch only in mini-batch mode (always 1 here).
  _pad0: u32,
  _pad1: u32,
}

// Per-network scalars (HYPER words each): see fused_mlp.ts `HYPER`.
const HYPER: u32 = 16u;
const H_LR: u32 = 0u;
const H_ONE_MINUS_BETA: u32 = 1u;
const H_ONE_MINUS_BETA1: u32 = 2u;
const H_ONE_MINUS_BETA2: u32 = 3u;
const H_EPS: u32 = 4u;
const H_KEEP_INV: u32 = 5u;
// 1/mb, λ/mb, λ/(2·mb), mb/m for a full mini-batch, then the same for the last one.
const H_INV_MB: u32 = 6u;
const H_LAM_MB: u32 = 7u;
const H_LAM2_MB: u32 = 8u;
const H_SHARE: u32 = 9u;
const H_INV_LAST: u32 = 10u;
const H_LAM_LAST: u32 = 11u;
const H_LAM2_LAST: u32 = 12u;
const H_SHARE_LAST: u32 = 13u;

@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<f32>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
@group(0) @binding(4) var<storage, read> hyper: array<f32>;
// Example order per epoch of the chunk (u32).
@group(0) @binding(5) var<storage, read> perm: array<u32>;
// Dropout masks of the hidden layers, rows n_1, …, n_{L−1} stacked, m columns.
@group(0) @binding(6) var<storage, read> masks: array<f32>;
// Adam: per step of the chunk, f32(lr/(1 − β1ᵗ)) and f32(1/√(1 − β2ᵗ)).
@group(0) @binding(7) var<storage, read> table: array<f32>;
@group(0) @binding(8) var<storage, read_write> costs: array<f32>;
@group(0) @binding(9) var<storage, read_write> scratch: array<f32>;

// Lane 0's running cost of the epoch (mini-batch mode) and Σ W² of the current step.
var<workgroup> epoch_total: f32;

fn dim(l: u32) -> u32 {
  switch l {
    case 0u: { return N0; }
    case 1u: { return N1; }
    case 2u: { return N2; }
    case 3u: { return N3; }
    case 4u: { return N4; }
    default: { return N5; }
  }
}

fn kind(l: u32) -> u32 {
  switch l {
    case 1u: { return G1; }
    case 2u: { return G2; }
    case 3u: { return G3; }
    default: { return G4; }
  }
}

// Weights before layer l's: Σ_{q<l} n_q·n_{q−1}.
fn woff(l: u32) -> u32 {
  var o = 0u;
  for (var q = 1u; q < l; q++) {
    o += dim(q) * dim(q - 1u);
  }
  return o;
}

// All weights: the biases start here.
fn nweights() -> u32 {
  return woff(L + 1u);
}

fn boff(l: u32) -> u32 {
  var o = nweights();
  for (var q = 1u; q < l; q++) {
    o += dim(q);
  }
  return o;
}

fn nparams() -> u32 {
  return boff(L + 1u);
}

// Offsets of A_l (l = 0..L−1) and Z_l (l = 1..L) in the per-example arrays.
fn aoff(l: u32) -> u32 {
  var o = 0u;
  for (var q = 0u; q < l; q++) {
    o += dim(q);
  }
  return o;
}

// Mask row of hidden layer l's first unit.
fn moff(l: u32) -> u32 {
  var o = 0u;
  for (var q = 1u; q < l; q++) {
    o += dim(q);
  }
  return o;
}

// exp(x) − 1 with relative accuracy near 0 (activation.wgsl).
fn expm1(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 +
      x * (1.0 / 720.0 + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
  }
  return exp(x) - 1.0;
}

fn log1p_unit(v: f32) -> f32 {
  let s = v / (2.0 + v);
  let q = s * s;
  return 2.0 * s * (1.0 + q * (1.0 / 3.0 + q * (1.0 / 5.0 + q * (1.0 / 7.0 + q * (1.0 / 9.0 +
    q * (1.0 / 11.0 + q * (1.0 / 13.0 + q * (1.0 / 15.0))))))));
}

fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

fn act(k: u32, x: f32) -> f32 {
  switch k {
    case 0u: { return x; }
    case 3u: { return sigmoid(x); }
    case 4u: {
      let em = expm1(-2.0 * abs(x));
      let t = -em / (2.0 + em);
      return select(t, -t, x < 0.0);
    }
    case 5u: { return max(x, 0.0); }
    case 6u: { return select(ACT_PARAM * x, x, x >= 0.0); }
    case 7u: { return max(x, 0.0) + log1p_unit(exp(-abs(x))); }
    default: { return select(ACT_PARAM * expm1(min(x, 0.0)), x, x > 0.0); }
  }
}

fn act_grad(k: u32, x: f32) -> f32 {
  switch k {
    case 0u: { return 1.0; }
    case 3u: {
      let e = exp(-abs(x));
      return e / ((1.0 + e) * (1.0 + e));
    }
    case 4u: {
      let e = exp(-2.0 * abs(x));
      return 4.0 * e / ((1.0 + e) * (1.0 + e));
    }
    case 5u: { return select(0.0, 1.0, x > 0.0); }
    case 6u: { return select(ACT_PARAM, 1.0, x >= 0.0); }
    case 7u: { return sigmoid(x); }
    default: { return select(ACT_PARAM * exp(min(x, 0.0)), 1.0, x > 0.0); }
  }
}

fn glog(x: f32) -> f32 {
  return log(max(x, LOG_GUARD));
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) wid: vec3u) {
  let net = wid.x;
  let P = nparams();
  let NW = nweights();
  let sb = net * select(P, P * 3u, OPT == 2u) * select(1u, 2u, OPT == 1u);
  let hb = net * HYPER;
  let xb = 0u;
  let mkb = net * u.mask_stride;
  let scb = net * u.scratch_stride;
  let NL = dim(L);
  // Scratch: P·WG gradient partials (lane-major within a parameter), then WG cost partials.
  let cost_part = scb + P * WG;

  for (var e = u.e_begin; e < u.e_end; e++) {
    let el = e - u.chunk_e0;
    let logged = e % u.log_every == 0u || (u.log_last != 0u && e + 1u == u.epochs);
    for (var bi = 0u; bi < u.nb; bi++) {
      let start = bi * u.mb;
      let last = bi + 1u == u.nb;
      let size = select(u.mb, u.m - start, last);
      let step_local = el * u.nb + bi;

      // Phase 1: forward and backward over this lane's examples.
      var acc: array<f32, PMAX>;
      if (PRIVATE_ACC) {
        for (var p = 0u; p < P; p++) {
          acc[p] = 0.0;
        }
      } else {
        for (var p = 0u; p < P; p++) {
          scratch[scb + p * WG + lane] = 0.0;
        }
      }
      var cost = 0.0;
      for (var kk = lane; kk < size; kk += WG) {
        let k = perm[el * u.perm_stride + start + kk];
        var a: array<f32, AMAX>;
        var z: array<f32, AMAX>;
        for (var j = 0u; j < N0; j++) {
          a[j] = X[j * u.m + k];
        }
        for (var l = 1u; l <= L; l++) {
          let nin = dim(l - 1u);
          let nout = dim(l);
          let wo = sb + woff(l);
          let bo = sb + boff(l);
          let ai = aoff(l - 1u);
          let zo = aoff(l) - N0;
          for (var i = 0u; i < nout; i++) {
            var s = 0.0;
            for (var j = 0u; j < nin; j++) {
              s += state[wo + i * nin + j] * a[ai + j];
            }
            let zz = s + state[bo + i];
            z[zo + i] = zz;
            if (l < L) {
              var av = act(kind(l), zz);
              if (DROPOUT) {
                av = (av * masks[mkb + (moff(l) + i) * u.m + k]) * hyper[hb + H_KEEP_INV];
              }
              a[aoff(l) + i] = av;
            }
          }
        }
        // Output: ŷ = σ(Z_L), dZ_L = ŷ − y, and the cross-entropy terms.
        var d: array<f32, UMAX>;
        let zl = aoff(L) - N0;
        for (var i = 0u; i < NL; i++) {
          let yh = sigmoid(z[zl + i]);
          let y = Y[i * u.m + k];
          if (logged) {
            cost += -(y * glog(yh) + (1.0 - y) * glog(1.0 - yh));
          }
          d[i] = yh - y;
        }
        for (var l = L; l >= 1u; l--) {
          let nin = dim(l - 1u);
          let nout = dim(l);
          let wl = woff(l);
          let bl = boff(l);
          let ai = aoff(l - 1u);
          for (var i = 0u; i < nout; i++) {
            let di = d[i];
            if (PRIVATE_ACC) {
              acc[bl + i] += di;
              for (var j = 0u; j < nin; j++) {
                acc[wl + i * nin + j] += di * a[ai + j];
              }
            } else {
              scratch[scb + (bl + i) * WG + lane] += di;
              for (var j = 0u; j < nin; j++) {
                scratch[scb + (wl + i * nin + j) * WG + lane] += di * a[ai + j];
              }
            }
          }
          if (l == 1u) {
            break;
          }
          var dn: array<f32, UMAX>;
          let zo = aoff(l - 1u) - N0;
          for (var j = 0u; j < nin; j++) {
            var s = 0.0;
            for (var i = 0u; i < nout; i++) {
              s += state[sb + wl + i * nin + j] * d[i];
            }
            if (DROPOUT) {
              s = (s * masks[mkb + (moff(l - 1u) + j) * u.m + k]) * hyper[hb + H_KEEP_INV];
            }
            dn[j] = s * act_grad(kind(l - 1u), z[zo + j]);
          }
          d = dn;
        }
      }
      if (PRIVATE_ACC) {
        for (var p = 0u; p < P; p++) {
          scratch[scb + p * WG + lane] = acc[p];
        }
      }
      scratch[cost_part + lane] = cost;
      // Σ W² of the weights this step's forward pass used (lane 0, logged steps with L2).
      var sq = 0.0;
      if (L2 && logged && lane == 0u) {
        for (var l = 1u; l <= L; l++) {
          var sl = 0.0;
          for (var q = woff(l); q < woff(l + 1u); q++) {
            let w = state[sb + q];
            sl += w * w;
          }
          sq = select(sq + sl, sl, l == 1u);
        }
      }
      storageBarrier();
      workgroupBarrier();

      // Phase 2: reduce the partials of each parameter and update it.
      let inv_m = hyper[hb + select(H_INV_MB, H_INV_LAST, last)];
      let lam_m = hyper[hb + select(H_LAM_MB, H_LAM_LAST, last)];
      for (var p = lane; p < P; p += WG) {
        var g = 0.0;
        for (var q = 0u; q < WG; q++) {
          g += scratch[scb + p * WG + q];
        }
        let w = state[sb + p];
        g = g * inv_m;
        if (L2 && p < NW) {
          g = g + w * lam_m;
        }
        switch OPT {
          case 0u: {
            state[sb + p] = w - hyper[hb + H_LR] * g;
          }
          case 1u: {
            let v = state[sb + P + p];
            let nv = v - hyper[hb + H_ONE_MINUS_BETA] * (v - g);
            state[sb + P + p] = nv;
            state[sb + p] = w - hyper[hb + H_LR] * nv;
          }
          default: {
            let v = state[sb + P + p];
            let s = state[sb + 2u * P + p];
            let nv = v - hyper[hb + H_ONE_MINUS_BETA1] * (v - g);
            let ns = s - hyper[hb + H_ONE_MINUS_BETA2] * (s - g * g);
            state[sb + P + p] = nv;
            state[sb + 2u * P + p] = ns;
            let tb = net * u.table_stride + 2u * step_local;
            let denom = sqrt(ns) * table[tb + 1u] + hyper[hb + H_EPS];
            state[sb + p] = w - table[tb] * (nv / denom);
          }
        }
      }
      if (logged && lane == 0u) {
        var c = 0.0;
        for (var q = 0u; q < WG; q++) {
          c += scratch[cost_part + q];
        }
        var J = c * inv_m;
        if (L2) {
          J = J + sq * hyper[hb + select(H_LAM2_MB, H_LAM2_LAST, last)];
        }
        let share = hyper[hb + select(H_SHARE, H_SHARE_LAST, last)];
        if (u.nb == 1u) {
          costs[net * u.cost_stride + el] = J;
        } else {
          let t = select(epoch_total, 0.0, bi == 0u);
          epoch_total = t + share * J;
          if (last) {
            costs[net * u.cost_stride + el] = epoch_total;
          }
        }
      }
      storageBarrier();
      workgroupBarrier();
    }
  }
}
