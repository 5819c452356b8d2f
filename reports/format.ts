/** How figures read in tables: short, but never hiding a non-finite value. */
import type { Json } from "../harness/experiment.ts";

/** Six significant digits; NaN and ±Infinity spelled out (a diverged cost must stay visible). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toPrecision(6)));
}

/** A JSON value on one line, numbers shortened by `formatNumber`; undefined reads "—". */
export function formatJson(value: Json | undefined): string {
  if (value === undefined) return "—";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (value === null || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatJsonNested(v)).join(", ")}]`;
  const entries = Object.entries(value).map(([k, v]) => `${k}: ${formatJsonNested(v)}`);
  return `{${entries.join(", ")}}`;
}

// Strings inside arrays/objects keep their quotes so ["a, b"] is not read as two items.
function formatJsonNested(value: Json): string {
  return typeof value === "string" ? JSON.stringify(value) : formatJson(value);
}

/** A metric cell: numbers via `formatNumber`, labels as they are, missing as "—". */
export function formatCell(value: number | string | undefined): string {
  if (value === undefined) return "—";
  return typeof value === "number" ? formatNumber(value) : value;
}

/** Wall-clock seconds: "0.59 s", "12.3 s", "4 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}
