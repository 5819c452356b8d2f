/**
 * The fused tail's WGSL (kernels/mlp_tail.ts runs it): a kernel specialised to one architecture,
 * named for it (`mlp_tail.{…}`), generated as text with nothing of the device, so that the one
 * pipeline cache (kernels/kernel_sources.ts) can make it from its name.
 *
 * @module
 */
import { ACTIVATIONS, type MlpTailJob } from "./backend.ts";

/** A tail kernel's specialisation: everything baked into its WGSL. */
export interface TailSpec {
  /** [n₁, …, n_L]. */
  dims: number[];
  /** Activation codes of layers 1 … L−1 (ACTIVATIONS' indexes); the output is sigmoid. */
  hidden: number[];
  m: number;
  /** Per tail layer l = 2 … L: the k partition (kchunk) of its forward, dW and dA products. */
  chunks: { fwd: number; dw: number; da: number }[];
}

/** Lanes per workgroup (one network): the width of the 256-lane trees it reproduces. */
const WG = 256;
/** Reductions over examples run in one chunk of reduce_sum/pair_reduce up to this many. */
export const TAIL_MAX_M = 4096;
/** Tail layers' widths the kernel takes (each lane loops over its share of the elements). */
export const TAIL_MAX_UNITS = 256;

/** The kernel name of a specialisation (kernels/kernel_sources.ts builds it back). */
export function tailKernelName(s: TailSpec): string {
  return `mlp_tail.${JSON.stringify(s)}`;
}

/** The specialisation a kernel name carries, or null when the name is not a tail kernel's. */
export function parseTailKernelName(name: string): TailSpec | null {
  if (!name.startsWith("mlp_tail.")) return null;
  try {
    return JSON.parse(name.slice("mlp_tail.".length)) as TailSpec;
  } catch {
    return null;
  }
}

/** Why the tail cannot take this architecture, or null. */
export function tailUnsupported(job: Pick<MlpTailJob, "dims" | "hidden" | "m">): string | null {
  const { dims, hidden, m } = job;
  const L = dims.length;
  if (L < 2) return "no layers after the first";
  if (L > 8) return `${L} layers`;
  if (hidden.length !== L - 1) return `${hidden.length} hidden activations for ${L - 1}`;
  if (!(Number.isInteger(m) && m >= 1 && m <= TAIL_MAX_M)) return `m = ${m}`;
  if (dims[L - 1] * m > TAIL_MAX_M) return `${dims[L - 1]} outputs × ${m} examples`;
  if (!dims.every((n) => Number.isInteger(n) && n >= 1 && n <= TAIL_MAX_UNITS)) {
    return `widths [${dims}]`;
  }
  const bad = hidden.find((g) => !ACTIVATIONS.includes(g) || g === "step" || g === "sign");
  return bad === undefined ? null : `activation ${bad}`;
}

/** The layout of one network's words: parameters (and its learning rate) in `state`. */
export function tailLayout(dims: readonly number[]) {
  const W: number[] = [], b: number[] = [];
  let o = 0;
  for (let l = 1; l < dims.length; l++) {
    W.push(o);
    o += dims[l] * dims[l - 1];
    b.push(o);
    o += dims[l];
  }
  // The learning rate, then padding to a whole vec4.
  const lr = o;
  const stride = Math.ceil((o + 1) / 4) * 4;
  return { W, b, lr, stride };
}

/** The scratch layout of one network: A and Z per layer, dZ twice, dW and db. */
export function workLayout(dims: readonly number[], m: number) {
  let o = 0;
  const A: number[] = [], Z: number[] = [];
  for (const n of dims) {
    A.push(o);
    o += n * m;
    Z.push(o);
    o += n * m;
  }
  const widest = Math.max(...dims);
  const dZ = [o, o + widest * m];
  o += 2 * widest * m;
  const dW = o;
  o += Math.max(...dims.slice(1).map((n, l) => n * dims[l]));
  const db = o;
  o += widest;
  return { A, Z, dZ, dW, db, stride: Math.ceil(o / 4) * 4 };
}

/**
 * Σ over k of `a(q)·b(q)` as the register-blocked products add it: partitions of `kchunk`, in
 * each groups of 4 whose products are added left to right before joining the sum, the
 * partitions' sums added in order from 0. Past the partition's end both factors are zeroed by
 * `select`, as those kernels mask them (a branch there compiles to other arithmetic on
 * llvmpipe: 1-ulp differences), with the index clamped to stay in range.
 */
function dot(k: number, kchunk: number, a: (q: string) => string, b: (q: string) => string) {
  const last = `${k - 1}u`;
  const term = (u: number) => {
    if (u === 0) return `let a0 = ${a("q")};\n        let b0 = ${b("q")};`;
    const q = `min(q + ${u}u, ${last})`;
    return `let ok${u} = q + ${u}u < ke;
        let a${u} = select(0.0, ${a(q)}, ok${u});
        let b${u} = select(0.0, ${b(q)}, ok${u});`;
  };
  return `
    var tot = 0.0;
    for (var kb = 0u; kb < ${k}u; kb += ${kchunk}u) {
      let ke = min(${k}u, kb + ${kchunk}u);
      var s = 0.0;
      for (var q = kb; q < ke; q += 4u) {
        ${[0, 1, 2, 3].map(term).join("\n        ")}
        s += a0 * b0 + a1 * b1 + a2 * b2 + a3 * b3;
      }
      tot += s;
    }`;
}

/** The WGSL of a tail kernel (see the module doc). */
export function generateTail(s: TailSpec): string {
  const { dims, hidden, m } = s;
  const L = dims.length; // layers 1 … L
  const st = tailLayout(dims);
  const wk = workLayout(dims, m);
  const SIG = ACTIVATIONS.indexOf("sigmoid");
  const act = (l: number) => l === L ? SIG : hidden[l - 1]; // layer l's activation code
  // Layer l's activation parameter (the backend's default where the network gives none).
  const par = (l: number) => `p.lp[${(l - 1) >> 2}][${(l - 1) & 3}]`;
  const out: string[] = [];
  const w = (x: string) => out.push(x);
  w(`// Generated at run time by kernels/mlp_tail.ts: one gradient-descent step of layers 2 … ${L}
// of [${dims}] (layer 1's Z in, its dZ out), m = ${m}, one workgroup per network.
// #include activation_math.wgsl
struct Params {
  nets: u32,
  with_cost: u32,
  inv_m: f32,
  zero: f32,
  // Each layer's activation parameter (layer l at [(l − 1) / 4][(l − 1) % 4]).
  lp: array<vec4f, 2>,
}
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> z1: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
@group(0) @binding(4) var<storage, read_write> work: array<f32>;
@group(0) @binding(5) var<storage, read_write> dz1: array<f32>;
@group(0) @binding(6) var<storage, read_write> costs: array<f32>;
var<workgroup> tree: array<f32, ${WG}>;

// The 256-lane tree of reduce_sum and pair_reduce over each lane's sum.
fn tree_sum(lane: u32, v: f32) -> f32 {
  tree[lane] = v;
  workgroupBarrier();
  for (var half = ${WG / 2}u; half > 0u; half = half / 2u) {
    if (lane < half) {
      tree[lane] += tree[lane + half];
    }
    workgroupBarrier();
  }
  let r = tree[0];
  workgroupBarrier();
  return r;
}

fn glog(x: f32) -> f32 {
  return log(max(x, 1e-12));
}

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) wid: vec3u) {
  let net = wid.x;
  if (net >= p.nets) {
    return;
  }
  let sb = net * ${st.stride}u;
  let wb = net * ${wk.stride}u;
  let zb = net * ${dims[0] * m}u;
  let lr = state[sb + ${st.lr}u];
  // A[1] = g(Z[1]).
  for (var e = lane; e < ${dims[0] * m}u; e += ${WG}u) {
    let x = z1[zb + e];
    work[wb + ${wk.A[0]}u + e] = act_e(${act(1)}u, x, act_exp(${act(1)}u, x), ${par(1)});
  }
  storageBarrier();`);
  // Forward, layers 2 … L.
  for (let l = 2; l <= L; l++) {
    const [n, k] = [dims[l - 1], dims[l - 2]];
    const Wo = st.W[l - 2], bo = st.b[l - 2];
    w(`  // Z[${l}] = W[${l}]·A[${l - 1}] + b[${l}], A[${l}] = g(Z[${l}]).
  for (var e = lane; e < ${n * m}u; e += ${WG}u) {
    let i = e / ${m}u;
    let j = e % ${m}u;${
      dot(
        k,
        s.chunks[l - 2].fwd,
        (q) => `state[sb + ${Wo}u + i * ${k}u + ${q}]`,
        (q) => `work[wb + ${wk.A[l - 2]}u + (${q}) * ${m}u + j]`,
      )
    }
    let z = tot + state[sb + ${bo}u + i];
    work[wb + ${wk.Z[l - 1]}u + e] = z;
    work[wb + ${wk.A[l - 1]}u + e] = act_e(${act(l)}u, z, act_exp(${act(l)}u, z), ${par(l)});
  }
  storageBarrier();`);
  }
  const nL = dims[L - 1];
  w(`  // The cost, as pair_reduce's bce over the ${nL * m} outputs, times 1/m.
  if (p.with_cost != 0u) {
    var c = 0.0;
    for (var r = 0u; r < 16u; r++) {
      let t = r * ${WG}u + lane;
      if (t < ${nL * m}u) {
        let yh = work[wb + ${wk.A[L - 1]}u + t];
        let yy = y[t];
        c += -(yy * glog(yh) + (1.0 - yy) * glog(1.0 - yh));
      }
    }
    let total = tree_sum(lane, c);
    if (lane == 0u) {
      costs[net] = total * p.inv_m;
    }
  }
  // dZ[${L}] = A[${L}] − Y.
  for (var e = lane; e < ${nL * m}u; e += ${WG}u) {
    work[wb + ${wk.dZ[0]}u + e] = work[wb + ${wk.A[L - 1]}u + e] - y[e];
  }
  storageBarrier();`);
  let cur = 0;
  for (let l = L; l >= 2; l--) {
    const [n, k] = [dims[l - 1], dims[l - 2]];
    const Wo = st.W[l - 2], bo = st.b[l - 2];
    const dz = `wb + ${wk.dZ[cur]}u`;
    w(`  // dW[${l}] = (1/m)·dZ[${l}]·A[${l - 1}]ᵀ, db[${l}] = (1/m)·Σ dZ[${l}].
  for (var e = lane; e < ${n * k}u; e += ${WG}u) {
    let i = e / ${k}u;
    let q2 = e % ${k}u;${
      dot(
        m,
        s.chunks[l - 2].dw,
        (q) => `work[${dz} + i * ${m}u + ${q}]`,
        (q) => `work[wb + ${wk.A[l - 2]}u + q2 * ${m}u + ${q}]`,
      )
    }
    work[wb + ${wk.dW}u + e] = tot * p.inv_m + p.zero;
  }`);
    if (n > 1) {
      w(`  for (var i = lane; i < ${n}u; i += ${WG}u) {
    var sum = 0.0;
    for (var t = 0u; t < ${m}u; t++) {
      sum += work[${dz} + i * ${m}u + t];
    }
    work[wb + ${wk.db}u + i] = sum * p.inv_m + p.zero;
  }`);
    } else {
      w(`  {
    var sum = 0.0;
    for (var r = 0u; r < 16u; r++) {
      let t = r * ${WG}u + lane;
      if (t < ${m}u) {
        sum += work[${dz} + t];
      }
    }
    let total = tree_sum(lane, sum);
    if (lane == 0u) {
      work[wb + ${wk.db}u] = total * p.inv_m + p.zero;
    }
  }`);
    }
    // dA[l−1] = W[l]ᵀ·dZ[l], dZ[l−1] = dA ⊙ g′(Z[l−1]).
    const target = l - 1 === 1 ? `dz1[zb + e]` : `work[wb + ${wk.dZ[1 - cur]}u + e]`;
    const zprev = l - 1 === 1 ? `z1[zb + e]` : `work[wb + ${wk.Z[l - 2]}u + e]`;
    w(`  for (var e = lane; e < ${k * m}u; e += ${WG}u) {
    let q2 = e / ${m}u;
    let j = e % ${m}u;${
      dot(
        n,
        s.chunks[l - 2].da,
        (q) => `state[sb + ${Wo}u + (${q}) * ${k}u + q2]`,
        (q) => `work[${dz} + (${q}) * ${m}u + j]`,
      )
    }
    let x = ${zprev};
    ${target} = tot * act_grad_e(${act(l - 1)}u, x, act_exp(${act(l - 1)}u, x), ${par(l - 1)});
  }
  storageBarrier();
  // W[${l}] −= α·dW[${l}], b[${l}] −= α·db[${l}].
  for (var e = lane; e < ${n * k}u; e += ${WG}u) {
    state[sb + ${Wo}u + e] = state[sb + ${Wo}u + e] - lr * work[wb + ${wk.dW}u + e];
  }
  for (var i = lane; i < ${n}u; i += ${WG}u) {
    state[sb + ${bo}u + i] = state[sb + ${bo}u + i] - lr * work[wb + ${wk.db}u + i];
  }
  storageBarrier();`);
    cur = 1 - cur;
  }
  w(`}`);
  return out.join("\n") + "\n";
}
