/**
 * The charts the training experiments draw again and again: the cost curve by iteration from
 * metrics.csv, and the accuracy after the run from the outputs.
 */
import type { LineChart, OutputChart } from "../../harness/experiment.ts";

/** The line chart "cost" of the logged cost by iteration, one line per trial or `color`. */
export function costChart(title: string, more: Partial<LineChart> = {}): LineChart {
  return {
    name: "cost",
    title,
    kind: "line",
    x: "iteration",
    y: "cost",
    xTitle: "iteration",
    yTitle: "cost",
    ...more,
  };
}

/** "cost": cross-entropy cost by logged iteration, one line per `color` value (per `facet` panel). */
export function costByIteration(
  title: string,
  o: { color: string; facet?: string; log10?: boolean },
): LineChart {
  return costChart(title, {
    color: o.color,
    ...(o.facet === undefined ? {} : { facet: o.facet }),
    ...(o.log10 ? { log10: true } : {}),
    yTitle: o.log10 ? "log10 cross-entropy cost" : "cross-entropy cost",
  });
}

/** "accuracy": bars of accuracy (%) from the outputs' `accuracy` field. */
export function accuracyBars(title: string): OutputChart {
  return { name: "accuracy", title, kind: "bars", field: "accuracy", xTitle: "accuracy (%)" };
}

/** Bars of the outputs' list `field` (labels and values), one panel per trial. */
export function barsChart(name: string, title: string, field: string, xTitle: string): OutputChart {
  return { name, title, kind: "bars", field, xTitle };
}
