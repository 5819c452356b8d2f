/**
 * Whether a stored trial is sound, from its three files' texts: the one check every reader uses
 * (the runner before reusing a trial, `--verify`, the report). A trial is corrupt when a file is
 * missing or unparsable, the manifest lacks a field or names another trial, a file's sha-256 is
 * not the one its manifest recorded, or a stored claim's verdict is not the one its own check,
 * expected value, tolerance and observation give.
 */
import { parseCsvRecords } from "../data/csv.ts";
import { parseJson } from "../schema/json.ts";
import { recheckResult } from "./claims.ts";
import type { MetricRow } from "./experiment.ts";
import { sha256 } from "./hash.ts";
import type { Manifest, TrialResult } from "./records.ts";

export interface TrialFiles {
  manifest: Manifest;
  metrics: MetricRow[];
  result: TrialResult;
  /** The texts as read, so that what is copied or compared is exactly what was checked. */
  texts: { manifest: string; metrics: string; result: string };
}

/** Parses metrics.csv back: numeric cells become numbers (NaN and ±Infinity included). */
export function parseMetricsCsv(text: string): MetricRow[] {
  // A trial that logged nothing has no columns: its file is an empty line.
  if (text.trim() === "") return [];
  const parsed = parseCsvRecords(text);
  if (parsed.error) {
    throw new Error(`metrics.csv: ${parsed.error.message} (data row ${parsed.error.row})`);
  }
  return parsed.rows.map((row) => {
    const out: MetricRow = {};
    for (const [k, v] of Object.entries(row)) {
      // An empty cell is a step that did not log the column: it is left out, as it was logged.
      if (v === "") continue;
      const n = Number(v);
      out[k] = !Number.isNaN(n) || v === "NaN" ? n : v;
    }
    return out;
  });
}

const MANIFEST_FIELDS: readonly [keyof Manifest, string][] = [
  ["experiment", "string"],
  ["trialKey", "string"],
  ["params", "object"],
  ["seed", "number"],
  ["backend", "string"],
  ["codeHash", "string"],
  ["configHash", "string"],
  ["status", "string"],
  ["seconds", "number"],
];

function parse(name: string, text: string, problems: string[]): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    problems.push(`${name} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
}

/**
 * Checks a trial's texts (null: the file is missing) for the trial `expect` names; returns the
 * parsed files, or every problem found.
 */
export function checkTrialTexts(
  texts: { manifest: string | null; metrics: string | null; result: string | null },
  expect: { experiment: string; key: string },
): { files: TrialFiles } | { problems: string[] } {
  const problems: string[] = [];
  for (const [name, text] of Object.entries(texts)) {
    if (text === null) {
      problems.push(`${name === "metrics" ? "metrics.csv" : `${name}.json`} is missing`);
    }
  }
  if (problems.length > 0) return { problems };
  const manifest = parse("manifest.json", texts.manifest!, problems) as Manifest | undefined;
  const result = parse("result.json", texts.result!, problems) as TrialResult | undefined;
  if (manifest === undefined || result === undefined) return { problems };
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
    return { problems: ["manifest.json is not an object"] };
  }
  for (const [field, type] of MANIFEST_FIELDS) {
    if (typeof manifest[field] !== type || manifest[field] === null) {
      problems.push(`manifest.json: ${field} is missing or not a ${type}`);
    }
  }
  if (manifest.experiment !== expect.experiment || manifest.trialKey !== expect.key) {
    problems.push(
      `manifest.json names ${manifest.experiment}/${manifest.trialKey}, ` +
        `not ${expect.experiment}/${expect.key}`,
    );
  }
  const sums = manifest.files;
  if (!sums || typeof sums !== "object") {
    problems.push("manifest.json records no file hashes");
  } else {
    if (sums["metrics.csv"] !== sha256(texts.metrics!)) {
      problems.push("metrics.csv is not the file its manifest recorded (sha-256 differs)");
    }
    if (sums["result.json"] !== sha256(texts.result!)) {
      problems.push("result.json is not the file its manifest recorded (sha-256 differs)");
    }
  }
  if (result === null || typeof result !== "object" || Array.isArray(result)) {
    problems.push("result.json is not an object");
  } else {
    problems.push(...recheckResult(result));
  }
  let metrics: MetricRow[] = [];
  try {
    metrics = parseMetricsCsv(texts.metrics!);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  if (problems.length > 0) return { problems };
  return {
    files: {
      manifest,
      metrics,
      result,
      texts: { manifest: texts.manifest!, metrics: texts.metrics!, result: texts.result! },
    },
  };
}
