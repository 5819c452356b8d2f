/**
 * Lecture 3, "What if I have more than 2 classes?": one-vs-all logistic regression and softmax
 * regression (nn/one_vs_all.ts, nn/softmax_regression.ts) trained by gradient descent on the
 * three Iris species, the data set lecture 2 classifies two of.
 */
import { IRIS_VARIANTS, standardizeRows } from "../data/iris.ts";
import { readBack } from "./lib/host_arrays.ts";
import { gradientCheckModel } from "../nn/gradcheck.ts";
import { OneVsAll } from "../nn/one_vs_all.ts";
import { SoftmaxRegression } from "../nn/softmax_regression.ts";
import { descendClassifier } from "./lib/gd_fit.ts";
import { irisSpecies, SPECIES } from "./lib/iris_species.ts";
import { type Check, defineExperiment, lecture, project } from "./prelude.ts";

const MORE = "What if I have more than 2 classes?";
const K = SPECIES.length;
const FEATURES = 4;

/**
 * Expected 0 within 2e-7 in float64 (the course's gradient_check_n threshold at ε = 1e-7) and
 * 1e-4 in float32 at ε = 1e-2, where θ ± 1e-7 is not resolved.
 */
const GRADCHECK: Check = {
  kind: "near",
  tolerance: {
    float64: 2e-7,
    float32: 1e-4,
    basis: "references/softmax_gradcheck_float32.py (.json): NumPy float32 of the same check " +
      "(the same random point, all 150 flowers) gives 7.9e-6 at ε = 1e-2 and 0.56 at ε = 1e-7 " +
      "(float64 at ε = 1e-7: 1.6e-9); this project's webgpu gives 9.7e-6 at ε = 1e-2; a wrong " +
      "rule (dZ = exp(Z) − Y, the softmax's normalisation left out) gives 0.95",
  },
};

export default defineExperiment({
  id: "multiclass-iris",
  title: "More than two classes: one-vs-all and softmax regression on the three Iris species",
  source: lecture(3, MORE),
  description: "All 150 flowers of the UCI Iris file (the file lecture 2 loads), the 4 features " +
    "standardised as lecture 2's feature scaling ((x − μ)/σ, `standardize`), the species as " +
    "classes 0, 1, 2 (one-hot columns Y, 3 × 150). One-vs-all trains 3 logistic regressions " +
    "side by side (classifier k: species k against the other two; the prediction is the most " +
    "confident classifier); softmax regression trains W (3 × 4), b (3 × 1) on the cost J = " +
    "(1/m)Σ −Σ_j y_j log a_j with a = softmax(Wx + b). Both start from zeros and take " +
    "`iterations` steps of batch gradient descent at learning rate `lr`; costs are logged " +
    "every 10 iterations (one-vs-all's is the sum of its 3 binary cross-entropies). The " +
    "softmax update rule (dZ = A − Y, dW = (1/m)dZ·Xᵀ, db = (1/m)Σ dZ) is checked against two-" +
    "sided differences of J (nn/gradcheck.ts) at a random point (W, b drawn randn from the " +
    "trial's RandomState), at the course's ε = 1e-7 and at ε = 1e-2 (float32 is judged there).",
  params: {
    lr: { type: "number", default: 0.5, min: 0, doc: "learning rate α" },
    iterations: { type: "integer", default: 1000, min: 1, max: 1000000, doc: "gradient steps" },
    standardize: { type: "boolean", default: true, doc: "standardise the features (lecture 2)" },
    iris: {
      type: "enum",
      default: "uci",
      choices: IRIS_VARIANTS,
      doc: "uci: the file lecture 2 loads; fisher: Fisher's two corrected rows",
    },
  },
  quick: { iterations: 100 },
  seeds: [1],
  charts: [{
    name: "cost",
    title: "Cost during gradient descent (one-vs-all: sum of 3 binary cross-entropies)",
    kind: "line",
    x: "iteration",
    y: "cost",
    color: "model",
    xTitle: "Iteration",
    yTitle: "Cost J",
  }],
  async run(ctx) {
    const b = ctx.backend;
    const { x: raw, labels } = irisSpecies(ctx.params.iris);
    const m = labels.length;
    const x = ctx.params.standardize ? standardizeRows(raw, [FEATURES, m]) : raw;
    const X = b.fromArray(x, [FEATURES, m]);
    const L = b.fromArray(labels, [1, m]);
    const Y = b.oneHot(L, K);
    const fit = (model: OneVsAll | SoftmaxRegression, name: string) =>
      descendClassifier(b, model, X, Y, labels, K, {
        lr: ctx.params.lr,
        iterations: ctx.params.iterations,
        logEvery: 10,
        log: (iteration, cost) => ctx.log({ model: name, iteration, cost }),
      });

    const ova = OneVsAll.zeros(b, FEATURES, K);
    const oneVsAll = await fit(ova, "one-vs-all");
    // Classifier k's own task: species k (σ > 0.5) against the other two.
    const [ownCorrect] = await readBack(b, () => [
      b.sum(b.binary("eq", b.binary("gt", ova.probabilities(X), b.full([1, 1], 0.5)), Y), 1),
    ]);
    ova.dispose();

    const smr = SoftmaxRegression.zeros(b, FEATURES, K);
    const softmax = await fit(smr, "softmax");
    smr.dispose();

    // The update rule against the cost, at a random point.
    const point = new SoftmaxRegression(
      b,
      b.fromArray(ctx.rng.randn(K * FEATURES), [K, FEATURES]),
      b.fromArray(ctx.rng.randn(K), [K, 1]),
    );
    // Gradient-check differences at the course's ε = 1e-7 and at ε = 1e-2 (float32).
    const gradcheck = {
      course: (await gradientCheckModel(b, point, X, Y, { epsilon: 1e-7 })).difference,
      float32Eps: (await gradientCheckModel(b, point, X, Y, { epsilon: 1e-2 })).difference,
    };
    point.dispose();
    for (const t of [X, L, Y]) t.dispose();
    return {
      m,
      oneVsAll,
      /** Flowers classifier k gets right on its own two-class task (k vs rest), per k. */
      oneVsAllOwnTask: ownCorrect,
      softmax,
      gradcheck,
    };
  },
  claims: [
    {
      id: "one-vs-all-three-classes",
      text: "One vs. all (class 0 against the other classes, then class 1, …) classifies more " +
        "than two classes: its predictions on the 150 flowers take all K = 3 species",
      source: lecture(3, MORE, "One typical approach is: using **one vs. all approach**."),
      expected: 3,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.oneVsAll.predictedClasses,
      note: ({ outputs: o }) =>
        `Predicted per species (setosa, versicolor, virginica): ${o.oneVsAll.predictedPerClass}; ` +
        `${o.oneVsAll.correct} of ${o.m} right.`,
    },
    {
      id: "softmax-k-values",
      text: "Softmax regression: now the output can take K different values rather than just two " +
        "— its predictions on the 150 flowers take all K = 3 species",
      source: lecture(
        3,
        "Softmax Regression",
        "Now the output can take K different values rather than just two.",
      ),
      expected: 3,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.softmax.predictedClasses,
      note: ({ outputs: o }) =>
        `Predicted per species (setosa, versicolor, virginica): ${o.softmax.predictedPerClass}; ` +
        `${o.softmax.correct} of ${o.m} right.`,
    },
    {
      id: "both-beyond-two-classes",
      text: "Both approaches tell the three species apart: one-vs-all and softmax regression " +
        "each classify more than 100 of the 150 training flowers correctly (after 1000 steps)",
      source: project(
        "Iris has 50 flowers of each species: a classifier that can output only two classes is " +
          "right on at most 100 of 150, so more than 100 needs all three classes told apart.",
      ),
      expected: 100,
      check: { kind: "above" },
      when: { iterations: 1000 },
      observe: ({ outputs: o }) => [o.oneVsAll.correct, o.softmax.correct],
      note: ({ outputs: o }) =>
        `One-vs-all ${o.oneVsAll.correct}/150, softmax ${o.softmax.correct}/150; one-vs-all's ` +
        `classifiers get ${o.oneVsAllOwnTask} of 150 right on their own k-vs-rest tasks.`,
    },
    {
      id: "softmax-rule-is-gradient",
      text: "Define a new cost function and derive all the weight update rules according to that " +
        "cost function: the softmax update rule dZ = A − Y, dW = (1/m)dZ·Xᵀ, db = (1/m)Σ dZ is " +
        "the gradient of J = (1/m)Σ −Σ_j y_j log a_j (two-sided-difference check, ε = 1e-7; " +
        "float32 at ε = 1e-2)",
      source: lecture(
        3,
        MORE,
        "Define a new cost function and derive all the weight update rules according to that " +
          "cost function.",
      ),
      expected: 0,
      check: GRADCHECK,
      observe: ({ outputs: { gradcheck }, dtype }) =>
        dtype === "float64" ? gradcheck.course : gradcheck.float32Eps,
      note: ({ outputs: { gradcheck }, dtype }) =>
        `Difference ${gradcheck.course.toExponential(2)} at ε = 1e-7 and ` +
        `${gradcheck.float32Eps.toExponential(2)} at ε = 1e-2 (${dtype}).`,
    },
    {
      id: "cross-entropy-gradient-descent",
      chart: "cost",
      text: "The cross-entropy loss function can be used as part of gradient descent: softmax " +
        "regression's cross-entropy cost falls at every logged step (every 10 iterations)",
      source: lecture(
        4,
        "What is cross entropy?",
        "Yes, the cross-entropy loss function can be used as part of gradient descent.",
      ),
      expected: null,
      check: { kind: "falls" },
      observe: ({ outputs }) => outputs.softmax.costs,
      note: ({ outputs: { softmax: s } }) =>
        `J from ${s.costs[0]} (ln 3 at W = 0) to ${s.costs[s.costs.length - 1]}.`,
    },
  ],
});
