/**
 * `--verify`: reruns every finished trial of a run store from its manifest (params, seed,
 * backend) into a scratch store and compares metrics.csv — byte for byte on the same backend,
 * within float32 tolerance across backends — printing the largest difference per trial.
 */
import { join } from "node:path";
import type { Backend } from "../kernels/backend.ts";
import { type Catalog, codeHashOf, findExperiment } from "./catalog.ts";
import { recheckResult } from "./claims.ts";
import { jsonEqual } from "./verdict.ts";
import type { MetricRow } from "./experiment.ts";
import type { Manifest } from "./records.ts";
import { runTrial, runTrialBatch } from "./runner.ts";
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

/**
 * What to rerun together: one stored trial, or the stored members of a batch its manifests
 * name (in batch order), so that a batched trial is recomputed the way it was computed.
 */
function rerunUnits(store: RunStore, trials: [string, string][]): [string, string[]][] {
  const units: [string, string[]][] = [];
  const seen = new Set<string>();
  const stored = new Set(trials.map(([e, k]) => `${e}/${k}`));
  for (const [exp, key] of trials) {
    if (seen.has(`${exp}/${key}`)) continue;
    const batch = store.readManifest(exp, key)?.batch;
    const keys = batch ? batch.filter((k) => stored.has(`${exp}/${k}`)) : [key];
    for (const k of keys) seen.add(`${exp}/${k}`);
    units.push([exp, keys]);
  }
  return units;
}

export async function verifyStore(
  catalog: Catalog,
  root: string,
  ids: readonly string[],
  backend: Backend,
  say: (line: string) => void,
): Promise<VerifyLine[]> {
  const store = new RunStore(root);
  // Scratch space inside the store, where the task may write; removed at the end.
  const scratch = new RunStore(join(root, `.verify-${Deno.pid}`));
  const lines: VerifyLine[] = [];
  const report = (line: VerifyLine) => {
    say(`${line.ok ? "ok" : "MISMATCH"} ${line.experiment} ${line.trialKey}: ${line.detail}`);
    lines.push(line);
  };
  try {
    for (const [exp, keys] of rerunUnits(store, storedTrials(root, ids))) {
      const entry = findExperiment(catalog, exp);
      if (!entry) {
        for (const key of keys) {
          report({
            experiment: exp,
            trialKey: key,
            ok: false,
            detail: "no such experiment in this code",
          });
        }
        continue;
      }
      const hash = codeHashOf(entry);
      const manifests = keys.map((key) => store.readManifest(exp, key)!);
      const trials = manifests.map((m, i) => ({
        experiment: exp,
        params: m.params,
        seed: m.seed,
        key: keys[i],
        configHash: m.configHash,
      }));
      const runner = {
        store: scratch,
        backend,
        force: true,
        codeHash: hash,
        profile: manifests[0].profile,
        plan: manifests[0].plan,
      };
      if (trials.length > 1 && entry.experiment.batch) {
        await runTrialBatch(entry.experiment, trials, runner);
      } else {
        for (const t of trials) await runTrial(entry.experiment, t, runner);
      }
      for (const [i, key] of keys.entries()) {
        report(compareTrial(store, scratch, exp, key, manifests[i], backend, hash, keys.length));
      }
    }
  } finally {
    await Deno.remove(scratch.root, { recursive: true });
  }
  return lines;
}

/**
 * The stored trial against its rerun in `scratch`: its stored claims must re-check; on the same
 * backend metrics.csv must be byte-identical and the outputs and every claim's observation and
 * verdict equal; across backends the metrics must agree within float32 tolerance.
 */
function compareTrial(
  store: RunStore,
  scratch: RunStore,
  exp: string,
  key: string,
  m: Manifest,
  backend: Backend,
  hash: string,
  together: number,
): VerifyLine {
  const line = (ok: boolean, detail: string): VerifyLine => ({
    experiment: exp,
    trialKey: key,
    ok,
    detail: detail + notes,
  });
  const notes = (hash === m.codeHash ? "" : " (the code changed since this run)") +
    (m.batch === undefined
      ? ""
      : together === m.batch.length
      ? ` (rerun in its batch of ${together})`
      : ` (ran in a batch of ${m.batch.length}, rerun with the ${together} in the store)`);
  const stored = store.readTrial(exp, key)!;
  const rerun = scratch.readTrial(exp, key)!;
  const corrupt = recheckResult(stored.result);
  if (corrupt.length > 0) return line(false, `stored claims do not re-check: ${corrupt[0]}`);
  const before = Deno.readTextFileSync(join(store.trialDir(exp, key), "metrics.csv"));
  const after = Deno.readTextFileSync(join(scratch.trialDir(exp, key), "metrics.csv"));
  const diff = metricsDifference(stored.metrics, parseMetricsCsv(after));
  if (backend.name === m.backend) {
    if (before !== after) {
      return line(false, `metrics differ: largest relative difference ${diff.toExponential(2)}`);
    }
    if (!jsonEqual(stored.result.outputs, rerun.result.outputs)) {
      return line(false, "outputs differ");
    }
    const claimsOf = (r: typeof stored.result) =>
      r.claims.map((c) => ({ id: c.id, observed: c.observed, verdict: c.verdict }));
    if (!jsonEqual(claimsOf(stored.result), claimsOf(rerun.result))) {
      return line(false, "claims differ");
    }
    return line(true, "identical");
  }
  const ok = diff <= CROSS_BACKEND_TOLERANCE;
  return line(
    ok,
    `${m.backend} vs ${backend.name}: largest relative difference ${
      diff.toExponential(2)
    } (tolerance ${CROSS_BACKEND_TOLERANCE})`,
  );
}
