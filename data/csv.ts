/**
 * CSV through papaparse, typed in this one place (the package ships no types; its
 * DefinitelyTyped declarations come from @types/papaparse).
 */
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";

export interface CsvTable<T> {
  rows: T[];
  /** The first parse error, with its 0-based data row, or null. */
  error: { message: string; row: number | undefined } | null;
}

/**
 * Rows as arrays of strings (no header handling). With `keepEmptyLines`, row i is line i + 1,
 * so errors can name lines.
 */
export function parseCsvRows(text: string, keepEmptyLines = false): CsvTable<string[]> {
  const r = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: !keepEmptyLines });
  const e = r.errors[0];
  return { rows: r.data, error: e ? { message: e.message, row: e.row } : null };
}

/** Rows as records keyed by the header line. */
export function parseCsvRecords(text: string): CsvTable<Record<string, string>> {
  const r = Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter: ",",
    skipEmptyLines: true,
  });
  const e = r.errors[0];
  return { rows: r.data, error: e ? { message: e.message, row: e.row } : null };
}

/** CSV text with a header line and "\n" line ends. */
export function formatCsv(
  fields: readonly string[],
  rows: readonly (readonly unknown[])[],
): string {
  return Papa.unparse({ fields: [...fields], data: rows.map((r) => [...r]) }, { newline: "\n" }) +
    "\n";
}
