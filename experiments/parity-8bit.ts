/**
 * Lecture 002, "Why deep networks?": even parity of 8 bits is simple with 3 layers of XOR gates
 * and "much more complex" with 2⁸ = 256 choices in one layer; and (its "Problems with
 * Perceptron") a single perceptron, whose classes must be linearly separable, never converges on
 * it. Each network is built from hardlim threshold units (lecture 004's XOR of OR and NAND) and
 * evaluated on all 256 inputs by the backend.
 */
import { trainPerceptron } from "../nn/perceptron.ts";
import {
  asColumns,
  bitPatterns,
  connections,
  countingLayers,
  evenParity,
  lookupLayers,
  thresholdCorrect,
  thresholdUnits,
  xorTree,
} from "./lib/threshold_nets.ts";
import { defineExperiment, lecture, project } from "./prelude.ts";

const DEEP = "Why deep networks?";
const BITS = 8;

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
    const patterns = bitPatterns(BITS);
    const target = patterns.map(evenParity);
    const x = b.fromArray(asColumns(patterns), [BITS, patterns.length]);
    const tree = xorTree(BITS), table = lookupLayers(patterns), eight = countingLayers(BITS);
    const nets = {
      xorTree: {
        correct: await thresholdCorrect(b, tree.layers, x, target),
        gatesPerLayer: tree.gates,
        thresholdLayers: tree.layers.length,
        units: thresholdUnits(tree.layers),
        parameters: connections(tree.layers),
      },
      lookup: {
        correct: await thresholdCorrect(b, table, x, target),
        hidden: table[0].b.length,
        parameters: connections(table),
      },
      counting: {
        correct: await thresholdCorrect(b, eight, x, target),
        hidden: eight[0].b.length,
        parameters: connections(eight),
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
