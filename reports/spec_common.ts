/**
 * What every chart builder shares: the trials as charts see them, the report's internal field
 * names, sizes, labels for param values and panels, and the loose JSON type the composite
 * builders assemble before it becomes a `TopLevelSpec`.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Json, MetricRow, Params, ParamValue } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";

/** What a chart needs of one trial. */
export interface ChartTrial {
  key: string;
  params: Params;
  status: TrialStatus;
  rows: readonly MetricRow[];
  /** The manifest's step at which a cost first became non-finite, if any. */
  divergedAt?: number;
  seed?: number;
  /** result.json's outputs, for the charts drawn from them. */
  outputs?: Json;
}

/** One inlined data value: metric fields plus the report's own `__` fields (a list: text lines). */
export type ChartDatum = Record<string, number | string | boolean | null | string[]>;

/** Internal field names; the `__` prefix keeps them apart from metric columns and params. */
export const FIELD = {
  trial: "__trial",
  status: "__status",
  /** True on the last finite point of a diverged trial: where the cross goes. */
  end: "__end",
  note: "__note",
} as const;

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Chart size in pixels; shared by the SVG and the interactive view so both look the same. */
export const CHART_SIZE = { width: 480, height: 300 } as const;

/** One panel of a faceted or concatenated chart. */
export const PANEL_SIZE = { width: 300, height: 210 } as const;

/**
 * A Vega-Lite fragment as plain JSON. The composite builders (facets, concats, layers with
 * independent scales) assemble these; `topLevel` types the finished spec, and the tests compile
 * and render every kind, which is what validates the structure.
 */
export type Vl = { [key: string]: VlValue };
export type VlValue = string | number | boolean | null | Vl | VlValue[];

/** Adds the schema and the chart title to a finished spec. */
export function topLevel(title: string | Vl, spec: Vl): TopLevelSpec {
  return { $schema: SCHEMA, title, ...spec } as unknown as TopLevelSpec;
}

/** Escapes a field name for a Vega-Lite `field` (a `.` or `[` would mean a nested property). */
export function fieldRef(name: string): string {
  return name.replace(/[\\.[\]]/g, (c) => "\\" + c);
}

/** A param value as a nominal label: "0.01", "true", "zeros" read the same everywhere. */
export function paramLabel(value: ParamValue | undefined): string {
  return value === undefined ? "(unset)" : String(value);
}

/** The trial's value of a param, or the experiment's default when its manifest predates it. */
export function paramOf(trial: ChartTrial, name: string, defaults: Params): ParamValue | undefined {
  return trial.params[name] ?? defaults[name];
}

/**
 * Labels in display order: numbers ascending when every label reads as a number, booleans
 * false before true, anything else in order of first appearance.
 */
export function sortLabels(labels: readonly string[]): string[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => l !== "" && Number.isFinite(Number(l)))) {
    return distinct.sort((a, b) => Number(a) - Number(b));
  }
  if (distinct.every((l) => l === "false" || l === "true")) return distinct.sort();
  return distinct;
}

/** Params in reading order: by each named param in turn, numbers ascending, text by code point. */
export function compareParams(a: Params, b: Params, names: readonly string[]): number {
  for (const p of names) {
    const x = a[p];
    const y = b[p];
    if (x === y) continue;
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    const [sx, sy] = [String(x), String(y)];
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

/** Whether every label reads as a finite number (a quantitative axis). */
export function allNumeric(labels: readonly string[]): boolean {
  return labels.length > 0 && labels.every((l) => l !== "" && Number.isFinite(Number(l)));
}

/** Where a field named by a chart comes from: a logged metric column if any trial has it. */
export type FieldSource = { kind: "metric" | "param"; name: string };

/** Resolves a name to a metric column (when logged by some trial) or else a param. */
export function fieldSource(name: string, trials: readonly ChartTrial[]): FieldSource {
  const logged = trials.some((t) => t.rows.some((r) => name in r));
  return { kind: logged ? "metric" : "param", name };
}

/** The last logged value of a metric (the last row that has it), if numeric. */
export function finalMetric(trial: ChartTrial, metric: string): number | undefined {
  for (let i = trial.rows.length - 1; i >= 0; i--) {
    const v = trial.rows[i][metric];
    if (v !== undefined) return typeof v === "number" ? v : undefined;
  }
  return undefined;
}

/** Params whose values differ across the trials (what tells their panels apart). */
export function varyingParams(trials: readonly ChartTrial[], defaults: Params): string[] {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  return names.filter((n) =>
    new Set(trials.map((t) => paramLabel(paramOf(t, n, defaults)))).size > 1
  );
}

/** A panel's title: the varying params and the seed, e.g. "hidden=4, seed 2"; else the key. */
export function panelLabel(
  trial: ChartTrial,
  varying: readonly string[],
  defaults: Params,
): string {
  const parts = varying.map((n) => `${n}=${paramLabel(paramOf(trial, n, defaults))}`);
  if (trial.seed !== undefined) parts.push(`seed ${trial.seed}`);
  return parts.length > 0 ? parts.join(", ") : trial.key;
}

/** A panel title naming the trial: its label, with the key beneath for the trials table. */
export function panelTitle(label: string, key: string): Vl {
  return label === key
    ? { text: label, fontSize: 11 }
    : { text: label, subtitle: key, fontSize: 11, subtitleFontSize: 9, subtitleColor: "#5f6368" };
}

/** A panel that says why there is nothing to draw (a missing or malformed output). */
export function notePanel(message: string, width: number = PANEL_SIZE.width): Vl {
  return {
    width,
    height: 40,
    data: { values: [{ [FIELD.note]: message }] },
    mark: { type: "text", align: "left", baseline: "middle", color: "#5f6368", limit: width },
    encoding: {
      text: { field: FIELD.note, type: "nominal" },
      x: { value: 0 },
      y: { value: 20 },
    },
  };
}

/** A whole chart that is only a note. */
export function noteSpec(title: string, message: string): TopLevelSpec {
  return topLevel(title, notePanel(message, CHART_SIZE.width));
}

/**
 * Panels (one per trial) as one chart: the panel itself when there is one, else a wrapped
 * concatenation. `columns` is how many panels sit side by side; `subtitle` explains a mark.
 */
export function combinePanels(
  title: string,
  panels: readonly Vl[],
  columns: number,
  subtitle?: string,
): TopLevelSpec {
  const lines = (...l: (string | undefined)[]) => l.filter((s): s is string => s !== undefined);
  if (panels.length === 1) {
    // A single panel carries the chart title; its own (trial) title becomes the subtitle.
    const { title: own, ...rest } = panels[0];
    const label = isVl(own) && typeof own.text === "string" ? own.text : undefined;
    const sub = lines(label, subtitle);
    return topLevel(sub.length > 0 ? { text: title, subtitle: sub } : title, rest);
  }
  const sub = lines(subtitle);
  return topLevel(sub.length > 0 ? { text: title, subtitle: sub } : title, {
    columns: Math.min(columns, panels.length),
    concat: [...panels],
    spacing: 24,
  });
}

function isVl(v: VlValue | undefined): v is Vl {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
