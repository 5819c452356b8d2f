/**
 * Reads one or more run stores for the report. Several stores merge as shards of one sweep: the
 * union of their experiments and trials, a trial key present twice counted once (the newest
 * `finished` wins). Every trial is checked as every reader checks it (harness/trial_files.ts):
 * a corrupt one is listed, never counted. Each sound trial is then placed:
 * - `lecture`: computed by the current code, one of the experiment's own setups — the page's
 *   figures and the scoreboard count these;
 * - `custom`: current code, made by `--set`/`--sweep`/… — shown in their own section;
 * - `stale`: computed by other code than the current (its code hash differs) — shown apart and
 *   left out of the scoreboard, unless `includeStale`.
 */
import { join } from "node:path";
import { UsageError } from "../harness/errors.ts";
import type { ExperimentRecord, Manifest, TrialResult } from "../harness/records.ts";
import { checkTrialTexts } from "../harness/trial_files.ts";
import type { MetricRow } from "../harness/experiment.ts";
import { parseJson } from "../schema/json.ts";

/** Names the report itself uses at the top of the site; an experiment may not take them. */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
  "index",
  "claims",
  "compare",
  "assets",
  "bench",
]);

/** The files every finished trial has. */
export const TRIAL_FILES = ["manifest.json", "metrics.csv", "result.json"] as const;
export type TrialFile = typeof TRIAL_FILES[number];

/** Where a sound trial stands in the report. */
export type Placement = "lecture" | "custom" | "stale";

/** One sound trial as stored. */
export interface Trial {
  key: string;
  /** The folder it was read from. */
  dir: string;
  manifest: Manifest;
  result: TrialResult;
  rows: MetricRow[];
  /** metrics.csv's columns in the order written. */
  columns: string[];
  /** The three files as read, so the site copies exactly what its pages were built from. */
  files: Record<TrialFile, string>;
  placement: Placement;
}

/** A trial folder that did not count, and why. */
export interface Unreadable {
  /** The experiment's id. */ experiment: string;
  /** The trial's folder name. */ key: string;
  /** The trial's folder. */ dir: string;
  /** What is wrong with it, one sentence each. */ problems: string[];
}

/** An experiment's record and its trials, by placement. */
export interface ExperimentData {
  /** The run-store folder name (the experiment id). */
  id: string;
  record: ExperimentRecord;
  /** Every sound trial, sorted by key. */
  trials: Trial[];
  /** The trials the page's figures and the scoreboard use (lecture, plus stale if included). */
  counted: Trial[];
  corrupt: Unreadable[];
}

/** Everything read from the run stores, experiments sorted by id. */
export interface RunStores {
  experiments: ExperimentData[];
  /** Every corrupt trial folder, with the reasons. */
  corrupt: Unreadable[];
}

export interface LoadOptions {
  /**
   * The current code's hash for an experiment id (undefined: the experiment is not in this
   * code). Without it, no trial is judged stale.
   */
  codeHash?: (id: string) => string | undefined;
  /** Count stale trials on the scoreboard and in the figures (`--include-stale`). */
  includeStale?: boolean;
}

/** Locale-independent ordering, so a site is byte-identical on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The columns of a metrics.csv text, in the order written (its header line). */
function headerOf(text: string): string[] {
  const line = text.split("\n", 1)[0].trim();
  if (line === "") return [];
  // Column names are the keys experiments log: no commas or quotes in practice; unquote anyway.
  return line.split(",").map((c) => c.replace(/^"(.*)"$/, "$1").replace(/""/g, '"'));
}

/**
 * Reads and merges run stores. Throws UsageError (one line, exit 2) when a folder is missing or
 * holds no experiment, or an experiment.json is unreadable.
 */
export async function loadRunStores(
  dirs: readonly string[],
  opts: LoadOptions = {},
): Promise<RunStores> {
  if (dirs.length === 0) throw new UsageError("no runs folder given; pass --runs DIR");
  const records = new Map<string, { record: ExperimentRecord; stamp: number }>();
  const trials = new Map<string, Map<string, Trial>>();
  const corrupt: Unreadable[] = [];
  for (const dir of dirs) {
    const info = await Deno.stat(dir).catch(() => null);
    if (!info?.isDirectory) {
      throw new UsageError(
        `runs folder ${dir} does not exist; run \`deno task experiment\` first or pass --runs DIR`,
      );
    }
    let found = 0;
    for (const id of await subdirectories(dir)) {
      const recordPath = join(dir, id, "experiment.json");
      const text = await Deno.readTextFile(recordPath).catch(() => null);
      if (text === null) continue;
      found++;
      if (RESERVED_IDS.has(id)) {
        throw new UsageError(
          `experiment id "${id}" in ${dir} clashes with the report's own ${id} page; rename it`,
        );
      }
      const record = parseRecord(id, recordPath, text);
      const byKey = trials.get(id) ?? new Map<string, Trial>();
      let stamp = -Infinity;
      for (const key of await subdirectories(join(dir, id))) {
        const t = await readTrial(dir, id, key, opts, corrupt);
        if (!t) continue;
        stamp = Math.max(stamp, finishedAt(t));
        const seen = byKey.get(key);
        if (!seen || finishedAt(t) >= finishedAt(seen)) byKey.set(key, t);
      }
      trials.set(id, byKey);
      // The record travels with the newest trials: a shard run with a newer module describes it.
      const prev = records.get(id);
      if (!prev || stamp >= prev.stamp) records.set(id, { record, stamp });
    }
    if (found === 0) {
      throw new UsageError(
        `runs folder ${dir} holds no experiments (no ${join(dir, "<id>", "experiment.json")}); ` +
          "run `deno task experiment` first or pass the right --runs DIR",
      );
    }
  }
  const experiments = [...records.entries()].sort(([a], [b]) => compareText(a, b)).map(
    ([id, { record }]): ExperimentData => {
      const all = [...(trials.get(id)?.values() ?? [])].sort((a, b) => compareText(a.key, b.key));
      return {
        id,
        record,
        trials: all,
        counted: all.filter((t) =>
          t.placement === "lecture" || (opts.includeStale && t.placement === "stale")
        ),
        corrupt: corrupt.filter((c) => c.experiment === id),
      };
    },
  );
  return { experiments, corrupt };
}

function finishedAt(trial: Trial): number {
  const t = Date.parse(trial.manifest.finished);
  return Number.isFinite(t) ? t : 0;
}

async function readTrial(
  root: string,
  experiment: string,
  key: string,
  opts: LoadOptions,
  corrupt: Unreadable[],
): Promise<Trial | null> {
  const dir = join(root, experiment, key);
  const read = (f: string) => Deno.readTextFile(join(dir, f)).catch(() => null);
  const [manifest, metrics, result] = await Promise.all(TRIAL_FILES.map(read));
  const checked = checkTrialTexts({ manifest, metrics, result }, { experiment, key });
  if ("problems" in checked) {
    corrupt.push({ experiment, key, dir, problems: checked.problems });
    return null;
  }
  const f = checked.files;
  const current = opts.codeHash?.(experiment);
  const stale = opts.codeHash !== undefined && f.manifest.codeHash !== current;
  return {
    key,
    dir,
    manifest: f.manifest,
    result: f.result,
    rows: f.metrics,
    columns: headerOf(f.texts.metrics),
    files: {
      "manifest.json": f.texts.manifest,
      "metrics.csv": f.texts.metrics,
      "result.json": f.texts.result,
    },
    placement: stale ? "stale" : f.manifest.plan === "custom" ? "custom" : "lecture",
  };
}

function parseRecord(id: string, path: string, text: string): ExperimentRecord {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (e) {
    throw new UsageError(
      `${path} is not valid JSON (${(e as Error).message}); rerun the experiment to rewrite it`,
    );
  }
  const r = value as Partial<ExperimentRecord> | null;
  if (!r || typeof r !== "object" || Array.isArray(r) || typeof r.source !== "object") {
    throw new UsageError(
      `${path} is not an experiment record of this version (rerun the experiment to rewrite it)`,
    );
  }
  return {
    id: typeof r.id === "string" ? r.id : id,
    title: typeof r.title === "string" ? r.title : id,
    source: r.source,
    description: typeof r.description === "string" ? r.description : "",
    params: r.params && typeof r.params === "object" ? r.params : {},
    charts: Array.isArray(r.charts) ? r.charts : [],
    claims: Array.isArray(r.claims) ? r.claims : [],
  };
}

async function subdirectories(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    // Dot folders are temporary, lock and set-aside space, never trials.
    if (entry.isDirectory && !entry.name.startsWith(".")) names.push(entry.name);
  }
  return names.sort(compareText);
}
