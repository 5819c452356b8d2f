/**
 * The cross-entropy as the lectures write it and justify it: the per-example term
 * y·log a + (1 − y)·log(1 − a) unguarded (as the lectures' loops accumulate it), the labels'
 * log-likelihood under a model's ŷ, and the loss of one example in its two bounding cases.
 */
import type { XY } from "../../data/reg2d.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { rowActivations } from "./logreg_rows.ts";

/** y·log a + (1 − y)·log(1 − a) at every entry, without a guard on the logs. */
export function logLikelihoodTerms(b: Backend, A: Tensor, Y: Tensor): Tensor {
  return b.binary(
    "add",
    b.binary("mul", Y, b.unary("log", A)),
    b.binary("mul", b.unary("affine", Y, -1, 1), b.unary("log", b.unary("affine", A, -1, 1))),
  );
}

/**
 * At logistic regression's weights `w`, `bias` on `data` (X, Y on the device): the backend's
 * cross-entropy J, and log P(labels) = log Π p(y|x) with p(y|x) = ŷ^y (1 − ŷ)^(1−y), the product
 * taken as it stands on the host.
 */
export async function likelihoodAt(
  b: Backend,
  w: number[],
  bias: number,
  data: XY,
  X: Tensor,
  Y: Tensor,
): Promise<{ logLikelihood: number; crossEntropy: number; m: number }> {
  const W0 = b.fromArray(w, [1, 2]);
  const B0 = b.fromArray([bias], [1, 1]);
  const A0 = rowActivations(b, W0, B0, X);
  const J0 = b.loss("bce", A0, Y);
  const [a0, j0] = await b.readMany([A0, J0]);
  [W0, B0, A0, J0].forEach((x) => x.dispose());
  let likelihood = 1;
  for (let i = 0; i < data.m; i++) {
    const y = data.Y[i];
    likelihood *= a0[i] ** y * (1 - a0[i]) ** (1 - y);
  }
  return { logLikelihood: Math.log(likelihood), crossEntropy: j0[0], m: data.m };
}

/** The loss of one example −[y log ŷ + (1 − y) log(1 − ŷ)] for ŷ = 0.01 … 0.99, at y = 1 and 0. */
export async function boundingLosses(
  b: Backend,
): Promise<{ yhat: number[]; lossY1: number[]; lossY0: number[] }> {
  const yhat = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  const YH = b.fromArray([...yhat, ...yhat], [2, 99]);
  const YL = b.fromArray([...yhat.map(() => 1), ...yhat.map(() => 0)], [2, 99]);
  const per = b.tidy(() => b.unary("neg", logLikelihoodTerms(b, YH, YL)));
  const perExample = await b.read(per);
  [YH, YL, per].forEach((x) => x.dispose());
  return {
    yhat,
    lossY1: Array.from(perExample.slice(0, 99)),
    lossY0: Array.from(perExample.slice(99)),
  };
}
