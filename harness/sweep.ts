/**
 * Running a planned sweep: every trial of every experiment, in plan order, in this process
 * (`--jobs 1`) or on N workers, each with its own backend. Results do not depend on N: each
 * trial's numbers come only from its params, seed and backend. Workers are cpu only: they are
 * threads of this process, and WebGPU cannot be open twice at once in one (see cli_args.ts).
 */
import type { Backend } from "../kernels/backend.ts";
import type { BackendName } from "../kernels/select.ts";
import type { CatalogEntry } from "./catalog.ts";
import { claimRecord } from "./claims.ts";
import { onInterrupt, Progress } from "./progress.ts";
import { runTrial, runTrialBatch, type TrialOutcome } from "./runner.ts";
import { RunStore } from "./store.ts";
import type { Trial } from "./trials.ts";
import type { WorkerReply, WorkerRequest } from "./worker_protocol.ts";

export interface PlannedTrial {
  entry: CatalogEntry;
  trial: Trial;
  codeHash: string;
  profile: "full" | "quick";
  /** "default": one of the experiment's own setups; "custom": made by --set/--sweep/…. */
  plan: "default" | "custom";
}

export interface SweepOptions {
  out: string;
  backend: Backend;
  jobs: number;
  force: boolean;
  dataDir?: string;
  json: boolean;
  /** Seconds between progress lines off a terminal (30 by default). */
  heartbeat?: number;
  /** `--batch auto`: run trials that differ only in an experiment's batch params together. */
  batch: boolean;
}

/**
 * Groups of plan indexes to run together: trials of one experiment with a `batch` declaration
 * whose params differ only in its batch params (and seed, when "seed" is one of them).
 */
export function batchGroups(planned: readonly PlannedTrial[]): number[][] {
  const groups = new Map<string, number[]>();
  const singles: number[][] = [];
  planned.forEach((p, i) => {
    const batch = p.entry.experiment.batch;
    if (!batch) {
      singles.push([i]);
      return;
    }
    const fixed = Object.entries(p.trial.params).filter(([k]) => !batch.includes(k));
    const seed = batch.includes("seed") ? null : p.trial.seed;
    const key = JSON.stringify([p.entry.experiment.id, fixed, seed, p.profile, p.plan]);
    groups.set(key, [...groups.get(key) ?? [], i]);
  });
  return [...singles, ...groups.values()].sort((a, b) => a[0] - b[0]);
}

/** The line that names a corrupt trial, what was wrong, and where it was kept. */
export function corruptLine(exp: string, key: string, problems: string[], to: string): string {
  return `corrupt trial ${exp} ${key} set aside to ${to} and recomputed: ${problems.join("; ")}`;
}

/** Runs `planned` and returns outcomes in plan order. */
export async function runSweep(
  planned: readonly PlannedTrial[],
  opts: SweepOptions,
): Promise<TrialOutcome[]> {
  const store = new RunStore(opts.out);
  for (const e of new Set(planned.map((p) => p.entry))) {
    const exp = e.experiment;
    store.writeExperiment({
      id: exp.id,
      title: exp.title,
      source: exp.source,
      description: exp.description,
      params: exp.params,
      charts: [...exp.charts],
      claims: exp.claims.map((c) => claimRecord(c, exp.source)),
    });
  }
  const progress = new Progress(planned.length, opts.json, opts.heartbeat);
  const stopListening = onInterrupt(progress);
  const label = (p: PlannedTrial) => `${p.entry.experiment.id} ${p.trial.key}`;
  const outcomes: TrialOutcome[] = new Array(planned.length);
  try {
    if (opts.jobs <= 1) {
      const groups = opts.batch ? batchGroups(planned) : planned.map((_, i) => [i]);
      for (const group of groups) {
        const first = planned[group[0]];
        const runner = {
          store,
          backend: opts.backend,
          force: opts.force,
          dataDir: opts.dataDir,
          codeHash: first.codeHash,
          profile: first.profile,
          plan: first.plan,
          onCorrupt: (t: Trial, problems: string[], to: string) =>
            progress.say(corruptLine(first.entry.experiment.id, t.key, problems, to)),
        };
        for (const i of group) {
          progress.start(planned[i].trial.key, label(planned[i]), planned[i].trial.params);
        }
        if (group.length === 1) {
          outcomes[group[0]] = await runTrial(first.entry.experiment, first.trial, {
            ...runner,
            onLog: (row) => progress.step(first.trial.key, row),
          });
        } else {
          const results = await runTrialBatch(
            first.entry.experiment,
            group.map((i) => planned[i].trial),
            { ...runner, onLogOf: (t) => (row) => progress.step(t.key, row) },
          );
          group.forEach((i, k) => outcomes[i] = results[k]);
        }
        for (const i of group) {
          progress.finish(planned[i].trial.key, label(planned[i]), outcomes[i]);
        }
        // A turn of the event loop between trials: a cpu trial's awaits resolve as microtasks,
        // which would hold back Ctrl-C and the heartbeat until the whole sweep ended.
        await new Promise((r) => setTimeout(r, 0));
      }
    } else {
      await runOnWorkers(planned, opts, progress, label, outcomes);
    }
  } finally {
    stopListening();
    progress.close();
  }
  return outcomes;
}

async function runOnWorkers(
  planned: readonly PlannedTrial[],
  opts: SweepOptions,
  progress: Progress,
  label: (p: PlannedTrial) => string,
  outcomes: TrialOutcome[],
): Promise<void> {
  if (opts.backend.name !== "cpu") {
    throw new Error(
      `--jobs ${opts.jobs}: workers run on the cpu backend only, not ${opts.backend.name}`,
    );
  }
  let next = 0;
  const workers = Array.from(
    { length: Math.min(opts.jobs, planned.length) },
    () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }),
  );
  try {
    await Promise.all(workers.map(async (w) => {
      while (next < planned.length) {
        const i = next++;
        const p = planned[i];
        progress.start(p.trial.key, label(p), p.trial.params);
        outcomes[i] = await new Promise<TrialOutcome>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<WorkerReply>) => {
            const m = e.data;
            if (m.kind === "log") progress.step(p.trial.key, m.row);
            else if (m.kind === "say") progress.say(m.line);
            else if (m.kind === "done") resolve(m.outcome);
            else reject(new Error(`${label(p)}: ${m.message}`));
          };
          w.onerror = (e) => {
            e.preventDefault();
            reject(new Error(`${label(p)}: worker failed: ${e.message}`));
          };
          const req: WorkerRequest = {
            id: i,
            trial: p.trial,
            module: p.entry.url.href,
            backend: opts.backend.name as BackendName,
            out: opts.out,
            force: opts.force,
            dataDir: opts.dataDir,
            codeHash: p.codeHash,
            profile: p.profile,
            plan: p.plan,
          };
          w.postMessage(req);
        });
        progress.finish(p.trial.key, label(p), outcomes[i]);
      }
    }));
  } finally {
    for (const w of workers) w.terminate();
  }
}
