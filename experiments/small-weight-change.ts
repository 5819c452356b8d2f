/**
 * Lecture 004, "Sigmoid neurons": a small change in a weight or bias moves a sigmoid unit's
 * output only a little, while it can flip a perceptron's output from 0 to 1. Measured on the
 * lecture's OR unit (w = [0.5, 0.5], b = −0.25) over a grid of inputs, for bias changes ±ε
 * from 0.1 down to 1e-6.
 */
import { defineExperiment, lecture, project } from "./prelude.ts";

const SECTION = "Sigmoid neurons - Sigmoid activation function";
const EPSILONS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

export default defineExperiment({
  id: "small-weight-change",
  title: "A small change in a bias: the sigmoid's output moves a little, the perceptron's flips",
  source: lecture(4, SECTION),
  description: "The lecture's OR unit, w = [0.5, 0.5] and b = −0.25 (its boundary passes " +
    "through the lecture's point p = [0, 0.5]), on a grid × grid of inputs covering [0, 1]² " +
    "(p among them). For each ε in 0.1, 0.01, …, 1e-6 the bias is changed by +ε and by −ε and, " +
    "over the grid and both signs, the largest change |Δa| of the output is measured for a " +
    "perceptron a = hardlim(w·p + b) and for a sigmoid neuron a = σ(w·p + b), with the count " +
    "of inputs whose perceptron output flips.",
  params: {
    grid: { type: "integer", default: 101, min: 2, max: 1001, doc: "inputs per axis on [0, 1]" },
  },
  seeds: [1],
  charts: [{
    name: "change",
    title: "Largest output change for a bias change ±ε, perceptron vs sigmoid",
    kind: "line",
    x: "log10_epsilon",
    y: "log10_max_change",
    color: "unit",
    xTitle: "log10(ε)",
    yTitle: "log10(max |Δ output|)",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const n = ctx.params.grid;
    const inputs = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        inputs[i * n + j] = i / (n - 1);
        inputs[n * n + i * n + j] = j / (n - 1);
      }
    }
    const p = b.fromArray(inputs, [2, n * n]);
    const z = b.tidy(() =>
      b.binary("add", b.matmul(b.fromArray([0.5, 0.5], [1, 2]), p), b.full([1, 1], -0.25))
    );
    const units = {
      perceptron: (t: typeof z) => b.unary("step", t, 0),
      sigmoid: (t: typeof z) => b.activation("sigmoid", t),
    };
    const maxima: ReturnType<typeof b.full>[] = [];
    const flips: ReturnType<typeof b.full>[] = [];
    for (const eps of EPSILONS) {
      for (const unit of ["perceptron", "sigmoid"] as const) {
        maxima.push(b.tidy(() => {
          const a = units[unit](z);
          const changes = [eps, -eps].map((d) =>
            b.unary("abs", b.binary("sub", units[unit](b.unary("affine", z, 1, d)), a))
          );
          return b.max(b.concatRows(changes[0], changes[1]), 1);
        }));
      }
      flips.push(b.tidy(() => {
        const a = units.perceptron(z);
        const changed = [eps, -eps].map((d) =>
          b.unary("abs", b.binary("sub", units.perceptron(b.unary("affine", z, 1, d)), a))
        );
        return b.sum(b.binary("add", changed[0], changed[1]));
      }));
    }
    const values = await b.readMany([...maxima, ...flips]);
    for (const t of [p, z, ...maxima, ...flips]) t.dispose();
    const perceptron: number[] = [], sigmoid: number[] = [];
    EPSILONS.forEach((eps, k) => {
      const pm = Math.max(...values[2 * k]), sm = Math.max(...values[2 * k + 1]);
      perceptron.push(pm);
      sigmoid.push(sm);
      for (const [unit, change] of [["perceptron", pm], ["sigmoid", sm]] as const) {
        ctx.log({
          unit,
          epsilon: eps,
          log10_epsilon: Math.log10(eps),
          max_change: change,
          log10_max_change: Math.log10(change),
        });
      }
    });
    const flipped = values.slice(2 * EPSILONS.length).map((v) => v[0]);
    return { epsilons: EPSILONS, perceptron, sigmoid, flipped, inputs: n * n };
  },
  claims: [
    {
      id: "perceptron-flips",
      chart: "change",
      text: "Not possible with perceptrons! — a small change in the weights or bias of a " +
        "perceptron can sometimes cause its output to completely flip, say from 0 to 1: the " +
        "largest |Δa| over the inputs for a bias change of ±ε, ε = 0.1 … 1e-6",
      source: lecture(
        4,
        SECTION,
        "a small change in the weights or bias of any single perceptron in the network can " +
          "sometimes cause the output of that perceptron to completely flip, say from 0 to 1",
      ),
      expected: [1, 1, 1, 1, 1, 1],
      check: { kind: "equals" },
      when: { grid: 101 },
      observe: ({ outputs }) => outputs.perceptron,
      note: ({ outputs: o }) =>
        "Inputs (of " + o.inputs + ") whose output flips, by ε: " +
        o.epsilons.map((e, k) => `${e}: ${o.flipped[k]}`).join(", ") + ".",
    },
    {
      id: "sigmoid-small-change",
      chart: "change",
      text: "We want a small change in weight to cause only a small corresponding change in " +
        "the output: for a sigmoid neuron, the largest |Δa| over the inputs for a bias change " +
        "of ±ε stays below ε, for ε = 0.1 … 1e-6",
      source: project(
        "ε: σ′ ≤ 1/4 bounds the change by ε/4; the bound ε (4× that) asks for a change " +
          "proportional to ε and keeps float32 rounding out of the verdict (webgpu's σ gives " +
          "3.6e-7 at ε = 1e-6, where σ′ predicts 2.5e-7)",
      ),
      expected: EPSILONS,
      check: { kind: "below" },
      when: { grid: 101 },
      observe: ({ outputs }) => outputs.sigmoid,
      note: ({ outputs: o }) =>
        "max |Δa| / ε: " + o.sigmoid.map((s, k) => s / o.epsilons[k]).join(", ") + ".",
    },
  ],
});
