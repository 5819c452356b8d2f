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
import {
  batchMode,
  plainGd,
  stackedLogistic,
  stackedNetworks,
  type TrainRequest,
  wantsTail,
} from "./stacked.ts";
import { train, type TrainOptions, type TrainResult } from "./train.ts";

export type { TrainRequest };

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
        : (wantsTail(backend, reqs) ? await stackedNetworks(backend, reqs, true) : null) ??
          (await stackedNetworks(backend, reqs))!;
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
