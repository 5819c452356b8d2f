/**
 * Lecture 002's Adaline data on the device, as every Adaline experiment sets it up: the
 * perceptron's 100 Iris samples (sepal and petal length, y = −1 for setosa, 1 otherwise), raw or
 * standardised; and the cost of a trained weight vector on them.
 */
import { type IrisVariant, lectureIris, standardizeRows } from "../../data/iris.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";

export interface IrisTensors {
  /** Features × samples as uploaded (raw or standardised), and the ±1 labels, on the host. */
  features: Float64Array;
  shape: [number, number];
  labels: number[];
  x: Tensor;
  y: Tensor;
  dispose(): void;
}

/** Uploads the lecture's selection (`iris`: the file variant), standardised when asked. */
export function uploadIris(
  b: Backend,
  opts: { standardize?: boolean; iris?: IrisVariant } = {},
): IrisTensors {
  const sel = lectureIris(opts.iris);
  const features = opts.standardize ? standardizeRows(sel.x, sel.shape) : sel.x;
  const x = b.fromArray(features, sel.shape);
  const y = b.fromArray(sel.y, [1, sel.y.length]);
  return {
    features,
    shape: sel.shape,
    labels: sel.y,
    x,
    y,
    dispose: () => {
      x.dispose();
      y.dispose();
    },
  };
}

/** The backend's `sse` loss of the linear unit w·x + b (`weights` bias first) on x against y. */
export async function linearUnitSse(
  b: Backend,
  weights: readonly number[],
  x: Tensor,
  y: Tensor,
): Promise<number> {
  const loss = b.tidy(() => {
    const [bias, ...w] = weights;
    const o = b.binary("add", b.matmul(b.fromArray(w, [1, w.length]), x), b.full([1, 1], bias));
    return b.loss("sse", o, y);
  });
  const [value] = await b.read(loss);
  loss.dispose();
  return value;
}
