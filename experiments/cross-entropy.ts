/** Lecture 4's cross-entropy example: p = [0, 1, 0], q = [0.228, 0.619, 0.153] gives 0.479. */
import { defineExperiment, lecture } from "./prelude.ts";

export default defineExperiment({
  id: "cross-entropy",
  title: "Cross-entropy of a softmax output against a one-hot label",
  source: lecture(4, "What is cross entropy?"),
  description:
    "H(p, q) = −Σ p·log q for the true distribution p = [0, 1, 0] and the softmax output " +
    "q = [0.228, 0.619, 0.153], computed by the backend's categorical cross-entropy kernel.",
  params: {},
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const h = b.tidy(() =>
      b.loss("cce", b.fromArray([0.228, 0.619, 0.153], [3, 1]), b.fromArray([0, 1, 0], [3, 1]))
    );
    const [v] = await b.read(h);
    h.dispose();
    return { h: v };
  },
  claims: [{
    id: "h-0.479",
    text: "H = − (0.0 * ln(0.228) + 1.0 * ln(0.619) + 0.0 * ln(0.153)) = 0.479",
    source: lecture(4, "What is cross entropy?", "In this case the loss is **0.479**"),
    expected: 0.479,
    // −ln 0.619 = 0.479650…: the slide prints its first three decimals (rounding gives 0.480).
    check: { kind: "truncates", decimals: 3 },
    observe: ({ outputs }) => outputs.h,
  }],
});
