/**
 * What every benchmark module produces and how `deno task bench` reports it: a section is a table
 * (columns with units, rows of cells) plus notes; the run prints each section as a text table and
 * writes them all as JSON, which the report shows as site/bench.html (reports/bench_page.ts:
 * any section gets its table, and a chart per unit among its columns). A new benchmark
 * (end-to-end training against NumPy or TensorFlow.js, sweeps) is one more `BenchModule` listed
 * in bench/main.ts.
 */
import type { CpuBackend } from "../kernels/cpu.ts";
import type { WebGpuBackend } from "../kernels/webgpu.ts";

export type Cell = number | string | null;

export interface Column {
  key: string;
  label: string;
  /** Shown after the label, e.g. "GFLOP/s". */
  unit?: string;
  /** Decimal places for numbers (default: 3 significant figures). */
  digits?: number;
}

export interface Section {
  id: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  notes: string[];
}

export interface BenchContext {
  /** Fewer sizes and repetitions. */
  quick: boolean;
  /** The webgpu backend, or null when no adapter could be had (its columns are then empty). */
  gpu: WebGpuBackend | null;
  cpu: CpuBackend;
  /** Progress lines (stderr), so stdout holds only the tables. */
  log(line: string): void;
}

export interface BenchModule {
  /** The name `--only` selects. */
  id: string;
  /** One line for `--help`. */
  describe: string;
  run(ctx: BenchContext): Promise<Section>;
}

/** The JSON written to bench/results/latest.json. */
export interface BenchReport {
  schema: 1;
  createdAt: string;
  quick: boolean;
  runtime: {
    deno: string;
    v8: string;
    os: string;
    cpus: number;
    /** 1-minute load average before and after the run (null where unknown). */
    loadAverage: { before: number | null; after: number | null };
  };
  adapter: Record<string, unknown> | null;
  sections: Section[];
}

/** A section as an aligned text table: text columns left-aligned, numbers right-aligned. */
export function formatSection(s: Section): string {
  const heads = s.columns.map(benchHeading);
  const body = s.rows.map((r) => s.columns.map((c) => formatBenchCell(r[c.key], c)));
  const numeric = s.columns.map((c) => isNumericColumn(s, c));
  const width = heads.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const pad = (t: string, i: number) => numeric[i] ? t.padStart(width[i]) : t.padEnd(width[i]);
  const lines = [
    `## ${s.title}`,
    heads.map(pad).join("  "),
    width.map((w) => "-".repeat(w)).join("  "),
    ...body.map((row) => row.map(pad).join("  ")),
  ];
  for (const n of s.notes) lines.push(`  ${n}`);
  return lines.join("\n");
}

// --- How a benchmark figure reads: one place for the terminal tables and the report's bench page.

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
