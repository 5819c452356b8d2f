/**
 * Fused training on webgpu: `train()` hands a plain `Network` with one of nn/optimizers.ts's
 * optimisers to kernels/fused_mlp.ts, which runs many update steps per dispatch (one workgroup
 * per network) instead of 20–60 dispatches per step. Callers cannot tell the difference: the
 * model's parameter tensors and the optimiser's state (momentum's v, Adam's v, s and t) are
 * updated in place, the same `TrainResult` comes back, and `onLog` sees the same entries. The
 * numbers agree with the generic webgpu path to float32 rounding (the kernel follows the
 * backend's kernels' formulas; sums over examples are added in another order).
 *
 * Eligible: backend webgpu; the model's class is exactly `Network`, with a sigmoid output and
 * binary cross-entropy, 1–5 layers of at most 64 units (input included), hidden activations
 * linear, sigmoid, tanh, relu, leaky_relu, softplus or elu; on a CPU adapter (llvmpipe) at
 * most STRAIGHT_LINE_MAX_PARAMS (256) parameters, since the kernel's loop form for larger
 * networks is slower there than the generic path; the optimiser's class is exactly
 * `GradientDescent`, `Momentum` or `Adam` over the model's parameters; dropout (keep_prob < 1
 * with masks set) only in batch mode, as the generic path requires. Anything else trains the
 * generic way.
 *
 * Escape hatches: `HARNESS_FUSED=0` in the environment, or `fused: false` in the options.
 *
 * `trainBatched` trains N networks of one architecture that differ only in scalars (learning
 * rate, initial weights, λ, keep_prob and masks) in one job: on a CPU adapter one lane per
 * network (8 networks per workgroup, each lane reading the same examples), on GPUs one
 * workgroup per network.
 *
 * Read-backs: without `stopOnNonFinite` the costs are read after `readEvery` steps and then in
 * chunks that double while a chunk takes under 100 ms (each read waits ~11 ms on llvmpipe), one
 * chunk queued ahead; `onLog` sees the same entries in the same order, in fewer batches. With
 * `stopOnNonFinite` the reads fall every `readEvery` steps exactly as in the generic loop, so
 * training stops after the same epoch.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import type { Buf, Device } from "../kernels/device.ts";
import {
  archUnsupported,
  copyBuffers,
  FusedLimitError,
  FusedMlpJob,
  fusedWorthIt,
  isCpuAdapter,
  type MlpArch,
  type MlpCost,
  type MlpHyper,
  type MlpRunResult,
} from "../kernels/fused_mlp.ts";
import type { LayerValues } from "./init.ts";
import { Network, type NetworkSpec, readParameters } from "./network.ts";
import {
  Adam,
  GradientDescent,
  makeOptimizer,
  Momentum,
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
} from "./optimizers.ts";
import { type CostEntry, train, type TrainOptions, type TrainResult } from "./train.ts";

/** False when `HARNESS_FUSED=0` (or `false`, `off`, `no`) is set. */
export function fusedEnabled(): boolean {
  let v: string | undefined;
  try {
    // Asked first, so that a run without --allow-env is not prompted for it: the default then.
    const q = Deno.permissions.querySync({ name: "env", variable: "HARNESS_FUSED" });
    if (q.state !== "granted") return true;
    v = Deno.env.get("HARNESS_FUSED");
  } catch {
    return true;
  }
  return !(v !== undefined && /^(0|false|off|no)$/i.test(v.trim()));
}

interface Plan {
  device: Device;
  arch: MlpArch;
  hyper: MlpHyper;
  masks: readonly Tensor[] | null;
}

/** The storage buffer of a webgpu tensor (its `buf`), or null for any other tensor. */
function bufOf(t: Tensor): Buf | null {
  const b = (t as unknown as { buf?: unknown }).buf;
  return typeof b === "object" && b !== null && "buffer" in b ? b as Buf : null;
}

function deviceOf(backend: Backend): Device | null {
  if (backend.name !== "webgpu") return null;
  const d = (backend as unknown as { device?: Device }).device;
  return d && typeof d.dispatch === "function" ? d : null;
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}

/** The schedule options both paths read, checked the way the fused kernel needs them. */
function scheduleOk(
  opts: Pick<
    TrainOptions,
    "epochs" | "logEvery" | "miniBatchSize" | "readEvery" | "seed" | "shuffle"
  >,
  m: number,
): string | null {
  if (!(Number.isInteger(opts.epochs) && opts.epochs >= 0)) return `epochs ${opts.epochs}`;
  if (opts.epochs >= 2 ** 31) return "too many epochs";
  if (opts.logEvery !== undefined && !isPositiveInteger(opts.logEvery)) return "logEvery";
  if (opts.miniBatchSize !== undefined && !isPositiveInteger(opts.miniBatchSize)) {
    return "miniBatchSize";
  }
  if (opts.readEvery !== undefined && !(opts.readEvery >= 1)) return "readEvery";
  const seed = opts.seed ?? 0;
  const size = Math.min(opts.miniBatchSize ?? m, m);
  if (size < m && (opts.shuffle ?? true)) {
    // RandomState seeds seed + 1 + e must all be valid (the generic path throws at that epoch).
    if (!Number.isInteger(seed) || seed < -1 || seed + opts.epochs > 4294967295) return "seed";
  }
  return null;
}

/** Why `train(backend, model, X, Y, opts)` cannot run fused, or the plan when it can. */
function planFor(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions,
): Plan | string {
  const device = deviceOf(backend);
  if (!device) return "not webgpu";
  if (!(model instanceof Network) || Object.getPrototypeOf(model) !== Network.prototype) {
    return "not a plain Network";
  }
  const net = model as Network;
  const spec = net.spec;
  if (net.backend !== backend) return "model on another backend";
  if (spec.output !== "sigmoid" || spec.cost !== "bce") return "output is not sigmoid + bce";
  const dims = spec.layerDims;
  const why = archUnsupported({ dims, hidden: spec.hidden });
  if (why) return why;
  const P = net.parameters().reduce((a, t) => a + t.size, 0);
  if (!fusedWorthIt(device, P)) return `${P} parameters on a CPU adapter`;
  const m = X.shape[1];
  if (!bufOf(X) || !bufOf(Y) || X.backend !== backend || Y.backend !== backend) {
    return "data not on this backend";
  }
  if (X.shape[0] !== dims[0] || Y.shape[0] !== dims[dims.length - 1] || Y.shape[1] !== m) {
    return "data shapes"; // the generic path reports the mismatch
  }
  const sched = scheduleOk(opts, m);
  if (sched) return sched;
  if (opts.epochs === 0) return "no epochs"; // nothing to compile a kernel for
  const opt = opts.optimizer;
  const proto = Object.getPrototypeOf(opt);
  if (
    proto !== GradientDescent.prototype && proto !== Momentum.prototype &&
    proto !== Adam.prototype
  ) {
    return "optimizer class";
  }
  const params = net.parameters();
  const oparams = (opt as GradientDescent | Momentum | Adam).params;
  if (
    (opt as GradientDescent).backend !== backend || oparams.length !== params.length ||
    oparams.some((p, i) => p !== params[i])
  ) {
    return "optimizer not over the model's parameters";
  }
  let masks: readonly Tensor[] | null = null;
  if (spec.keepProb < 1 && net.masks) {
    masks = net.masks;
    const size = Math.min(opts.miniBatchSize ?? m, m);
    if (size < m) return "dropout with mini-batches"; // the generic path refuses it
    if (
      masks.length !== dims.length - 2 ||
      masks.some((d, l) => d.shape[0] !== dims[l + 1] || d.shape[1] !== m || !bufOf(d))
    ) {
      return "dropout masks"; // the generic path reports it
    }
  }
  const hyper = hyperOf(opt);
  hyper.lambd = spec.lambd;
  hyper.keepProb = masks ? spec.keepProb : 1;
  const arch: MlpArch = {
    dims,
    hidden: spec.hidden,
    activationParam: spec.activationParam,
    optimizer: opt.name,
    l2: spec.lambd > 0,
    dropout: masks !== null,
  };
  return { device, arch, hyper, masks };
}

function hyperOf(opt: Optimizer): MlpHyper {
  if (opt instanceof Adam) {
    return {
      learningRate: opt.learningRate,
      beta1: opt.beta1,
      beta2: opt.beta2,
      epsilon: opt.epsilon,
      adamT0: opt.t,
    };
  }
  if (opt instanceof Momentum) return { learningRate: opt.learningRate, beta: opt.beta };
  return { learningRate: (opt as GradientDescent).learningRate };
}

/** The optimiser's state tensors in state-vector order: [v…] or [v…, s…] (per parameter). */
function optimizerState(opt: Optimizer): Tensor[][] {
  if (opt instanceof Adam) return [opt.v, opt.s];
  if (opt instanceof Momentum) return [opt.v];
  return [];
}

/** Why `train` would not fuse this call (null: it would), for tests and diagnostics. */
export function fusedIneligibility(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions & { fused?: boolean },
): string | null {
  if (opts.fused === false || !fusedEnabled()) return "disabled";
  const p = planFor(backend, model, X, Y, opts);
  return typeof p === "string" ? p : null;
}

/**
 * Trains `model` fused when it can (see the module doc) and returns the result, or returns
 * null having changed nothing, for the caller to train the generic way.
 */
export async function tryTrainFused(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions & { fused?: boolean },
): Promise<TrainResult | null> {
  if (opts.fused === false || !fusedEnabled()) return null;
  const plan = planFor(backend, model, X, Y, opts);
  if (typeof plan === "string") return null;
  const net = model as Network;
  const { device, arch } = plan;
  const m = X.shape[1];
  const job = new FusedMlpJob(device, arch, [plan.hyper], bufOf(X)!, bufOf(Y)!, m, null);
  try {
    // Parameters and optimiser state in, as the state vector lays them out.
    const { W, b, P } = job.layout;
    const state = optimizerState(opts.optimizer);
    const copies: Parameters<typeof copyBuffers>[1][number][] = [];
    const into = (t: Tensor, dst: Buf, dstWord: number) =>
      copies.push({ src: bufOf(t)!, srcWord: 0, dst, dstWord, words: t.size });
    const tensors = net.parameters(); // W1, b1, W2, b2, …
    tensors.forEach((t, i) => {
      const at = i % 2 === 0 ? W[i >> 1] : b[i >> 1];
      into(t, job.state, at);
      state.forEach((vs, k) => into(vs[i], job.state, (k + 1) * P + at));
    });
    let row = 0;
    plan.masks?.forEach((d) => {
      into(d, job.aux, job.maskWord(0) + row * m);
      row += d.shape[0];
    });
    copyBuffers(device, copies);

    let r: MlpRunResult;
    try {
      r = await job.run(opts, (chunk) => {
        for (const c of chunk[0]) opts.onLog?.(c as CostEntry);
      });
    } catch (e) {
      if (e instanceof FusedLimitError) return null; // nothing was written back yet
      throw e;
    }
    // State out: the same tensors, in place.
    copyBuffers(
      device,
      copies.filter((c) => c.dst === job.state).map((c) => ({
        src: job.state,
        srcWord: c.dstWord,
        dst: c.src,
        dstWord: 0,
        words: c.words,
      })),
    );
    if (opts.optimizer instanceof Adam) opts.optimizer.t += r.steps;
    return { costs: r.costs[0], steps: r.steps, epochs: r.epochs, stopped: r.stopped };
  } finally {
    job.dispose();
  }
}

/** One trial's scalars in `trainBatched`. */
export interface TrialHyper extends OptimizerOptions {
  /** L2's λ (default: the spec's). */
  lambd?: number;
  /** Dropout's keep_prob (default: the spec's); with `masks`. */
  keepProb?: number;
  /**
   * Dropout masks per hidden layer, n_l × m row-major 0/1 (the course's fixed masks, e.g. from
   * `dropoutMasks`' RandomState draw); required when keep_prob < 1, batch mode only.
   */
  masks?: readonly ArrayLike<number>[];
}

export interface BatchedOptions extends Omit<TrainOptions, "optimizer" | "onLog"> {
  /** The optimiser every trial uses (its scalars come from each trial's hyper). */
  optimizer: OptimizerName;
  /** Each recorded cost of each trial, once read back, in order per trial. */
  onLog?: (trial: number, entry: CostEntry) => void;
  /** false: train the trials one after another the generic way. */
  fused?: boolean;
  /**
   * At most this many update steps per dispatch (1000; fewer on llvmpipe, whose loop budget
   * the kernel measures): bounds one dispatch's duration for GPU watchdogs.
   */
  stepsPerDispatch?: number;
}

export interface BatchedTrialResult extends TrainResult {
  /** The trained parameters (float32 values on webgpu). */
  params: LayerValues[];
}

/**
 * Trains N networks of one architecture (`spec`, whose λ and keep_prob are defaults) from
 * `inits[t]` with `hypers[t]` on the same X and Y, as N separate `train` calls would, but on
 * webgpu in one job (see the module doc). On the cpu backend, or when the network is not
 * eligible, the trials run one after another through `train`. The fused trials' numbers equal
 * separate fused runs' to float32 rounding (a batched network's lane adds the examples in
 * another order than a lone network's 8 lanes).
 *
 * With `stopOnNonFinite` a fused trial's costs, epochs and steps stop at the read-back where it
 * turned non-finite, as `train` would; its parameters are those at the end of the run (they are
 * non-finite by then anyway).
 */
export async function trainBatched(
  backend: Backend,
  spec: NetworkSpec,
  inits: readonly (readonly LayerValues[])[],
  X: Tensor,
  Y: Tensor,
  hypers: readonly TrialHyper[],
  opts: BatchedOptions,
): Promise<BatchedTrialResult[]> {
  if (inits.length !== hypers.length) {
    throw new RangeError(`trainBatched: ${inits.length} inits for ${hypers.length} hypers`);
  }
  if (inits.length === 0) return [];
  const specOf = (h: TrialHyper): NetworkSpec => ({
    ...spec,
    lambd: h.lambd ?? spec.lambd,
    keepProb: h.keepProb ?? spec.keepProb,
  });
  // The architecture is checked (and resolved) by building the first trial's network.
  const probe = Network.fromValues(backend, specOf(hypers[0]), inits[0]);
  const resolved = probe.spec;
  probe.dispose();
  const m = X.shape[1];
  const device = deviceOf(backend);
  const dims = resolved.layerDims;
  const P = dims.slice(1).reduce((a, n, l) => a + n * dims[l] + n, 0);
  const dropout = hypers.some((h) => (h.keepProb ?? resolved.keepProb) < 1);
  const eligible = device !== null && opts.fused !== false && fusedEnabled() &&
    resolved.output === "sigmoid" && resolved.cost === "bce" &&
    archUnsupported({ dims, hidden: resolved.hidden }) === null &&
    fusedWorthIt(device, P) && bufOf(X) !== null && bufOf(Y) !== null &&
    X.shape[0] === dims[0] && Y.shape[0] === dims[dims.length - 1] && Y.shape[1] === m &&
    scheduleOk(opts, m) === null &&
    !(dropout && Math.min(opts.miniBatchSize ?? m, m) < m) &&
    hypers.every((h) => (h.keepProb ?? resolved.keepProb) === 1 || h.masks !== undefined);
  if (eligible) {
    // One lane per network on a CPU adapter (the default); should an epoch not fit llvmpipe's
    // loop budget that way (m in the tens of thousands), a workgroup per network.
    const r = await batchedFused(device!, resolved, inits, X, Y, hypers, opts, dropout) ??
      await batchedFused(device!, resolved, inits, X, Y, hypers, opts, dropout, "group");
    if (r) return r;
  }
  // One trial after another, each through train().
  const out: BatchedTrialResult[] = [];
  for (let t = 0; t < inits.length; t++) {
    const h = hypers[t];
    const net = Network.fromValues(backend, specOf(h), inits[t]);
    const masks = h.masks?.map((mk, l) => backend.fromArray(mk, [dims[l + 1], m])) ?? null;
    if (masks) net.masks = masks;
    const opt = makeOptimizer(backend, net.parameters(), opts.optimizer, h);
    try {
      const r = await train(backend, net, X, Y, {
        ...opts,
        optimizer: opt,
        onLog: opts.onLog ? (e) => opts.onLog!(t, e) : undefined,
      });
      out.push({ ...r, params: await readParameters(backend, net.params) });
    } finally {
      opt.dispose();
      net.dispose();
      for (const d of masks ?? []) d.dispose();
    }
  }
  return out;
}

async function batchedFused(
  device: Device,
  spec: Network["spec"],
  inits: readonly (readonly LayerValues[])[],
  X: Tensor,
  Y: Tensor,
  hypers: readonly TrialHyper[],
  opts: BatchedOptions,
  dropout: boolean,
  lanes: "default" | "group" = "default",
): Promise<BatchedTrialResult[] | null> {
  const m = X.shape[1];
  const dims = spec.layerDims;
  const N = inits.length;
  const hyper: MlpHyper[] = hypers.map((h) => ({
    learningRate: h.learningRate,
    beta: h.beta,
    beta1: h.beta1,
    beta2: h.beta2,
    epsilon: h.epsilon,
    lambd: h.lambd ?? spec.lambd,
    keepProb: h.keepProb ?? spec.keepProb,
  }));
  const arch: MlpArch = {
    dims,
    hidden: spec.hidden,
    activationParam: spec.activationParam,
    optimizer: opts.optimizer,
    l2: hyper.some((h) => h.lambd! > 0),
    dropout,
  };
  const hiddenRows = dims.slice(1, -1).reduce((a, n) => a + n, 0);
  const masks = dropout
    ? hypers.map((h, t) => {
      const all = new Float32Array(hiddenRows * m);
      if (hyper[t].keepProb! < 1 && h.masks) {
        if (h.masks.length !== dims.length - 2) {
          throw new RangeError(
            `trainBatched: ${h.masks.length} masks for ${dims.length - 2} hidden layers`,
          );
        }
        let row = 0;
        h.masks.forEach((mk, l) => {
          if (mk.length !== dims[l + 1] * m) {
            throw new RangeError(
              `trainBatched: mask ${l + 1} has ${mk.length} values, not ${dims[l + 1]}×${m}`,
            );
          }
          all.set(Float32Array.from(mk), row * m);
          row += dims[l + 1];
        });
      } else {
        all.fill(1); // keep_prob 1: no dropout for this trial (train() ignores its masks too)
      }
      return all;
    })
    : null;
  const job = new FusedMlpJob(
    device,
    arch,
    hyper,
    bufOf(X)!,
    bufOf(Y)!,
    m,
    masks,
    lanes === "group" ? { lanesPerNet: isCpuAdapter(device) ? 8 : 64 } : {},
  );
  try {
    const { W, b } = job.layout;
    const state = new Float32Array(N * job.stride);
    inits.forEach((layers, n) => {
      if (layers.length !== dims.length - 1) throw new RangeError(`trainBatched: init ${n} layers`);
      layers.forEach((v, l) => {
        if (v.rows !== dims[l + 1] || v.cols !== dims[l]) {
          throw new RangeError(`trainBatched: init ${n} W${l + 1} is ${v.rows}×${v.cols}`);
        }
        state.set(v.W, n * job.stride + W[l]);
        state.set(v.b, n * job.stride + b[l]);
      });
    });
    job.uploadState(state);
    const size = Math.min(opts.miniBatchSize ?? m, m);
    const nb = Math.ceil(m / size);
    // train() stops at the end of the read-back (every readEpochs epochs) that holds the first
    // non-finite cost: record each trial up to there.
    const readEpochs = Math.max(1, Math.ceil((opts.readEvery ?? 1000) / nb));
    const limit: number[] = new Array(N).fill(Infinity);
    const costs: CostEntry[][] = Array.from({ length: N }, () => []);
    let r: MlpRunResult;
    try {
      r = await job.run({ ...opts, stopOnNonFinite: false }, (chunk: MlpCost[][]) => {
        chunk.forEach((list, n) => {
          for (const c of list) {
            if (c.epoch >= limit[n]) break;
            costs[n].push(c);
            opts.onLog?.(n, c);
            if (opts.stopOnNonFinite && !Number.isFinite(c.cost)) {
              limit[n] = (Math.floor(c.epoch / readEpochs) + 1) * readEpochs;
            }
          }
        });
      });
    } catch (e) {
      if (e instanceof FusedLimitError) return null;
      throw e;
    }
    const values = await job.readState();
    return inits.map((_, n) => {
      const at = n * job.stride;
      const params: LayerValues[] = dims.slice(1).map((rows, l) => ({
        W: Float64Array.from(values.subarray(at + W[l], at + W[l] + rows * dims[l])),
        b: Float64Array.from(values.subarray(at + b[l], at + b[l] + rows)),
        rows,
        cols: dims[l],
      }));
      const epochs = Math.min(r.epochs, limit[n]);
      return {
        costs: costs[n],
        steps: epochs * nb,
        epochs,
        stopped: limit[n] !== Infinity,
        params,
      };
    });
  } finally {
    job.dispose();
  }
}
