/**
 * Reads one or more run stores (DESIGN.md §3) into memory. Several stores merge as shards of one
 * sweep: the union of their experiments and trials, a trial key present twice counted once (the
 * newest `finished` wins). Only trials with all three files count; a half-written one is skipped.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { ExperimentRecord, Manifest, TrialResult } from "../harness/records.ts";
import { ReportInputError } from "./errors.ts";
import { BENCH_ID } from "./layout.ts";
import { type MetricTable, parseMetrics } from "./metrics.ts";

/** One finished trial as stored. */
export interface Trial {
  key: string;
  /** The folder it was read from. */
  dir: string;
  manifest: Manifest;
  result: TrialResult;
  metrics: MetricTable;
  /** The three files as read, so the site copies exactly what its pages were built from. */
  files: Record<TrialFile, string>;
  /** sha-256 of the three files: what the report's change detection compares. */
  hash: string;
}

/** The files every finished trial has. */
export const TRIAL_FILES = ["manifest.json", "metrics.csv", "result.json"] as const;

/** One of `TRIAL_FILES`. */
export type TrialFile = typeof TRIAL_FILES[number];

/** An experiment's record and its finished trials, sorted by key. */
export interface ExperimentData {
  /** The run-store folder name (the experiment id). */
  id: string;
  record: ExperimentRecord;
  trials: Trial[];
}

/** Everything read from the run stores, experiments sorted by id. */
export interface RunStore {
  experiments: ExperimentData[];
  /** Trial folders that did not count, each with the reason. */
  skipped: string[];
}

/** Names the report itself uses at the top of the site; an experiment may not take them. */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
  "index",
  "compare",
  "assets",
  BENCH_ID,
]);

/**
 * Reads and merges run stores. Throws `ReportInputError` when a folder is missing or holds no
 * experiment, or an experiment.json is unreadable.
 */
export async function loadRunStores(dirs: readonly string[]): Promise<RunStore> {
  if (dirs.length === 0) throw new ReportInputError("no runs folder given; pass --runs DIR");
  const merged = new Map<string, Merging>();
  const skipped: string[] = [];
  for (const dir of dirs) {
    const found = await readStore(dir, skipped);
    if (found.length === 0) {
      throw new ReportInputError(
        `runs folder ${dir} holds no experiments (no ${join(dir, "<id>", "experiment.json")}); ` +
          "run `deno task experiment` first or pass the right --runs DIR",
      );
    }
    for (const exp of found) mergeExperiment(merged, exp);
  }
  const experiments = [...merged.values()]
    .map((m) => ({
      id: m.id,
      record: m.record,
      trials: [...m.trials.values()].sort((a, b) => compareText(a.key, b.key)),
    }))
    .sort((a, b) => compareText(a.id, b.id));
  return { experiments, skipped };
}

interface Merging {
  id: string;
  record: ExperimentRecord;
  /** Newest `finished` among the trials of the store the record came from. */
  recordStamp: number;
  trials: Map<string, Trial>;
}

function mergeExperiment(merged: Map<string, Merging>, exp: ExperimentData): void {
  const stamp = Math.max(-Infinity, ...exp.trials.map(finishedAt));
  let m = merged.get(exp.id);
  if (!m) {
    m = { id: exp.id, record: exp.record, recordStamp: stamp, trials: new Map() };
    merged.set(exp.id, m);
  } else if (stamp >= m.recordStamp) {
    // The record travels with the newest trials: a shard run with a newer module describes it.
    m.record = exp.record;
    m.recordStamp = stamp;
  }
  for (const trial of exp.trials) {
    const seen = m.trials.get(trial.key);
    if (!seen || finishedAt(trial) >= finishedAt(seen)) m.trials.set(trial.key, trial);
  }
}

function finishedAt(trial: Trial): number {
  const t = Date.parse(trial.manifest.finished);
  return Number.isFinite(t) ? t : 0;
}

async function readStore(dir: string, skipped: string[]): Promise<ExperimentData[]> {
  const info = await Deno.stat(dir).catch(() => null);
  if (!info?.isDirectory) {
    throw new ReportInputError(
      `runs folder ${dir} does not exist; run \`deno task experiment\` first or pass --runs DIR`,
    );
  }
  const out: ExperimentData[] = [];
  for (const name of await subdirectories(dir)) {
    const recordPath = join(dir, name, "experiment.json");
    const text = await readOptional(recordPath);
    if (text === null) continue;
    if (RESERVED_IDS.has(name)) {
      throw new ReportInputError(
        `experiment id "${name}" in ${dir} clashes with the report's own ${name} page; ` +
          "rename the experiment",
      );
    }
    const record = parseRecord(name, recordPath, text);
    const trials: Trial[] = [];
    for (const key of await subdirectories(join(dir, name))) {
      const trial = await readTrial(join(dir, name, key), key, skipped);
      if (trial) trials.push(trial);
    }
    out.push({ id: name, record, trials });
  }
  return out;
}

function parseRecord(id: string, path: string, text: string): ExperimentRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(
      `${path} is not valid JSON (${(e as Error).message}); rerun the experiment to rewrite it`,
    );
  }
  if (!isObject(value)) {
    throw new ReportInputError(`${path} is not an experiment record; rerun the experiment`);
  }
  // Tolerate records from older runners: every list defaults to empty, text to "".
  const r = value as Partial<ExperimentRecord>;
  return {
    id: typeof r.id === "string" ? r.id : id,
    title: typeof r.title === "string" ? r.title : id,
    source: typeof r.source === "string" ? r.source : "",
    description: typeof r.description === "string" ? r.description : "",
    params: isObject(r.params) ? r.params : {},
    charts: Array.isArray(r.charts) ? r.charts : [],
    claims: Array.isArray(r.claims) ? r.claims : [],
  };
}

async function readTrial(dir: string, key: string, skipped: string[]): Promise<Trial | null> {
  const texts = await Promise.all(TRIAL_FILES.map((f) => readOptional(join(dir, f))));
  const missing = TRIAL_FILES.filter((_, i) => texts[i] === null);
  if (missing.length > 0) {
    skipped.push(`${dir}: incomplete (no ${missing.join(", ")})`);
    return null;
  }
  const [manifestText, metricsText, resultText] = texts as string[];
  try {
    const manifest = JSON.parse(manifestText) as Manifest;
    const result = JSON.parse(resultText) as TrialResult;
    if (!isObject(manifest) || typeof manifest.status !== "string" || !isObject(manifest.params)) {
      throw new Error("manifest.json lacks status or params");
    }
    if (!isObject(result) || !Array.isArray(result.claims)) {
      throw new Error("result.json lacks claims");
    }
    const metrics = parseMetrics(metricsText);
    const hash = createHash("sha256");
    for (const text of texts as string[]) hash.update(text).update("\0");
    const files = {
      "manifest.json": manifestText,
      "metrics.csv": metricsText,
      "result.json": resultText,
    };
    return { key, dir, manifest, result, metrics, files, hash: hash.digest("hex") };
  } catch (e) {
    skipped.push(`${dir}: unreadable (${(e as Error).message})`);
    return null;
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    // Dot folders are temp/staging space (a runner writing atomically), never trials.
    if (entry.isDirectory && !entry.name.startsWith(".")) names.push(entry.name);
  }
  return names.sort(compareText);
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Locale-independent ordering, so a site is byte-identical on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
