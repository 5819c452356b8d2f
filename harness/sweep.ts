/**
 * Running a planned sweep: every trial of every experiment, in plan order, in this process
 * (`--jobs 1`) or on N workers, each with its own backend. Results do not depend on N: each
 * trial's numbers come only from its params, seed and backend.
 */
import type { Backend } from "../kernels/backend.ts";
import type { BackendName } from "../kernels/select.ts";
import type { CatalogEntry } from "../experiments/index.ts";
import { claimRecord } from "./claims.ts";
import { Progress } from "./progress.ts";
import { runTrial, type TrialOutcome } from "./runner.ts";
import { RunStore } from "./store.ts";
import type { Trial } from "./trials.ts";
import type { WorkerReply, WorkerRequest } from "./worker_protocol.ts";

export interface PlannedTrial {
  entry: CatalogEntry;
  trial: Trial;
  codeHash: string;
  profile: "full" | "quick";
}

export interface SweepOptions {
  out: string;
  backend: Backend;
  jobs: number;
  force: boolean;
  dataDir?: string;
  json: boolean;
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
      claims: exp.claims.map(claimRecord),
    });
  }
  const progress = new Progress(planned.length, opts.json);
  const label = (p: PlannedTrial) => `${p.entry.experiment.id} ${p.trial.key}`;
  const outcomes: TrialOutcome[] = new Array(planned.length);
  try {
    if (opts.jobs <= 1) {
      for (const [i, p] of planned.entries()) {
        progress.start(p.trial.key, label(p));
        outcomes[i] = await runTrial(p.entry.experiment, p.trial, {
          store,
          backend: opts.backend,
          force: opts.force,
          dataDir: opts.dataDir,
          codeHash: p.codeHash,
          profile: p.profile,
          onLog: (row) => progress.step(p.trial.key, row),
        });
        progress.finish(p.trial.key, label(p), outcomes[i]);
      }
    } else {
      await runOnWorkers(planned, opts, progress, label, outcomes);
    }
  } finally {
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
        progress.start(p.trial.key, label(p));
        outcomes[i] = await new Promise<TrialOutcome>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<WorkerReply>) => {
            const m = e.data;
            if (m.kind === "log") progress.step(p.trial.key, m.row);
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
            backend: opts.backend.name as BackendName,
            out: opts.out,
            force: opts.force,
            dataDir: opts.dataDir,
            codeHash: p.codeHash,
            profile: p.profile,
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
