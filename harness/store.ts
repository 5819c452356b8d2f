/**
 * The run store: `<root>/<experiment>/<trial-key>/{manifest.json, metrics.csv, result.json}`.
 *
 * - A trial is written into a temporary folder and renamed into place, the manifest last: a
 *   killed run never leaves a half-written trial that later counts as finished.
 * - The manifest holds the sha-256 of the other two files, and every read checks them, the
 *   manifest's fields and each stored claim's verdict (harness/trial_files.ts): a trial that
 *   fails is corrupt, named, moved aside into `<experiment>/.corrupt/` (kept, not deleted) and
 *   recomputed.
 * - A trial is computed under an exclusive lock on `<experiment>/.<key>.lock` (flock: the kernel
 *   releases it when its holder dies, so a killed process never leaves it stuck), so two
 *   processes sweeping into one store compute each trial once.
 */
import { join } from "node:path";
import { stringifyJson } from "../schema/json.ts";
import { formatCsv } from "../data/csv.ts";
import { sha256 } from "./hash.ts";
import type { MetricRow } from "./experiment.ts";
import type { ExperimentRecord, Manifest, TrialResult } from "./records.ts";
import { checkTrialTexts, type TrialFiles } from "./trial_files.ts";

export type { TrialFiles };

/** What reading a trial's folder found. */
export type TrialRead =
  | { kind: "absent" }
  | { kind: "corrupt"; problems: string[] }
  | { kind: "ok"; files: TrialFiles };

/** Writes a file atomically: a temporary sibling, then rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
}

/** metrics.csv text: the union of the rows' columns in first-seen order, one row per step. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return formatCsv(columns, rows.map((r) => columns.map((c) => r[c] ?? "")));
}

/** A held trial lock; `release` is idempotent. */
export interface TrialLock {
  release(): void;
}

export class RunStore {
  constructor(readonly root: string) {}

  trialDir(experiment: string, key: string): string {
    return join(this.root, experiment, key);
  }

  writeExperiment(rec: ExperimentRecord): void {
    Deno.mkdirSync(join(this.root, rec.id), { recursive: true });
    writeFileAtomic(join(this.root, rec.id, "experiment.json"), stringifyJson(rec) + "\n");
  }

  /**
   * Writes the three files into a fresh folder, then swaps it in for any older one. The
   * manifest, written last, records the other files' hashes. Call with the trial's lock held.
   */
  writeTrial(files: { manifest: Manifest; metrics: readonly MetricRow[]; result: TrialResult }) {
    const { experiment, trialKey } = files.manifest;
    const dir = this.trialDir(experiment, trialKey);
    const tmp = join(this.root, experiment, `.${trialKey}.${Deno.pid}.tmp`);
    removeIfPresent(tmp);
    Deno.mkdirSync(tmp, { recursive: true });
    const metrics = metricsCsv(files.metrics);
    const result = stringifyJson(files.result) + "\n";
    Deno.writeTextFileSync(join(tmp, "metrics.csv"), metrics);
    Deno.writeTextFileSync(join(tmp, "result.json"), result);
    const manifest: Manifest = {
      ...files.manifest,
      files: { "metrics.csv": sha256(metrics), "result.json": sha256(result) },
    };
    Deno.writeTextFileSync(join(tmp, "manifest.json"), stringifyJson(manifest) + "\n");
    removeIfPresent(dir);
    Deno.renameSync(tmp, dir);
  }

  /** Reads and checks a trial's folder (see trial_files.ts for what is checked). */
  readTrial(experiment: string, key: string): TrialRead {
    const dir = this.trialDir(experiment, key);
    const read = (name: string): string | null => {
      try {
        return Deno.readTextFileSync(join(dir, name));
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return null;
        throw e;
      }
    };
    const manifest = read("manifest.json");
    const metrics = read("metrics.csv");
    const result = read("result.json");
    if (manifest === null && metrics === null && result === null) {
      return exists(dir) ? { kind: "corrupt", problems: ["the folder has no trial files"] } : {
        kind: "absent",
      };
    }
    const checked = checkTrialTexts({ manifest, metrics, result }, { experiment, key });
    return "problems" in checked
      ? { kind: "corrupt", problems: checked.problems }
      : { kind: "ok", files: checked.files };
  }

  /**
   * Moves a corrupt trial's folder to `<experiment>/.corrupt/<key>.<time>/` with a REASON.txt,
   * and returns where it went. Call with the trial's lock held.
   */
  setAside(experiment: string, key: string, problems: readonly string[]): string {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const to = join(this.root, experiment, ".corrupt", `${key}.${stamp}`);
    Deno.mkdirSync(join(this.root, experiment, ".corrupt"), { recursive: true });
    Deno.renameSync(this.trialDir(experiment, key), to);
    Deno.writeTextFileSync(join(to, "REASON.txt"), problems.join("\n") + "\n");
    return to;
  }

  /**
   * Takes the trial's exclusive lock, waiting while another process (or worker) holds it. The
   * lock is an flock on `<experiment>/.<key>.lock`: the kernel drops it when the holder exits,
   * however it exits.
   */
  async lock(experiment: string, key: string): Promise<TrialLock> {
    Deno.mkdirSync(join(this.root, experiment), { recursive: true });
    const file = await Deno.open(join(this.root, experiment, `.${key}.lock`), {
      create: true,
      write: true,
    });
    await file.lock(true);
    let held = true;
    return {
      release() {
        if (!held) return;
        held = false;
        file.close(); // closing the descriptor releases the flock
      },
    };
  }

  /**
   * Removes temporary folders a killed or failed writer left for this trial (`.<key>.<pid>.tmp`).
   * Safe only with the trial's lock held: nobody else may be writing them.
   */
  cleanTemporaries(experiment: string, key: string): void {
    const dir = join(this.root, experiment);
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return;
    }
    const prefix = `.${key}.`;
    for (const e of entries) {
      if (e.name.startsWith(prefix) && e.name.endsWith(".tmp")) removeIfPresent(join(dir, e.name));
    }
  }

  /** The trial folders of the store (`[experiment, key]`, sorted), optionally for some ids. */
  listTrials(ids: readonly string[] = []): [string, string][] {
    const out: [string, string][] = [];
    for (const e of sortedDirs(this.root)) {
      if (ids.length > 0 && !ids.includes(e)) continue;
      for (const key of sortedDirs(join(this.root, e))) out.push([e, key]);
    }
    return out;
  }
}

function sortedDirs(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)]
      .filter((e) => e.isDirectory && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
