/**
 * Lecture 2, "Problems with Perceptron": the two classes must be separable by a linear
 * hyperplane; if not, the perceptron algorithm does not converge. Iris versicolor and virginica
 * in lecture 2's two features (sepal length, petal length) are not separable — a flower of each
 * species has the same (6.3, 4.9) — and the lecture's perceptron, run as for setosa vs
 * versicolor (perceptron-iris), misclassifies in every epoch.
 */
import { irisSelection, loadIris } from "../data/iris.ts";
import { trainPerceptron } from "../nn/perceptron.ts";
import { defineExperiment, lecture } from "./prelude.ts";

export default defineExperiment({
  id: "perceptron-nonseparable",
  title: "The perceptron does not converge on classes no line separates (versicolor vs virginica)",
  source: lecture(2, "Problems with Perceptron"),
  description:
    "Lecture 2's perceptron (zero initial weights, bias first, online updates in file order, " +
    "η = 0.1, y = −1 / 1) on the UCI Iris file's rows 51–150 (versicolor, then virginica), " +
    "with the lecture's features sepal length and petal length (perceptron-iris uses rows " +
    "1–100, setosa vs versicolor, which it separates after 6 epochs). Misclassifications (non-" +
    "zero updates) are counted per epoch for `epochs` epochs. The rows holding the same feature " +
    "pair under both species are counted from the file: one is enough to make the classes " +
    "inseparable by any line.",
  params: {
    eta: { type: "number", default: 0.1, min: 0, doc: "learning rate η (the lecture's 0.1)" },
    epochs: { type: "integer", default: 100, min: 1, max: 100000, doc: "passes over the samples" },
  },
  quick: { epochs: 20 },
  seeds: [1],
  charts: [{
    name: "errors",
    title: "Misclassifications per epoch (versicolor vs virginica)",
    kind: "line",
    x: "epoch",
    y: "errors",
    xTitle: "Epoch",
    yTitle: "Misclassifications",
  }],
  async run(ctx) {
    const b = ctx.backend;
    // Rows 51–150: irisSelection takes the first `count` rows, so select 150 and drop setosa.
    const all = irisSelection({
      count: 150,
      features: ["sepal length", "petal length"],
      negativeSpecies: "Iris-versicolor",
      negative: -1,
      positive: 1,
    });
    const rows = loadIris("uci");
    const keep = rows.map((r, i) => r.species === "Iris-setosa" ? -1 : i).filter((i) => i >= 0);
    const m = keep.length, total = all.shape[1];
    const x = new Float64Array(2 * m);
    keep.forEach((i, k) => {
      x[k] = all.x[i];
      x[m + k] = all.x[total + i];
    });
    const y = keep.map((i) => all.y[i]);
    // Feature pairs that occur under both species.
    const seen = new Map<string, Set<number>>();
    keep.forEach((_i, k) => {
      const key = `${x[k]},${x[m + k]}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(y[k]));
    });
    const shared = [...seen].filter(([, labels]) => labels.size > 1).map(([key]) => key);

    const xt = b.fromArray(x, [2, m]);
    const res = await trainPerceptron(b, xt, y, {
      eta: ctx.params.eta,
      epochs: ctx.params.epochs,
      output: "sign",
      bias: true,
    });
    xt.dispose();
    res.errors.forEach((errors, i) => ctx.log({ epoch: i + 1, errors }));
    return {
      samples: m,
      /** (sepal length, petal length) pairs that versicolor and virginica flowers share. */
      sharedFeaturePairs: shared,
      errors: res.errors,
      weights: res.weights,
    };
  },
  claims: [{
    id: "does-not-converge",
    chart: "errors",
    text: "The 2 classes must be separable by a linear hyperplane; if not, the perceptron " +
      "algorithm does NOT converge: on versicolor vs virginica it misclassifies at least one " +
      "flower in every one of its 100 epochs",
    source: lecture(
      2,
      "Problems with Perceptron",
      "If not, then the perceptron algorithm does NOT converge!",
    ),
    expected: 1,
    check: { kind: "atLeast" },
    when: { epochs: 100 },
    observe: ({ outputs }) => Math.min(...outputs.errors),
    note: ({ outputs: o }) =>
      `Misclassifications per epoch from ${Math.min(...o.errors)} to ${Math.max(...o.errors)} ` +
      `(last ${o.errors[o.errors.length - 1]}); flowers of both species share ` +
      `(sepal, petal) = ${o.sharedFeaturePairs.join("; ")}, so no line separates them.`,
  }],
});
