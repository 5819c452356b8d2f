/**
 * The frame shared by the charts drawn from result.json's outputs (boundary, function, bars,
 * images): which trials get a panel, reading each one's payload, and a note panel in place of a
 * payload that is missing or malformed, so one bad trial never hides the others.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Json, OutputChart, Params } from "../harness/experiment.ts";
import type { Read } from "./payloads.ts";
import { outputField } from "./payloads.ts";
import {
  type ChartTrial,
  combinePanels,
  notePanel,
  noteSpec,
  panelLabel,
  panelTitle,
  varyingParams,
  type Vl,
} from "./spec_common.ts";

/** How one kind turns a payload into a panel. */
export interface PanelKind<T> {
  /** What the payload is called in notes, e.g. "a DecisionBoundary". */
  what: string;
  read(value: Json | undefined): Read<T>;
  /** The panel for one payload; `single` when it is the chart's only panel (drawn larger). */
  panel(payload: T, chart: OutputChart, single: boolean): Vl;
  /** Panels per row when there are several. */
  columns: number;
}

/**
 * The trials a chart draws: all of them, or with `firstTrialOnly` the first (in key order) whose
 * outputs hold the field — a failed first trial would otherwise leave the chart empty.
 */
export function chartTrialsFor(
  chart: OutputChart,
  trials: readonly ChartTrial[],
): ChartTrial[] {
  if (!chart.firstTrialOnly) return [...trials];
  const first = trials.find((t) => outputField(t.outputs, chart.field) !== undefined) ??
    trials[0];
  return first ? [first] : [];
}

/** Builds an output chart: one panel per chosen trial, or a note when none has the payload. */
export function outputSpec<T>(
  kind: PanelKind<T>,
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params,
  subtitle?: (payloads: readonly T[]) => string | undefined,
): TopLevelSpec {
  const chosen = chartTrialsFor(chart, trials);
  const reads = chosen.map((t): Read<T> => {
    const value = outputField(t.outputs, chart.field);
    return value === undefined ? { ok: false, error: "missing" } : kind.read(value);
  });
  if (!reads.some((r) => r.ok)) {
    const why = reads.find((r): r is { ok: false; error: string } => !r.ok);
    return noteSpec(
      chart.title,
      chosen.length === 0
        ? "No finished trial to draw."
        : `No trial's outputs.${chart.field} is ${kind.what}` + (why ? ` (${why.error}).` : "."),
    );
  }
  // Params that vary across all the trials name a panel, even a firstTrialOnly chart's one.
  const varying = varyingParams(trials, defaults);
  const single = chosen.length === 1;
  const panels = chosen.map((t, i) => {
    const r = reads[i];
    const body = r.ok
      ? kind.panel(r.value, chart, single)
      : notePanel(`outputs.${chart.field}: ${r.error}`);
    return { title: panelTitle(panelLabel(t, varying, defaults), t.key), ...body };
  });
  const payloads = reads.flatMap((r) => r.ok ? [r.value] : []);
  return combinePanels(chart.title, panels, kind.columns, subtitle?.(payloads));
}
