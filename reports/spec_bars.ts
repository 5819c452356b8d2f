/**
 * Bar charts (kind "bars"): horizontal bars in the payload's order with each bar's note written
 * on it (e.g. "350×": inside the bar's end when it fits, else just past it); bars with a `group`
 * sit in one labelled row per group.
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputChart, Params } from "../harness/experiment.ts";
import type { Bar } from "../schema/payloads.ts";
import { readBars } from "./spec_common.ts";
import type { ChartDatum, ChartTrial, Vl } from "./spec_common.ts";
import { outputSpec, type PanelKind } from "./spec_common.ts";

/** The bar chart's own data fields. */
export const BARS = {
  label: "__label",
  value: "__value",
  group: "__group",
  note: "__note",
  inside: "__inside",
} as const;

/** A note is written inside a bar at least this fraction of the longest one. */
const INSIDE = 0.3;

/** One datum per bar, in the payload's order. */
export function barsData(bars: readonly Bar[]): ChartDatum[] {
  const longest = Math.max(...bars.map((b) => Math.abs(b.value)), 0);
  return bars.map((b) => {
    const d: ChartDatum = { [BARS.label]: b.label, [BARS.value]: b.value };
    if (b.group !== undefined) d[BARS.group] = b.group;
    if (b.note !== undefined) {
      d[BARS.note] = b.note;
      d[BARS.inside] = b.value > 0 && longest > 0 && b.value / longest >= INSIDE;
    }
    return d;
  });
}

function panel(bars: Bar[], chart: OutputChart, single: boolean): Vl {
  const values = barsData(bars);
  const grouped = bars.some((b) => b.group !== undefined);
  const xTitle = chart.xTitle ?? "value";
  const noted = (inside: boolean): Vl => ({
    condition: {
      test: `datum[${JSON.stringify(BARS.inside)}] === ${inside}`,
      field: BARS.note,
      type: "nominal",
    },
    value: "",
  });
  const tooltip: Vl[] = [
    ...(grouped ? [{ field: BARS.group, type: "nominal", title: "group" }] : []),
    { field: BARS.label, type: "nominal", title: chart.yTitle ?? "label" },
    { field: BARS.value, type: "quantitative", title: xTitle, format: ".4~g" },
    { field: BARS.note, type: "nominal", title: "note" },
  ];
  const layer: Vl[] = [
    {
      mark: { type: "bar", height: { band: 0.75 } },
      encoding: {
        ...(grouped
          ? {
            color: {
              field: BARS.group,
              type: "nominal",
              title: "group",
              sort: [...new Set(bars.map((b) => b.group ?? ""))],
              legend: null,
            },
          }
          : {}),
        tooltip,
      },
    },
    // Two text layers on the same data (no filters, so a grouped facet keeps one source): the
    // note inside the bar's end where it fits, else just past it.
    {
      mark: { type: "text", align: "right", dx: -5, color: "white", fontWeight: "bold" },
      encoding: { text: noted(true) },
    },
    {
      mark: { type: "text", align: "left", dx: 5, color: "#1d1d1f", fontWeight: "bold" },
      encoding: { text: noted(false) },
    },
  ];
  const width = single ? 440 : 280;
  const encoding: Vl = {
    y: {
      field: BARS.label,
      type: "nominal",
      title: chart.yTitle ?? null,
      // The payload's order, not alphabetical: the author lists bars as the lecture does.
      sort: null,
      // Labels whole: a bar's label is what the lecture calls it.
      axis: { labelLimit: 0, labelFontSize: 11 },
    },
    x: { field: BARS.value, type: "quantitative", title: xTitle },
  };
  if (!grouped) {
    return { width, height: { step: 24 }, data: { values }, encoding, layer };
  }
  // One labelled block per group, stacked, sharing the value axis; each lists only its own
  // labels. (A row facet would do the same, but layered facets with independent scales make
  // Vega-Lite warn on every compile.)
  const groups = [...new Set(bars.map((b) => b.group ?? ""))];
  return {
    vconcat: groups.map((g) => ({
      title: { text: g, anchor: "start", fontSize: 11 },
      width,
      height: { step: 24 },
      data: { values: values.filter((d) => (d[BARS.group] ?? "") === g) },
      encoding,
      layer,
    })),
    spacing: 10,
    resolve: { scale: { x: "shared", y: "independent", color: "shared" } },
  };
}

const BARS_KIND: PanelKind<Bar[]> = {
  what: "a list of Bar",
  read: readBars,
  panel,
  columns: 2,
};

/** Builds a bar chart. */
export function barsSpec(
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  return outputSpec(BARS_KIND, chart, trials, defaults);
}
