/**
 * Lecture 002's Iris data (first 100 rows, sepal and petal length, y = −1 for setosa and 1
 * otherwise) on the device with the features standardised as the lecture's X_std (population
 * standard deviation): the set Adaline, the delta rule and the gradient-descent variants train on.
 */
import { lectureIris, standardizeRows } from "../../data/iris.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";

/** X_std (2 × 100) and y (1 × 100) as tensors, y on the host too; the caller disposes X and Y. */
export function uploadIrisStd(b: Backend): { X: Tensor; Y: Tensor; y: number[]; m: number } {
  const sel = lectureIris();
  const m = sel.y.length;
  const X = b.fromArray(standardizeRows(sel.x, sel.shape), sel.shape);
  return { X, Y: b.fromArray(sel.y, [1, m]), y: sel.y, m };
}
