/**
 * Lecture 000's numpy warm-up, on the harness's backends: sigmoid and its derivative, softmax
 * and row normalisation with the printed arrays, and the L1 and L2 losses.
 */
import { round, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";

const SOURCE = "000_1f11751481aa60aa.txt";
/** The lecture prints 8 significant digits: float64 must agree to their rounding. */
const PRINTED = { float64: 5e-9, float32: 1e-6 };
/** softmax(x) as the lecture prints it (9 significant digits). */
const SOFTMAX = [
  1.23074356e-04,
  9.97281837e-01,
  2.47201452e-03,
  1.23074356e-04,
  6.68456877e-03,
  3.32805082e-04,
  9.92077968e-01,
  9.04658008e-04,
];

export default defineExperiment({
  id: "numpy-basics",
  title: "numpy basics on the backends: sigmoid, softmax, normalizeRows, L1 and L2",
  source: SOURCE,
  description:
    "The lecture's vectorised helpers computed with the backend's kernels: sigmoid(z) and " +
    "σ′(z) = σ(z)(1 − σ(z)) at z = [−2, −1, 0, 1, 2]; softmax of [[0, 9, 3, 0], [3, 0, 8, 1]] " +
    "along rows; normalizeRows of [[3, 2, 4], [1, 8, 2]] (each row over its L2 norm); L1 and L2 " +
    "losses of ŷ = [.9, .2, .1, .4, .9] against y = [1, 0, 0, 1, 1].",
  params: {},
  seeds: [1],
  charts: [],
  claims: [
    {
      id: "sigmoid",
      text: "sigmoid(z) at z = [−2, −1, 0, 1, 2]",
      source: `${SOURCE}, Computing Sigmoid Function`,
      expected: [0.11920292, 0.26894142, 0.5, 0.73105858, 0.88079708],
      tolerance: PRINTED,
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.sigmoid.map((v) => round(v, 8)),
        pass: within(
          outputs.sigmoid,
          [0.11920292, 0.26894142, 0.5, 0.73105858, 0.88079708],
          tolerance,
        ),
      }),
    },
    {
      id: "sigmoid-derivative",
      text: "sigmoid_derivative(z) = σ(z)(1 − σ(z)) at z = [−2, −1, 0, 1, 2]",
      source: `${SOURCE}, Computing Sigmoid Function`,
      expected: [0.10499359, 0.19661193, 0.25, 0.19661193, 0.10499359],
      tolerance: PRINTED,
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.sigmoidDerivative.map((v) => round(v, 8)),
        pass: within(
          outputs.sigmoidDerivative,
          [0.10499359, 0.19661193, 0.25, 0.19661193, 0.10499359],
          tolerance,
        ),
      }),
    },
    {
      id: "softmax",
      text: "softmax(x) = [[1.23074356e-04 9.97281837e-01 2.47201452e-03 1.23074356e-04] " +
        "[6.68456877e-03 3.32805082e-04 9.92077968e-01 9.04658008e-04]]",
      source: `${SOURCE}, Broadcasting in numpy (softmax)`,
      expected: SOFTMAX,
      tolerance: { float64: 5e-9, float32: 1e-6 },
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.softmax.map((v) => Number(v.toPrecision(9))),
        // Relative to each printed value (9 significant digits).
        pass: outputs.softmax.length === 8 &&
          outputs.softmax.every((v, i) => Math.abs(v - SOFTMAX[i]) <= tolerance * SOFTMAX[i]),
      }),
    },
    {
      id: "normalize-rows",
      text: "x_norm = [[5.38516481] [8.30662386]]; normalizeRows(x) = [[0.55708601 0.37139068 " +
        "0.74278135] … (the slide prints the first row)",
      source: `${SOURCE}, normalizeRows`,
      expected: [5.38516481, 8.30662386, 0.55708601, 0.37139068, 0.74278135],
      tolerance: PRINTED,
      measure: ({ outputs, tolerance }) => {
        const observed = [...outputs.norms, ...outputs.normalizeRows.slice(0, 3)];
        return {
          observed: observed.map((v) => round(v, 9)),
          pass: within(
            observed,
            [5.38516481, 8.30662386, 0.55708601, 0.37139068, 0.74278135],
            tolerance,
          ),
        };
      },
    },
    {
      id: "l1",
      text: "L1 = Σ|y − ŷ| = 1.1",
      source: `${SOURCE}, Loss Functions`,
      expected: 1.1,
      tolerance: { float64: 1e-12, float32: 1e-6 },
      measure: ({ outputs, tolerance }) => ({
        observed: round(outputs.l1, 9),
        pass: within(outputs.l1, 1.1, tolerance),
      }),
    },
    {
      id: "l2",
      text: "L2 = Σ(y − ŷ)² = 0.43",
      source: `${SOURCE}, Loss Functions`,
      expected: 0.43,
      tolerance: { float64: 1e-12, float32: 1e-6 },
      measure: ({ outputs, tolerance }) => ({
        observed: round(outputs.l2, 9),
        pass: within(outputs.l2, 0.43, tolerance),
      }),
    },
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const z = b.fromArray([-2, -1, 0, 1, 2], [1, 5]);
    const x = b.fromArray([0, 9, 3, 0, 3, 0, 8, 1], [2, 4]);
    const rows = b.fromArray([3, 2, 4, 1, 8, 2], [2, 3]);
    const yhat = b.fromArray([0.9, 0.2, 0.1, 0.4, 0.9], [1, 5]);
    const y = b.fromArray([1, 0, 0, 1, 1], [1, 5]);
    const outs = b.tidy(() => [
      b.activation("sigmoid", z),
      b.activationGrad("sigmoid", z),
      b.softmax(x, 1),
      b.unary("sqrt", b.sum(b.unary("square", rows), 1)),
      b.loss("l1", yhat, y),
      b.loss("l2", yhat, y),
    ]);
    const normalized = b.tidy(() => b.binary("div", rows, outs[3]));
    const [s, ds, sm, norms, l1, l2, nr] = (await b.readMany([...outs, normalized])).map((v) =>
      Array.from(v)
    );
    normalized.dispose();
    for (const t of [z, x, rows, yhat, y, ...outs]) t.dispose();
    return {
      sigmoid: s,
      sigmoidDerivative: ds,
      softmax: sm,
      norms,
      normalizeRows: nr,
      l1: l1[0],
      l2: l2[0],
    };
  },
});
