/**
 * Lecture 4, "Stochastic Gradient Descent:": the gradient of J(θ) = (1/m)Σ L(x⁽ⁱ⁾, y⁽ⁱ⁾, θ) is
 * an average over all m examples, O(m) to compute, "however, the gradient is a prediction and
 * because of that it can be an approximation using a small subset of the training dataset". The
 * gradient of random subsets of MNIST digits is compared with the full gradient, for subsets of
 * 1 to 1000 digits, on the lecture's 784-30-10 fully connected network.
 */
import { loadDigits } from "../data/digits.ts";
import type { Tensor } from "../kernels/backend.ts";
import { digitsMlp, uploadDigits } from "./lib/digits_eval.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const BATCHES = [1, 10, 100, 1000] as const;

/** ‖u − v‖ / ‖v‖ and the cosine of u and v, over parameter lists. */
function compare(u: readonly Float64Array[], v: readonly Float64Array[]) {
  let d2 = 0, v2 = 0, u2 = 0, uv = 0;
  u.forEach((a, p) =>
    a.forEach((x, i) => {
      const y = v[p][i];
      d2 += (x - y) ** 2;
      v2 += y * y;
      u2 += x * x;
      uv += x * y;
    })
  );
  return { relError: Math.sqrt(d2 / v2), cosine: uv / Math.sqrt(u2 * v2) };
}

export default defineExperiment({
  id: "sgd-gradient-estimate",
  title: "A small subset's gradient approximates the full gradient (MNIST, 784-30-10)",
  source: lecture(4, "Stochastic Gradient Descent:"),
  description:
    "The first `examples` MNIST training digits (pixels / 255, one-hot labels) and the " +
    "lecture's fully connected network: 784 inputs, 30 sigmoid hidden units, 10 softmax " +
    "outputs (categorical cross-entropy), weights randn·√(1/n_prev) and zero biases from the " +
    "trial's RandomState (experiments/lib/digits_eval.ts), untrained. The full gradient ∇J " +
    "over all m digits is one backward pass (nn/network.ts). For subsets of B = 1, 10, 100 and " +
    "1000 digits, `draws` subsets each are drawn without replacement (RandomState.choice) and " +
    "their gradient computed the same way; each is compared with ∇J over all parameters: " +
    "relative error ‖∇J_B − ∇J‖/‖∇J‖ and cosine.",
  params: {
    examples: { type: "integer", default: 10000, min: 1000, max: 60000, doc: "m, training digits" },
    draws: { type: "integer", default: 20, min: 1, max: 1000, doc: "subsets drawn per size" },
  },
  quick: { examples: 2000, draws: 5 },
  seeds: [1],
  charts: [{
    name: "error",
    title: "Relative error of a subset's gradient against the full gradient",
    kind: "line",
    x: "batch",
    y: "relError",
    xTitle: "Subset size B",
    yTitle: "‖∇J_B − ∇J‖ / ‖∇J‖ (mean over draws)",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const m = ctx.params.examples, draws = ctx.params.draws;
    const d = await loadDigits({ trainCount: m, testCount: 1 });
    const sets = uploadDigits(b, d);
    const net = digitsMlp(b, ctx.rng, 784, 30, "sigmoid");
    const gradient = async (X: Tensor, Y: Tensor): Promise<Float64Array[]> => {
      const g = b.tidy(() => net.gradients(X, Y, false).grads);
      const values = await b.readMany(g);
      for (const t of g) t.dispose();
      return values;
    };
    const full = await gradient(sets.X, sets.Y);
    const perBatch = [];
    for (const B of BATCHES) {
      const errors: number[] = [], cosines: number[] = [];
      for (let k = 0; k < draws; k++) {
        const idx = b.fromArray(ctx.rng.choice(m, B, false), [1, B]);
        const Xb = b.gatherColumns(sets.X, idx), Yb = b.gatherColumns(sets.Y, idx);
        const c = compare(await gradient(Xb, Yb), full);
        errors.push(c.relError);
        cosines.push(c.cosine);
        for (const t of [idx, Xb, Yb]) t.dispose();
      }
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const row = {
        batch: B,
        relError: mean(errors),
        cosine: mean(cosines),
        minCosine: Math.min(...cosines),
      };
      ctx.log(row);
      perBatch.push(row);
    }
    net.dispose();
    sets.dispose();
    return { m, draws, perBatch };
  },
  claims: [
    {
      id: "subset-approximates-gradient",
      chart: "error",
      text: "The gradient is a prediction and can be an approximation using a small subset of " +
        "the training dataset: the subset gradient's relative error against the full gradient " +
        "(over all m digits: 10,000, or 2,000 in the quick profile) falls as the subset grows " +
        "from 1 to 10, 100 and 1000 digits",
      source: lecture(
        4,
        "Stochastic Gradient Descent:",
        "the gradient is a prediction and because of that it can be an approximation using a " +
          "small subset of the training dataset",
      ),
      expected: null,
      check: { kind: "falls" },
      observe: ({ outputs }) => outputs.perBatch.map((r) => r.relError),
      note: ({ outputs: o }) =>
        o.perBatch.map((r) =>
          `B = ${r.batch}: error ${r.relError.toFixed(3)}, cosine ${r.cosine.toFixed(3)}`
        ).join("; ") + ` (mean of ${o.draws} draws; smallest cosine ` +
        o.perBatch.map((r) => `B = ${r.batch}: ${r.minCosine.toFixed(3)}`).join(", ") +
        ": a single digit's gradient can point uphill).",
    },
  ],
});
