/**
 * Charts of a benchmark section (the report's bench page), built from the section alone so any
 * section charts without code of its own: every unit among its columns ("GFLOP/s", "ms", "GB/s")
 * gives one horizontal grouped bar chart — a block of bars per row, one bar per column with that
 * unit (webgpu / cpu / NumPy ...), coloured by column. Columns without a unit (ratios, counts,
 * labels) name the rows instead. Values spanning more than a decade get a log axis, where a
 * 0.4 GFLOP/s cpu bar stays visible beside a 200 GFLOP/s NumPy one.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Column, Section } from "../bench/report.ts";
import { formatBenchCell } from "../bench/report.ts";
import { CHART_SIZE, type ChartDatum, topLevel, type Vl } from "./spec_common.ts";

/** The bench chart's own data fields. */
export const BENCH = {
  row: "__row",
  series: "__series",
  value: "__value",
  text: "__text",
} as const;

/** Values spanning at least this factor are drawn on a log axis. */
const LOG_SPAN = 10;

/** One chart of a section: the unit it plots and its spec. */
export interface BenchChartSpec {
  unit: string;
  /** What the chart is called beside it: section and unit, e.g. "Matrix products: GFLOP/s". */
  title: string;
  spec: TopLevelSpec;
}

/** The units a section's charts plot, in column order. */
export function sectionUnits(section: Section): string[] {
  return [...new Set(section.columns.flatMap((c) => (c.unit ? [c.unit] : [])))];
}

/**
 * A name per row, unique within the section: the first unit-less column, then as many further
 * unit-less columns whose values vary as it takes to tell the rows apart (elementwise rows are
 * "add 1048576", "add 4194304"); rows still alike get " #2", " #3".
 */
export function rowLabels(section: Section): string[] {
  const unitless = section.columns.filter((c) => !c.unit);
  const text = (c: Column) => section.rows.map((r) => formatBenchCell(r[c.key], c));
  const distinct = (labels: string[]) => new Set(labels).size === labels.length;
  let labels = section.rows.map(() => "");
  for (const [i, c] of unitless.entries()) {
    const values = text(c);
    if (i > 0 && (distinct(labels) || new Set(values).size < 2)) continue;
    labels = labels.map((l, j) => (l === "" ? values[j] : `${l} ${values[j]}`));
  }
  const seen = new Map<string, number>();
  return labels.map((l, j) => {
    const base = l === "" ? `row ${j + 1}` : l;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

/** Whether bigger is better for a unit: rates (".../s") yes, durations no, else unknown. */
function direction(unit: string): string | null {
  if (/\/s$/.test(unit)) return "longer bars are faster";
  if (/^(ns|µs|us|ms|s|min)$/.test(unit)) return "shorter bars are faster";
  return null;
}

/**
 * The data of one unit's chart: a datum per finite cell, in row order then column order. A
 * series is named by its column's label (its key too when two columns share a label).
 */
export function benchChartData(section: Section, unit: string): ChartDatum[] {
  const columns = section.columns.filter((c) => c.unit === unit);
  const labels = columns.map((c) => c.label);
  const series = columns.map((c) =>
    labels.filter((l) => l === c.label).length > 1 ? `${c.label} (${c.key})` : c.label
  );
  const rows = rowLabels(section);
  const out: ChartDatum[] = [];
  section.rows.forEach((r, i) => {
    columns.forEach((c, j) => {
      const v = r[c.key];
      if (typeof v !== "number" || !Number.isFinite(v)) return;
      out.push({
        [BENCH.row]: rows[i],
        [BENCH.series]: series[j],
        [BENCH.value]: v,
        [BENCH.text]: `${formatBenchCell(v, c)} ${unit}`,
      });
    });
  });
  return out;
}

/**
 * A log scale from a power of ten at least twice below the smallest value (so the shortest bar
 * still shows: bars start at the axis' left end) to the power of ten at or above the largest.
 */
function logDomain(min: number, max: number): Vl {
  let lo = 10 ** Math.floor(Math.log10(min));
  if (min / lo < 2) lo /= 10;
  return { type: "log", domain: [lo, 10 ** Math.ceil(Math.log10(max))], nice: false };
}

/**
 * The section's charts, one per unit with at least two values to compare (one bar says no more
 * than the table does).
 */
export function benchChartSpecs(section: Section): BenchChartSpec[] {
  const out: BenchChartSpec[] = [];
  const rowTitle = section.columns.find((c) => !c.unit)?.label ?? "row";
  for (const unit of sectionUnits(section)) {
    const values = benchChartData(section, unit);
    if (values.length < 2) continue;
    const numbers = values.map((d) => d[BENCH.value] as number);
    const min = Math.min(...numbers), max = Math.max(...numbers);
    // A log axis has no place for values ≤ 0: such a chart stays linear.
    const log = min > 0 && max / min >= LOG_SPAN;
    const series = [...new Set(values.map((d) => d[BENCH.series] as string))];
    const rows = [...new Set(values.map((d) => d[BENCH.row] as string))];
    const how = [unit, ...(log ? ["log scale"] : [])].join(", ");
    const better = direction(unit);
    const subtitle = better ? `${how}; ${better}` : how;
    const encoding: Vl = {
      y: {
        field: BENCH.row,
        type: "nominal",
        title: null,
        // The section's row order, as in its table.
        sort: rows,
        axis: { labelLimit: 300 },
      },
      yOffset: { field: BENCH.series, type: "nominal", sort: series },
      x: {
        field: BENCH.value,
        type: "quantitative",
        title: log ? `${unit} (log scale)` : unit,
        // Side by side (yOffset), not stacked: a stack would sum webgpu and cpu times.
        stack: null,
        scale: log ? logDomain(min, max) : { zero: true },
      },
      // On a log axis there is no zero to start a bar from: bars start at the axis' left end.
      ...(log ? { x2: { value: 0 } } : {}),
      color: {
        field: BENCH.series,
        type: "nominal",
        title: null,
        sort: series,
        legend: { orient: "top" },
      },
      tooltip: [
        { field: BENCH.row, type: "nominal", title: rowTitle },
        { field: BENCH.series, type: "nominal", title: "column" },
        { field: BENCH.text, type: "nominal", title: unit },
      ],
    };
    const spec = topLevel({ text: section.title, subtitle }, {
      width: CHART_SIZE.width,
      // The step is per bar (the offset band): a row's block is one bar per series.
      height: { step: 9 },
      data: { values },
      mark: { type: "bar" },
      encoding,
    });
    out.push({ unit, title: `${section.title}: ${unit}`, spec });
  }
  return out;
}
