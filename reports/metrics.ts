/**
 * Reading `metrics.csv` back: numbers become numbers (including the NaN / Infinity papaparse
 * writes for a diverged cost), labels such as `series` stay strings, empty cells are absent.
 */
import Papa from "papaparse";
import type { MetricRow } from "../harness/experiment.ts";

/** A trial's logged steps and its header (column order as written). */
export interface MetricTable {
  columns: string[];
  rows: MetricRow[];
}

// What this module uses of papaparse's result; the package ships no types.
interface ParseResult {
  data: Record<string, string | undefined>[];
  errors: { type: string; code: string; message: string; row?: number }[];
  meta: { fields?: string[] };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NON_FINITE: Record<string, number> = {
  nan: NaN,
  "+nan": NaN,
  "-nan": NaN,
  inf: Infinity,
  "+inf": Infinity,
  infinity: Infinity,
  "+infinity": Infinity,
  "-inf": -Infinity,
  "-infinity": -Infinity,
};

/** Parses one cell: a number (finite or not) or the label as written; undefined when empty. */
export function parseCell(text: string | undefined): number | string | undefined {
  const s = (text ?? "").trim();
  if (s === "") return undefined;
  if (NUMBER.test(s)) return Number(s);
  const special = NON_FINITE[s.toLowerCase()];
  return special === undefined ? s : special;
}

/** Parses a metrics.csv text; throws with the first CSV error's row when the file is malformed. */
export function parseMetrics(text: string): MetricTable {
  // The runner writes with papaparse's defaults: comma-separated, so no delimiter guessing.
  const parsed = Papa.parse(text, {
    header: true,
    delimiter: ",",
    skipEmptyLines: true,
  }) as ParseResult;
  // A short or long row still carries its values; a broken quote means the file is corrupt.
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new Error(`row ${fatal.row ?? "?"}: ${fatal.message}`);
  const columns = parsed.meta.fields ?? [];
  const rows = parsed.data.map((record) => {
    const row: MetricRow = {};
    for (const column of columns) {
      const value = parseCell(record[column]);
      if (value !== undefined) row[column] = value;
    }
    return row;
  });
  return { columns, rows };
}

/** Columns whose every present value is a number (the ones that have a "final value"). */
export function numericColumns(table: MetricTable): string[] {
  return table.columns.filter((c) =>
    table.rows.some((r) => c in r) && table.rows.every((r) => !(c in r) || typeof r[c] === "number")
  );
}

/** The last logged value of each column (the last row that has it). */
export function finalValues(table: MetricTable): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const row of table.rows) Object.assign(out, row);
  return out;
}
