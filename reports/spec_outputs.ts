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
  compareParams,
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

const MISSING = "missing";

/**
 * Builds an output chart: one panel per trial that has the payload (a trial whose output is
 * null or absent made none, e.g. a variant that has no boundary, and is left out); a malformed
 * payload gets a panel saying what is wrong. With `firstTrialOnly`, the first trial (in key
 * order) with a valid payload. With no valid payload at all, the chart is a note saying why.
 */
export function outputSpec<T>(
  kind: PanelKind<T>,
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params,
  subtitle?: (payloads: readonly T[]) => string | undefined,
): TopLevelSpec {
  const all = trials.map((trial) => {
    const value = outputField(trial.outputs, chart.field);
    const read: Read<T> = value === undefined || value === null
      ? { ok: false, error: MISSING }
      : kind.read(value);
    return { trial, read };
  });
  const present = all.filter((c) => c.read.ok || c.read.error !== MISSING);
  const valid = present.filter((c) => c.read.ok);
  if (valid.length === 0) {
    const why = present.find((c): c is { trial: ChartTrial; read: { ok: false; error: string } } =>
      !c.read.ok
    )?.read.error ?? MISSING;
    return noteSpec(
      chart.title,
      trials.length === 0
        ? "No finished trial to draw."
        : `No trial's outputs.${chart.field} is ${kind.what} (${why}).`,
    );
  }
  // The params that vary across all the trials (even for a firstTrialOnly chart's one panel)
  // name the panels and order them: hidden 1, 2, 5, 20 rather than 1, 20, 2, 5.
  const varying = varyingParams(trials, defaults);
  const byParams = (a: { trial: ChartTrial }, b: { trial: ChartTrial }) =>
    compareParams(withDefaults(a.trial, defaults), withDefaults(b.trial, defaults), varying) ||
    (a.trial.seed ?? 0) - (b.trial.seed ?? 0);
  const chosen = chart.firstTrialOnly ? valid.slice(0, 1) : present.sort(byParams);
  const single = chosen.length === 1;
  const panels = chosen.map(({ trial, read }) => {
    const body = read.ok
      ? kind.panel(read.value, chart, single)
      : notePanel(`outputs.${chart.field}: ${read.error}`);
    return { title: panelTitle(panelLabel(trial, varying, defaults), trial.key), ...body };
  });
  const payloads = chosen.flatMap(({ read }) => read.ok ? [read.value] : []);
  return combinePanels(chart.title, panels, kind.columns, subtitle?.(payloads));
}

function withDefaults(trial: ChartTrial, defaults: Params): Params {
  return { ...defaults, ...trial.params };
}
