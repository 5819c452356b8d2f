/**
 * What a digit classifier's test run is reported by, in the digits experiments: the final test
 * accuracy, the per-epoch records, the confusion matrix with its diagonal as bars, and the first
 * misclassified test digits.
 */
import type { Digits } from "../../data/digits.ts";
import {
  confusionMatrix,
  type EpochRecord,
  misclassifiedDigits,
  perDigitBars,
} from "./digits_eval.ts";

/** The report of `fitDigits`'s result on `d`'s test set (the last epoch's predictions). */
export function testReport(d: Digits, fit: { epochs: EpochRecord[]; predictions: Float64Array }) {
  const confusion = confusionMatrix(fit.predictions, d.testY);
  return {
    /** Test accuracy (%) after the last epoch. */
    testAccuracy: fit.epochs.at(-1)!.testAccuracy,
    epochs: fit.epochs,
    /** confusion[true digit][predicted digit] on the test set. */
    confusion,
    perDigit: perDigitBars(confusion),
    misclassified: misclassifiedDigits(d, fit.predictions),
  };
}
