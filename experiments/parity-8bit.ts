/**
 * Lecture 002, "Why deep networks?": even parity of 8 bits is simple with 3 layers of XOR gates
 * and "much more complex" with 2⁸ = 256 choices in one layer; and (its "Problems with
 * Perceptron") a single perceptron, whose classes must be linearly separable, never converges on
 * it. Each network is built from hardlim threshold units (lecture 004's XOR of OR and NAND) and
 * evaluated on all 256 inputs by the backend.
 */
import { trainPerceptron } from "../nn/perceptron.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const DEEP = "Why deep networks?";
const BITS = 8;

/** One threshold layer: a = hardlim(W·x + b), W given as rows. */
type Layer = { w: number[][]; b: number[] };

/** Layers of 2-input XOR gates over `n` inputs, pairwise, down to one output (XNOR last). */
function xorTree(n: number): { layers: Layer[]; gates: number[] } {
  const layers: Layer[] = [], gates: number[] = [];
  for (let width = n; width > 1; width /= 2) {
    const k = width / 2;
    const last = k === 1;
    // Hidden: per gate OR (x + y − 0.5) and NAND (−x − y + 1.5).
    const hidden: Layer = { w: [], b: [] };
    const out: Layer = { w: [], b: [] };
    for (let g = 0; g < k; g++) {
      const row = (s: number) => Array.from({ length: width }, (_, j) => (j >> 1) === g ? s : 0);
      hidden.w.push(row(1), row(-1));
      hidden.b.push(-0.5, 1.5);
      // AND of OR and NAND is XOR; the last gate outputs its complement (even parity).
      const o = Array.from({ length: 2 * k }, (_, j) => (j >> 1) === g ? (last ? -1 : 1) : 0);
      out.w.push(o);
      out.b.push(last ? 1.5 : -1.5);
    }
    layers.push(hidden, out);
    gates.push(k);
  }
  return { layers, gates };
}

/** One hidden unit per 8-bit pattern (fires on that pattern only) and an OR of the even ones. */
function lookup(patterns: number[][]): Layer[] {
  const hidden: Layer = { w: [], b: [] };
  for (const v of patterns) {
    hidden.w.push(v.map((bit) => 2 * bit - 1));
    hidden.b.push(0.5 - v.reduce((s, bit) => s + bit, 0));
  }
  const even = patterns.map((v) => (v.reduce((s, bit) => s + bit, 0) % 2 === 0 ? 1 : 0));
  return [hidden, { w: [even], b: [-0.5] }];
}

/** h_k = [Σx ≥ k] for k = 1..n, output hardlim(Σ (−1)^k h_k + 0.5): even parity. */
function counting(n: number): Layer[] {
  const hidden: Layer = { w: [], b: [] };
  for (let k = 1; k <= n; k++) {
    hidden.w.push(Array(n).fill(1));
    hidden.b.push(0.5 - k);
  }
  return [hidden, {
    w: [Array.from({ length: n }, (_, k) => ((k + 1) % 2 === 0 ? 1 : -1))],
    b: [0.5],
  }];
}

/** Connections (non-zero weights) and biases: the network's size, zeros of dense layers aside. */
const parameters = (layers: Layer[]) =>
  layers.reduce((s, l) => s + l.w.flat().filter((v) => v !== 0).length + l.b.length, 0);

export default defineExperiment({
  id: "parity-8bit",
  title: "8-bit even parity: 3 layers of XOR gates, 256 neurons in one layer, one perceptron",
  source: lecture(2, DEEP),
  description: "All 256 inputs of 8 bits; the target is 1 when the number of ones is even. " +
    "Networks of threshold units a = hardlim(W·a + b) (hardlim(n) = 1 for n ≥ 0): (1) three " +
    "layers of 2-input XOR gates, 4, 2 and 1 gate, each gate a hidden OR and NAND unit and an " +
    "output AND unit (the last gate's output complemented: even parity); (2) one hidden layer " +
    "of 2⁸ = 256 units, one per input pattern, and an output unit that ORs the even ones; " +
    "(3) one hidden layer of 8 units h_k = [Σx ≥ k] and an output alternating their signs. " +
    "Then a single perceptron (hardlim, bias, zero initial weights, η = 1) trained online on " +
    "the 256 inputs for `epochs` epochs.",
  params: {
    epochs: { type: "integer", default: 50, min: 1, max: 10000, doc: "perceptron epochs" },
  },
  quick: { epochs: 10 },
  seeds: [1],
  charts: [{
    name: "perceptron-errors",
    title: "Single perceptron on 8-bit parity: misclassifications per epoch",
    kind: "line",
    x: "epoch",
    y: "errors",
    xTitle: "Epoch",
    yTitle: "Misclassifications (of 256)",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const m = 2 ** BITS;
    const patterns = Array.from(
      { length: m },
      (_, i) => Array.from({ length: BITS }, (_, j) => (i >> (BITS - 1 - j)) & 1),
    );
    const target = patterns.map((v) => (v.reduce((s, bit) => s + bit, 0) % 2 === 0 ? 1 : 0));
    const flat = new Float64Array(BITS * m);
    patterns.forEach((v, i) => v.forEach((bit, j) => flat[j * m + i] = bit));
    const x = b.fromArray(flat, [BITS, m]);
    const evaluate = async (layers: Layer[]) => {
      const out = b.tidy(() =>
        layers.reduce(
          (a, l) =>
            b.unary(
              "step",
              b.binary(
                "add",
                b.matmul(b.fromArray(l.w.flat(), [l.w.length, l.w[0].length]), a),
                b.fromArray(l.b, [l.b.length, 1]),
              ),
              0,
            ),
          x,
        )
      );
      const a = await b.read(out);
      out.dispose();
      return target.filter((t, i) => a[i] === t).length;
    };
    const tree = xorTree(BITS);
    const table = lookup(patterns);
    const eight = counting(BITS);
    const nets = {
      xorTree: {
        correct: await evaluate(tree.layers),
        gatesPerLayer: tree.gates,
        thresholdLayers: tree.layers.length,
        units: tree.layers.reduce((s, l) => s + l.b.length, 0),
        parameters: parameters(tree.layers),
      },
      lookup: {
        correct: await evaluate(table),
        hidden: table[0].b.length,
        parameters: parameters(table),
      },
      counting: {
        correct: await evaluate(eight),
        hidden: eight[0].b.length,
        parameters: parameters(eight),
      },
    };
    const res = await trainPerceptron(b, x, target, {
      eta: 1,
      epochs: ctx.params.epochs,
      output: "hardlim",
      bias: true,
    });
    x.dispose();
    res.errors.forEach((errors, i) => ctx.log({ epoch: i + 1, errors }));
    return { ...nets, perceptron: { errors: res.errors, weights: res.weights } };
  },
  claims: [
    {
      id: "xor-tree",
      text: "To check even parity of an 8-bit input, using 3 layers of XOR gates (4, 2 and 1 " +
        "gates, each of three threshold units) is simple: inputs of 256 it gets right",
      source: lecture(2, DEEP, "Using 3 layers of XOR gates is much simple"),
      expected: 256,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.xorTree.correct,
      note: ({ outputs: o }) =>
        `${o.xorTree.units} threshold units in ${o.xorTree.thresholdLayers} layers, ` +
        `${o.xorTree.parameters} connections and biases.`,
    },
    {
      id: "lookup-256",
      text: "Using 2⁸ = 256 choices (256 neurons in 1 layer, one per input pattern) also " +
        "computes it, much more complex: inputs of 256 it gets right",
      source: lecture(2, DEEP, "Using $2^8 = 256$ choices would be much more complex"),
      expected: 256,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.lookup.correct,
      note: ({ outputs: o }) =>
        `${o.lookup.hidden} hidden units and ${o.lookup.parameters} connections and biases, ` +
        `against the XOR tree's ${o.xorTree.parameters}.`,
    },
    {
      id: "one-layer-of-8",
      text: "One layer need not have 256 neurons: 8 hidden threshold units h_k = [Σx ≥ k] and " +
        "one output compute 8-bit even parity too — inputs of 256 it gets right",
      source: project(
        "a construction added here, not in the lecture: the slide's 256 neurons are one per " +
          "input pattern; 8 threshold units counting the ones suffice in one layer",
      ),
      expected: 256,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.counting.correct,
      note: ({ outputs: o }) =>
        `${o.counting.hidden} hidden units, ${o.counting.parameters} connections and biases.`,
    },
    {
      id: "perceptron-never-converges",
      chart: "perceptron-errors",
      text: "The 2 classes must be separable by a linear hyperplane; if not, then the " +
        "perceptron algorithm does NOT converge: a single perceptron on 8-bit parity makes at " +
        "least one misclassification in every epoch",
      source: lecture(
        2,
        "Problems with Perceptron",
        "If not, then the perceptron algorithm does NOT converge!",
      ),
      expected: 1,
      check: { kind: "atLeast" },
      observe: ({ outputs }) => Math.min(...outputs.perceptron.errors),
      note: ({ outputs: o }) =>
        `Misclassifications per epoch: fewest ${Math.min(...o.perceptron.errors)}, last ${
          o.perceptron.errors.at(-1)
        } of 256.`,
    },
  ],
});
