/**
 * `--verify`: reruns every finished trial of a run store from its manifest (params, seed,
 * backend) into a scratch store and compares metrics.csv — byte for byte on the same backend,
 * within float32 tolerance across backends — printing the largest difference per trial.
 */
import { join } from "node:path";
import type { Backend } from "../kernels/backend.ts";
import { findExperiment } from "../experiments/index.ts";
import { codeHash } from "./environment.ts";
import type { MetricRow } from "./experiment.ts";
import { runTrial } from "./runner.ts";
import { parseMetricsCsv, RunStore } from "./store.ts";

/** Relative difference allowed between float32 and float64 runs of the same trial. */
export const CROSS_BACKEND_TOLERANCE = 1e-3;

export interface VerifyLine {
  experiment: string;
  trialKey: string;
  ok: boolean;
  detail: string;
}

/** The finished trials in a store: [experiment, key] pairs, sorted. */
export function storedTrials(root: string, ids: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const store = new RunStore(root);
  for (
    const e of [...Deno.readDirSync(root)].filter((e) => e.isDirectory).map((e) => e.name).sort()
  ) {
    if (ids.length && !ids.includes(e)) continue;
    for (const t of [...Deno.readDirSync(join(root, e))].map((d) => d.name).sort()) {
      if (!t.startsWith(".") && store.readManifest(e, t)) out.push([e, t]);
    }
  }
  return out;
}

/** Largest relative difference between two metric tables of the same columns and length. */
export function metricsDifference(a: readonly MetricRow[], b: readonly MetricRow[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      const w = b[i][k];
      if (typeof v !== "number" || typeof w !== "number") {
        if (v !== w) worst = Infinity;
        continue;
      }
      if (Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w))) continue;
      const d = Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w), 1e-12);
      worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
    }
  });
  return worst;
}

export async function verifyStore(
  root: string,
  ids: readonly string[],
  backend: Backend,
  say: (line: string) => void,
): Promise<VerifyLine[]> {
  const store = new RunStore(root);
  // Scratch space inside the store, where the task may write; removed at the end.
  const scratch = new RunStore(join(root, `.verify-${Deno.pid}`));
  const lines: VerifyLine[] = [];
  try {
    for (const [exp, key] of storedTrials(root, ids)) {
      const stored = store.readTrial(exp, key)!;
      const m = stored.manifest;
      const entry = findExperiment(exp);
      let line: VerifyLine;
      if (!entry) {
        line = {
          experiment: exp,
          trialKey: key,
          ok: false,
          detail: "no such experiment in this code",
        };
      } else {
        const hash = codeHash(entry.url);
        await runTrial(
          entry.experiment,
          { experiment: exp, params: m.params, seed: m.seed, key, configHash: m.configHash },
          { store: scratch, backend, force: true, codeHash: hash, profile: m.profile },
        );
        const sameBackend = backend.name === m.backend;
        const before = Deno.readTextFileSync(join(store.trialDir(exp, key), "metrics.csv"));
        const after = Deno.readTextFileSync(join(scratch.trialDir(exp, key), "metrics.csv"));
        const diff = metricsDifference(stored.metrics, parseMetricsCsv(after));
        const codeNote = hash === m.moduleHash ? "" : " (the code changed since this run)";
        if (sameBackend) {
          const ok = before === after;
          line = {
            experiment: exp,
            trialKey: key,
            ok,
            detail:
              (ok ? "identical" : `differs: largest relative difference ${diff.toExponential(2)}`) +
              codeNote,
          };
        } else {
          const ok = diff <= CROSS_BACKEND_TOLERANCE;
          line = {
            experiment: exp,
            trialKey: key,
            ok,
            detail: `${m.backend} vs ${backend.name}: largest relative difference ${
              diff.toExponential(2)
            } (tolerance ${CROSS_BACKEND_TOLERANCE})${codeNote}`,
          };
        }
      }
      say(`${line.ok ? "ok" : "MISMATCH"} ${exp} ${key}: ${line.detail}`);
      lines.push(line);
    }
  } finally {
    await Deno.remove(scratch.root, { recursive: true });
  }
  return lines;
}
