/**
 * Lecture 4, "Multi Layer Perceptron (MLP)": the universal approximation theorem — "a
 * feed-forward network with a single hidden layer containing a finite number of neurons can
 * approximate continuous functions on compact subsets of Rⁿ, under mild assumptions on the
 * activation function … when given appropriate parameters". Parameters are given here by
 * construction (no training): a staircase of steep sigmoids, or a sum of ReLU hinges, fitted to
 * f(x) = sin(2πx) on [0, 1]; the network's largest error shrinks as its hidden layer grows.
 */
import { Network } from "../nn/network.ts";
import { reluHinges, sigmoidStaircase } from "./lib/approximators.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** Hidden units of the networks built; the interval is cut into units + 1 cells (sigmoid). */
const UNITS = [3, 15, 63, 255] as const;
const GRID = 1001;
const f = (x: number) => Math.sin(2 * Math.PI * x);

export default defineExperiment({
  id: "universal-approximation",
  title: "One hidden layer approximates a continuous function: sin(2πx), 3 to 255 units",
  source: lecture(4, "Multi Layer Perceptron (MLP)"),
  description:
    "Networks [1, n, 1] (nn/network.ts, linear output) with n = 3, 15, 63 and 255 hidden " +
    "units, their parameters set by construction: sigmoid units as a staircase (unit k steps " +
    "by f(c_k) − f(c_{k−1}) at x = k/(n + 1), c_k the cell centres, steepness 40·(n + 1)) and " +
    "ReLU units as hinges at k/n whose weights are the slope changes of f's linear " +
    "interpolant. Each network is run by the backend on 1001 evenly spaced x in [0, 1]; the " +
    "largest |network(x) − sin(2πx)| is read against f computed on the host.",
  params: {},
  seeds: [1],
  charts: [{
    name: "error",
    title: "Largest error on [0, 1] against hidden units",
    kind: "line",
    x: "units",
    y: "maxError",
    color: "activation",
    log10: true,
    xTitle: "Hidden units",
    yTitle: "log10 max |network − sin(2πx)|",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const xs = Float64Array.from({ length: GRID }, (_, i) => i / (GRID - 1));
    const X = b.fromArray(xs, [1, GRID]);
    const errors: Record<"sigmoid" | "relu", number[]> = { sigmoid: [], relu: [] };
    for (const activation of ["sigmoid", "relu"] as const) {
      for (const units of UNITS) {
        const layers = activation === "sigmoid" ? sigmoidStaircase(f, units) : reluHinges(f, units);
        const net = Network.fromValues(
          b,
          { layerDims: [1, units, 1], hidden: activation, output: "linear" },
          layers,
        );
        const out = b.tidy(() => net.forward(X).AL);
        const [y] = await b.readMany([out]);
        out.dispose();
        net.dispose();
        const maxError = y.reduce((e, v, i) => Math.max(e, Math.abs(v - f(xs[i]))), 0);
        errors[activation].push(maxError);
        ctx.log({ activation, units, maxError });
      }
    }
    X.dispose();
    return { units: [...UNITS], errors };
  },
  claims: [
    {
      id: "sigmoid-approximates",
      chart: "error",
      text: "A single hidden layer with a finite number of neurons can approximate continuous " +
        "functions on compact subsets of Rⁿ when given appropriate parameters: sigmoid units " +
        "set as a staircase approximate sin(2πx) on [0, 1] ever closer — the largest error " +
        "falls as the hidden units grow from 3 to 15, 63 and 255",
      source: lecture(
        4,
        "Multi Layer Perceptron (MLP)",
        "can approximate continuous functions on compact subsets of $R^n$",
      ),
      expected: null,
      check: { kind: "falls" },
      observe: ({ outputs }) => outputs.errors.sigmoid,
      note: ({ outputs: o }) =>
        "Largest error " +
        o.units.map((n, i) => `${n} units: ${o.errors.sigmoid[i].toPrecision(3)}`).join(", ") +
        " (a staircase of n + 1 cells is off by up to about π/(n + 1)).",
    },
    {
      id: "relu-approximates",
      chart: "error",
      text: "Under mild assumptions on the activation function: ReLU units set as hinges " +
        "approximate sin(2πx) on [0, 1] ever closer too — the largest error falls as the hidden " +
        "units grow from 3 to 15, 63 and 255",
      source: lecture(
        4,
        "Multi Layer Perceptron (MLP)",
        "under mild assumptions on the activation function",
      ),
      expected: null,
      check: { kind: "falls" },
      observe: ({ outputs }) => outputs.errors.relu,
      note: ({ outputs: o }) =>
        "Largest error " +
        o.units.map((n, i) => `${n} units: ${o.errors.relu[i].toPrecision(3)}`).join(", ") +
        " (linear interpolation on n cells is off by up to about (2π)²/(8n²)).",
    },
  ],
});
