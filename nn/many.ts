/**
 * `trainMany`: several trainings requested together (the trials of a sweep, met by the
 * harness's `ctx.train`), each trained as nn/train.ts's `train` would train it alone, but those
 * that share the work run as one computation:
 *
 * - **fused**: networks that ask for the fused kernel (`fused: true`) and fit it, with one
 *   architecture, optimiser kind, schedule and data, train as one job of `Backend.trainMlp`
 *   (nn/fused.ts `trainFusedTogether`: a lane per network on llvmpipe);
 * - **stacked logistic regressions**: k `LogisticRegression`s with gradient descent on the same
 *   X and Y keep their weight vectors as the columns of one n × k matrix W: the forward pass is
 *   one product Wᵀ·X (k × m) and the gradient one product X·dZᵀ (n × k), so X is read once per
 *   step for all k;
 * - **stacked first layers**: k `Network`s of one architecture with gradient descent stack their
 *   first layers (k·n₁ × n₀): Z[1] = W[1]·X and dW[1] = dZ[1]·Xᵀ are one product each for all k,
 *   and each network's later layers run its own forward and backward (nn/network.ts) on its
 *   rows of A[1].
 *
 * Everything else trains one by one through `train`. Stacking computes each model's numbers
 * with the same operations on the same values as its lone run, in the same order (the stacked
 * products are told their blocks, `MatmulOptions.rowBlocks`, so that each element's sum is
 * split as in the lone product): stacked results are bit for bit the lone runs' on both
 * backends. A fused job's networks agree with lone fused runs to float32 rounding (a network
 * sharing a workgroup sums its examples in another order). Each model's `onLog`
 * sees its own costs, in order, and each result is what `train` would return: the epochs may
 * differ (a model stops at its own), so may the learning rate and the initial values; the
 * logging and read-back schedule may not. Batch gradient descent only (no mini-batches), no L2,
 * no dropout.
 *
 * @module
 */
import type { Backend, Tensor, TrainingPath } from "../kernels/backend.ts";
import { type FusedRequest, trainFusedTogether } from "./fused.ts";
import { LogisticRegression } from "./logistic.ts";
import { Network } from "./network.ts";
import { GradientDescent } from "./optimizers.ts";
import {
  type CostEntry,
  train,
  type Trainable,
  type TrainOptions,
  type TrainResult,
} from "./train.ts";

/** One training: what `train(backend, model, X, Y, options)` would be called with. */
export interface TrainRequest {
  model: Trainable;
  X: Tensor;
  Y: Tensor;
  options: TrainOptions;
}

/** How a request was trained: its result and path, or the error its training threw. */
export type ManyOutcome =
  | { ok: true; result: TrainResult; path: TrainingPath; together: number }
  | { ok: false; error: unknown };

/** The schedule fields requests trained together must share (the epochs may differ). */
function scheduleKey(o: TrainOptions): string {
  return JSON.stringify([
    o.logEvery ?? 100,
    o.logLast ?? true,
    o.readEvery ?? 1000,
    o.stopOnNonFinite ?? false,
    o.fused ?? false,
  ]);
}

/** Plain gradient descent over exactly these parameters, on this backend. */
function plainGd(backend: Backend, o: TrainOptions, params: readonly Tensor[]): boolean {
  const opt = o.optimizer;
  if (
    !(opt instanceof GradientDescent) || Object.getPrototypeOf(opt) !== GradientDescent.prototype
  ) {
    return false;
  }
  return opt.backend === backend && opt.params.length === params.length &&
    opt.params.every((p, i) => p === params[i]) && Number.isFinite(opt.learningRate);
}

/** Batch gradient descent over whole epochs, a whole number of them. */
function batchMode(r: TrainRequest): boolean {
  const m = r.X.shape[1];
  const o = r.options;
  return (o.miniBatchSize === undefined || o.miniBatchSize >= m) &&
    Number.isInteger(o.epochs) && o.epochs >= 0 && r.Y.shape[1] === m;
}

/** Identity of the data: requests stack only on the very same X and Y tensors. */
function dataIds(ids: Map<Tensor, number>, r: TrainRequest): string {
  for (const t of [r.X, r.Y]) if (!ids.has(t)) ids.set(t, ids.size);
  return `${ids.get(r.X)},${ids.get(r.Y)}`;
}

/** How a request may join others: a key shared by the requests that stack, or null. */
function stackKey(backend: Backend, ids: Map<Tensor, number>, r: TrainRequest): string | null {
  const { model, X, Y } = r;
  if (X.backend !== backend || Y.backend !== backend || !batchMode(r)) return null;
  const data = dataIds(ids, r);
  const proto = Object.getPrototypeOf(model);
  if (proto === LogisticRegression.prototype) {
    const lr = model as LogisticRegression;
    if (lr.backend !== backend || Y.shape[0] !== 1 || lr.w.shape[0] !== X.shape[0]) return null;
    if (!plainGd(backend, r.options, lr.parameters())) return null;
    return `logistic|${data}|${scheduleKey(r.options)}`;
  }
  if (proto === Network.prototype) {
    const net = model as Network;
    const s = net.spec;
    if (net.backend !== backend || s.lambd !== 0 || s.keepProb !== 1) return null;
    if (X.shape[0] !== s.layerDims[0] || Y.shape[0] !== s.layerDims[net.L]) return null;
    if (!plainGd(backend, r.options, net.parameters())) return null;
    return `network|${data}|${scheduleKey(r.options)}|${JSON.stringify(s)}`;
  }
  return null;
}

/** The key of a fused job's requests (the fused trainer checks the rest), or null. */
function fusedKey(backend: Backend, ids: Map<Tensor, number>, r: TrainRequest): string | null {
  if (!r.options.fused || !backend.trainMlp) return null;
  if (Object.getPrototypeOf(r.model) !== Network.prototype) return null;
  const net = r.model as Network;
  return `fused|${dataIds(ids, r)}|${r.options.epochs}|${scheduleKey(r.options)}|` +
    `${r.options.optimizer.name}|${JSON.stringify(net.spec)}`;
}

/** Groups of request indexes with one key, in the order their first request came. */
function groupBy(indexes: readonly number[], key: (i: number) => string | null): number[][] {
  const groups = new Map<string, number[]>();
  const out: number[][] = [];
  for (const i of indexes) {
    const k = key(i);
    if (k === null) {
      out.push([i]);
      continue;
    }
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
      out.push(g);
    }
    g.push(i);
  }
  return out;
}

/**
 * Trains every request (see the module doc) and returns one outcome per request, in order. The
 * groups train one after another; a training that throws fails the requests of its group only.
 */
export async function trainMany(
  backend: Backend,
  requests: readonly TrainRequest[],
): Promise<ManyOutcome[]> {
  const out: ManyOutcome[] = new Array(requests.length);
  const ids = new Map<Tensor, number>();
  const all = requests.map((_, i) => i);
  const fail = (group: readonly number[], error: unknown) => {
    for (const i of group) out[i] = { ok: false, error };
  };
  const rest: number[] = [];
  for (const group of groupBy(all, (i) => fusedKey(backend, ids, requests[i]))) {
    if (group.length < 2) {
      rest.push(...group);
      continue;
    }
    try {
      const r = await trainFusedTogether(backend, group.map((i) => requests[i] as FusedRequest));
      if (r === null) rest.push(...group);
      else group.forEach((i, n) => out[i] = ok(r[n], "fused", group.length));
    } catch (e) {
      fail(group, e);
    }
  }
  rest.sort((a, b) => a - b);
  for (const group of groupBy(rest, (i) => stackKey(backend, ids, requests[i]))) {
    try {
      if (group.length === 1) {
        const r = requests[group[0]];
        const before = { ...backend.trainings };
        const result = await train(backend, r.model, r.X, r.Y, r.options);
        const path = backend.trainings.fused > before.fused ? "fused" : "layered";
        out[group[0]] = ok(result, path, 1);
        continue;
      }
      const reqs = group.map((i) => requests[i]);
      const results = reqs[0].model instanceof LogisticRegression
        ? await stackedLogistic(backend, reqs)
        : await stackedNetworks(backend, reqs);
      backend.trainings.stacked += group.length;
      group.forEach((i, n) => out[i] = ok(results[n], "stacked", group.length));
    } catch (e) {
      fail(group, e);
    }
  }
  return out;
}

function ok(result: TrainResult, path: TrainingPath, together: number): ManyOutcome {
  return { ok: true, result, path, together };
}

/**
 * The per-model bookkeeping of nn/loop.ts's `trainLayered`, for k models stepped together:
 * `step(active, logged)` runs one update of every model (inside `tidy`) and returns each logged
 * model's cost tensor; `finish(t)` writes model t's parameters back once it has taken its last
 * step. Models stop at their own epochs (or, with `stopOnNonFinite`, at the read-back holding a
 * non-finite cost); every model's costs are read, recorded and reported in trainLayered's order
 * and at its read-backs, so each result is the lone run's.
 */
async function stackedLoop(
  backend: Backend,
  reqs: readonly TrainRequest[],
  step: (active: readonly boolean[], logged: readonly boolean[]) => (Tensor | null)[],
  finish: (t: number) => void,
): Promise<TrainResult[]> {
  const o = reqs[0].options;
  const logEvery = o.logEvery ?? 100;
  const logLast = o.logLast ?? true;
  const readEvery = o.readEvery ?? 1000;
  const k = reqs.length;
  const state = reqs.map((r) => ({
    epochs: r.options.epochs,
    costs: [] as CostEntry[],
    pending: [] as { epoch: number; step: number; t: Tensor }[],
    steps: 0,
    lastRead: 0,
    done: false,
    stopped: false,
    ran: 0,
  }));
  /** Reads the pending costs of `who` with one wait, as trainLayered's `drain`. */
  const drain = async (who: readonly number[]) => {
    const list = who.flatMap((t) => state[t].pending.map((p) => ({ t, p })));
    if (list.length === 0) return;
    const values = await backend.readMany(list.map(({ p }) => p.t));
    list.forEach(({ t, p }, i) => {
      const entry = { epoch: p.epoch, step: p.step, cost: values[i][0] };
      state[t].costs.push(entry);
      reqs[t].options.onLog?.(entry);
      p.t.dispose();
      if (reqs[t].options.stopOnNonFinite && !Number.isFinite(entry.cost)) state[t].stopped = true;
    });
    for (const t of who) {
      state[t].pending = [];
      state[t].lastRead = state[t].steps;
    }
  };
  try {
    for (let epoch = 0;; epoch++) {
      // Models whose last step is behind them: final read-back, parameters written back.
      const ending = state.map((s, t) => ({ s, t }))
        .filter(({ s }) => !s.done && (epoch >= s.epochs || s.stopped)).map(({ t }) => t);
      if (ending.length > 0) {
        await drain(ending);
        for (const t of ending) {
          state[t].done = true;
          finish(t);
        }
      }
      const active = state.map((s) => !s.done);
      if (!active.includes(true)) break;
      const logged = state.map((s) =>
        !s.done && (epoch % logEvery === 0 || (logLast && epoch === s.epochs - 1))
      );
      const costs = backend.tidy(() => step(active, logged));
      const readers: number[] = [];
      for (let t = 0; t < k; t++) {
        if (!active[t]) continue;
        const s = state[t];
        const c = costs[t];
        if (logged[t] && c) s.pending.push({ epoch, step: s.steps, t: c });
        else c?.dispose();
        s.steps++;
        s.ran = epoch + 1;
        if (s.steps - s.lastRead >= readEvery) readers.push(t);
      }
      await drain(readers);
    }
  } finally {
    for (const s of state) for (const p of s.pending) p.t.dispose();
  }
  return state.map((s) => ({ costs: s.costs, steps: s.steps, epochs: s.ran, stopped: s.stopped }));
}

/** The learning rates of plain gradient descent, one per request. */
function rates(reqs: readonly TrainRequest[]): number[] {
  return reqs.map((r) => (r.options.optimizer as GradientDescent).learningRate);
}

/**
 * k logistic regressions as the columns of W (n × k) and the entries of B (k × 1), as
 * nn/logistic.ts `propagate` computes each: A = σ(Wᵀ·X + B), dW = (1/m)·X·(A − Y)ᵀ,
 * dB = (1/m)·Σ (A − Y) per row, W ← W − α_t·dW column by column.
 */
async function stackedLogistic(
  backend: Backend,
  reqs: readonly TrainRequest[],
): Promise<TrainResult[]> {
  const b = backend;
  const models = reqs.map((r) => r.model as LogisticRegression);
  const { X, Y } = reqs[0];
  const [n, m] = X.shape;
  const k = reqs.length;
  const init = await b.readMany(models.flatMap((mo) => [mo.w, mo.b]));
  const w = new Float64Array(n * k);
  for (let t = 0; t < k; t++) for (let i = 0; i < n; i++) w[i * k + t] = init[2 * t][i];
  const lr = rates(reqs);
  const made = [
    b.fromArray(w, [n, k]),
    b.fromArray(models.map((_, t) => init[2 * t + 1][0]), [k, 1]),
    b.fromArray(lr, [1, k]),
    b.fromArray(lr, [k, 1]),
  ];
  const [W, B, lrRow, lrCol] = made;
  const stack = (ts: Tensor[]) => ts.slice(1).reduce((acc, t) => b.concatRows(acc, t), ts[0]);
  try {
    return await stackedLoop(
      b,
      reqs,
      (_active, logged) => {
        const Z = b.matmul(W, X, { transA: true, rowBlocks: k });
        const A = b.activation("sigmoid", b.binary("add", Z, B));
        const costs = logged.map((l, t) => l ? b.loss("bce", b.slice(A, t, t + 1, 0, m), Y) : null);
        const dZ = b.binary("sub", A, Y);
        const dW = b.unary("affine", b.matmul(X, dZ, { transB: true, colBlocks: k }), 1 / m, 0);
        // db = mean(A − Y) of each row as the lone run takes it (a mean of all its elements).
        const dB = stack(Array.from({ length: k }, (_, t) => b.mean(b.slice(dZ, t, t + 1, 0, m))));
        // α_t·dW then W − 1·(α_t·dW): the lone run's W − α_t·dW, value for value.
        b.update(W, b.binary("mul", dW, lrRow), 1);
        b.update(B, b.binary("mul", dB, lrCol), 1);
        return costs;
      },
      (t) =>
        b.tidy(() => {
          b.assign(models[t].w, b.slice(W, 0, n, t, t + 1));
          b.assign(models[t].b, b.slice(B, t, t + 1, 0, 1));
        }),
    );
  } finally {
    for (const x of made) x.dispose();
  }
}

/**
 * k networks of one architecture with their first layers stacked: W[1] (k·n₁ × n₀) and b[1]
 * (k·n₁ × 1), one product for Z[1] and one for dW[1]; each network's layers 2 … L (a `Network`
 * over its own tensors) take its rows of Z[1] forward and bring back its rows of dZ[1], as
 * nn/network.ts's forward and backward compute them.
 */
async function stackedNetworks(
  backend: Backend,
  reqs: readonly TrainRequest[],
): Promise<TrainResult[]> {
  const b = backend;
  const nets = reqs.map((r) => r.model as Network);
  const { X, Y } = reqs[0];
  const spec = nets[0].spec;
  const dims = spec.layerDims;
  const n1 = dims[1];
  const m = X.shape[1];
  const k = reqs.length;
  const L = nets[0].L;
  const lr = rates(reqs);
  const out = spec.output; // layer 1's activation when it is the output layer (L = 1)
  const g1 = spec.hidden[0]; // else its hidden activation
  // Layers 2 … L of each network, over the network's own parameter tensors.
  const tails = L === 1 ? [] : nets.map((net) =>
    new Network(b, {
      layerDims: dims.slice(1),
      hidden: spec.hidden.slice(1),
      output: spec.output,
      cost: spec.cost,
      activationParam: spec.activationParam,
    }, { W: net.params.W.slice(1), b: net.params.b.slice(1) })
  );
  const stack = (ts: Tensor[]) => ts.slice(1).reduce((acc, t) => b.concatRows(acc, t), ts[0]);
  const [W1, b1] = b.tidy(() => [
    stack(nets.map((n) => n.params.W[0])),
    stack(nets.map((n) => n.params.b[0])),
  ]);
  const made = [W1, b1, b.fromArray(lr.flatMap((a) => new Array(n1).fill(a)), [k * n1, 1])];
  const lrRows = made[2];
  const rows = (T: Tensor, t: number) => b.slice(T, t * n1, (t + 1) * n1, 0, T.shape[1]);
  /** The output activation of a one-layer network, as Network's forward applies it. */
  const outputOf = (Z: Tensor) => out === "softmax" ? b.softmax(Z, 0) : b.activation(out, Z);
  try {
    return await stackedLoop(
      b,
      reqs,
      (active, logged) => {
        const Z1 = b.binary("add", b.matmul(W1, X, { rowBlocks: k }), b1);
        const costs: (Tensor | null)[] = [];
        const dZ1: Tensor[] = [];
        for (let t = 0; t < k; t++) {
          if (!active[t]) {
            costs.push(null);
            dZ1.push(b.full([n1, m], 0)); // a finished model's rows stay as they are
            continue;
          }
          const Z = rows(Z1, t);
          if (L === 1) {
            const AL = outputOf(Z);
            costs.push(logged[t] ? nets[t].costOf(AL, Y) : null);
            let dZ = b.binary("sub", AL, Y);
            if (spec.cost === "squared" && out !== "softmax") {
              dZ = b.binary("mul", dZ, b.activationGrad(out, Z));
            }
            dZ1.push(dZ);
            continue;
          }
          const A1 = b.activation(g1, Z, spec.activationParam);
          const tail = tails[t];
          const { AL, caches } = tail.forward(A1);
          costs.push(logged[t] ? tail.costOf(AL, Y) : null);
          const g = tail.backward(AL, Y, caches, true);
          dZ1.push(
            b.binary("mul", g.dA0!, b.activationGrad(g1, Z, spec.activationParam)),
          );
          tail.parameters().forEach((p, i) =>
            b.update(p, i % 2 === 0 ? g.dW[i >> 1] : g.db[i >> 1], lr[t])
          );
        }
        const dZ = stack(dZ1);
        const dW1 = b.unary("affine", b.matmul(dZ, X, { transB: true, rowBlocks: k }), 1 / m, 0);
        // A lone network's db[1] is a mean along one line when n₁ = 1, which the webgpu
        // backend adds in another order than several lines: take it row by row then.
        const db1 = n1 > 1 ? b.mean(dZ, 1) : stack(dZ1.map((d) => b.mean(d, 1)));
        b.update(W1, b.binary("mul", dW1, lrRows), 1);
        b.update(b1, b.binary("mul", db1, lrRows), 1);
        return costs;
      },
      (t) =>
        b.tidy(() => {
          b.assign(nets[t].params.W[0], rows(W1, t));
          b.assign(nets[t].params.b[0], rows(b1, t));
        }),
    );
  } finally {
    for (const x of made) x.dispose();
  }
}
