// Many training steps of a small fully connected network in one dispatch, for one or many
// networks of one architecture (LPN lanes each, WG/LPN networks per workgroup): batch or
// mini-batch gradient descent with gd, momentum or Adam, sigmoid output with binary
// cross-entropy, optional L2 and fixed dropout masks. The host side and the buffer layouts are
// in kernels/fused_mlp.ts.
//
// A step has two phases separated by barriers (none with LPN = 1, where no lane reads what
// another wrote):
//   1. Each lane of a network takes the examples sub, sub + LPN, … of the (mini-)batch (sub is
//      its index within the network), runs forward and backward for one example at a time, and
//      accumulates its share of every gradient entry and of the cost; it then leaves these
//      partials in scratch.
//   2. The network's lanes take parameters p = sub, sub + LPN, …: sum the LPN partials of p in
//      lane order, scale by 1/m (+ λ/m·W), and apply the optimiser to the parameter and its
//      state.
// On logged epochs the lane with sub = 0 also finishes the cost: Σ of the lanes' terms / m
// + λ/(2m)·Σ W².
//
// Phase 1 comes in two forms. As written here, loops over layers and units with the example's
// activations in scratch, for any size within the limits. For small networks
// kernels/mlp_codegen.ts replaces blocks marked `region:` with straight-line code for the exact
// layer dims (everything in registers): llvmpipe, the CPU adapter, unrolls only some loops and
// is very slow at indexing private arrays with a loop counter. With LPN = 1 it also replaces
// phase 2: each lane then keeps its network's parameters in registers for the whole dispatch.
//
// The arithmetic follows the backend's kernels so that fused and layered runs agree to float32
// rounding: activations and derivatives are activation.wgsl's (both include
// activation_math.wgsl), the cost's log guard as pair_reduce.wgsl, sums over the previous layer
// in the same order as matmul.wgsl, the dropout scaling as (A·D)·(1/keep_prob), the updates as
// update.wgsl and nn/optimizers.ts.
// #include activation_math.wgsl
// #include codes:MLP_OPTIMIZERS

// Lanes per workgroup, and lanes per network (a divisor of WG): WG/LPN networks per workgroup.
// LPN = 1 gives each lane a network of its own, for batches of networks: the lanes then read
// the same example at the same time, and a step needs no sums over lanes and no barriers.
override WG: u32 = 64u;
override LPN: u32 = 64u;
// Layers L (1..5) and dims N0..N5 (each 1..64); N_L is the output width.
override L: u32 = 2u;
override N0: u32 = 2u;
override N1: u32 = 4u;
override N2: u32 = 1u;
override N3: u32 = 1u;
override N4: u32 = 1u;
override N5: u32 = 1u;
// Hidden activations of layers 1..4 (their ACT_ codes); SLOPE and ALPHA are the leaky ReLU's
// slope and the ELU's alpha (the backend's param; defaults 0.01 and 1).
override G1: u32 = ACT_TANH;
override G2: u32 = ACT_TANH;
override G3: u32 = ACT_TANH;
override G4: u32 = ACT_TANH;
override SLOPE: f32 = 0.01;
override ALPHA: f32 = 1.0;
// The optimiser: OPT_GD, OPT_MOMENTUM or OPT_ADAM.
override OPT: u32 = OPT_GD;
override L2: bool = false;
override DROPOUT: bool = false;
// Read X and Y from XYU (a uniform-buffer copy) instead of the storage buffers: on llvmpipe a
// storage load is a loop over the 8 lanes with a bounds check and a branch each, a uniform
// load one gather, ~4× cheaper (fused_mlp.ts sets it on CPU adapters when the data fit).
override XY_UNIFORM: bool = false;

const LOG_GUARD: f32 = 1e-12;

// Parameter layout per network: W1, …, WL (row-major n_l × n_{l−1}), then b1, …, bL. State per
// network: P parameters, then P velocities (momentum) or P first moments v and P second
// moments s (Adam).
struct Params {
  // Examples in X and Y (columns).
  m: u32,
  // Mini-batch size (m in batch mode) and mini-batches per epoch.
  mb: u32,
  nb: u32,
  // Epochs [e_begin, e_end) run by this dispatch, global indices.
  e_begin: u32,
  e_end: u32,
  // The first epoch of the current chunk: the order, costs and Adam's table count from it.
  chunk_e0: u32,
  // Total epochs, logging period, log the last epoch (0/1).
  epochs: u32,
  log_every: u32,
  log_last: u32,
  // sched words of example order per epoch (m, or 0 when every epoch uses the same order).
  perm_stride: u32,
  // costs words per network.
  cost_stride: u32,
  // Adam's table: where it starts in sched, words per network.
  table_base: u32,
  table_stride: u32,
  // Scratch words per network.
  scratch_stride: u32,
  // Dropout masks: where they start in aux, words per network (0 when shared).
  mask_base: u32,
  mask_stride: u32,
  // The canary loop's bound and where each network's status word goes (see the end of main).
  canary: u32,
  status: u32,
}

// Per-network scalars in aux (HYPER words each, written by fused_mlp.ts `hyperWords`).
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
// X (N0 × m) and Y (N_L × m), shared by every network.
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<f32>;
// Per network: HYPER scalars at net·HYPER; from mask_base, the dropout masks of the hidden
// layers (rows n_1, …, n_{L−1} stacked, m columns).
@group(0) @binding(3) var<storage, read> aux: array<f32>;
// The chunk's example order (perm_stride words per epoch), then Adam's table: per network and
// step of the chunk, f32(lr/(1 − β1ᵗ)) and f32(1/√(1 − β2ᵗ)) as bits.
@group(0) @binding(4) var<storage, read> sched: array<u32>;
@group(0) @binding(5) var<storage, read_write> state: array<f32>;
// The logged costs, one word per epoch of the chunk (cost_stride per network), then status
// words.
@group(0) @binding(6) var<storage, read_write> costs: array<f32>;
// Per network: P·LPN gradient partials (parameter-major), LPN cost partials, then (loop form)
// each lane's activations, pre-activations and two dZ vectors, word-major (slot·LPN + sub).
@group(0) @binding(7) var<storage, read_write> scratch: array<f32>;
// With XY_UNIFORM: X's rows, then Y's rows (m words each, packed); 64 KiB, WebGPU's smallest
// maxUniformBufferBindingSize.
@group(0) @binding(8) var<uniform> XYU: array<vec4f, 4096>;

// Input j of example k.
fn x_at(j: u32, k: u32) -> f32 {
  if (XY_UNIFORM) {
    let w = j * u.m + k;
    return XYU[w / 4u][w % 4u];
  }
  return X[j * u.m + k];
}

// Label i of example k.
fn y_at(i: u32, k: u32) -> f32 {
  if (XY_UNIFORM) {
    let w = (N0 + i) * u.m + k;
    return XYU[w / 4u][w % 4u];
  }
  return Y[i * u.m + k];
}

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

fn boff(l: u32) -> u32 {
  var o = woff(L + 1u);
  for (var q = 1u; q < l; q++) {
    o += dim(q);
  }
  return o;
}

// Units of layers 0..l−1.
fn units_before(l: u32) -> u32 {
  var o = 0u;
  for (var q = 0u; q < l; q++) {
    o += dim(q);
  }
  return o;
}

// The parameter of hidden activation k: the leaky ReLU's SLOPE or the ELU's ALPHA.
fn act_param(k: u32) -> f32 {
  return select(ALPHA, SLOPE, k == ACT_LEAKY_RELU);
}

// Hidden activation k and its derivative given e = act_exp(k, x) (activation_math.wgsl).
fn hidden_act(k: u32, x: f32, e: f32) -> f32 {
  return act_e(k, x, e, act_param(k));
}

fn hidden_grad(k: u32, x: f32, e: f32) -> f32 {
  return act_grad_e(k, x, e, act_param(k));
}

fn act(k: u32, x: f32) -> f32 {
  return hidden_act(k, x, act_exp(k, x));
}

fn act_grad(k: u32, x: f32) -> f32 {
  return hidden_grad(k, x, act_exp(k, x));
}

// The binary cross-entropy term of one output (pair_reduce.wgsl's OP 0).
fn bce(yh: f32, y: f32) -> f32 {
  return -(y * log(max(yh, LOG_GUARD)) + (1.0 - y) * log(max(1.0 - yh, LOG_GUARD)));
}

// The example at position b of epoch el's order (its index in X and Y).
fn example_at(b: u32, el: u32) -> u32 {
  if (u.perm_stride != 0u) {
    return sched[el * u.perm_stride + b];
  }
  return b;
}

// Where the slot-th word of sublane `sub` (the lane's index within its network) lives in
// scratch: word-major, so the lanes of one slot are adjacent.
fn lane_word(scb: u32, slot: u32, sub: u32) -> u32 {
  return scb + slot * LPN + sub;
}

// Loop form, one layer forward for example k: Z_l = W_l·A_{l−1} + b_l, A_l = g(Z_l)(·D/keep).
// The lane's A_0, A_1, … start at slot ab, its Z_1, Z_2, … at slot zb.
fn forward_layer(l: u32, k: u32, sub: u32, sb: u32, scb: u32, ab: u32, zb: u32, mkb: u32, keep_inv: f32) {
  let nin = dim(l - 1u);
  let nout = dim(l);
  let wo = sb + woff(l);
  let bo = sb + boff(l);
  let ai = ab + units_before(l - 1u);
  let row = units_before(l) - N0;
  for (var i = 0u; i < nout; i++) {
    var s = 0.0;
    for (var j = 0u; j < nin; j++) {
      s += state[wo + i * nin + j] * scratch[lane_word(scb, ai + j, sub)];
    }
    let zz = s + state[bo + i];
    scratch[lane_word(scb, zb + row + i, sub)] = zz;
    if (l < L) {
      var av = act(kind(l), zz);
      if (DROPOUT) {
        av = (av * aux[mkb + (row + i) * u.m + k]) * keep_inv;
      }
      scratch[lane_word(scb, ai + nin + i, sub)] = av;
    }
  }
}

// Loop form, one layer backward: dW_l += dZ_l·A_{l−1}ᵀ and db_l += dZ_l into the lane's
// partials (slots 0..P−1), then (l > 1) dZ_{l−1} = (W_lᵀ·dZ_l)(·D/keep) ⊙ g′(Z_{l−1}). dZ_l is
// read from slots din, … and dZ_{l−1} written to slots dout, ….
fn backward_layer(
  l: u32,
  k: u32,
  sub: u32,
  sb: u32,
  scb: u32,
  ab: u32,
  zb: u32,
  din: u32,
  dout: u32,
  mkb: u32,
  keep_inv: f32,
) {
  let nin = dim(l - 1u);
  let nout = dim(l);
  let wl = woff(l);
  let bl = boff(l);
  let ai = ab + units_before(l - 1u);
  for (var i = 0u; i < nout; i++) {
    let di = scratch[lane_word(scb, din + i, sub)];
    scratch[lane_word(scb, bl + i, sub)] += di;
    for (var j = 0u; j < nin; j++) {
      let a = scratch[lane_word(scb, ai + j, sub)];
      scratch[lane_word(scb, wl + i * nin + j, sub)] += di * a;
    }
  }
  if (l == 1u) {
    return;
  }
  let row = units_before(l - 1u) - N0;
  for (var j = 0u; j < nin; j++) {
    var s = 0.0;
    for (var i = 0u; i < nout; i++) {
      s += state[sb + wl + i * nin + j] * scratch[lane_word(scb, din + i, sub)];
    }
    if (DROPOUT) {
      s = (s * aux[mkb + (row + j) * u.m + k]) * keep_inv;
    }
    let zj = scratch[lane_word(scb, zb + row + j, sub)];
    scratch[lane_word(scb, dout + j, sub)] = s * act_grad(kind(l - 1u), zj);
  }
}

// Σ W_l² for layer l.
fn sum_sq(sb: u32, l: u32) -> f32 {
  var s = 0.0;
  for (var q = woff(l); q < woff(l + 1u); q++) {
    let v = state[sb + q];
    s += v * v;
  }
  return s;
}

// A network's optimiser scalars, read once per dispatch.
struct Opt {
  lr: f32,
  one_minus_beta: f32,
  one_minus_beta1: f32,
  one_minus_beta2: f32,
  eps: f32,
  // Adam's f32(lr/(1 − β1ᵗ)) and f32(1/√(1 − β2ᵗ)) for this step.
  step_lr: f32,
  step_rs: f32,
}

// One update of a parameter w with gradient g (scaled, L2 added) as update.wgsl and
// nn/optimizers.ts make it: the new value; v and s, its momentum velocity or Adam moments, are
// updated in place.
fn opt_step(w: f32, g: f32, v: ptr<function, f32>, s: ptr<function, f32>, o: Opt) -> f32 {
  switch OPT {
    case OPT_GD: {
      return w - o.lr * g;
    }
    case OPT_MOMENTUM: {
      let nv = *v - o.one_minus_beta * (*v - g);
      *v = nv;
      return w - o.lr * nv;
    }
    case OPT_ADAM, default: {
      let nv = *v - o.one_minus_beta1 * (*v - g);
      let ns = *s - o.one_minus_beta2 * (*s - g * g);
      *v = nv;
      *s = ns;
      let denom = sqrt(ns) * o.step_rs + o.eps;
      return w - o.step_lr * (nv / denom);
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) wid: vec3u) {
  let sub = lane % LPN;
  let net = wid.x * (WG / LPN) + lane / LPN;
  let NW = woff(L + 1u);
  let P = boff(L + 1u);
  var nstate = 1u;
  if (OPT == OPT_MOMENTUM) {
    nstate = 2u;
  } else if (OPT == OPT_ADAM) {
    nstate = 3u;
  }
  let sb = net * P * nstate;
  let hb = net * HYPER;
  let mkb = u.mask_base + net * u.mask_stride;
  let scb = net * u.scratch_stride;
  let NL = dim(L);
  let keep_inv = aux[hb + H_KEEP_INV];
  var o = Opt(
    aux[hb + H_LR],
    aux[hb + H_ONE_MINUS_BETA],
    aux[hb + H_ONE_MINUS_BETA1],
    aux[hb + H_ONE_MINUS_BETA2],
    aux[hb + H_EPS],
    0.0,
    0.0,
  );
  // Scratch slots (loop form): P partials, the cost partial, A_0..A_{L−1}, Z_1..Z_L, two dZ.
  let cost_slot = P;
  // The network's running cost of the epoch (mini-batch mode; its lane with sub = 0).
  var epoch_total = 0.0;
  let a_slot = P + 1u;
  let z_slot = a_slot + units_before(L);
  let d_slot = z_slot + units_before(L + 1u) - N0;
  // region: dispatch begin
  // region: end

  for (var e = u.e_begin; e < u.e_end; e++) {
    let el = e - u.chunk_e0;
    let logged = e % u.log_every == 0u || (u.log_last != 0u && e + 1u == u.epochs);
    for (var bi = 0u; bi < u.nb; bi++) {
      let start = bi * u.mb;
      let last = bi + 1u == u.nb;
      let size = select(u.mb, u.m - start, last);
      let step_local = el * u.nb + bi;

      // Phase 1: forward and backward over this lane's examples.
      // region: step begin
      for (var p = 0u; p < P; p++) {
        scratch[lane_word(scb, p, sub)] = 0.0;
      }
      // region: end
      var cost = 0.0;
      // region: cost
      // region: end
      // region: examples
      for (var kk = sub; kk < size; kk += LPN) {
        let k = example_at(start + kk, el);
        for (var j = 0u; j < N0; j++) {
          scratch[lane_word(scb, a_slot + j, sub)] = x_at(j, k);
        }
        for (var l = 1u; l <= L; l++) {
          forward_layer(l, k, sub, sb, scb, a_slot, z_slot, mkb, keep_inv);
        }
        // Output: ŷ = σ(Z_L), dZ_L = ŷ − y, and the cross-entropy terms.
        let zl = z_slot + units_before(L) - N0;
        for (var i = 0u; i < NL; i++) {
          let yh = sigmoid(scratch[lane_word(scb, zl + i, sub)]);
          let y = y_at(i, k);
          if (logged) {
            cost += bce(yh, y);
          }
          scratch[lane_word(scb, d_slot + i, sub)] = yh - y;
        }
        for (var l = L; l >= 1u; l--) {
          // dZ alternates between the two vectors: layer l reads the one layer l + 1 wrote.
          let din = select(d_slot + 64u, d_slot, (L - l) % 2u == 0u);
          let dout = select(d_slot, d_slot + 64u, (L - l) % 2u == 0u);
          backward_layer(l, k, sub, sb, scb, a_slot, z_slot, din, dout, mkb, keep_inv);
          if (l == 1u) {
            break;
          }
        }
      }
      // region: end
      // region: step end
      // region: end
      scratch[lane_word(scb, cost_slot, sub)] = cost;
      // Σ W² of the weights this step's forward pass used, layer by layer as the generic
      // cost adds them (the lane with sub = 0, on logged steps with L2).
      var sq = 0.0;
      if (L2 && logged && sub == 0u) {
        // region: weight squares
        sq = sum_sq(sb, 1u);
        for (var l = 2u; l <= L; l++) {
          sq += sum_sq(sb, l);
        }
        // region: end
      }
      // With one lane per network (LPN = 1) no lane reads words another wrote, and leaving
      // the barriers out is worth it: on llvmpipe a shader with barriers runs as a coroutine,
      // which made the whole step ~1.4× slower there.
      if (LPN > 1u) {
        storageBarrier();
        workgroupBarrier();
      }

      // Phase 2: reduce the partials of each parameter and update it.
      let inv_m = aux[hb + select(H_INV_MB, H_INV_LAST, last)];
      let lam_m = aux[hb + select(H_LAM_MB, H_LAM_LAST, last)];
      if (OPT == OPT_ADAM) {
        let tb = u.table_base + net * u.table_stride + 2u * step_local;
        o.step_lr = bitcast<f32>(sched[tb]);
        o.step_rs = bitcast<f32>(sched[tb + 1u]);
      }
      // region: update
      for (var p = sub; p < P; p += LPN) {
        var g = 0.0;
        for (var q = 0u; q < LPN; q++) {
          g += scratch[scb + p * LPN + q];
        }
        let w = state[sb + p];
        g = g * inv_m;
        if (L2 && p < NW) {
          g = g + w * lam_m;
        }
        var v = 0.0;
        var s = 0.0;
        if (OPT != OPT_GD) {
          v = state[sb + P + p];
        }
        if (OPT == OPT_ADAM) {
          s = state[sb + 2u * P + p];
        }
        state[sb + p] = opt_step(w, g, &v, &s, o);
        if (OPT != OPT_GD) {
          state[sb + P + p] = v;
        }
        if (OPT == OPT_ADAM) {
          state[sb + 2u * P + p] = s;
        }
      }
      // region: end
      if (logged && sub == 0u) {
        var c = 0.0;
        for (var q = 0u; q < LPN; q++) {
          c += scratch[lane_word(scb, cost_slot, q)];
        }
        var J = c * inv_m;
        if (L2) {
          J = J + sq * aux[hb + select(H_LAM2_MB, H_LAM2_LAST, last)];
        }
        if (u.nb == 1u) {
          costs[net * u.cost_stride + el] = J;
        } else {
          // cost_total / m: each mini-batch's mean cost weighted by mb/m.
          let share = aux[hb + select(H_SHARE, H_SHARE_LAST, last)];
          let t = select(epoch_total, 0.0, bi == 0u);
          epoch_total = t + share * J;
          if (last) {
            costs[net * u.cost_stride + el] = epoch_total;
          }
        }
      }
      if (LPN > 1u) {
        storageBarrier();
        workgroupBarrier();
      }
    }
  }
  // region: dispatch end
  // region: end
  // llvmpipe ends every loop of an invocation once 65535 iterations have run in all its loops
  // together (LP_MAX_TGSI_LOOP_ITERATIONS). This loop has a runtime bound, so it is never
  // unrolled: it runs min(canary, what is left of that budget) times. The lane with sub = 0
  // runs the most iterations of its network's lanes (the first examples, the first
  // parameters, the cost), so its count tells the host whether every loop ran in full
  // (count = canary ≥ 2) and, with a large canary, how much of the budget the steps used.
  if (sub == 0u) {
    var c = 0u;
    for (var t = 0u; t < u.canary; t++) {
      c += 1u;
    }
    costs[u.status + net] = f32(c);
  }
}
