/**
 * Lectures 2 and 4: derivatives on computation graphs, computed by the harness's own
 * reverse-mode code (nn/graph.ts) on the lectures' worked examples.
 */
import { Graph } from "../nn/graph.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** The sigmoid neuron's nodes from its output back to w0, as the slide chains them. */
const CHAIN = ["z", "v", "u", "r", "t", "s", "q", "w0"] as const;

const NEURON = "Sigmoid neurons - Sigmoid activation function";

export default defineExperiment({
  id: "backprop-graph",
  title: "Backpropagation on computation graphs",
  source: lecture(2, "Computing Derivatives"),
  description:
    "Graphs built node by node as the slides draw them and differentiated backwards by " +
    "nn/graph.ts (float64, on the host: both backends give the same figures). f = (x + y)·z " +
    "at x = −2, y = 5, z = −4 (lecture 4's q = x + y = 3, z = −4; x and y are in its figure); " +
    "J = 4(x + yz) = 4v, v = x + u, u = yz at the params' (x, y, z); and the sigmoid neuron " +
    "1/(1 + exp(−(w0·x0 + w1·x1 + w2))) at w0 = 2, x0 = −1, w1 = −3, x1 = −2, w2 = −3 (the " +
    "figure's values; the text gives the chain's factors) as q = w0·x0, p = w1·x1, s = q + p, " +
    "t = w2 + s, r = −t, u = exp(r), v = u + 1, z = 1/v. The chain's local factors are the " +
    "ratios of consecutive adjoints: ∂v/∂u = (∂z/∂u)/(∂z/∂v), and so on.",
  params: {
    x: { type: "number", default: 3, doc: "x for J = 4(x + yz)" },
    y: { type: "number", default: 2, doc: "y for J = 4(x + yz)" },
    z: { type: "number", default: -1.5, doc: "z for J = 4(x + yz)" },
  },
  seeds: [1],
  charts: [],
  run(ctx) {
    const g1 = new Graph();
    const x = g1.input("x", -2), y = g1.input("y", 5), z = g1.input("z", -4);
    const f = g1.mul("f", g1.add("q", x, y), z);
    const df = g1.backward(f);

    const g2 = new Graph();
    const jx = g2.input("x", ctx.params.x);
    const jy = g2.input("y", ctx.params.y);
    const jz = g2.input("z", ctx.params.z);
    const v = g2.add("v", jx, g2.mul("u", jy, jz));
    const j = g2.mul("J", g2.input("4", 4), v);
    const dj = g2.backward(j);

    const g3 = new Graph();
    const w0 = g3.input("w0", 2), x0 = g3.input("x0", -1);
    const w1 = g3.input("w1", -3), x1 = g3.input("x1", -2), w2 = g3.input("w2", -3);
    const s = g3.add("s", g3.mul("q", w0, x0), g3.mul("p", w1, x1));
    const r = g3.neg("r", g3.add("t", w2, s));
    const u = g3.exp("u", r);
    const vv = g3.add("v", u, g3.input("1", 1));
    const out = g3.reciprocal("z", vv);
    const dn = g3.backward(out);
    const adjoint = (name: string) => dn.get(name)!;
    // ∂z/∂v, then ∂v/∂u, ∂u/∂r, …, ∂q/∂w0: each node's adjoint over the one before it.
    const chain = CHAIN.slice(1).map((name, i) => adjoint(name) / adjoint(CHAIN[i]));

    return Promise.resolve({
      f: { x: df.get("x")!, y: df.get("y")!, z: df.get("z")! },
      j: {
        v: dj.get("v")!,
        x: dj.get("x")!,
        u: dj.get("u")!,
        y: dj.get("y")!,
        z: dj.get("z")!,
      },
      neuron: { w0: adjoint("w0"), x0: adjoint("x0") },
      chain,
    });
  },
  claims: [
    {
      id: "f-partials",
      text: "f = (x + y)·z with q = x + y = 3, z = −4: ∂f/∂x = ∂f/∂q · ∂q/∂x = z · 1 = z = −4 " +
        "and ∂f/∂z = q = 3",
      source: lecture(4, "Chain rule to the rescue!", "z \\cdot 1 = z = -4"),
      expected: [-4, 3],
      check: { kind: "equals" },
      observe: ({ outputs: o }) => [o.f.x, o.f.z],
    },
    {
      id: "j-partials",
      text: "J(x, y, z) = 4(x + yz), v = x + u, u = yz: ∂J/∂v = 4, ∂J/∂x = 4 × 1 = 4, ∂J/∂u = 4, " +
        "∂J/∂y = 4 × z = 4z and ∂J/∂z = 4 × y = 4y, at x = 3, y = 2, z = −1.5: [4, 4, 4, −6, 8]",
      source: lecture(2, "Computing Derivatives", "= 4 \\times z = 4z"),
      expected: [4, 4, 4, -6, 8],
      check: { kind: "equals" },
      when: { x: 3, y: 2, z: -1.5 },
      observe: ({ outputs: o }) => [o.j.v, o.j.x, o.j.u, o.j.y, o.j.z],
    },
    {
      id: "sigmoid-neuron-chain",
      text: "∂z/∂w0 = ∂z/∂v · ∂v/∂u · ∂u/∂r · ∂r/∂t · ∂t/∂s · ∂s/∂q · ∂q/∂w0 = −0.53 · 1 · " +
        "0.37 · (−1) · 1 · 1 · x0: the six numeric factors, to the slide's 2 decimals",
      source: lecture(
        4,
        NEURON,
        "-0.53 \\cdot 1 \\cdot 0.37 \\cdot (-1) \\cdot 1 \\cdot 1 \\cdot x_0",
      ),
      expected: [-0.53, 1, 0.37, -1, 1, 1],
      check: { kind: "rounds", decimals: 2 },
      observe: ({ outputs: o }) => o.chain.slice(0, 6),
    },
    {
      id: "sigmoid-neuron-w0",
      text: "∂z/∂w0 ≈ −0.20 (x0 = −1)",
      source: lecture(4, NEURON, "x_0 = -0.1961 \\approx -0.20"),
      expected: -0.2,
      check: { kind: "rounds", decimals: 2 },
      observe: ({ outputs: o }) => o.neuron.w0,
    },
    {
      id: "sigmoid-neuron-w0-4dp",
      text: "∂z/∂w0 = −0.53 · 1 · 0.37 · (−1) · 1 · 1 · x0 = −0.1961 (x0 = −1), to the " +
        "slide's 4 decimals",
      source: lecture(4, NEURON, "x_0 = -0.1961 \\approx -0.20"),
      expected: -0.1961,
      check: { kind: "rounds", decimals: 4 },
      observe: ({ outputs: o }) => o.neuron.w0,
      note: ({ outputs: o }) =>
        `∂z/∂w0 = ${o.neuron.w0.toFixed(6)}; the product of the factors as rounded, ` +
        `−0.53 · 0.37 = ${(-0.53 * 0.37).toFixed(4)}`,
      diverges: {
        reason: "−0.1961 is the product of the factors rounded to 2 decimals, (−0.53)·0.37; " +
          "with the exact factors, ∂z/∂v = −1/v² = −0.534447 and ∂u/∂r = e⁻¹ = 0.367879, " +
          "∂z/∂w0 = −σ(1)(1 − σ(1)) = −0.196612, which is −0.1966 to 4 decimals (and −0.20 " +
          "to 2, as the slide also says).",
      },
    },
  ],
});
