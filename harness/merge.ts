/**
 * Merging the stores of a sharded sweep (`--shard i/n` into one store each, e.g. one per Slurm
 * array task) into one run store. Every trial is read and checked first (harness/trial_files.ts);
 * a corrupt trial stops the merge, naming it. A trial key found in two shards must be the same
 * computation (same config hash and byte-identical metrics.csv and result.json), else the merge
 * stops: the shards disagree, and picking one would hide it. Trials already in the target are
 * checked the same way; nothing is overwritten.
 */
import { join } from "node:path";
import { UsageError } from "./errors.ts";
import { parseJson } from "../schema/json.ts";
import type { ExperimentRecord } from "./records.ts";
import { RunStore, type TrialFiles, writeFileAtomic } from "./store.ts";

export interface MergeResult {
  /** Trials copied into the target. */
  copied: number;
  /** Trials the target (or an earlier shard) already had, identical. */
  same: number;
}

function sameComputation(a: TrialFiles, b: TrialFiles): boolean {
  return a.manifest.configHash === b.manifest.configHash &&
    a.texts.metrics === b.texts.metrics && a.texts.result === b.texts.result;
}

/** Merges `shards` into the store at `target` (created if absent). */
export function mergeStores(shards: readonly string[], target: string): MergeResult {
  const out = new RunStore(target);
  const result: MergeResult = { copied: 0, same: 0 };
  for (const shard of shards) {
    const store = new RunStore(shard);
    const trials = store.listTrials();
    if (trials.length === 0) throw new UsageError(`${shard} holds no trials (is it a run store?)`);
    const experiments = new Set<string>();
    for (const [exp, key] of trials) {
      const read = store.readTrial(exp, key);
      if (read.kind === "corrupt") {
        throw new UsageError(
          `${shard}: trial ${exp}/${key} is corrupt: ${read.problems.join("; ")}`,
        );
      }
      if (read.kind !== "ok") continue;
      experiments.add(exp);
      const have = out.readTrial(exp, key);
      if (have.kind === "corrupt") {
        throw new UsageError(
          `${target}: trial ${exp}/${key} is corrupt: ${have.problems.join("; ")}`,
        );
      }
      if (have.kind === "ok") {
        if (!sameComputation(have.files, read.files)) {
          throw new UsageError(
            `${exp}/${key} differs between ${shard} and ${target} (or an earlier shard); the ` +
              "shards were not runs of the same code and settings",
          );
        }
        result.same++;
        continue;
      }
      const dir = out.trialDir(exp, key);
      const tmp = join(target, exp, `.${key}.${Deno.pid}.tmp`);
      Deno.mkdirSync(tmp, { recursive: true });
      Deno.writeTextFileSync(join(tmp, "metrics.csv"), read.files.texts.metrics);
      Deno.writeTextFileSync(join(tmp, "result.json"), read.files.texts.result);
      Deno.writeTextFileSync(join(tmp, "manifest.json"), read.files.texts.manifest);
      Deno.renameSync(tmp, dir);
      result.copied++;
    }
    // The experiment's record travels with its trials (the newest shard's wins).
    for (const exp of experiments) {
      const text = Deno.readTextFileSync(join(shard, exp, "experiment.json"));
      parseJson(text) as unknown as ExperimentRecord; // a garbage record stops the merge here
      Deno.mkdirSync(join(target, exp), { recursive: true });
      writeFileAtomic(join(target, exp, "experiment.json"), text);
    }
  }
  return result;
}
