/**
 * Vega-Lite specs for an experiment's charts (pure functions): one line per trial with points,
 * coloured by a metric column, a param or the trial key; log10 charts transform y in the data;
 * a diverged trial is drawn up to its last finite value and marked there with a cross.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartSpec, MetricRow, Params, ParamValue } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";

/** What a chart needs of one trial. */
export interface ChartTrial {
  key: string;
  params: Params;
  status: TrialStatus;
  rows: readonly MetricRow[];
  /** The manifest's step at which a cost first became non-finite, if any. */
  divergedAt?: number;
}

/** One inlined data value: metric fields plus the report's own `__` fields. */
export type ChartDatum = Record<string, number | string | boolean>;

/** Internal field names; the `__` prefix keeps them apart from metric columns and params. */
export const FIELD = {
  trial: "__trial",
  status: "__status",
  /** True on the last finite point of a diverged trial: where the cross goes. */
  end: "__end",
  note: "__note",
} as const;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Chart size in pixels; shared by the SVG and the interactive view so both look the same. */
export const CHART_SIZE = { width: 480, height: 300 } as const;

/** Escapes a field name for a Vega-Lite `field` (a `.` or `[` would mean a nested property). */
export function fieldRef(name: string): string {
  return name.replace(/[\\.[\]]/g, (c) => "\\" + c);
}

/** Where a chart's colour comes from. */
export type ColorSource =
  | { kind: "trial"; name: "trial"; field: string }
  | { kind: "metric"; name: string; field: string }
  | { kind: "param"; name: string; field: string };

/** Resolves `chart.color`: "trial" (default), else a metric column if logged, else a param. */
export function colorSource(chart: ChartSpec, trials: readonly ChartTrial[]): ColorSource {
  const name = chart.color ?? "trial";
  if (name === "trial") return { kind: "trial", name, field: FIELD.trial };
  const logged = trials.some((t) => t.rows.some((r) => name in r));
  return { kind: logged ? "metric" : "param", name, field: name };
}

/**
 * The chart's data values, one per plotted step. Each trial's line stops before its first
 * non-finite y (JSON cannot carry NaN/Infinity, and the curve is undefined there); a trial that
 * diverged gets `__end` on its last finite point. `defaults` fills a param a manifest lacks.
 */
export function chartData(
  chart: ChartSpec,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): ChartDatum[] {
  const color = colorSource(chart, trials);
  const out: ChartDatum[] = [];
  for (const trial of trials) {
    const points: ChartDatum[] = [];
    let brokeAt: number | string | undefined;
    for (const row of trial.rows) {
      const x = row[chart.x];
      const y = row[chart.y];
      // A step without both figures (another series' row, a label) is not on this line.
      if (typeof x !== "number" || !Number.isFinite(x) || typeof y !== "number") continue;
      if (!Number.isFinite(y)) {
        brokeAt = x;
        break;
      }
      const datum: ChartDatum = {
        [chart.x]: x,
        [chart.y]: y,
        [FIELD.trial]: trial.key,
        [FIELD.status]: trial.status,
      };
      if (color.kind === "metric" && row[color.name] !== undefined) {
        datum[color.name] = row[color.name];
      }
      if (color.kind === "param") {
        datum[color.name] = paramLabel(trial.params[color.name] ?? defaults[color.name]);
      }
      points.push(datum);
    }
    const diverged = trial.status === "diverged" || brokeAt !== undefined;
    const last = points.at(-1);
    if (diverged && last) {
      last[FIELD.status] = "diverged";
      last[FIELD.end] = true;
      last[FIELD.note] = divergenceNote(chart, brokeAt, trial.divergedAt);
      for (const p of points) p[FIELD.status] = "diverged";
    }
    out.push(...points);
  }
  return out;
}

function divergenceNote(
  chart: ChartSpec,
  brokeAt: number | string | undefined,
  divergedAt: number | undefined,
): string {
  if (brokeAt !== undefined) return `${chart.y} non-finite at ${chart.x} ${brokeAt}`;
  if (divergedAt !== undefined) return `diverged at step ${divergedAt}`;
  return "diverged";
}

// A nominal colour: "0.01", "true", "zeros" read the same in legend, tooltip and table.
function paramLabel(value: ParamValue | undefined): string {
  return value === undefined ? "(unset)" : String(value);
}

/** The y field as plotted: `log10(<y>)` for log charts, else y itself. */
export function plottedField(chart: ChartSpec): string {
  return chart.log10 ? `log10(${chart.y})` : chart.y;
}

/**
 * Axis titles: the chart's own, verbatim (an author who sets `yTitle` on a log chart writes the
 * log into it); else the field names, with `log10(<y>)` on log charts.
 */
export function axisTitles(chart: ChartSpec): { x: string; y: string } {
  return {
    x: chart.xTitle ?? chart.x,
    y: chart.yTitle ?? (chart.log10 ? `log10(${chart.y})` : chart.y),
  };
}

/** Builds the Vega-Lite spec for one chart, data inlined. */
export function buildChartSpec(
  chart: ChartSpec,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  const values = chartData(chart, trials, defaults);
  const color = colorSource(chart, trials);
  const titles = axisTitles(chart);
  const yField = plottedField(chart);
  const tooltip = [
    { field: fieldRef(chart.x), type: "quantitative" as const, title: titles.x },
    { field: fieldRef(chart.y), type: "quantitative" as const, title: chart.y },
    ...(chart.log10
      ? [{ field: fieldRef(yField), type: "quantitative" as const, title: yField, format: ".4f" }]
      : []),
    ...(color.kind === "trial"
      ? []
      : [{ field: fieldRef(color.field), type: "nominal" as const, title: color.name }]),
    { field: FIELD.trial, type: "nominal" as const, title: "trial" },
    { field: FIELD.status, type: "nominal" as const, title: "status" },
  ];
  const anyDiverged = values.some((d) => d[FIELD.end] === true);
  return {
    $schema: SCHEMA,
    title: chart.title,
    width: CHART_SIZE.width,
    height: CHART_SIZE.height,
    data: { values },
    // log10 is computed in the data, not by a log scale, so the axis reads in decades as taught.
    transform: chart.log10
      ? [
        { calculate: `log(datum[${JSON.stringify(chart.y)}]) / LN10`, as: yField },
        { filter: `isFinite(datum[${JSON.stringify(yField)}])` },
      ]
      : [],
    encoding: {
      x: { field: fieldRef(chart.x), type: "quantitative", title: titles.x },
      y: {
        field: fieldRef(yField),
        type: "quantitative",
        title: titles.y,
        scale: { zero: !chart.log10 },
      },
      color: { field: fieldRef(color.field), type: "nominal", title: color.name },
    },
    layer: [
      {
        mark: { type: "line", point: true },
        // detail keeps trials that share a colour (same lr, another seed) on separate lines.
        encoding: { detail: { field: FIELD.trial, type: "nominal" }, tooltip },
      },
      ...(anyDiverged
        ? [{
          transform: [{ filter: `datum[${JSON.stringify(FIELD.end)}] === true` }],
          mark: { type: "point" as const, shape: "cross", size: 180, filled: true, opacity: 1 },
          encoding: {
            shape: {
              field: FIELD.status,
              type: "nominal" as const,
              title: "status",
              scale: { domain: ["diverged"], range: ["cross"] },
            },
            tooltip: [...tooltip, {
              field: FIELD.note,
              type: "nominal" as const,
              title: "diverged",
            }],
          },
        }]
        : []),
    ],
  };
}
