/**
 * The webgpu backend's fused tail (`Backend.mlpTail`): one gradient-descent step of a network's
 * small layers 2 … L in one dispatch, for networks whose first layer is too wide for the fused
 * trainer (kernels/fused_mlp.ts) — the lectures' cat networks [12288, 20, 7, 5, 1]. The caller
 * computes Z[1] = W[1]·X + b[1] (one large product, for several networks stacked) and, from the
 * dZ[1] the step returns, dW[1] and db[1]; the tail does the rest: A[1] = g(Z[1]), the forward
 * pass through layers 2 … L, the cost, the backward pass down to dZ[1], and the updates of
 * W[2] … b[L]. One workgroup per network, so k networks take one dispatch in all, instead of
 * ~40 dispatches per network and step (~30 µs each on llvmpipe).
 *
 * Every value is the one the layered path's kernels compute, bit for bit: the products add their
 * terms in the order of the register-blocked kernels (groups of 4 along k, each group's four
 * products added left to right, partitions of k as the backend's matmul plan splits them, then
 * the partitions in order), the means and the cost add as reduce_lines, reduce_sum and
 * pair_reduce do (a lane's sum, or a 256-lane tree), and the activations are
 * activation_math.wgsl's. tests/gpu/mlp_tail.ts holds it to that; the architecture is baked into
 * the kernel (its name, `mlp_tail.{…}`, carries it).
 *
 * @module
 */
import {
  ACTIVATIONS,
  type MlpDeclined,
  type MlpTail,
  type MlpTailJob,
  type Shape,
  type Tensor,
} from "./backend.ts";
import type { Buf, Device } from "./device.ts";
import { copyBuffers } from "./fused_mlp.ts";
import type { MatmulPlan, MatmulProblem } from "./matmul_plan.ts";
import {
  tailKernelName,
  tailLayout,
  type TailSpec,
  tailUnsupported,
  workLayout,
} from "./mlp_tail_codegen.ts";

/** What `openTail` needs of the backend. */
export interface TailHost {
  device: Device;
  bufOf(t: Tensor): Buf;
  /** The backend's plan of a product (its k partition is what the tail reproduces). */
  plan(problem: Omit<MatmulProblem, "maxTexture">): MatmulPlan;
  /** A new tensor of the backend over `buf`. */
  make(shape: Shape, buf: Buf): Tensor;
}

/**
 * Opens a tail session (`Backend.mlpTail`): the networks' layers 2 … L copied into one state
 * buffer, a kernel specialised to the architecture and to the backend's matmul plans.
 */
export function openTail(host: TailHost, job: MlpTailJob): MlpTail | MlpDeclined {
  const why = tailUnsupported(job);
  if (why) return { declined: `mlp tail: ${why}` };
  const { dims, m } = job;
  const k = job.nets.length;
  if (k === 0) return { declined: "mlp tail: no networks" };
  // Each product's k partition, from the plan the layered path's matmul would get.
  const chunks: TailSpec["chunks"] = [];
  for (let l = 2; l <= dims.length; l++) {
    const [n, c] = [dims[l - 1], dims[l - 2]];
    const problems: Omit<MatmulProblem, "maxTexture">[] = [
      { m: n, n: m, k: c, transA: false, transB: false, lda: c, ldb: m },
      { m: n, n: c, k: m, transA: false, transB: true, lda: m, ldb: m },
      { m: c, n: m, k: n, transA: true, transB: false, lda: c, ldb: m },
    ];
    const plans = problems.map((pr) => host.plan(pr));
    if (plans.some((pl) => pl.variant !== "rb")) {
      return { declined: "mlp tail: the products are not register-blocked on this adapter" };
    }
    chunks.push({ fwd: plans[0].kchunk, dw: plans[1].kchunk, da: plans[2].kchunk });
  }
  const spec: TailSpec = {
    dims: [...dims],
    hidden: job.hidden.map((g) => ACTIVATIONS.indexOf(g)),
    m,
    chunks,
  };
  const layout = tailLayout(dims);
  job.nets.forEach((net, t) => {
    if (net.params.length !== 2 * (dims.length - 1)) {
      throw new RangeError(`mlp tail: network ${t} has ${net.params.length} tensors`);
    }
    net.params.forEach((p, i) => {
      const l = (i >> 1) + 2;
      const want = i % 2 === 0 ? [dims[l - 1], dims[l - 2]] : [dims[l - 1], 1];
      if (p.shape[0] !== want[0] || p.shape[1] !== want[1]) {
        throw new RangeError(`mlp tail: network ${t}'s tensor ${i} is [${p.shape}], not [${want}]`);
      }
    });
  });
  const { device } = host;
  const rates = new Float32Array(k * layout.stride);
  job.nets.forEach((net, t) => rates[t * layout.stride + layout.lr] = net.learningRate);
  const state = device.upload(rates);
  const work = device.acquire(k * workLayoutOf(dims, m) * 4);
  const copies = job.nets.flatMap((net, t) =>
    net.params.map((p, i) => ({
      src: host.bufOf(p),
      srcWord: 0,
      dst: state,
      dstWord: t * layout.stride + (i % 2 === 0 ? layout.W[i >> 1] : layout.b[i >> 1]),
      words: p.size,
    }))
  );
  copyBuffers(device, copies);
  const pipeline = device.pipeline(tailKernelName(spec));
  const lp = new Array(8).fill(0.01);
  job.hidden.forEach((g, l) => lp[l] = job.activationParam ?? (g === "elu" ? 1 : 0.01));
  const n1 = dims[0];
  let open = true;
  return {
    step(Z1: Tensor, Y: Tensor, withCost: boolean) {
      if (!open) throw new Error("mlp tail: the session has finished");
      if (Z1.shape[0] !== k * n1 || Z1.shape[1] !== m) {
        throw new RangeError(`mlp tail: Z1 is [${Z1.shape}], not [${k * n1}, ${m}]`);
      }
      if (Y.shape[0] !== dims[dims.length - 1] || Y.shape[1] !== m) {
        throw new RangeError(`mlp tail: Y is [${Y.shape}]`);
      }
      const dZ1 = device.acquire(k * n1 * m * 4);
      const costs = device.acquire(k * 4);
      device.dispatch(
        pipeline,
        [
          { u: k },
          { u: withCost ? 1 : 0 },
          { f: 1 / m },
          { f: 0 },
          ...lp.map((f) => ({ f })),
        ],
        [host.bufOf(Z1), host.bufOf(Y), state, work, dZ1, costs],
        [k],
      );
      const out = host.make([k * n1, m], dZ1);
      if (withCost) return { dZ1: out, costs: host.make([k, 1], costs) };
      device.release(costs);
      return { dZ1: out, costs: null };
    },
    writeBack(t: number) {
      if (!open) throw new Error("mlp tail: the session has finished");
      const per = copies.length / k;
      copyBuffers(
        device,
        copies.slice(t * per, (t + 1) * per).map((c) => ({
          src: state,
          srcWord: c.dstWord,
          dst: c.src,
          dstWord: 0,
          words: c.words,
        })),
      );
    },
    close() {
      if (!open) return;
      open = false;
      device.release(work);
      device.release(state);
    },
  };
}

function workLayoutOf(dims: readonly number[], m: number): number {
  return workLayout(dims, m).stride;
}
