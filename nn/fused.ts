/**
 * The fused path of training: a plain `Network` with one of nn/optimizers.ts's optimisers
 * handed to the backend's fused trainer (`Backend.trainMlp`; on webgpu
 * kernels/wgsl/mlp_train.wgsl, many update steps per dispatch instead of 20–60 dispatches per
 * step). A caller asks for it: `train(…, { fused: true })` (`trainFused`), or `trainBatched`
 * for a sweep. The model's parameter tensors and the optimiser's state (momentum's v, Adam's v,
 * s and t) are updated in place, the same `TrainResult` comes back, and `onLog` sees the same
 * entries as from the layered loop (nn/loop.ts); the numbers agree with it to the backend's
 * rounding (the kernel follows the backend's kernels' formulas; sums over examples are added in
 * another order). `backend.trainings` counts which path each model took.
 *
 * Eligible: a backend with `trainMlp` (webgpu; cpu has none); the model's class is exactly
 * `Network`, with a sigmoid output and binary cross-entropy; the optimiser's class is exactly
 * `GradientDescent`, `Momentum` or `Adam` over the model's parameters; dropout (keep_prob < 1
 * with masks set) only in batch mode, as the layered loop requires. The backend may decline
 * too (on webgpu: 1–5 layers of at most 64 units, input included; hidden activations linear,
 * sigmoid, tanh, relu, leaky_relu, softplus or elu; on a CPU adapter at most 256 parameters).
 * Anything else trains through the layered loop.
 *
 * `trainBatched` trains N networks of one architecture that differ only in scalars (learning
 * rate, initial weights, λ, keep_prob and masks) in one job: on a CPU adapter one lane per
 * network (8 networks per workgroup, each lane reading the same examples), on GPUs one
 * workgroup per network.
 *
 * Read-backs: without `stopOnNonFinite` the costs are read after `readEvery` steps and then in
 * chunks that double while a chunk takes under 100 ms (each read waits ~11 ms on llvmpipe), one
 * chunk queued ahead; `onLog` sees the same entries in the same order, in fewer batches. With
 * `stopOnNonFinite` the reads fall every `readEvery` steps exactly as in the layered loop, so
 * training stops after the same epoch.
 *
 * @module
 */
import type {
  Backend,
  MlpArch,
  MlpHyper,
  MlpJob,
  MlpNet,
  MlpSchedule,
  Tensor,
} from "../kernels/backend.ts";
import type { LayerValues } from "./init.ts";
import { type CostEntry, trainLayered, type TrainOptions, type TrainResult } from "./loop.ts";
import { Network, type NetworkSpec, readParameters } from "./network.ts";
import { stackedNetworks, tailEligible } from "./stacked.ts";
import {
  Adam,
  GradientDescent,
  makeOptimizer,
  Momentum,
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
} from "./optimizers.ts";

function isPositiveInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}

/** The schedule options both paths read, checked the way the fused trainer needs them. */
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
    // RandomState seeds seed + 1 + e must all be valid (the layered loop throws at that epoch).
    if (!Number.isInteger(seed) || seed < -1 || seed + opts.epochs > 4294967295) return "seed";
  }
  return null;
}

/** Options of `trainFused`: `train`'s, and the dispatch length `trainBatched` may set. */
type FusedOptions = TrainOptions & Pick<MlpSchedule, "stepsPerDispatch">;

/** The fields of the options the fused trainer's schedule takes. */
function scheduleOf(opts: Omit<FusedOptions, "optimizer" | "onLog">): MlpSchedule {
  return {
    epochs: opts.epochs,
    miniBatchSize: opts.miniBatchSize,
    shuffle: opts.shuffle,
    seed: opts.seed,
    logEvery: opts.logEvery,
    logLast: opts.logLast,
    readEvery: opts.readEvery,
    stopOnNonFinite: opts.stopOnNonFinite,
    stepsPerDispatch: opts.stepsPerDispatch,
  };
}

/** A single network's job for `trainMlp`, or why `train` cannot hand it over. */
function jobFor(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: FusedOptions,
): MlpJob | string {
  if (!backend.trainMlp) return `backend ${backend.name} has no fused trainer`;
  if (!(model instanceof Network) || Object.getPrototypeOf(model) !== Network.prototype) {
    return "not a plain Network";
  }
  const net = model as Network;
  const spec = net.spec;
  if (net.backend !== backend) return "model on another backend";
  if (spec.output !== "sigmoid" || spec.cost !== "bce") return "output is not sigmoid + bce";
  const dims = spec.layerDims;
  const m = X.shape[1];
  if (X.backend !== backend || Y.backend !== backend) return "data not on this backend";
  if (X.shape[0] !== dims[0] || Y.shape[0] !== dims[dims.length - 1] || Y.shape[1] !== m) {
    return "data shapes"; // the layered loop reports the mismatch
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
  let masks: readonly Tensor[] | undefined;
  if (spec.keepProb < 1 && net.masks) {
    masks = net.masks;
    const size = Math.min(opts.miniBatchSize ?? m, m);
    if (size < m) return "dropout with mini-batches"; // the layered loop refuses it
    if (
      masks.length !== dims.length - 2 ||
      masks.some((d, l) => d.shape[0] !== dims[l + 1] || d.shape[1] !== m || d.backend !== backend)
    ) {
      return "dropout masks"; // the layered loop reports it
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
    dropout: masks !== undefined,
  };
  const state = opt instanceof Adam ? [opt.v, opt.s] : opt instanceof Momentum ? [opt.v] : [];
  return {
    arch,
    X,
    Y,
    nets: [{ params, state, masks, hyper }],
    schedule: scheduleOf(opts),
    onChunk: (chunk) => {
      for (const c of chunk[0]) opts.onLog?.(c);
    },
  };
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

/**
 * Why `train(…, { fused: true })` would not hand this call to the backend's fused trainer (null:
 * it would, though the backend may still decline), for tests and diagnostics.
 */
export function fusedIneligibility(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions,
): string | null {
  const j = jobFor(backend, model, X, Y, opts);
  return typeof j === "string" ? j : null;
}

/**
 * Trains `model` through the backend's fused trainer when it can (see the module doc) and
 * returns the result, or returns null having changed nothing, for the caller to train the
 * layered way. `train(…, { fused: true })` calls it.
 */
export async function trainFused(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: FusedOptions,
): Promise<TrainResult | null> {
  const job = jobFor(backend, model, X, Y, opts);
  const r = typeof job === "string" ? null : await backend.trainMlp!(job);
  if (r === null || "declined" in r) return await trainTail(backend, model, X, Y, opts);
  if (opts.optimizer instanceof Adam) opts.optimizer.t += r.steps;
  return { costs: r.costs[0], steps: r.steps, epochs: r.epochs, stopped: r.stopped };
}

/**
 * A network the fused trainer does not take (its first layer too wide: the cat networks),
 * trained by nn/stacked.ts's loop with its layers 2 … L in the backend's fused tail
 * (`Backend.mlpTail`: one dispatch per step for them), bit for bit as the layered loop trains
 * it; null when it cannot be (see `tailEligible`) or the backend declines.
 */
async function trainTail(
  backend: Backend,
  model: unknown,
  X: Tensor,
  Y: Tensor,
  opts: TrainOptions,
): Promise<TrainResult | null> {
  const req = { model: model as Network, X, Y, options: opts };
  if (!tailEligible(backend, req)) return null;
  const r = await stackedNetworks(backend, [req], true);
  if (r === null) return null;
  backend.trainings.fused++;
  return r[0];
}

/** One training handed to `trainFusedTogether`: what `train` would be called with. */
export interface FusedRequest {
  model: unknown;
  X: Tensor;
  Y: Tensor;
  options: TrainOptions;
}

/**
 * Trains the requests' models as one job of the backend's fused trainer, each as
 * `train(…, { fused: true })` would alone (to float32 rounding: a network's sums over examples
 * run in another order when it shares a workgroup), and returns their results in order; null,
 * having changed nothing, when they cannot form one job (a model is not eligible, or the
 * architectures, schedules or data differ) or the backend declines it.
 *
 * With `stopOnNonFinite` a network's costs, epochs and steps stop at the read-back where it
 * turned non-finite, as `train` would; its parameters are those at the end of the job.
 */
export async function trainFusedTogether(
  backend: Backend,
  requests: readonly FusedRequest[],
): Promise<TrainResult[] | null> {
  if (requests.length === 0) return [];
  const jobs: MlpJob[] = [];
  for (const r of requests) {
    const j = jobFor(backend, r.model, r.X, r.Y, r.options);
    if (typeof j === "string") return null;
    jobs.push(j);
  }
  const first = jobs[0];
  const same = (j: MlpJob) =>
    j.X === first.X && j.Y === first.Y &&
    JSON.stringify([j.arch, j.schedule]) === JSON.stringify([first.arch, first.schedule]);
  if (!jobs.every(same)) return null;
  const opts = requests[0].options;
  const m = first.X.shape[1];
  const nb = Math.ceil(m / Math.min(opts.miniBatchSize ?? m, m));
  const readEpochs = Math.max(1, Math.ceil((opts.readEvery ?? 1000) / nb));
  const N = jobs.length;
  const limit: number[] = new Array(N).fill(Infinity);
  const costs: CostEntry[][] = Array.from({ length: N }, () => []);
  const r = await backend.trainMlp!({
    ...first,
    nets: jobs.map((j) => j.nets[0]),
    schedule: { ...first.schedule, stopOnNonFinite: false },
    onChunk: (chunk) => {
      chunk.forEach((list, n) => {
        for (const c of list) {
          if (c.epoch >= limit[n]) break;
          costs[n].push(c);
          requests[n].options.onLog?.(c);
          if (opts.stopOnNonFinite && !Number.isFinite(c.cost)) {
            limit[n] = (Math.floor(c.epoch / readEpochs) + 1) * readEpochs;
          }
        }
      });
    },
  });
  if ("declined" in r) return null;
  return requests.map((req, n) => {
    const epochs = Math.min(r.epochs, limit[n]);
    const steps = epochs * nb;
    if (req.options.optimizer instanceof Adam) req.options.optimizer.t += r.steps;
    return { costs: costs[n], steps, epochs, stopped: limit[n] !== Infinity };
  });
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

export interface BatchedOptions extends Omit<TrainOptions, "optimizer" | "onLog" | "fused"> {
  /** The optimiser every trial uses (its scalars come from each trial's hyper). */
  optimizer: OptimizerName;
  /** Each recorded cost of each trial, once read back, in order per trial. */
  onLog?: (trial: number, entry: CostEntry) => void;
  /** false: train the trials one after another through the layered loop (true by default). */
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
 * `inits[t]` with `hypers[t]` on the same X and Y, as N separate `train` calls would, but in one
 * job of the backend's fused trainer (see the module doc). On a backend without one (cpu), or
 * when the trials cannot form one job or the backend declines it, the trials run one after
 * another, each as `train(…, { fused: opts.fused ?? true })` would run it. The fused trials' numbers equal separate fused runs' to float32
 * rounding (a batched network's lane adds the examples in another order than a lone network's
 * 8 lanes).
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
  const dims = resolved.layerDims;
  const dropout = hypers.some((h) => (h.keepProb ?? resolved.keepProb) < 1);
  const eligible = backend.trainMlp !== undefined && opts.fused !== false &&
    resolved.output === "sigmoid" && resolved.cost === "bce" &&
    X.backend === backend && Y.backend === backend &&
    X.shape[0] === dims[0] && Y.shape[0] === dims[dims.length - 1] && Y.shape[1] === m &&
    scheduleOk(opts, m) === null &&
    !(dropout && Math.min(opts.miniBatchSize ?? m, m) < m) &&
    hypers.every((h) => (h.keepProb ?? resolved.keepProb) === 1 || h.masks !== undefined);
  if (eligible) {
    const r = await batchedFused(backend, resolved, inits, X, Y, hypers, opts, dropout);
    if (r) return r;
  }
  // One trial after another: each fused on its own when it can be (e.g. trials whose keep_prob
  // < 1 comes without masks, which train() ignores), else through the layered loop.
  const out: BatchedTrialResult[] = [];
  for (let t = 0; t < inits.length; t++) {
    const h = hypers[t];
    const net = Network.fromValues(backend, specOf(h), inits[t]);
    const masks = h.masks?.map((mk, l) => backend.fromArray(mk, [dims[l + 1], m])) ?? null;
    if (masks) net.masks = masks;
    const opt = makeOptimizer(backend, net.parameters(), opts.optimizer, h);
    try {
      const single: FusedOptions = {
        ...opts,
        optimizer: opt,
        onLog: opts.onLog ? (e) => opts.onLog!(t, e) : undefined,
      };
      const r = (opts.fused !== false ? await trainFused(backend, net, X, Y, single) : null) ??
        await trainLayered(backend, net, X, Y, single);
      out.push({ ...r, params: await readParameters(backend, net.params) });
    } finally {
      opt.dispose();
      net.dispose();
      for (const d of masks ?? []) d.dispose();
    }
  }
  return out;
}

/** The trials as one `trainMlp` job; null when the backend declines it. */
async function batchedFused(
  backend: Backend,
  spec: Network["spec"],
  inits: readonly (readonly LayerValues[])[],
  X: Tensor,
  Y: Tensor,
  hypers: readonly TrialHyper[],
  opts: BatchedOptions,
  dropout: boolean,
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
  // Host values checked before anything is made on the device.
  inits.forEach((layers, n) => {
    if (layers.length !== dims.length - 1) throw new RangeError(`trainBatched: init ${n} layers`);
    layers.forEach((v, l) => {
      if (v.rows !== dims[l + 1] || v.cols !== dims[l]) {
        throw new RangeError(`trainBatched: init ${n} W${l + 1} is ${v.rows}×${v.cols}`);
      }
    });
  });
  hypers.forEach((h, t) => {
    if (!dropout || !(hyper[t].keepProb! < 1) || !h.masks) return;
    if (h.masks.length !== dims.length - 2) {
      throw new RangeError(
        `trainBatched: ${h.masks.length} masks for ${dims.length - 2} hidden layers`,
      );
    }
    h.masks.forEach((mk, l) => {
      if (mk.length !== dims[l + 1] * m) {
        throw new RangeError(
          `trainBatched: mask ${l + 1} has ${mk.length} values, not ${dims[l + 1]}×${m}`,
        );
      }
    });
  });
  const made: Tensor[] = [];
  const make = (t: Tensor) => (made.push(t), t);
  const nets: MlpNet[] = inits.map((layers, t) => ({
    params: layers.flatMap((v) => [
      make(backend.fromArray(v.W, [v.rows, v.cols])),
      make(backend.fromArray(v.b, [v.rows, 1])),
    ]),
    // keep_prob 1 in a job with dropout: masks of ones (train() ignores its masks too).
    masks: dropout
      ? dims.slice(1, -1).map((n, l) =>
        make(
          hyper[t].keepProb! < 1 && hypers[t].masks
            ? backend.fromArray(hypers[t].masks![l], [n, m])
            : backend.full([n, m], 1),
        )
      )
      : undefined,
    hyper: hyper[t],
  }));
  const size = Math.min(opts.miniBatchSize ?? m, m);
  const nb = Math.ceil(m / size);
  // train() stops at the end of the read-back (every readEpochs epochs) that holds the first
  // non-finite cost: record each trial up to there.
  const readEpochs = Math.max(1, Math.ceil((opts.readEvery ?? 1000) / nb));
  const limit: number[] = new Array(N).fill(Infinity);
  const costs: CostEntry[][] = Array.from({ length: N }, () => []);
  try {
    const r = await backend.trainMlp!({
      arch,
      X,
      Y,
      nets,
      schedule: { ...scheduleOf(opts), stopOnNonFinite: false },
      onChunk: (chunk) => {
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
      },
    });
    if ("declined" in r) return null;
    const values = await backend.readMany(nets.flatMap((n) => n.params));
    return inits.map((_, n) => {
      const at = n * 2 * (dims.length - 1);
      const params: LayerValues[] = dims.slice(1).map((rows, l) => ({
        W: values[at + 2 * l],
        b: values[at + 2 * l + 1],
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
    for (const t of made) t.dispose();
  }
}
