/**
 * Lecture 004's quadratic cost example: y = 2x + 4 on x = 1..8 with w = 3, b = 2 gives
 * C = 5.75, and gradient descent from there finds w = 2, b = 4.
 */
import { round, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { toyLine } from "../data/toy.ts";

const SOURCE = "004_62dbc0ba7525818d.txt, Quadratic cost / Gradient Descent Algorithm";

export default defineExperiment({
  id: "quadratic-cost",
  title: "Quadratic cost of a line, and gradient descent to its minimum",
  source: SOURCE,
  description:
    "Targets t = 2x + 4 on x = 1..8; model a = w·x + b; C(w, b) = 1/(2n)·Σ (t − a)². The cost " +
    "at w = 3, b = 2, then batch gradient descent from there (∂C/∂w = (1/n)·Σ (a − t)·x, " +
    "∂C/∂b = (1/n)·Σ (a − t)).",
  params: {
    w: { type: "number", default: 3, doc: "initial weight" },
    b: { type: "number", default: 2, doc: "initial bias" },
    lr: {
      type: "number",
      default: 0.03,
      min: 0,
      doc: "learning rate",
      random: { min: 1e-3, max: 0.05, log: true },
    },
    iterations: { type: "integer", default: 5000, min: 1, max: 1000000, doc: "gradient steps" },
  },
  seeds: [1],
  charts: [{
    name: "cost",
    title: "Quadratic cost during gradient descent",
    kind: "line",
    x: "iteration",
    y: "cost",
    log10: true,
    yTitle: "log10(C)",
  }],
  claims: [
    {
      id: "cost-5.75",
      text: "For w = 3, b = 2: C(w, b) = ((6 − 5)² + (8 − 8)² + … + (20 − 26)²) / 16 = 5.75",
      source: SOURCE,
      expected: 5.75,
      tolerance: { float64: 1e-12, float32: 1e-5 },
      when: { w: 3, b: 2 },
      measure: ({ outputs, tolerance }) => ({
        observed: round(outputs.initialCost, 9),
        pass: within(outputs.initialCost, 5.75, tolerance),
      }),
    },
    {
      id: "converges-to-line",
      text: "Gradient descent minimises C: it finds w = 2, b = 4 (the line y = 2x + 4)",
      source: SOURCE,
      expected: [2, 4],
      tolerance: 1e-3,
      measure: ({ outputs, tolerance }) => ({
        observed: [round(outputs.w, 6), round(outputs.b, 6)],
        pass: within([outputs.w, outputs.b], [2, 4], tolerance),
      }),
    },
  ],
  async run(ctx: Context) {
    const be = ctx.backend;
    const line = toyLine();
    const x = be.fromArray(line.X, [1, line.m]);
    const t = be.fromArray(line.Y, [1, line.m]);
    const w = be.fromArray([ctx.params.w as number], [1, 1]);
    const b = be.fromArray([ctx.params.b as number], [1, 1]);
    const lr = ctx.params.lr as number;
    const iterations = ctx.params.iterations as number;
    const every = Math.max(1, Math.floor(iterations / 50));
    const logged: { iteration: number; cost: ReturnType<typeof be.full> }[] = [];
    for (let i = 0; i <= iterations; i++) {
      const cost = be.tidy(() => {
        const a = be.binary("add", be.matmul(w, x), b);
        // C = MSE / 2, so ∂C/∂a = ½·∂MSE/∂a.
        const cost = be.unary("affine", be.loss("mse", a, t), 0.5, 0);
        if (i < iterations) {
          const dA = be.unary("affine", be.lossGrad("mse", a, t), 0.5, 0);
          be.update(w, be.matmul(dA, x, { transB: true }), lr);
          be.update(b, be.sum(dA), lr);
        }
        return cost;
      });
      if (i % every === 0 || i === iterations) logged.push({ iteration: i, cost });
      else cost.dispose();
    }
    const values = await be.readMany([w, b, ...logged.map((l) => l.cost)]);
    for (const tensor of [x, t, w, b, ...logged.map((l) => l.cost)]) tensor.dispose();
    logged.forEach((l, k) => ctx.log({ iteration: l.iteration, cost: values[k + 2][0] }));
    return { initialCost: values[2][0], w: values[0][0], b: values[1][0] };
  },
});
