/** An experiment's charts: specs built from its trials, rendered to SVG, named for the site. */
import type { TopLevelSpec } from "vega-lite";
import type { ChartSpec, Params } from "../harness/experiment.ts";
import type { ExperimentRecord } from "../harness/records.ts";
import { safeFileName } from "./layout.ts";
import { renderSvg } from "./render.ts";
import type { ExperimentData } from "./runstore.ts";
import { noteSpec } from "./spec_common.ts";
import { buildChartSpec, type ChartTrial } from "./specs.ts";

/** A chart ready to write: its file stem under `<site>/<id>/`, spec and SVG. */
export interface RenderedChart {
  chart: ChartSpec;
  /** File stem: `<file>.vl.json` and `<file>.svg`. */
  file: string;
  spec: TopLevelSpec;
  svg: string;
}

/** The trials as the spec builders see them. */
export function chartTrials(exp: ExperimentData): ChartTrial[] {
  return exp.trials.map((t) => ({
    key: t.key,
    params: t.manifest.params,
    status: t.manifest.status,
    rows: t.metrics.rows,
    divergedAt: t.manifest.divergedAt,
    seed: t.manifest.seed,
    outputs: t.result.outputs,
  }));
}

/** Each param's default, for trials whose manifest predates the param. */
export function paramDefaults(record: ExperimentRecord): Params {
  return Object.fromEntries(Object.entries(record.params).map(([k, p]) => [k, p.default]));
}

/** File stems for an experiment's charts, unique and safe, in the record's order. */
export function chartFiles(record: ExperimentRecord): string[] {
  const taken = new Set<string>();
  return record.charts.map((c) => safeFileName(c.name, taken));
}

/** Builds and renders every chart of an experiment. */
export async function renderCharts(exp: ExperimentData): Promise<RenderedChart[]> {
  const trials = chartTrials(exp);
  const defaults = paramDefaults(exp.record);
  const files = chartFiles(exp.record);
  return await Promise.all(exp.record.charts.map(async (chart, i) => {
    try {
      const spec = buildChartSpec(chart, trials, defaults);
      return { chart, file: files[i], spec, svg: await renderSvg(spec) };
    } catch (e) {
      // A malformed chart record (from an older or newer runner) costs that chart, not the site.
      const spec = noteSpec(
        typeof chart.title === "string" ? chart.title : chart.name,
        `This chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`,
      );
      return { chart, file: files[i], spec, svg: await renderSvg(spec) };
    }
  }));
}
