/**
 * The charts of a digit classifier's run, drawn by every MNIST digits experiment: cost and test
 * accuracy per epoch from metrics.csv, accuracy per digit and the misclassified digits from the
 * outputs (`testReport`'s `perDigit` and `misclassified`).
 */
import type { LineChart, OutputChart } from "../../harness/experiment.ts";

/** Metric `y` per epoch, one line per `color` value if given. */
function byEpoch(
  name: string,
  y: string,
  yTitle: string,
  title: string,
  color?: string,
): LineChart {
  return { name, title, kind: "line", x: "epoch", y, ...(color ? { color } : {}), yTitle };
}

/** "cost" per epoch: the mean training cross-entropy. */
export function epochCostChart(title: string, color?: string): LineChart {
  return byEpoch("cost", "cost", "cross-entropy J", title, color);
}

/** "test-accuracy" per epoch (%). */
export function epochAccuracyChart(title: string, color?: string): LineChart {
  return byEpoch("test-accuracy", "testAccuracy", "test accuracy (%)", title, color);
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
