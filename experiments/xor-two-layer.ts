/**
 * Lecture 004, "XOR Solution???" and the hands-on 2-Layer_Sigmoid_XOR: a network with one
 * hidden layer of sigmoid units learns XOR, which no single unit can. Each trial trains many
 * restarts (initial weights drawn in turn from the trial's RandomState) at one hidden size and
 * counts the restarts that classify all four points.
 */
import { logicGate } from "../data/toy.ts";
import { round } from "../harness/claims.ts";
import {
  type Context,
  type DecisionBoundary,
  defineExperiment,
  type TrialView,
} from "../harness/experiment.ts";
import { decisionBoundary } from "../nn/boundary.ts";
import { initializeParameters } from "../nn/init.ts";
import { Network } from "../nn/network.ts";
import { trainBatched } from "../nn/fused.ts";

const SOURCE = "004_62dbc0ba7525818d.txt, XOR Solution???; Multi Layer Perceptron (MLP); " +
  "HANDS ON: 2-Layer_Sigmoid_XOR.ipynb";

type XorOutput = {
  hidden: number;
  restarts: number;
  successes: number;
  successRate: number;
  /** Per restart: all four points classified correctly, and the final cross-entropy. */
  learned: boolean[];
  finalCosts: number[];
  /** The restart drawn below: the first that learned XOR, else the lowest-cost one. */
  shown: { restart: number; learned: boolean };
  boundary: DecisionBoundary;
};

export default defineExperiment<XorOutput>({
  id: "xor-two-layer",
  title: "A two-layer sigmoid network learns XOR: success rate by hidden size",
  source: SOURCE,
  description:
    "XOR's four points (inputs [0,0], [0,1], [1,0], [1,1], targets 0, 1, 1, 0) and a network " +
    "[2, hidden, 1] with sigmoid hidden units and a sigmoid output, trained on the " +
    "cross-entropy by batch gradient descent (lr 1, 2000 iterations). Each trial draws " +
    "`restarts` initial weight sets in turn from its RandomState (W uniform in " +
    "[−initRange, initRange), b = 0, as nn/init.ts's `uniform`) and trains them together " +
    "(nn/fused.ts trainBatched, each restart its own network). A restart succeeds when " +
    "ŷ > 0.5 is right on all four points. The logged cost is the mean over the restarts.",
  params: {
    hidden: { type: "integer", default: 2, min: 1, max: 64, doc: "hidden sigmoid units" },
    restarts: { type: "integer", default: 20, min: 1, max: 1000, doc: "initialisations per trial" },
    lr: {
      type: "number",
      default: 1,
      min: 0,
      doc: "learning rate",
      random: { min: 0.1, max: 10, log: true },
    },
    epochs: { type: "integer", default: 2000, min: 1, max: 1000000, doc: "gradient steps" },
    initRange: { type: "number", default: 1, min: 0, doc: "initial weights uniform in ±initRange" },
  },
  defaultSweep: [{ hidden: 1 }, { hidden: 2 }, { hidden: 3 }, { hidden: 4 }, { hidden: 8 }],
  quick: { epochs: 1000 },
  seeds: [1],
  charts: [
    {
      name: "success-rate",
      title: "Share of restarts that learn XOR, by hidden units",
      kind: "summary",
      x: "hidden",
      y: "success_rate",
      xTitle: "hidden sigmoid units",
      yTitle: "success rate (all 4 points right)",
    },
    {
      name: "cost",
      title: "Mean cross-entropy over the restarts, by hidden units",
      kind: "line",
      x: "epoch",
      y: "cost",
      color: "hidden",
      xTitle: "iteration",
      yTitle: "mean cost J",
    },
    {
      name: "boundary",
      title: "ŷ of one successful restart per hidden size (hidden 1: none succeeds; the " +
        "lowest-cost restart)",
      kind: "boundary",
      field: "boundary",
      xTitle: "x1",
      yTitle: "x2",
    },
  ],
  claims: [
    {
      id: "one-hidden-unit-fails",
      text: 'One hidden sigmoid unit gives a single monotone projection of the input — "one ' +
        'decision boundary" — so it cannot classify XOR: the measured success rate is < 1',
      source: `${SOURCE.split(";")[0]}; One single perceptron neuron: One decision boundary`,
      expected: "< 1 (0: no restart can succeed)",
      when: { hidden: 1 },
      measure: ({ outputs: o }) => ({
        observed: `${o.successes} of ${o.restarts} (${round(o.successRate, 4)})`,
        pass: o.successRate < 1,
      }),
    },
    {
      id: "two-hidden-units-can",
      text: '"Two perceptron neurons: Two decision boundaries": with 2 hidden units XOR can ' +
        "be learned — measured as at least one restart of 20 classifying all four points",
      source: SOURCE,
      expected: "≥ 1 restart",
      when: { hidden: 2 },
      measure: ({ outputs: o }) => ({
        observed: `${o.successes} of ${o.restarts} (${round(o.successRate, 4)})`,
        pass: o.successes >= 1,
      }),
    },
    ...[4, 8].map((h) => ({
      id: `hidden-${h}-learns`,
      text: `With ${h} hidden units the 2-layer sigmoid network learns XOR reliably: success ` +
        "rate ≥ 0.8 over the restarts",
      source: SOURCE,
      expected: "≥ 0.8",
      when: { hidden: h },
      measure: ({ outputs: o }: TrialView<XorOutput>) => ({
        observed: `${o.successes} of ${o.restarts} (${round(o.successRate, 4)})`,
        pass: o.successRate >= 0.8,
      }),
    })),
  ],
  async run(ctx: Context) {
    const b = ctx.backend;
    const h = ctx.params.hidden as number, R = ctx.params.restarts as number;
    const range = ctx.params.initRange as number;
    const dims = [2, h, 1];
    const values = Array.from(
      { length: R },
      () => initializeParameters(ctx.rng, dims, "uniform", { low: -range, high: range }),
    );
    const { X, Y } = logicGate("XOR");
    const spec = { layerDims: dims, hidden: "sigmoid" as const, output: "sigmoid" as const };
    const x = b.fromArray(X, [2, 4]);
    const y = b.fromArray(Y, [1, 4]);
    try {
      // The restarts share everything but their initial weights: one batched training
      // (nn/fused.ts; on webgpu one network per lane, on cpu one after another).
      const costs = new Map<number, number[]>();
      const trained = await trainBatched(
        b,
        spec,
        values,
        x,
        y,
        values.map(() => ({ learningRate: ctx.params.lr as number })),
        {
          optimizer: "gd",
          epochs: ctx.params.epochs as number,
          logEvery: 100,
          onLog: (_, { epoch, cost }) => costs.set(epoch, [...costs.get(epoch) ?? [], cost]),
        },
      );
      for (const [epoch, cs] of [...costs].sort((p, q) => p[0] - q[0])) {
        ctx.log({ epoch, cost: cs.reduce((s, c) => s + c, 0) / cs.length });
      }
      const learned: boolean[] = [], finalCosts: number[] = [];
      for (const t of trained) {
        const net = Network.fromValues(b, spec, t.params);
        const out = b.tidy(() => net.forward(x).AL);
        const p = await b.read(out);
        out.dispose();
        net.dispose();
        learned.push(Array.from(p).every((v, i) => (v > 0.5 ? 1 : 0) === Y[i]));
        // The cross-entropy of this restart, guarded as the backend's loss.
        const J = -Array.from(p).reduce(
          (s, v, i) =>
            s + Y[i] * Math.log(Math.max(v, 1e-12)) + (1 - Y[i]) * Math.log(Math.max(1 - v, 1e-12)),
          0,
        ) / 4;
        finalCosts.push(J);
      }
      const successes = learned.filter((v) => v).length;
      ctx.log({ success_rate: successes / R, successes });
      let shown = learned.indexOf(true);
      if (shown < 0) shown = finalCosts.indexOf(Math.min(...finalCosts));
      const net = Network.fromValues(b, spec, trained[shown].params);
      const boundary = await decisionBoundary(b, (g) => net.forward(g).AL, X, Y, {
        n: 61,
        pad: 0.5,
        xTitle: "x1",
        yTitle: "x2",
      });
      net.dispose();
      return {
        hidden: h,
        restarts: R,
        successes,
        successRate: successes / R,
        learned,
        finalCosts: finalCosts.map((c) => round(c, 7)),
        shown: { restart: shown, learned: learned[shown] },
        boundary,
      };
    } finally {
      x.dispose();
      y.dispose();
    }
  },
});
