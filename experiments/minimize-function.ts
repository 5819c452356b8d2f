/**
 * Lecture 4, "Minimize some function", on the lecture's own quadratic cost (y = 2x + 4, x = 1 …
 * 8, C(w, b) = (1/2n)Σ(t − (wx + b))²): a function has its minimum where its derivative is zero,
 * and f(x + ε) ≈ f(x) + εf′(x) tells how to change x to improve y.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const XS = [1, 2, 3, 4, 5, 6, 7, 8];
const STEPS = [1, 0.1, 0.01, 0.001] as const;

/** C(w, b) and its gradient [∂C/∂w, ∂C/∂b] = (1/n)[Σ(a − t)x, Σ(a − t)], on the backend. */
async function costAndGradient(
  bk: Backend,
  X: Tensor,
  T: Tensor,
  w: number,
  b: number,
): Promise<{ cost: number; gradient: number[] }> {
  const n = X.shape[1];
  const ts = bk.tidy(() => {
    const A = bk.unary("affine", X, w, b); // a = w·x + b
    const E = bk.binary("sub", A, T);
    return [
      bk.unary("affine", bk.loss("sse", A, T), 1 / n, 0), // ½Σ(t − a)² / n
      bk.unary("affine", bk.sum(bk.binary("mul", E, X)), 1 / n, 0),
      bk.unary("affine", bk.sum(E), 1 / n, 0),
    ];
  });
  const [c, gw, gb] = await bk.readMany(ts);
  for (const t of ts) t.dispose();
  return { cost: c[0], gradient: [gw[0], gb[0]] };
}

export default defineExperiment({
  id: "minimize-function",
  title: "Minimizing a function: zero derivative at the minimum, f(x + ε) ≈ f(x) + εf′(x)",
  source: lecture(4, "Minimize some function"),
  description:
    "The lecture's quadratic cost example: targets t = 2x + 4 on x = 1 … 8, a = w·x + b, " +
    "C(w, b) = (1/2n)Σ(t − a)², with its gradient (1/n)[Σ(a − t)x, Σ(a − t)], both computed " +
    "by the backend. At the minimum w = 2, b = 4 (C = 0, and C ≥ 0 everywhere) the gradient " +
    "is read; at the lecture's w = 3, b = 2 (C = 5.75) the first-order approximation C(w + ε, " +
    "b) ≈ C(w, b) + ε·∂C/∂w is compared with C(w + ε, b) for ε = 1, 0.1, 0.01, 0.001.",
  params: {},
  seeds: [1],
  charts: [],
  async run(ctx) {
    const bk = ctx.backend;
    const X = bk.fromArray(XS, [1, XS.length]);
    const T = bk.fromArray(XS.map((x) => 2 * x + 4), [1, XS.length]);
    const atMinimum = await costAndGradient(bk, X, T, 2, 4);
    const atStart = await costAndGradient(bk, X, T, 3, 2);
    const taylor = [];
    for (const eps of STEPS) {
      const moved = await costAndGradient(bk, X, T, 3 + eps, 2);
      const error = Math.abs(moved.cost - (atStart.cost + eps * atStart.gradient[0]));
      taylor.push({ eps, cost: moved.cost, error, errorPerStep: error / eps });
      ctx.log({ eps, error, errorPerStep: error / eps });
    }
    X.dispose();
    T.dispose();
    return { atMinimum, atStart, taylor };
  },
  claims: [
    {
      id: "zero-derivative-at-minimum",
      text: "A function has a minimum value when its derivative at that point is zero: at " +
        "C's minimum w = 2, b = 4 both partial derivatives are 0",
      source: lecture(
        4,
        "Minimize some function",
        "a function has a minimum (or maximum) value when its derivative at that point is zero",
      ),
      expected: [0, 0],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.atMinimum.gradient,
      note: ({ outputs: o }) =>
        `C(2, 4) = ${o.atMinimum.cost}; at w = 3, b = 2, C = ${o.atStart.cost} and the ` +
        `gradient is [${o.atStart.gradient}], not zero.`,
    },
    {
      id: "first-order-approximation",
      text: "f(x + ε) ≈ f(x) + εf′(x): at w = 3, b = 2 the error of C(w, b) + ε·∂C/∂w against " +
        "C(w + ε, b), per unit of ε, shrinks as ε goes from 1 to 0.1, 0.01 and 0.001",
      source: lecture(
        4,
        "Minimize some function",
        "$$f(x + \\epsilon) \\approx f(x) + \\epsilon f'(x)$$",
      ),
      expected: null,
      check: { kind: "falls" },
      observe: ({ outputs }) => outputs.taylor.map((t) => t.errorPerStep),
      note: ({ outputs: o }) =>
        "Error " + o.taylor.map((t) => `ε = ${t.eps}: ${t.error.toPrecision(3)}`).join(", ") +
        " (for this quadratic, ε²·½·∂²C/∂w² = 12.75·ε²).",
    },
  ],
});
