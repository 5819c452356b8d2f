/**
 * Lectures 2 and 3's backpropagation formulas — logistic regression's dz = a − y, dw₁ = x₁(a − y);
 * the one-hidden-layer network's dz[2] = a[2] − y, dW[2] = dz[2]a[1]ᵀ, dz[1] = W[2]ᵀdz[2] ∗
 * g[1]′(z[1]), … for one example and over m; the L-layer blocks dZ[l] = dA[l] ∗ g[l]′(Z[l]),
 * dW[l] = (1/m)dZ[l]A[l−1]ᵀ, dA[l−1] = W[l]ᵀdZ[l] — checked against two-sided differences of the
 * cost (nn/gradcheck.ts, the course's gradient_check_n) on the lectures' networks.
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { gradientCheck, gradientCheckModel } from "../nn/gradcheck.ts";
import { initializeParameters } from "../nn/init.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { type LayerCache, Network } from "../nn/network.ts";
import type { Trainable } from "../nn/train.ts";
import { backwardBlocks, shapes } from "./lib/blocks.ts";
import { type Check, defineExperiment, lecture, type TrialView } from "./prelude.ts";

/** The course's ε (gradient_check_n); in float32 θ ± 1e-7 does not resolve (see EPS_FLOAT32). */
const EPS_COURSE = 1e-7;
/**
 * ε at which float32 resolves a two-sided difference: the error is ~ε²·|J‴| (truncation) plus
 * ~u·|J|/ε (rounding, u = 6e-8 in float32), smallest near ε ~ u^⅓ ≈ 4e-3; 1e-2 here.
 */
const EPS_FLOAT32 = 1e-2;

/** Two-sided differences at the course's ε and at the float32 ε. */
type Differences = { course: number; float32Eps: number };

type GradcheckOutput = {
  /** Layer sizes (logistic regression: [n_x, 1]). */
  dims: number[];
  /** The backward pass's gradient against the cost's differences, on one example and on m. */
  oneExample: Differences;
  mExamples: Differences;
  /** Control: the same check of a backward pass without the g′ factor (networks only). */
  withoutGPrime: Differences | null;
  /** deep-l5: lecture 2's backward blocks chained from dA[L] (experiments/lib/blocks.ts). */
  blocks: Differences | null;
  /** deep-l5: the "Summary of Forward/Backward Computations" slide's formulas as printed. */
  summary: {
    /** Shapes of (1/m)dZ[L]A[L]ᵀ and (1/m)dZ[1]A[1]ᵀ, and of W[L], W[1]. */
    dWL: [number, number];
    dW1: [number, number];
    WL: [number, number];
    W1: [number, number];
    /** dW[L−1] from the printed dZ[L−1] = dW[L]ᵀdZ[L] ∗ g[L]′(Z[L−1]), checked against W[L−1]. */
    dZLminus1: Differences;
  } | null;
};

const NET_NAMES = ["logistic", "one-hidden", "deep-l5", "fc-5-3-1"] as const;
const DIMS: Record<(typeof NET_NAMES)[number], number[]> = {
  logistic: [2, 1],
  "one-hidden": [3, 4, 1],
  "deep-l5": [2, 3, 5, 4, 2, 1],
  "fc-5-3-1": [5, 3, 1],
};

/** ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) at both ε. */
async function differences(
  run: (epsilon: number) => Promise<{ difference: number }>,
): Promise<Differences> {
  return {
    course: (await run(EPS_COURSE)).difference,
    float32Eps: (await run(EPS_FLOAT32)).difference,
  };
}

/** The check of a model's own backward pass. */
function checkModel(b: Backend, model: Trainable, X: Tensor, Y: Tensor): Promise<Differences> {
  return differences((epsilon) => gradientCheckModel(b, model, X, Y, { epsilon }));
}

/** The check of gradients `grads` (computed once) of `params` against the network's cost. */
async function checkGrads(
  b: Backend,
  params: Tensor[],
  grads: Tensor[],
  cost: () => Tensor,
): Promise<Differences> {
  try {
    return await differences((epsilon) => gradientCheck(b, params, grads, cost, { epsilon }));
  } finally {
    for (const g of grads) g.dispose();
  }
}

/** A backward pass that leaves out g′ on the hidden layers (dZ[l] = W[l+1]ᵀdZ[l+1]). */
function gradsWithoutGPrime(b: Backend, net: Network, X: Tensor, Y: Tensor): Tensor[] {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const m = X.shape[1];
    const out: Tensor[] = new Array(2 * net.L);
    let dZ = b.binary("sub", AL, Y);
    for (let l = net.L; l >= 1; l--) {
      out[2 * (l - 1)] = b.unary(
        "affine",
        b.matmul(dZ, caches[l - 1].A_prev, { transB: true }),
        1 / m,
        0,
      );
      out[2 * (l - 1) + 1] = b.mean(dZ, 1);
      if (l > 1) dZ = b.matmul(net.params.W[l - 1], dZ, { transA: true });
    }
    return out;
  });
}

/** The summary slide's dW[L] = (1/m)dZ[L]A[L]ᵀ and dW[1] = (1/m)dZ[1]A[1]ᵀ, as printed. */
function summaryShapes(b: Backend, net: Network, X: Tensor, Y: Tensor) {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const g = net.backward(AL, Y, caches);
    const dZL = b.binary("sub", AL, Y);
    const dZ1 = blocksDZ1(b, net, caches, Y);
    const dWL = b.matmul(dZL, caches[net.L - 1].A, { transB: true });
    const dW1 = b.matmul(dZ1, caches[0].A, { transB: true });
    return { dWL: shapes([dWL])[0], dW1: shapes([dW1])[0], gradient: shapes(g.dW) };
  });
}

/** dZ[1] of the backward blocks (its shape is all the summary's dW[1] needs). */
function blocksDZ1(b: Backend, net: Network, caches: readonly LayerCache[], Y: Tensor): Tensor {
  return backwardBlocks(b, net, caches, Y).dZ[0];
}

/**
 * dW[L−1] from the summary's dZ[L−1] = dW[L]ᵀ·dZ[L] ∗ g[L]′(Z[L−1]) (dW[L] for W[L], the output
 * layer's g′ on layer L−1), with the vectorized slide's dW[L] = (1/m)dZ[L]A[L−1]ᵀ and dW[L−1] =
 * (1/m)dZ[L−1]A[L−2]ᵀ, so that only the printed dZ[L−1] differs from the gradient.
 */
function summaryDWLminus1(b: Backend, net: Network, X: Tensor, Y: Tensor): Tensor {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const m = X.shape[1], L = net.L;
    const dZL = b.binary("sub", AL, Y);
    const dWL = b.unary("affine", b.matmul(dZL, caches[L - 1].A_prev, { transB: true }), 1 / m, 0);
    const gL = net.activationOf(L);
    if (gL === "softmax") throw new RangeError("summary: the output must be elementwise");
    const dZprinted = b.binary(
      "mul",
      b.matmul(dWL, dZL, { transA: true }),
      b.activationGrad(gL, caches[L - 2].Z),
    );
    return b.unary("affine", b.matmul(dZprinted, caches[L - 2].A_prev, { transB: true }), 1 / m, 0);
  });
}

/**
 * The difference judged on the trial's arithmetic: the course's ε = 1e-7 in float64; in float32
 * θ ± 1e-7 rounds to θ or to its neighbours, so ε = 1e-2 (EPS_FLOAT32).
 */
function judged(d: Differences, { dtype }: { dtype: TrialView["dtype"] }): number {
  return dtype === "float64" ? d.course : d.float32Eps;
}

/**
 * Expected 0 within: 2e-7 in float64 (the course's gradient_check_n reports "a mistake in the
 * backward propagation" above 2e-7 at ε = 1e-7; rounding at ε = 1e-7 gives ~1e-8 here); 1e-4 in
 * float32 at ε = 1e-2.
 */
const GRADCHECK: Check = {
  kind: "near",
  tolerance: {
    float64: 2e-7,
    float32: 1e-4,
    basis: "references/gradcheck_float32.py (.json): NumPy float32 of the same networks and " +
      "draws at ε = 1e-2 gives differences of 1.9e-6 to 5.2e-5 (this project's webgpu: 3.2e-6 " +
      "to 3.9e-5), and 0.28 to 1 at ε = 1e-7; the control without g′ gives ≥ 0.23 at ε = 1e-2",
  },
};

function differenceNote(what: string, d: Differences, trial: TrialView<GradcheckOutput>): string {
  const c = trial.outputs.withoutGPrime;
  return `${what}: difference ${d.course.toExponential(2)} at ε = 1e-7 and ` +
    `${d.float32Eps.toExponential(2)} at ε = 1e-2 (${trial.dtype})` +
    (c
      ? `; the control without g′ gives ${c.course.toExponential(2)} and ` +
        `${c.float32Eps.toExponential(2)}`
      : "") +
    ".";
}

export default defineExperiment({
  id: "backprop-gradcheck",
  title: "Backpropagation formulas against two-sided differences of the cost",
  source: lecture(2, "Backward Propagation for DNN"),
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
  params: {
    net: {
      type: "enum",
      default: "one-hidden",
      choices: NET_NAMES,
      doc: "logistic regression, lecture 2's one-hidden-layer or L = 5 network, lecture 3's 5-3-1",
    },
    hidden: {
      type: "enum",
      default: "tanh",
      choices: ["sigmoid", "tanh", "relu", "leaky_relu"],
      doc: "hidden activation g[l] (unused by logistic regression)",
    },
    examples: { type: "integer", default: 10, min: 1, max: 1000, doc: "m, examples (columns)" },
  },
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
  async run(ctx) {
    const b = ctx.backend;
    const rng = ctx.rng;
    const m = ctx.params.examples;
    const dims = DIMS[ctx.params.net];
    const n0 = dims[0];
    let model: LogisticRegression | Network;
    if (ctx.params.net === "logistic") {
      model = new LogisticRegression(
        b,
        b.fromArray(rng.randn(n0), [n0, 1]),
        b.fromArray(rng.uniform(-0.5, 0.5, 1), [1, 1]),
      );
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
      const out: GradcheckOutput = {
        dims,
        oneExample,
        mExamples,
        withoutGPrime: null,
        blocks: null,
        summary: null,
      };
      if (model instanceof Network) {
        const net = model;
        const cost = () => net.cost(X, Y);
        out.withoutGPrime = await checkGrads(
          b,
          net.parameters(),
          gradsWithoutGPrime(b, net, X, Y),
          cost,
        );
        if (ctx.params.net === "deep-l5") {
          const blockGrads = b.tidy(() => {
            const { caches } = net.forward(X);
            const g = backwardBlocks(b, net, caches, Y);
            return g.dW.flatMap((dw, l) => [dw, g.db[l]]);
          });
          out.blocks = await checkGrads(b, net.parameters(), blockGrads, cost);
          const s = summaryShapes(b, net, X, Y);
          const L = net.L;
          out.summary = {
            dWL: s.dWL,
            dW1: s.dW1,
            WL: s.gradient[L - 1],
            W1: s.gradient[0],
            dZLminus1: await checkGrads(
              b,
              [net.params.W[L - 2]],
              [summaryDWLminus1(b, net, X, Y)],
              cost,
            ),
          };
        }
      }
      const logged: [string, Differences | null | undefined][] = [
        ["oneExample", out.oneExample],
        ["mExamples", out.mExamples],
        ["withoutGPrime", out.withoutGPrime],
        ["blocks", out.blocks],
        ["summaryDZ", out.summary?.dZLminus1],
      ];
      for (const [check, d] of logged) {
        if (!d) continue;
        ctx.log({ check, epsilon: EPS_COURSE, difference: d.course });
        ctx.log({ check, epsilon: EPS_FLOAT32, difference: d.float32Eps });
      }
      return out;
    } finally {
      for (const t of [X, Y, x1, y1]) t.dispose();
      model.dispose();
    }
  },
  claims: [
    {
      id: "logistic-one-example",
      text: "Logistic regression on one example: ∂L/∂z = (−y/a + (1 − y)/(1 − a))·a(1 − a) = " +
        "a − y, ∂L/∂w₁ = x₁(a − y) (∂L/∂b = a − y): the gradient of L = −(y log a + " +
        "(1 − y) log(1 − a)) (two-sided-difference check; ε = 1e-7, float32 ε = 1e-2)",
      source: lecture(2, "Logistic Regression Derivatives", "x_1(a - y)"),
      expected: 0,
      check: GRADCHECK,
      when: { net: "logistic" },
      observe: (t) => judged(t.outputs.oneExample, t),
      note: (t) => differenceNote("one example", t.outputs.oneExample, t),
    },
    {
      id: "logistic-m-examples",
      text: "Final derivatives: ∂J/∂w₁ = (1/m)Σ x₁⁽ⁱ⁾(a⁽ⁱ⁾ − y⁽ⁱ⁾), ∂J/∂w₂ likewise, ∂J/∂b = " +
        "(1/m)Σ(a⁽ⁱ⁾ − y⁽ⁱ⁾): the gradient of J = (1/m)Σ L (m = 10)",
      source: lecture(
        3,
        "Cost function and GD implementation",
        "$$\\frac{\\partial \\mathcal{L}(a, y)}{\\partial b} = a - y$$",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "logistic" },
      observe: (t) => judged(t.outputs.mExamples, t),
      note: (t) => differenceNote("m examples", t.outputs.mExamples, t),
    },
    {
      id: "one-hidden-one-example",
      text: "One hidden layer, one example: dz[2] = a[2] − y, dW[2] = dz[2]a[1]ᵀ, db[2] = dz[2], " +
        "dz[1] = W[2]ᵀdz[2] ∗ g[1]′(z[1]), dW[1] = dz[1]xᵀ, db[1] = dz[1] — the gradient of L, " +
        "for g[1] = sigmoid, tanh, ReLU and leaky ReLU",
      source: lecture(
        2,
        "Vectorizing Gradient Descent (over m examples)",
        "$$dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]'}(z^{[1]})$$",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "one-hidden" },
      observe: (t) => judged(t.outputs.oneExample, t),
      note: (t) => differenceNote(`g[1] = ${t.params.hidden}`, t.outputs.oneExample, t),
    },
    {
      id: "one-hidden-m-examples",
      text: "One hidden layer, all examples: dZ[2] = A[2] − Y, dW[2] = (1/m)dZ[2]A[1]ᵀ, db[2] = " +
        "(1/m)np.sum(dZ[2], axis=1, keepdims=True), dZ[1] = W[2]ᵀdZ[2] ∗ g[1]′(Z[1]), dW[1] = " +
        "(1/m)dZ[1]Xᵀ, db[1] = (1/m)np.sum(dZ[1], axis=1, keepdims=True) — the gradient of " +
        "J = (1/m)Σ L (m = 10), for g[1] = sigmoid, tanh, ReLU and leaky ReLU",
      source: lecture(
        2,
        "Vectorizing Gradient Descent (over m examples)",
        "$$dW^{[1]} = \\frac{1}{m} dZ^{[1]} X^T$$",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "one-hidden" },
      observe: (t) => judged(t.outputs.mExamples, t),
      note: (t) => differenceNote(`g[1] = ${t.params.hidden}`, t.outputs.mExamples, t),
    },
    {
      id: "deep-l5-backward",
      text:
        "L = 5 network [2, 3, 5, 4, 2, 1], vectorized backward propagation: dZ[L] = A[L] − Y, " +
        "then per layer dW[l] = (1/m)dZ[l]·A[l−1]ᵀ, db[l] = (1/m)np.sum(dZ[l], axis=1, " +
        "keepdims=True), dA[l−1] = W[l]ᵀdZ[l], dZ[l−1] = dA[l−1] ∗ g′(Z[l−1]) — the gradient of J " +
        "(the network's backward pass)",
      source: lecture(2, "Backward Propagation for DNN", "$$dA^{[l-1]} = W^{[l]T} dZ^{[l]}$$"),
      expected: 0,
      check: GRADCHECK,
      when: { net: "deep-l5" },
      observe: (t) => judged(t.outputs.mExamples, t),
      note: (t) => differenceNote("L = 5", t.outputs.mExamples, t),
    },
    {
      id: "deep-l5-blocks",
      text: "The backward blocks — inputs dA[l] and the cache, outputs dA[l−1], dW[l], db[l], " +
        "with dZ[l] = dA[l] ∗ g[l]′(Z[l]) at every layer, the output's included — chained from " +
        "dA[L] = −(Y/A[L] − (1 − Y)/(1 − A[L])) give the gradient of J on the L = 5 network",
      source: lecture(
        2,
        "Backward Propagation for DNN",
        "$$dZ^{[l]} = dA^{[l]} * g^{[l]}'(Z^{[l]})$$",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "deep-l5" },
      observe: (t) => t.outputs.blocks === null ? null : judged(t.outputs.blocks, t),
      note: (t) => t.outputs.blocks ? differenceNote("blocks", t.outputs.blocks, t) : "",
    },
    {
      id: "fc-5-3-1-one-example",
      text: "Lecture 3's 5-3-1 network, one example: dz[2] = a[2] − y, dW[2] = dz[2]a[1]ᵀ, " +
        "db[2] = dz[2], dz[1] = W[2]ᵀdz[2] ∗ g[1]′(z[1]), dW[1] = dz[1]xᵀ, db[1] = dz[1] — the " +
        "gradient of L (g[1] = σ)",
      source: lecture(
        3,
        "Derivatives for the Activation Functions",
        "$$dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]'}(z^{[1]})$$",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "fc-5-3-1" },
      observe: (t) => judged(t.outputs.oneExample, t),
      note: (t) => differenceNote("one example", t.outputs.oneExample, t),
    },
    {
      id: "fc-5-3-1-m-examples",
      text: "Lecture 3's 5-3-1 network, all examples: dZ[2] = A[2] − Y, dW[2] = (1/m)dZ[2]A[1]ᵀ, " +
        "…, dZ[1] = W[2]ᵀdZ[2] ∗ g[1]′(Z[1]), dW[1] = (1/m)dZ[1]Xᵀ, db[1] = (1/m)np.sum(dZ[1], " +
        "axis = 1, keepdims = True) — the gradient of J (m = 10)",
      source: lecture(
        3,
        "Derivatives for the Activation Functions",
        "$$dZ^{[1]} = W^{[2]T} dZ^{[2]} * g^{[1]'}(Z^{[1]})$$",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "fc-5-3-1" },
      observe: (t) => judged(t.outputs.mExamples, t),
      note: (t) => differenceNote("m examples", t.outputs.mExamples, t),
    },
    {
      id: "summary-dw-as-printed",
      text: "Summary of Forward/Backward Computations, as printed: dW[L] = (1/m)dZ[L]A[L]ᵀ and " +
        "dW[1] = (1/m)dZ[1]A[1]ᵀ are the gradients of W[L] and W[1], so they have the shapes " +
        "(n[L], n[L−1]) = (1, 2) and (n[1], n[0]) = (3, 2) (the lecture's table: dW[l] is " +
        "(n[l], n[l−1]))",
      source: lecture(
        2,
        "Summary of Forward/Backward Computations",
        "dW^{[L]} &= \\frac{1}{m} dZ^{[L]} A^{[L]T}",
      ),
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
    {
      id: "summary-dz-as-printed",
      text: "Summary of Forward/Backward Computations, as printed: dZ[L−1] = dW[L]ᵀdZ[L] " +
        "g′[L](Z[L−1]) — the dW[L−1] = (1/m)dZ[L−1]A[L−2]ᵀ it gives is the gradient of J with " +
        "respect to W[L−1] (two-sided-difference check, as above)",
      source: lecture(
        2,
        "Summary of Forward/Backward Computations",
        "dZ^{[L-1]} &= dW^{[L]T} dZ^{[L]} g'^{[L]}(Z^{[L-1]})",
      ),
      expected: 0,
      check: GRADCHECK,
      when: { net: "deep-l5" },
      observe: (t) => t.outputs.summary === null ? null : judged(t.outputs.summary.dZLminus1, t),
      note: (t) =>
        t.outputs.summary
          ? differenceNote("summary's dZ[L−1]", t.outputs.summary.dZLminus1, t)
          : "",
      diverges: {
        reason: "The printed formula multiplies by dW[L]ᵀ where the lecture's backward block has " +
          "W[L]ᵀ (dA[l−1] = W[l]ᵀdZ[l]), and applies the output layer's g′[L] (σ′) to Z[L−1] " +
          "where the block has g′[L−1] (ReLU′ here): the resulting dW[L−1] is far from the " +
          "gradient (difference ~1 at ε = 1e-7 in float64), while the block formulas check out " +
          "(deep-l5-blocks).",
      },
    },
  ],
});
