/**
 * Lectures 002 and 004: derivatives on computation graphs, computed by the harness's own
 * reverse-mode code (nn/graph.ts) on the lectures' worked examples.
 */
import { round, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";
import { Graph } from "../nn/graph.ts";

const L002 = "002_fe9f34c7e4ab1bab.txt, Computation Graph / Computing Derivatives";
const L004 = "004_62dbc0ba7525818d.txt, Back Propagation: chain rule; Sigmoid neurons";

export default defineExperiment({
  id: "backprop-graph",
  title: "Backpropagation on computation graphs",
  source: `${L002}; ${L004}`,
  description:
    "f = (x + y)·z at x = −2, y = 5, z = −4; J = 4(x + yz) at chosen points; and the sigmoid " +
    "neuron 1/(1 + exp(−(w0·x0 + w1·x1 + w2))) at w0 = 2, x0 = −1, w1 = −3, x1 = −2, w2 = −3, " +
    "built node by node as the slides draw it (q = w0·x0, p = w1·x1, s = q + p, t = w2 + s, " +
    "r = −t, u = exp(r), v = u + 1, z = 1/v) and differentiated backwards.",
  params: {
    x: { type: "number", default: 3, doc: "x for J = 4(x + yz)" },
    y: { type: "number", default: 2, doc: "y for J = 4(x + yz)" },
    z: { type: "number", default: -1.5, doc: "z for J = 4(x + yz)" },
  },
  seeds: [1],
  charts: [],
  claims: [
    {
      id: "f-partials",
      text: "f = (x + y)·z at x = −2, y = 5, z = −4: ∂f/∂x = ∂f/∂y = z = −4 and ∂f/∂z = q = 3",
      source: L004,
      expected: [-4, -4, 3],
      tolerance: 1e-12,
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.f,
        pass: within(outputs.f, [-4, -4, 3], tolerance),
      }),
    },
    {
      id: "j-partials",
      text: "J(x, y, z) = 4(x + yz): ∂J/∂x = 4, ∂J/∂y = 4z, ∂J/∂z = 4y",
      source: L002,
      expected: "[4, 4z, 4y] at the params' (x, y, z)",
      tolerance: 1e-12,
      measure: ({ outputs, params, tolerance }) => ({
        observed: outputs.j,
        pass: within(outputs.j, [4, 4 * (params.z as number), 4 * (params.y as number)], tolerance),
      }),
    },
    {
      id: "sigmoid-neuron",
      text: "∂/∂w0 = −0.53 · 1 · 0.37 · (−1) · 1 · 1 · x0 = −0.1961 ≈ −0.20, and ∂/∂x0 ≈ 0.39",
      source: L004,
      expected: [-0.2, 0.39],
      tolerance: 0.005,
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.neuron.map((v) => round(v, 4)),
        pass: within(outputs.neuron, [-0.2, 0.39], tolerance),
      }),
    },
    {
      id: "sigmoid-neuron-chain",
      text: "Along the chain: ∂z/∂v ≈ −0.53 and ∂v/∂u · ∂u/∂r ≈ 0.37 (the slide's factors)",
      source: L004,
      expected: [-0.53, 0.37],
      tolerance: 0.005,
      measure: ({ outputs, tolerance }) => ({
        observed: outputs.chain.map((v) => round(v, 4)),
        pass: within(outputs.chain, [-0.53, 0.37], tolerance),
      }),
    },
  ],
  run(ctx: Context) {
    const g1 = new Graph();
    const x = g1.input("x", -2), y = g1.input("y", 5), z = g1.input("z", -4);
    const f = g1.mul("f", g1.add("q", x, y), z);
    const df = g1.backward(f);

    const g2 = new Graph();
    const jx = g2.input("x", ctx.params.x as number);
    const jy = g2.input("y", ctx.params.y as number);
    const jz = g2.input("z", ctx.params.z as number);
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
    // The slide's factors: ∂z/∂v = −1/v², then ∂z/∂r / ∂z/∂v = e^r (∂v/∂u = 1).
    const dzdv = dn.get("v")!, dzdr = dn.get("r")!;

    return Promise.resolve({
      f: [df.get("x")!, df.get("y")!, df.get("z")!],
      j: [dj.get("x")!, dj.get("y")!, dj.get("z")!],
      neuron: [dn.get("w0")!, dn.get("x0")!],
      chain: [dzdv, dzdr / dzdv],
    });
  },
});
