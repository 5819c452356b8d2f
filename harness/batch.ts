/**
 * What makes trials run together (`--batch auto`) share their work: the values they share
 * (`ctx.shared`) and the meeting of their `ctx.train` calls.
 *
 * `ctx.train` in a batch is a rendezvous: a call waits until every unfinished trial of the
 * batch has either called it (this round) or finished; then the round's requests go to
 * nn/many.ts `trainMany`, which trains together those on the same X and Y with one
 * architecture, optimiser kind and schedule, and the rest one by one, and each call resolves with
 * its own result. The barrier counts trials, never time, so which requests meet — and so every
 * number — is the same on every run; the trials are independent (none waits for another's
 * result), so it cannot deadlock.
 *
 * @module
 */
import type { Backend, Tensor, TrainingPath } from "../kernels/backend.ts";
import { trainMany, type TrainRequest } from "../nn/many.ts";
import type { TrainOptions, TrainResult } from "../nn/train.ts";
import type { Trainable } from "../nn/train.ts";

/** Frees a shared value: its `dispose()`, else that of each of its members (one level down). */
export function disposeValue(v: unknown): void {
  const disposable = (x: unknown): x is { dispose(): void } =>
    typeof x === "object" && x !== null &&
    typeof (x as { dispose?: unknown }).dispose === "function";
  if (disposable(v)) return v.dispose();
  if (typeof v !== "object" || v === null || ArrayBuffer.isView(v)) return;
  for (const x of Object.values(v)) if (disposable(x)) x.dispose();
}

/** Values made once per key, disposed together at the end. */
export class SharedValues {
  #values = new Map<string, Promise<unknown>>();

  get<T>(key: string, make: () => T | Promise<T>): Promise<T> {
    let p = this.#values.get(key);
    if (!p) {
      p = (async () => await make())();
      this.#values.set(key, p);
    }
    return p as Promise<T>;
  }

  /** Disposes every value that was made (a value whose `make` failed has nothing to free). */
  async dispose(): Promise<void> {
    const values = [...this.#values.values()];
    this.#values.clear();
    for (const p of values) {
      try {
        disposeValue(await p);
      } catch { /* make threw: the trial that asked has failed with it */ }
    }
  }
}

interface Pending {
  trial: number;
  request: TrainRequest;
  resolve(r: TrainResult): void;
  reject(e: unknown): void;
}

/** The trials of one batch: their shared values and the rendezvous of their `ctx.train` calls. */
export class BatchGroup {
  readonly shared = new SharedValues();
  #pending: Pending[] = [];
  #finished: boolean[];
  #releasing = false;
  /** Models trained per trial, by path, as `trainMany` reported them. */
  readonly trained: Record<TrainingPath, number>[];

  constructor(readonly backend: Backend, readonly size: number) {
    this.#finished = new Array(size).fill(false);
    this.trained = Array.from({ length: size }, () => ({ layered: 0, fused: 0, stacked: 0 }));
  }

  /** Trial `trial`'s `ctx.train`: resolves once its round has trained. */
  train(trial: number, model: Trainable, X: Tensor, Y: Tensor, options: TrainOptions) {
    return new Promise<TrainResult>((resolve, reject) => {
      this.#pending.push({ trial, request: { model, X, Y, options }, resolve, reject });
      this.#check();
    });
  }

  /** Trial `trial` has returned or thrown: the others no longer wait for it. */
  finish(trial: number): void {
    this.#finished[trial] = true;
    this.#check();
  }

  /** After the calls made in this turn (several from one trial, e.g. in a Promise.all). */
  #check(): void {
    queueMicrotask(() => this.#release());
  }

  async #release(): Promise<void> {
    if (this.#releasing || this.#pending.length === 0) return;
    const waiting = new Set(this.#pending.map((p) => p.trial));
    for (let t = 0; t < this.size; t++) if (!this.#finished[t] && !waiting.has(t)) return;
    this.#releasing = true;
    // In trial order, then call order: the same grouping on every run.
    const round = this.#pending.map((p, i) => ({ p, i }))
      .sort((a, b) => a.p.trial - b.p.trial || a.i - b.i).map(({ p }) => p);
    this.#pending = [];
    try {
      const outcomes = await trainMany(this.backend, round.map((p) => p.request));
      round.forEach((p, i) => {
        const o = outcomes[i];
        if (o.ok) {
          this.trained[p.trial][o.path]++;
          p.resolve(o.result);
        } else p.reject(o.error);
      });
    } catch (e) {
      for (const p of round) p.reject(e);
    } finally {
      this.#releasing = false;
      this.#check();
    }
  }
}
