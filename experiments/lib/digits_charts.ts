/**
 * The charts of a digit classifier's run, drawn by every MNIST digits experiment: cost and test
 * accuracy per epoch from metrics.csv, accuracy per digit and the misclassified digits from the
 * outputs (`testReport`'s `perDigit` and `misclassified`).
 */
import type { LineChart, OutputChart } from "../../harness/experiment.ts";

/** "cost" per epoch: the mean training cross-entropy (one line per `color` value, if given). */
export function epochCostChart(title: string, color?: string): LineChart {
  return {
    name: "cost",
    title,
    kind: "line",
    x: "epoch",
    y: "cost",
    ...(color ? { color } : {}),
    yTitle: "cross-entropy J",
  };
}

/** "test-accuracy" per epoch (%), one line per `color` value if given. */
export function epochAccuracyChart(title: string, color?: string): LineChart {
  return {
    name: "test-accuracy",
    title,
    kind: "line",
    x: "epoch",
    y: "testAccuracy",
    ...(color ? { color } : {}),
    yTitle: "test accuracy (%)",
  };
}

/** "per-digit": the confusion matrix's diagonal as bars. */
export function perDigitChart(title: string): OutputChart {
  const axes = { xTitle: "correct (%)", yTitle: "true digit" };
  return { name: "per-digit", title, kind: "bars", field: "perDigit", ...axes };
}

/** "misclassified": the first misclassified test digits. */
export function misclassifiedChart(title: string): OutputChart {
  return { name: "misclassified", title, kind: "images", field: "misclassified" };
}
