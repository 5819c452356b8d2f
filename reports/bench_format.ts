/**
 * How a benchmark figure reads. One place for the terminal tables of `deno task bench`
 * (bench/report.ts formatSection) and the report's bench page, so a figure reads the same in
 * both; it lives here, under reports/, because the site's change detection hashes this folder's
 * code: a change in how cells read re-renders the page.
 */
import type { Cell, Column, Section } from "../bench/report.ts";

/** A cell as text: `digits` decimals when the column fixes them, else 3 significant figures. */
export function formatBenchCell(v: Cell | undefined, c: Column): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return String(v);
  if (c.digits !== undefined) return v.toFixed(c.digits);
  if (v === 0) return "0";
  const mag = Math.floor(Math.log10(Math.abs(v)));
  return v.toFixed(Math.max(0, 2 - mag));
}

/** A column's heading: its label, with the unit after it, e.g. "webgpu (GFLOP/s)". */
export function benchHeading(c: Column): string {
  return c.unit ? `${c.label} (${c.unit})` : c.label;
}

/** Whether a column holds numbers (right-aligned): any row has a number in it. */
export function isNumericColumn(s: Section, c: Column): boolean {
  return s.rows.some((r) => typeof r[c.key] === "number");
}
