/**
 * Lectures 000, 002 and 004 on activation functions, as the backend computes them: g(z) of
 * sigmoid, tanh, ReLU, leaky ReLU (slopes 0.01 and 0.1), softplus, the unit step, the linear
 * unit, ELU, maxout and softmax against the lectures' own expressions in float64 NumPy
 * (references/activations.py), and lecture 004's contrast between a perceptron's step and a
 * sigmoid neuron. Their derivatives are experiments/activation-derivatives.ts, training with each
 * hidden activation experiments/activation-training.ts.
 */
import { valueTolerance } from "./lib/activation_bounds.ts";
import { measureValues, PLOTTED } from "./lib/activation_grid.ts";
import { defineExperiment, lecture, project, type TrialView } from "./prelude.ts";

type View = TrialView<Awaited<ReturnType<typeof measureValues>>>;

const L0_CODE = (quote: string) => lecture(0, "Activation Functions", quote);
const L2_TABLE = (quote?: string) => lecture(2, "Activation functions can be ...", quote);

/** One claim per g: the backend's kernel against the lecture's expression in float64 NumPy. */
const VALUE_CLAIMS = [
  ["sigmoid", "sigmoid(x) = 1 / (1 + np.exp(-x))", L0_CODE("s = 1 / (1 + np.exp(-x))")],
  ["tanh", "tanh(x) = np.tanh(x)", L0_CODE("t = np.tanh(x)")],
  ["relu", "relu(x) = np.maximum(0, x)", L0_CODE("r = np.maximum(0, x)")],
  [
    "leaky_relu",
    "leakyrelu(x, slope) = np.maximum(x * slope, x), with the lecture's slope 0.01 " +
    "(LeakyReLu(z) = 0.01z if z ≤ 0)",
    L0_CODE("l = np.maximum(x * slope, x)"),
  ],
  [
    "softplus",
    "Smooth ReLu: softplus(x) = np.log(1 + np.exp(x))",
    L0_CODE("p = np.log(1 + np.exp(x))"),
  ],
  [
    "unit_step",
    "Unit step: g(z) = 1 if z ≥ 0, −1 otherwise (the backend's sign unit)",
    L2_TABLE(),
  ],
  ["linear", "Linear: g(z) = z", L2_TABLE("Linear $g(z) = z$")],
  [
    "leaky_relu_0.1",
    "Leaky ReLU: max(0.1x, x) (the backend's leaky ReLU with slope 0.1)",
    lecture(4, "Leaky ReLU", "$$\\max(0.1x, x)$$"),
  ],
  [
    "elu",
    "ELU: x if x ≥ 0, α(eˣ − 1) if x < 0, with α = 1",
    lecture(4, "ELU", "\\alpha(e^x - 1) & x < 0"),
  ],
] as const;

export default defineExperiment({
  id: "activations",
  title: "Activation functions, as the backend computes them",
  source: lecture(0, "Activation Functions"),
  description:
    "g(z) computed by the backend's activation kernels on z = −8 … 8 in steps of 1/16 (257 " +
    "points, exact in float32): sigmoid, tanh, ReLU, leaky ReLU (slopes 0.01 and 0.1), " +
    "softplus, ELU (α = 1), the unit step (the sign unit) and the linear unit; maxout " +
    "max(w₁·x + b₁, w₂·x + b₂) on x = (z, z²/8 − 2) with W = [[1, −0.5], [−0.75, 0.25]], " +
    "b = [0.5, −0.25] (matrix product, bias and a column maximum); softmax over the columns " +
    "(z, −z/2, z/4 + 1). Each g is compared with the lecture's own expression evaluated in " +
    "float64 NumPy (references/activations.py). The step unit (0/1) and the sigmoid are also " +
    "read at z − 2^−7, for lecture 004's contrast between a perceptron's output and a sigmoid " +
    "neuron's.",
  params: {},
  seeds: [1],
  charts: [{
    name: "functions",
    title: "g(z) as the backend computes it",
    kind: "function",
    field: "functions",
    firstTrialOnly: true,
  }],
  run: (ctx) => measureValues(ctx.backend),
  claims: [
    ...VALUE_CLAIMS.map(([key, text, source]) => ({
      id: `${key.replaceAll("_", "-")}-values`,
      // The linear g (z itself) is not plotted.
      ...(PLOTTED.includes(key) ? { chart: "functions" } : {}),
      text: `${text}: the backend's g on z = −8 … 8 against the lecture's expression in float64 ` +
        "NumPy (references/activations.json), max |difference|",
      source,
      expected: 0,
      check: { kind: "near", tolerance: valueTolerance(key) } as const,
      observe: ({ outputs }: View) => outputs.valueError[key],
    })),
    {
      id: "maxout-values",
      chart: "functions",
      text: "Maxout: max(w₁ᵀx + b₁, w₂ᵀx + b₂), computed with the backend's matrix product and " +
        "column maximum, against NumPy's np.maximum of the two pieces (references/" +
        "activations.json; every piece is exact in float32), max |difference|",
      source: lecture(4, "Maxout", "$$\\max(w_1^T x + b_1, w_2^T x + b_2)$$"),
      expected: 0,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.maxoutError,
    },
    {
      id: "softmax-values",
      text: "Softmax: σ(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ over each column of three, against NumPy float64 " +
        "(references/activations.json), max |difference|",
      source: lecture(
        4,
        "Softmax function",
        "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^K e^{z_j}}",
      ),
      expected: 0,
      check: { kind: "near", tolerance: valueTolerance("softmax") },
      observe: ({ outputs }) => outputs.softmaxError,
    },
    {
      id: "perceptron-output-flips",
      chart: "functions",
      text: "A small change in the weights or bias of a perceptron can flip its output from 0 " +
        "to 1: the largest change of the step unit's output when z moves by δ = 2^−7 (a " +
        "weight change of δ on an input of 1), over the grid",
      source: lecture(
        4,
        "Sigmoid neurons - Sigmoid activation function",
        "can sometimes cause the output of that perceptron to completely flip, say from 0 to 1",
      ),
      expected: 1,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.stepChange,
    },
    {
      id: "sigmoid-output-changes-little",
      chart: "functions",
      text: "A small change in weight causes only a small change in a sigmoid neuron's output: " +
        "the largest change of σ when z moves by δ = 2^−7, over the grid, below 1% of the " +
        "perceptron's flip",
      source: project(
        'lecture 004\'s "small corresponding change in the output" of a sigmoid neuron, held ' +
          "to less than 1% of the perceptron's flip of 1 for the same δ (σ′ ≤ 1/4 gives about " +
          "δ/4 ≈ 0.00195)",
      ),
      expected: 0.01,
      check: { kind: "below" },
      observe: ({ outputs }) => outputs.sigmoidChange,
    },
  ],
});
