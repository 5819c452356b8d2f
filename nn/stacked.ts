/**
 * The stacked training loops of nn/many.ts: k models trained as one computation on the same X
 * and Y, each model's numbers bit for bit those of its lone `train` (see nn/many.ts), and the
 * network loop that nn/fused.ts also runs for one network through the backend's fused tail.
 *
 * @module
 */
import type { Backend, MlpTail, Tensor } from "../kernels/backend.ts";
import type { LogisticRegression } from "./logistic.ts";
import { Network } from "./network.ts";
import { GradientDescent } from "./optimizers.ts";
import type { CostEntry, Trainable, TrainOptions, TrainResult } from "./loop.ts";

/** Plain gradient descent over exactly these parameters, on this backend. */
export function plainGd(backend: Backend, o: TrainOptions, params: readonly Tensor[]): boolean {
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
export function batchMode(r: TrainRequest): boolean {
  const m = r.X.shape[1];
  const o = r.options;
  return (o.miniBatchSize === undefined || o.miniBatchSize >= m) &&
    Number.isInteger(o.epochs) && o.epochs >= 0 && r.Y.shape[1] === m;
}

/** One training: what `train(backend, model, X, Y, options)` would be called with. */
export interface TrainRequest {
  model: Trainable;
  X: Tensor;
  Y: Tensor;
  options: TrainOptions;
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
export async function stackedLogistic(
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
        const dW = b.matmul(X, dZ, { transB: true, colBlocks: k, scale: 1 / m });
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
 * Whether a lone `train(…, { fused: true })` of this model can take the stacked loop through
 * the backend's fused tail: a plain `Network` without L2 or dropout, plain gradient descent in
 * batch mode, data on the backend (`wantsTail` checks the rest).
 */
export function tailEligible(backend: Backend, r: TrainRequest): boolean {
  const net = r.model;
  if (!(net instanceof Network) || Object.getPrototypeOf(net) !== Network.prototype) return false;
  const s = net.spec;
  return net.backend === backend && r.X.backend === backend && r.Y.backend === backend &&
    s.lambd === 0 && s.keepProb === 1 && batchMode(r) && r.X.shape[0] === s.layerDims[0] &&
    r.Y.shape[0] === s.layerDims[net.L] && plainGd(backend, r.options, net.parameters()) &&
    wantsTail(backend, [r]);
}

/**
 * Whether these networks' layers 2 … L can go through the backend's fused tail: they ask for
 * the fused path (`fused: true`), have a sigmoid output with cross-entropy and a hidden layer.
 */
export function wantsTail(backend: Backend, reqs: readonly TrainRequest[]): boolean {
  const net = reqs[0].model as Network;
  const s = net.spec;
  return backend.mlpTail !== undefined && reqs.every((r) => r.options.fused === true) &&
    net.L >= 2 && s.output === "sigmoid" && s.cost === "bce";
}

/**
 * W ← W − α_t·dW with each model's rows (`rowsOf`) at its own rate: one `update` when the
 * rates are equal (the lone run's op), else α_t·dW row by row then W − 1·(α_t·dW), the same
 * values.
 */
function updateRows(b: Backend, W: Tensor, dW: Tensor, lr: readonly number[], rowRates: Tensor) {
  if (lr.every((a) => a === lr[0])) b.update(W, dW, lr[0]);
  else b.update(W, b.binary("mul", dW, rowRates), 1);
}

/**
 * k networks of one architecture with their first layers stacked: W[1] (k·n₁ × n₀) and b[1]
 * (k·n₁ × 1), one product for Z[1] and one for dW[1]; each network's layers 2 … L take its rows
 * of Z[1] forward and bring back its rows of dZ[1], as nn/network.ts's forward and backward
 * compute them: through the backend's fused tail (`Backend.mlpTail`, one dispatch for all k)
 * when `wantsTail`, else as a `Network` over the network's own tensors. Returns null, having
 * changed nothing, when the tail was wanted and the backend declined it.
 */
export async function stackedNetworks(
  backend: Backend,
  reqs: readonly TrainRequest[],
  tail = false,
): Promise<TrainResult[] | null> {
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
  let session: MlpTail | null = null;
  if (tail) {
    const s = b.mlpTail!({
      dims: dims.slice(1),
      hidden: spec.hidden,
      activationParam: spec.activationParam,
      m,
      nets: nets.map((net, t) => ({
        params: net.parameters().slice(2),
        learningRate: lr[t],
      })),
    });
    if ("declined" in s) return null;
    session = s;
  }
  const out = spec.output; // layer 1's activation when it is the output layer (L = 1)
  const g1 = spec.hidden[0]; // else its hidden activation
  // Layers 2 … L of each network, over the network's own parameter tensors.
  const tails = L === 1 || session ? [] : nets.map((net) =>
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
  const lrRows = b.fromArray(lr.flatMap((a) => new Array(n1).fill(a)), [k * n1, 1]);
  // One network trains its own W[1] and b[1] in place; a stack is a copy, written back.
  const made = k === 1 ? [lrRows] : [W1, b1, lrRows];
  const rows = (T: Tensor, t: number) => b.slice(T, t * n1, (t + 1) * n1, 0, T.shape[1]);
  /** The output activation of a one-layer network, as Network's forward applies it. */
  const outputOf = (Z: Tensor) => out === "softmax" ? b.softmax(Z, 0) : b.activation(out, Z);
  /** Each active model's dZ[1] and cost, layer by layer. */
  const layered = (Z1: Tensor, active: readonly boolean[], logged: readonly boolean[]) => {
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
      dZ1.push(b.binary("mul", g.dA0!, b.activationGrad(g1, Z, spec.activationParam)));
      tail.parameters().forEach((p, i) =>
        b.update(p, i % 2 === 0 ? g.dW[i >> 1] : g.db[i >> 1], lr[t])
      );
    }
    return { costs, dZ: stack(dZ1), parts: dZ1 };
  };
  /** Every model's dZ[1] and the logged costs, through the fused tail. */
  const fused = (Z1: Tensor, logged: readonly boolean[]) => {
    const r = session!.step(Z1, Y, logged.includes(true));
    const costs = logged.map((l, t) => l && r.costs ? b.slice(r.costs, t, t + 1, 0, 1) : null);
    return { costs, dZ: r.dZ1, parts: null };
  };
  try {
    return await stackedLoop(
      b,
      reqs,
      (active, logged) => {
        const Z1 = b.binary("add", b.matmul(W1, X, { rowBlocks: k }), b1);
        const { costs, dZ, parts } = session ? fused(Z1, logged) : layered(Z1, active, logged);
        const dW1 = b.matmul(dZ, X, { transB: true, rowBlocks: k, scale: 1 / m });
        // A lone network's db[1] is a mean along one line when n₁ = 1, which the webgpu
        // backend adds in another order than several lines: take it row by row then.
        const db1 = n1 > 1 ? b.mean(dZ, 1) : stack(
          (parts ?? Array.from({ length: k }, (_, t) => rows(dZ, t))).map((d) => b.mean(d, 1)),
        );
        updateRows(b, W1, dW1, lr, lrRows);
        updateRows(b, b1, db1, lr, lrRows);
        return costs;
      },
      (t) =>
        b.tidy(() => {
          if (k > 1) {
            b.assign(nets[t].params.W[0], rows(W1, t));
            b.assign(nets[t].params.b[0], rows(b1, t));
          }
          session?.writeBack(t);
        }),
    );
  } finally {
    session?.close();
    for (const x of made) x.dispose();
  }
}
