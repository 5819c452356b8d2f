/**
 * Lectures 2 and 3's backpropagation formulas, one example and m, the L-layer backward blocks and
 * the summary slide as printed, checked against two-sided differences of the cost.
 */
import { initializeParameters } from "../nn/init.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { Network } from "../nn/network.ts";
import { checkPrintedPasses, type PrintedPasses } from "./lib/backward_as_printed.ts";
import {
  checkModel,
  type Differences,
  gradientClaims,
  logDifferences,
} from "./lib/two_eps_gradcheck.ts";
import { defineExperiment, lecture } from "./prelude.ts";

type GradcheckOutput = PrintedPasses & {
  /** Layer sizes (logistic regression: [n_x, 1]). */
  dims: number[];
  /** The backward pass's gradient against the cost's differences, on one example and on m. */
  oneExample: Differences;
  mExamples: Differences;
};

const PARAMS = {
  net: {
    type: "enum",
    default: "one-hidden",
    choices: ["logistic", "one-hidden", "deep-l5", "fc-5-3-1"],
    doc: "logistic regression, lecture 2's one-hidden-layer or L = 5 network, lecture 3's 5-3-1",
  },
  hidden: {
    type: "enum",
    default: "tanh",
    choices: ["sigmoid", "tanh", "relu", "leaky_relu"],
    doc: "hidden activation g[l] (unused by logistic regression)",
  },
  examples: { type: "integer", default: 10, min: 1, max: 1000, doc: "m, examples (columns)" },
} as const;

const DIMS: Record<(typeof PARAMS.net.choices)[number], number[]> = {
  logistic: [2, 1],
  "one-hidden": [3, 4, 1],
  "deep-l5": [2, 3, 5, 4, 2, 1],
  "fc-5-3-1": [5, 3, 1],
};

const gradientClaim = gradientClaims<GradcheckOutput, typeof PARAMS>((o) => o.withoutGPrime);
const HIDDEN = (t: { params: { hidden: string } }) => `g[1] = ${t.params.hidden}`;
const VECTORIZING = "Vectorizing Gradient Descent (over m examples)";
const BACKWARD = "Backward Propagation for DNN";
const DERIVATIVES = "Derivatives for the Activation Functions";
const SUMMARY = "Summary of Forward/Backward Computations";

export default defineExperiment({
  id: "backprop-gradcheck",
  title: "Backpropagation formulas against two-sided differences of the cost",
  source: lecture(2, BACKWARD),
  description:
    "For each network — logistic regression on 2 features (lectures 2 and 3's x₁, x₂), " +
    "lecture 2's one hidden layer with 4 units (on 3 inputs) for each hidden activation of its " +
    "derivative table, lecture 2's L = 5 network [2, 3, 5, 4, 2, 1] and lecture 3's 5-3-1 " +
    "network — weights randn·√(1/n[l−1]) and biases uniform(−0.5, 0.5) (non-zero, so that no " +
    "ReLU sits on its kink), inputs randn and labels 0/1, all from the trial's RandomState. " +
    "The gradient of the backward pass (nn/network.ts, nn/logistic.ts) is compared with the " +
    "two-sided differences (J(θ + ε) − J(θ − ε)) / 2ε of the cross-entropy cost, entry by " +
    "entry, by nn/gradcheck.ts: difference = ‖grad − approx‖ / (‖grad‖ + ‖approx‖), on the " +
    "first example alone (the lectures' one-example formulas: with m = 1 the 1/m and the sums " +
    "drop out) and on all m. Both at the course's ε = 1e-7 and at ε = 1e-2: float32 cannot " +
    "resolve θ ± 1e-7, so a float32 trial is judged at ε = 1e-2. On the L = 5 network, the " +
    "backward blocks chained from dA[L] (experiments/lib/blocks.ts) are checked the same way, " +
    "and the Summary slide's formulas are evaluated as printed. A control leaves g′ out of the " +
    "backward pass, to show what the check gives for a wrong formula.",
  params: PARAMS,
  defaultSweep: [
    { net: "logistic" },
    { net: "one-hidden", hidden: "sigmoid" },
    { net: "one-hidden", hidden: "tanh" },
    { net: "one-hidden", hidden: "relu" },
    { net: "one-hidden", hidden: "leaky_relu" },
    { net: "deep-l5", hidden: "relu" },
    { net: "fc-5-3-1", hidden: "sigmoid" },
  ],
  seeds: [1],
  charts: [],
  async run(ctx): Promise<GradcheckOutput> {
    const b = ctx.backend, rng = ctx.rng, m = ctx.params.examples;
    const dims = DIMS[ctx.params.net], n0 = dims[0];
    // Biases uniform(−0.5, 0.5): non-zero, so that no ReLU sits on its kink.
    let model: LogisticRegression | Network;
    if (ctx.params.net === "logistic") {
      const w = b.fromArray(rng.randn(n0), [n0, 1]);
      model = new LogisticRegression(b, w, b.fromArray(rng.uniform(-0.5, 0.5, 1), [1, 1]));
    } else {
      const layers = initializeParameters(rng, dims, "xavier");
      for (const l of layers) l.b = rng.uniform(-0.5, 0.5, l.rows);
      model = Network.fromValues(b, { layerDims: dims, hidden: ctx.params.hidden }, layers);
    }
    const X = b.fromArray(rng.randn(n0 * m), [n0, m]);
    const Y = b.fromArray(rng.randint(0, 2, m), [1, m]);
    const x1 = b.slice(X, 0, n0, 0, 1), y1 = b.slice(Y, 0, 1, 0, 1);
    try {
      const oneExample = await checkModel(b, model, x1, y1);
      const mExamples = await checkModel(b, model, X, Y);
      const printed = model instanceof Network
        ? await checkPrintedPasses(b, model, X, Y, ctx.params.net === "deep-l5")
        : { withoutGPrime: null, blocks: null, summary: null };
      const { withoutGPrime, blocks, summary } = printed;
      const summaryDZ = summary?.dZLminus1;
      logDifferences(ctx.log, { oneExample, mExamples, withoutGPrime, blocks, summaryDZ });
      return { dims, oneExample, mExamples, ...printed };
    } finally {
      for (const t of [X, Y, x1, y1]) t.dispose();
      model.dispose();
    }
  },
  claims: [
    gradientClaim({ net: "logistic" }, (o) => o.oneExample, "one example", {
      id: "logistic-one-example",
      text: "Logistic regression on one example: ∂L/∂z = (−y/a + (1 − y)/(1 − a))·a(1 − a) = " +
        "a − y, ∂L/∂w₁ = x₁(a − y) (∂L/∂b = a − y): the gradient of L = −(y log a + " +
        "(1 − y) log(1 − a)) (two-sided-difference check; ε = 1e-7, float32 ε = 1e-2)",
      source: lecture(2, "Logistic Regression Derivatives", "x_1(a - y)"),
    }),
    gradientClaim({ net: "logistic" }, (o) => o.mExamples, "m examples", {
      id: "logistic-m-examples",
      text: "Final derivatives: ∂J/∂w₁ = (1/m)Σ x₁⁽ⁱ⁾(a⁽ⁱ⁾ − y⁽ⁱ⁾), ∂J/∂w₂ likewise, ∂J/∂b = " +
        "(1/m)Σ(a⁽ⁱ⁾ − y⁽ⁱ⁾): the gradient of J = (1/m)Σ L (m = 10)",
      source: lecture(
        3,
        "Cost function and GD implementation",
        "$$\\frac{\\partial \\mathcal{L}(a, y)}{\\partial b} = a - y$$",
      ),
    }),
    gradientClaim({ net: "one-hidden" }, (o) => o.oneExample, HIDDEN, {
      id: "one-hidden-one-example",
      text: "One hidden layer, one example: dz[2] = a[2] − y, dW[2] = dz[2]a[1]ᵀ, db[2] = dz[2], " +
        "dz[1] = W[2]ᵀdz[2] ∗ g[1]′(z[1]), dW[1] = dz[1]xᵀ, db[1] = dz[1] — the gradient of L, " +
        "for g[1] = sigmoid, tanh, ReLU and leaky ReLU",
      source: lecture(2, VECTORIZING, "$$dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]'}(z^{[1]})$$"),
    }),
    gradientClaim({ net: "one-hidden" }, (o) => o.mExamples, HIDDEN, {
      id: "one-hidden-m-examples",
      text: "One hidden layer, all examples: dZ[2] = A[2] − Y, dW[2] = (1/m)dZ[2]A[1]ᵀ, db[2] = " +
        "(1/m)np.sum(dZ[2], axis=1, keepdims=True), dZ[1] = W[2]ᵀdZ[2] ∗ g[1]′(Z[1]), dW[1] = " +
        "(1/m)dZ[1]Xᵀ, db[1] = (1/m)np.sum(dZ[1], axis=1, keepdims=True) — the gradient of " +
        "J = (1/m)Σ L (m = 10), for g[1] = sigmoid, tanh, ReLU and leaky ReLU",
      source: lecture(2, VECTORIZING, "$$dW^{[1]} = \\frac{1}{m} dZ^{[1]} X^T$$"),
    }),
    gradientClaim({ net: "deep-l5" }, (o) => o.mExamples, "L = 5", {
      id: "deep-l5-backward",
      text:
        "L = 5 network [2, 3, 5, 4, 2, 1], vectorized backward propagation: dZ[L] = A[L] − Y, " +
        "then per layer dW[l] = (1/m)dZ[l]·A[l−1]ᵀ, db[l] = (1/m)np.sum(dZ[l], axis=1, " +
        "keepdims=True), dA[l−1] = W[l]ᵀdZ[l], dZ[l−1] = dA[l−1] ∗ g′(Z[l−1]) — the gradient of J " +
        "(the network's backward pass)",
      source: lecture(2, BACKWARD, "$$dA^{[l-1]} = W^{[l]T} dZ^{[l]}$$"),
    }),
    gradientClaim({ net: "deep-l5" }, (o) => o.blocks, "blocks", {
      id: "deep-l5-blocks",
      text: "The backward blocks — inputs dA[l] and the cache, outputs dA[l−1], dW[l], db[l], " +
        "with dZ[l] = dA[l] ∗ g[l]′(Z[l]) at every layer, the output's included — chained from " +
        "dA[L] = −(Y/A[L] − (1 − Y)/(1 − A[L])) give the gradient of J on the L = 5 network",
      source: lecture(2, BACKWARD, "$$dZ^{[l]} = dA^{[l]} * g^{[l]}'(Z^{[l]})$$"),
    }),
    gradientClaim({ net: "fc-5-3-1" }, (o) => o.oneExample, "one example", {
      id: "fc-5-3-1-one-example",
      text: "Lecture 3's 5-3-1 network, one example: dz[2] = a[2] − y, dW[2] = dz[2]a[1]ᵀ, " +
        "db[2] = dz[2], dz[1] = W[2]ᵀdz[2] ∗ g[1]′(z[1]), dW[1] = dz[1]xᵀ, db[1] = dz[1] — the " +
        "gradient of L (g[1] = σ)",
      source: lecture(3, DERIVATIVES, "$$dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]'}(z^{[1]})$$"),
    }),
    gradientClaim({ net: "fc-5-3-1" }, (o) => o.mExamples, "m examples", {
      id: "fc-5-3-1-m-examples",
      text: "Lecture 3's 5-3-1 network, all examples: dZ[2] = A[2] − Y, dW[2] = (1/m)dZ[2]A[1]ᵀ, " +
        "…, dZ[1] = W[2]ᵀdZ[2] ∗ g[1]′(Z[1]), dW[1] = (1/m)dZ[1]Xᵀ, db[1] = (1/m)np.sum(dZ[1], " +
        "axis = 1, keepdims = True) — the gradient of J (m = 10)",
      source: lecture(3, DERIVATIVES, "$$dZ^{[1]} = W^{[2]T} dZ^{[2]} * g^{[1]'}(Z^{[1]})$$"),
    }),
    {
      id: "summary-dw-as-printed",
      text: "Summary of Forward/Backward Computations, as printed: dW[L] = (1/m)dZ[L]A[L]ᵀ and " +
        "dW[1] = (1/m)dZ[1]A[1]ᵀ are the gradients of W[L] and W[1], so they have the shapes " +
        "(n[L], n[L−1]) = (1, 2) and (n[1], n[0]) = (3, 2) (the lecture's table: dW[l] is " +
        "(n[l], n[l−1]))",
      source: lecture(2, SUMMARY, "dW^{[L]} &= \\frac{1}{m} dZ^{[L]} A^{[L]T}"),
      expected: { dWL: [1, 2], dW1: [3, 2] },
      check: { kind: "equals" },
      when: { net: "deep-l5" },
      observe: ({ outputs: { summary } }) =>
        summary === null ? null : { dWL: summary.dWL, dW1: summary.dW1 },
      note: ({ outputs: { summary } }) =>
        summary
          ? `As printed, dZ[L]A[L]ᵀ is ${JSON.stringify(summary.dWL)} and dZ[1]A[1]ᵀ is ` +
            `${JSON.stringify(summary.dW1)}; W[L] is ${JSON.stringify(summary.WL)} and W[1] ` +
            `${JSON.stringify(summary.W1)}.`
          : "",
      diverges: {
        reason: "As printed the products have the wrong shapes: dZ[L]A[L]ᵀ is (1, 1) and " +
          "dZ[1]A[1]ᵀ is (3, 3). The slide writes A[L]ᵀ and A[1]ᵀ where the lecture's " +
          '"Vectorized implementation" slide has A[l−1]ᵀ (A[L−1]ᵀ and A[0]ᵀ = Xᵀ); with those, ' +
          "the gradients check out (deep-l5-backward).",
      },
    },
    gradientClaim({ net: "deep-l5" }, (o) => o.summary?.dZLminus1 ?? null, "summary's dZ[L−1]", {
      id: "summary-dz-as-printed",
      text: "Summary of Forward/Backward Computations, as printed: dZ[L−1] = dW[L]ᵀdZ[L] " +
        "g′[L](Z[L−1]) — the dW[L−1] = (1/m)dZ[L−1]A[L−2]ᵀ it gives is the gradient of J with " +
        "respect to W[L−1] (two-sided-difference check, as above)",
      source: lecture(2, SUMMARY, "dZ^{[L-1]} &= dW^{[L]T} dZ^{[L]} g'^{[L]}(Z^{[L-1]})"),
      diverges: {
        reason: "The printed formula multiplies by dW[L]ᵀ where the lecture's backward block has " +
          "W[L]ᵀ (dA[l−1] = W[l]ᵀdZ[l]), and applies the output layer's g′[L] (σ′) to Z[L−1] " +
          "where the block has g′[L−1] (ReLU′ here): the resulting dW[L−1] is far from the " +
          "gradient (difference ~1 at ε = 1e-7 in float64), while the block formulas check out " +
          "(deep-l5-blocks).",
      },
    }),
  ],
});
