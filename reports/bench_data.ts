/**
 * Reading the benchmark results (`deno task bench` writes bench/results/latest.json) for the
 * report's bench page. The file is checked against the `BenchReport` shape field by field, so a
 * malformed one is reported in one line naming what is wrong, and costs the page its results,
 * never the rest of the site.
 */
import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchReport, Cell, Column, Section } from "../bench/report.ts";

/**
 * Where `deno task bench` writes its results: beside the bench code, whatever the working
 * folder, as bench/main.ts does. (A function: resolved on use, so importing the report code
 * from a non-file URL does not fail here.)
 */
export function defaultBenchResults(): string {
  return fileURLToPath(new URL("../bench/results/latest.json", import.meta.url));
}

/** The results file as the page sees it: absent, unusable (and why), or read. */
export type BenchInput =
  | { state: "missing"; file: string }
  | { state: "invalid"; file: string; problem: string }
  | { state: "ok"; file: string; text: string; report: BenchReport };

/** Reads and checks the results file; never throws for a missing or malformed file. */
export async function readBenchResults(file: string): Promise<BenchInput> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { state: "missing", file };
    return { state: "invalid", file, problem: `unreadable (${firstLine(e)})` };
  }
  try {
    return { state: "ok", file, text, report: parseBenchReport(text) };
  } catch (e) {
    if (!(e instanceof BenchFormatError)) throw e;
    return { state: "invalid", file, problem: e.message };
  }
}

/** The path as a user would type it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = relative(Deno.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/**
 * What is wrong with a results file, as a phrase to follow its name, e.g.
 * "sections[0].rows[2].webgpu is an object, not a number, string or null".
 */
export class BenchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchFormatError";
  }
}

/** Parses and checks a results file's text; throws `BenchFormatError` saying what is wrong. */
export function parseBenchReport(text: string): BenchReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BenchFormatError(`not valid JSON (${firstLine(e)})`);
  }
  const top = object(value, "the top level");
  if (top.schema !== 1) {
    throw new BenchFormatError(
      top.schema === undefined
        ? "no schema field (this report reads schema 1)"
        : `schema ${JSON.stringify(top.schema)} (this report reads schema 1)`,
    );
  }
  const runtime = object(top.runtime, "runtime");
  const load = object(runtime.loadAverage, "runtime.loadAverage");
  const adapter = top.adapter === null ? null : object(top.adapter, "adapter");
  return {
    schema: 1,
    createdAt: string(top.createdAt, "createdAt"),
    quick: boolean(top.quick, "quick"),
    runtime: {
      deno: string(runtime.deno, "runtime.deno"),
      v8: string(runtime.v8, "runtime.v8"),
      os: string(runtime.os, "runtime.os"),
      cpus: number(runtime.cpus, "runtime.cpus"),
      loadAverage: {
        before: nullableNumber(load.before, "runtime.loadAverage.before"),
        after: nullableNumber(load.after, "runtime.loadAverage.after"),
      },
    },
    adapter,
    sections: list(top.sections, "sections").map((s, i) => section(s, `sections[${i}]`)),
  };
}

function section(value: unknown, at: string): Section {
  const s = object(value, at);
  const columns = list(s.columns, `${at}.columns`).map((c, i) => column(c, `${at}.columns[${i}]`));
  const rows = list(s.rows, `${at}.rows`).map((r, i) => {
    const row = object(r, `${at}.rows[${i}]`);
    // Only the columns' cells are shown, so only they must be cells; a missing one reads "—".
    const cells: Record<string, Cell> = {};
    for (const c of columns) {
      const v = row[c.key];
      if (v === undefined) continue;
      if (v !== null && typeof v !== "number" && typeof v !== "string") {
        throw new BenchFormatError(
          `${at}.rows[${i}].${c.key} is ${describe(v)}, not a number, string or null`,
        );
      }
      cells[c.key] = v;
    }
    return cells;
  });
  return {
    id: string(s.id, `${at}.id`),
    title: string(s.title, `${at}.title`),
    columns,
    rows,
    notes: list(s.notes, `${at}.notes`).map((n, i) => string(n, `${at}.notes[${i}]`)),
  };
}

function column(value: unknown, at: string): Column {
  const c = object(value, at);
  const out: Column = { key: string(c.key, `${at}.key`), label: string(c.label, `${at}.label`) };
  if (c.unit !== undefined) out.unit = string(c.unit, `${at}.unit`);
  if (c.digits !== undefined) {
    // toFixed's range; anything else would throw while formatting a cell.
    if (typeof c.digits !== "number" || !Number.isInteger(c.digits) || c.digits < 0) {
      throw new BenchFormatError(`${at}.digits is ${describe(c.digits)}, not a whole number ≥ 0`);
    }
    out.digits = Math.min(c.digits, 20);
  }
  return out;
}

function object(v: unknown, at: string): Record<string, unknown> {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    return v as Record<string, unknown>;
  }
  throw new BenchFormatError(`${at} is ${describe(v)}, not an object`);
}

function list(v: unknown, at: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not a list`);
}

function string(v: unknown, at: string): string {
  if (typeof v === "string") return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not a string`);
}

function number(v: unknown, at: string): number {
  if (typeof v === "number") return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not a number`);
}

function nullableNumber(v: unknown, at: string): number | null {
  return v === null ? null : number(v, at);
}

function boolean(v: unknown, at: string): boolean {
  if (typeof v === "boolean") return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not true or false`);
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  const text = JSON.stringify(v);
  return text.length > 40 ? `${typeof v} ${text.slice(0, 37)}...` : text;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
