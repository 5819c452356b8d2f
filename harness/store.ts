/**
 * The run store (DESIGN.md §3): `<root>/<experiment>/<trial-key>/{manifest.json, metrics.csv,
 * result.json}`. A trial is written into a temporary folder and renamed into place, so a killed
 * run never leaves a half-written trial that later counts as finished.
 */
import { formatCsv, parseCsvRecords } from "../data/csv.ts";
import { join } from "node:path";
import { parseJson, stringifyJson } from "../schema/json.ts";
import type { MetricRow } from "./experiment.ts";
import type { ExperimentRecord, Manifest, TrialResult } from "./records.ts";

export interface TrialFiles {
  manifest: Manifest;
  metrics: MetricRow[];
  result: TrialResult;
}

/** Writes a file atomically: a temporary sibling, then rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
}

/** metrics.csv text: the union of the rows' columns in first-seen order, one row per step. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return formatCsv(columns, rows.map((r) => columns.map((c) => r[c] ?? "")));
}

/** Parses metrics.csv back: numeric cells become numbers (NaN and ±Infinity included). */
export function parseMetricsCsv(text: string): MetricRow[] {
  const parsed = parseCsvRecords(text);
  if (parsed.error) throw new Error(`metrics.csv: ${parsed.error.message}`);
  return parsed.rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => {
        const n = Number(v);
        const numeric = v !== "" && (!Number.isNaN(n) || v === "NaN");
        return [k, numeric ? n : v];
      }),
    )
  );
}

export class RunStore {
  constructor(readonly root: string) {}

  trialDir(experiment: string, key: string): string {
    return join(this.root, experiment, key);
  }

  writeExperiment(rec: ExperimentRecord): void {
    Deno.mkdirSync(join(this.root, rec.id), { recursive: true });
    writeFileAtomic(
      join(this.root, rec.id, "experiment.json"),
      stringifyJson(rec) + "\n",
    );
  }

  /** Writes the three files into a fresh folder, then swaps it in for any older one. */
  writeTrial(files: TrialFiles): void {
    const { experiment, trialKey } = files.manifest;
    const dir = this.trialDir(experiment, trialKey);
    const tmp = join(this.root, experiment, `.${trialKey}.${Deno.pid}.tmp`);
    Deno.mkdirSync(tmp, { recursive: true });
    Deno.writeTextFileSync(join(tmp, "metrics.csv"), metricsCsv(files.metrics));
    Deno.writeTextFileSync(join(tmp, "result.json"), stringifyJson(files.result) + "\n");
    // The manifest goes last: a folder without it is never read as a finished trial.
    Deno.writeTextFileSync(
      join(tmp, "manifest.json"),
      stringifyJson(files.manifest) + "\n",
    );
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    Deno.renameSync(tmp, dir);
  }

  /** The finished trial's manifest, or null when the folder is absent or incomplete. */
  readManifest(experiment: string, key: string): Manifest | null {
    const dir = this.trialDir(experiment, key);
    try {
      for (const f of ["metrics.csv", "result.json"]) Deno.statSync(join(dir, f));
      return parseJson(Deno.readTextFileSync(join(dir, "manifest.json"))) as unknown as Manifest;
    } catch {
      return null;
    }
  }

  readTrial(experiment: string, key: string): TrialFiles | null {
    const manifest = this.readManifest(experiment, key);
    if (!manifest) return null;
    const dir = this.trialDir(experiment, key);
    return {
      manifest,
      metrics: parseMetricsCsv(Deno.readTextFileSync(join(dir, "metrics.csv"))),
      result: parseJson(Deno.readTextFileSync(join(dir, "result.json"))) as unknown as TrialResult,
    };
  }
}
