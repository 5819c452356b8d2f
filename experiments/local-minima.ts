/**
 * Local minima, two lecture statements: lecture 002 says a too small learning rate "can become
 * trapped in local minima more easily" (on its Adaline slides), lecture 004 that "the cost
 * functions may have many local minima that are not optimal". Measured where each can hold:
 * Adaline's cost (the lecture's setting: is there any local minimum to be trapped in?) and the
 * XOR network of lecture 004 (non-convex), trained from the same restarts at three learning rates
 * for the same learning-rate × iterations, so that a small rate is not merely slower.
 */
import { lectureIris } from "../data/iris.ts";
import { sseHessian } from "./lib/sse_hessian.ts";
import { trainXorRestarts, xorInits } from "./lib/xor_restarts.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const RATES = [0.1, 1, 10] as const;
const PROBLEMS = "Problems with learning rates";
const TRAPPED = "can become trapped in local minima more easily";
const CRITICAL = "Critical points:";

export default defineExperiment({
  id: "local-minima",
  title: "Local minima: Adaline's convex cost, and where XOR training settles",
  source: lecture(4, CRITICAL),
  description: "Adaline: the Hessian of SSE/2 on the lecture's raw Iris features (bias row of " +
    "ones, sepal and petal length; X̃X̃ᵀ computed by the backend) and its eigenvalues — all " +
    "positive means a strictly convex quadratic with a single minimum. XOR: `restarts` networks " +
    "[2, 2, 1] (sigmoid hidden and output, cross-entropy, weights uniform in ±1 from the " +
    "trial's RandomState, b = 0), each trained by batch gradient descent at learning rates " +
    "0.1, 1 and 10 from the same initial weights, for `time` / lr iterations (the same " +
    "distance along the gradient at each rate). A restart has settled at a non-optimal cost " +
    "when it misclassifies a point and its cost fell by less than 1 % over the last tenth of " +
    "its iterations.",
  params: {
    restarts: { type: "integer", default: 20, min: 1, max: 1000, doc: "XOR initialisations" },
    time: {
      type: "number",
      default: 2000,
      min: 1,
      doc: "learning rate × iterations of every XOR run (2000: xor-two-layer's lr 1 × 2000)",
    },
  },
  quick: { restarts: 5, time: 500 },
  seeds: [1],
  charts: [{
    name: "settled",
    title: "XOR restarts that settle without learning XOR, by learning rate (same lr × steps)",
    kind: "line",
    x: "log10_lr",
    y: "failures",
    xTitle: "log10(learning rate)",
    yTitle: "restarts that did not learn XOR",
  }],
  async run(ctx) {
    const sel = lectureIris();
    const adaline = await sseHessian(ctx.backend, sel.x, sel.shape);
    // XOR from the same restarts at each learning rate.
    const inits = xorInits(ctx.rng, ctx.params.restarts, 2, 1);
    const runs = [];
    for (const lr of RATES) {
      const iterations = Math.round(ctx.params.time / lr);
      const logEvery = Math.max(1, Math.round(iterations / 10));
      const trained = await trainXorRestarts(ctx.backend, inits, lr, {
        epochs: iterations,
        logEvery,
      });
      const learned = trained.map((t) => t.learned);
      const finalCosts = trained.map((t) => t.costs.at(-1)!.cost);
      // Each cost's drop over the last tenth of the iterations, relative to the cost there.
      const lateDrop = trained.map((t, i) => {
        const before = t.costs.findLast((c) => c.epoch <= iterations - 1 - logEvery)!.cost;
        return (before - finalCosts[i]) / before;
      });
      const failures = learned.filter((l) => !l).length;
      const settled = learned.filter((l, i) => !l && lateDrop[i] < 0.01).length;
      ctx.log({ lr, log10_lr: Math.log10(lr), iterations, failures, settled });
      runs.push({ lr, iterations, learned, finalCosts, lateDrop, settled, failures });
    }
    return { adaline, xor: runs };
  },
  claims: [
    {
      id: "adaline-has-no-local-minimum",
      text: `A too small learning rate ${TRAPPED} — on Adaline's cost, where the lecture says ` +
        "it: for a local minimum other than the global one, the Hessian of SSE/2 would need " +
        "an eigenvalue ≤ 0; measured: its smallest eigenvalue",
      source: lecture(2, PROBLEMS, TRAPPED),
      expected: 0,
      check: { kind: "atMost" },
      observe: ({ outputs }) => outputs.adaline.eigenvalues[0],
      note: ({ outputs }) =>
        `Eigenvalues of X̃X̃ᵀ: ${outputs.adaline.eigenvalues.join(", ")}: SSE/2 is a strictly ` +
        "convex quadratic with one minimum, so a small learning rate is slow there (see " +
        "adaline-learning-rate), never trapped.",
      diverges: {
        reason: "Adaline's SSE/2 is a convex quadratic in the weights: the Hessian X̃X̃ᵀ of the " +
          "lecture's raw features has eigenvalues 0.645, 110.2 and 4050.0, all positive, so " +
          "the cost has a single minimum (w = [−0.705, −0.275, 0.772], SSE/2 = 2.4354, " +
          "references/adaline_iris.json) and no local minimum to be trapped in.",
      },
    },
    {
      id: "small-rate-trapped-more-xor",
      chart: "settled",
      text: `A too small learning rate ${TRAPPED} — tested where local minima can exist, the ` +
        "XOR network [2, 2, 1]: restarts (of 20) left without XOR learned at learning rates " +
        "0.1, 1 and 10 for the same learning rate × iterations must fall as the rate grows",
      source: lecture(2, PROBLEMS, TRAPPED),
      expected: null,
      check: { kind: "falls" },
      when: { restarts: 20, time: 2000 },
      observe: ({ outputs }) => outputs.xor.map((r) => r.failures),
      note: ({ outputs }) =>
        "Restarts not learning XOR: " +
        outputs.xor.map((r) => `lr ${r.lr} × ${r.iterations}: ${r.failures}`).join("; ") + ".",
      diverges: {
        reason: "At the same learning rate × iterations (2000), the same 20 restarts leave 7 " +
          "unlearned at lr 0.1 and at lr 1 (both follow the gradient flow to the same places) " +
          "and 10 at lr 10: the large rate fails more often, the small one not more easily.",
      },
    },
    {
      id: "not-optimal-minima",
      chart: "settled",
      text: "The cost functions may have many local minima that are not optimal: of 20 XOR " +
        "restarts (lr 1, 2000 iterations), those that end without XOR learned at a cost that " +
        "has stopped falling (< 1 % over the last 200 iterations) — at least 1",
      source: lecture(
        4,
        CRITICAL,
        "The cost functions may have many local minima that are not optimal",
      ),
      expected: 1,
      check: { kind: "atLeast" },
      when: { restarts: 20, time: 2000 },
      observe: ({ outputs }) => outputs.xor[1].settled,
      note: ({ outputs }) => {
        const r = outputs.xor[1];
        const stuck = r.finalCosts.map((c, i) => ({ c, d: r.lateDrop[i], ok: r.learned[i] }))
          .filter((s) => !s.ok);
        const best = Math.min(...r.finalCosts.filter((_, i) => r.learned[i]));
        return `Settled restarts end at costs ${stuck.map((s) => s.c).join(", ")}, having ` +
          `fallen by at most ${Math.max(...stuck.map((s) => s.d))} (relative) over the last ` +
          `tenth, while the learned ones reach ${best} and keep falling toward 0. The settled ` +
          "costs still creep down, so these are plateaus gradient descent does not leave in " +
          "practice rather than isolated minima.";
      },
    },
  ],
});
