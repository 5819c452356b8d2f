/**
 * The course's application notebook ("Deep Neural Network for Image Classification: Application",
 * course 1, week 4) as data: its two models and its run, the figures its two versions print, and
 * the claims on them that deep-cat.ts judges. Kept apart so that deep-cat.ts reads as the training
 * it does; every figure here is the notebook's, every reason quotes what a run measured.
 */
import { assignment, type Bar, type Check, type ImageGrid } from "../prelude.ts";
import { risesNote } from "./cost_trend.ts";
import type { PassShapes } from "./pass_shapes.ts";
import { figures } from "./printed_figures.ts";

export const MODELS = ["two-layer", "l-layer"] as const;
export type Model = (typeof MODELS)[number];

/** The course's layer sizes and initialisers (`initialize_parameters` / `_deep`). */
export const ARCH: Record<Model, { dims: number[]; init: "random" | "deep" }> = {
  "two-layer": { dims: [12288, 7, 1], init: "random" }, // randn · 0.01
  "l-layer": { dims: [12288, 20, 7, 5, 1], init: "deep" }, // randn / √n_prev
};

/** The course's run: lr 0.0075, 2500 iterations, np.random.seed(1), the cost every 100. */
export const COURSE_RUN = { iterations: 2500, lr: 0.0075, initSeed: 1, logEvery: 100 } as const;

/**
 * The two versions of the notebook. Both print the cost at i % 100 == 0 (the last at 2400) and
 * the accuracies; they compute the same figures and print them differently.
 */
const V2017 = "2017–2020 version: prints the cost at i % 100 == 0, the L-layer model's with %f";
const V2021 = "2021 version: prints every cost in full, and also the last iteration's (2499)";

/** The iterations whose cost the notebook prints: 0, 100, …, 2400. */
const PRINTED_AT = Array.from({ length: 25 }, (_, i) => 100 * i);

/** The 2017 notebook's printed costs at 0, 100, …, 2400 (its "Cost after iteration i" lines). */
const PRINTED_COSTS: Record<Model, number[]> = {
  "two-layer": figures(`
    0.693049735659989 0.6464320953428849 0.6325140647912678 0.6015024920354665 0.5601966311605748
    0.515830477276473 0.4754901313943325 0.43391631512257495 0.4007977536203886 0.35807050113237987
    0.3394281538366413 0.30527536361962654 0.2749137728213015 0.24681768210614827 0.1985073503746611
    0.17448318112556593 0.1708076297809661 0.11306524562164737 0.09629426845937163
    0.08342617959726878 0.0743907870431909 0.06630748132267938 0.05919329501038176
    0.05336140348560564 0.048554785628770226
  `),
  "l-layer": figures(`
    0.771749 0.672053 0.648263 0.611507 0.567047 0.540138 0.52793 0.465477 0.369126 0.391747
    0.315187 0.2727 0.237419 0.199601 0.189263 0.161189 0.148214 0.137775 0.12974 0.121225
    0.113821 0.107839 0.102855 0.100897 0.092878
  `),
};

/** The 2021 notebook's full-precision first and last costs ("Cost after iteration 0 / 2499"). */
const PRINTED_2021: Record<Model, { first: number; last: number }> = {
  "two-layer": { first: 0.693049735659989, last: 0.04421498215868956 },
  "l-layer": { first: 0.7717493284237686, last: 0.08843994344170202 },
};

/** The 2017 notebook's "Accuracy: …" lines (share of correct predictions). */
const PRINTED_ACCURACY: Record<Model, { train: number; test: number }> = {
  "two-layer": { train: 1.0, test: 0.72 },
  "l-layer": { train: 0.985645933014, test: 0.8 },
};

export const REF =
  "references/deep_cat.json (NumPy float64 and float32 of the notebook's computation)";

const fmt = (v: number, d = 6) => v.toFixed(d);

export type DeepCatOutput = {
  model: Model;
  layerDims: number[];
  /** Trainable parameters, counted from the allocated tensors. */
  parameters: number;
  /** The cost before each update, every iteration (what `costs` samples every `logEvery`). */
  costEvery: number[];
  /** Iterations i ≥ 1 whose cost is above iteration i − 1's. */
  costRises: number[];
  trainCorrect: number;
  trainCount: number;
  testCorrect: number;
  testCount: number;
  /** Shapes of W[l], b[l], Z[l], A[l], dW[l], db[l] (l = 1 … L) in a pass over the training set. */
  shapes: PassShapes;
  /** Indices of the mislabelled test images. */
  mislabelledTest: number[];
  mislabelled: ImageGrid;
  accuracy: Bar[];
};
type View = { outputs: DeepCatOutput };

/** The logged cost at `iteration`; throws when it was not logged. */
function costAt(costs: readonly number[], iteration: number): number {
  const c = costs[iteration];
  if (c === undefined) throw new Error(`no cost at iteration ${iteration}`);
  return c;
}

/** The params of `model`'s run with the course's settings. */
const inCourseRun = (model: Model) => ({ model, ...COURSE_RUN });
const trainShare = ({ outputs: o }: View) => o.trainCorrect / o.trainCount;
const testShare = ({ outputs: o }: View) => o.testCorrect / o.testCount;
/** The costs at the iterations the 2017 notebook prints. */
const printedSeries = ({ outputs }: View) => PRINTED_AT.map((i) => costAt(outputs.costEvery, i));

/** The 2021 notebook's "Cost after iteration 0" of `model`; `measured`: the float32 basis. */
function initialCost(model: Model, text: string, measured: string) {
  return {
    id: `initial-cost-${model}`,
    text,
    source: assignment("deep-nn-app", V2021),
    expected: PRINTED_2021[model].first,
    check: {
      kind: "near",
      tolerance: {
        float64: 1e-9,
        float32: 1e-7,
        basis: "NumPy float32 of the same forward pass, and this project's webgpu, give " +
          measured,
      },
    } as const,
    when: { model, initSeed: 1 },
    observe: ({ outputs }: View) => costAt(outputs.costEvery, 0),
  };
}

/** The 2021 notebook's "Cost after iteration 2499" of `model`, which float32 does not reach. */
function finalCost(model: Model, text: string, float32: string) {
  return {
    id: `final-cost-${model}`,
    text,
    source: assignment("deep-nn-app", V2021),
    expected: PRINTED_2021[model].last,
    check: { kind: "near", tolerance: 1e-9 } as const,
    diverges: { dtype: "float32" as const, reason: float32 },
    when: inCourseRun(model),
    observe: ({ outputs }: View) => costAt(outputs.costEvery, 2499),
  };
}

/** A claim on a share of correct predictions (the test set's unless `observe` says). */
function share<const W>(
  id: string,
  text: string,
  expected: number,
  check: Check,
  when: W,
  observe = testShare,
) {
  return { id, text, source: assignment("deep-nn-app", V2017), expected, check, when, observe };
}

/** "The cost should decrease on every iteration", which it does not at this learning rate. */
function decreasing(model: Model, version: string, reason: string) {
  return {
    id: `cost-decreasing-${model}`,
    text: `${model === "two-layer" ? "2-layer" : "L-layer"} model: "The cost should decrease ` +
      "on every iteration.\" — the iterations whose cost is above the previous one's",
    source: assignment("deep-nn-app", version),
    expected: 0,
    check: { kind: "equals" } as const,
    when: inCourseRun(model),
    observe: ({ outputs }: View) => outputs.costRises.length,
    note: ({ outputs: o }: View) => risesNote(o.costEvery, o.costRises),
    diverges: { reason },
  };
}

/** The notebook's printed figures and statements, on both models. */
export const notebookClaims = [
  // ---- 2-layer model: the notebook's printed figures ----
  initialCost(
    "two-layer",
    '2-layer model, np.random.seed(1): "Cost after iteration 0: 0.693049735659989" ' +
      "(the initial weights drawn in the course's order; the 2017 version's expected output " +
      "prints 0.6930497356599888)",
    `0.69304973 (|Δ| = 6.8e-9), ${REF}; 1e-7 is float32's rounding level at 0.69`,
  ),
  {
    id: "costs-two-layer",
    text:
      '2-layer model: the 25 printed costs "Cost after iteration 0 … 2400" (0.693049735659989 ' +
      "… 0.048554785628770226)",
    source: assignment("deep-nn-app", V2017),
    expected: PRINTED_COSTS["two-layer"],
    // The copies of the notebook differ from one another below 1e-15 (BLAS summation order).
    check: { kind: "near", tolerance: 1e-9 } as const,
    when: inCourseRun("two-layer"),
    observe: printedSeries,
    note: ({ outputs: o }: View) =>
      `cost after iteration 1000: ${fmt(costAt(o.costEvery, 1000), 8)}, 1600: ` +
      `${fmt(costAt(o.costEvery, 1600), 8)}, 2400: ${fmt(costAt(o.costEvery, 2400), 8)}`,
    diverges: {
      dtype: "float32" as const,
      reason: "float32 follows the printed series to within 8e-8 up to iteration 500 and then " +
        "takes another path: NumPy float32 of the notebook's computation is off by 0.011 at " +
        "iteration 1000 and 0.043 at 1600 (the cost's bumps fall at other iterations) and " +
        "prints 0.048541 at 2400; this project's webgpu is off by 0.0053 at 1000 and 0.039 " +
        "at 1600 and ends at 0.048438, against the course's 0.048555. float64 reproduces the " +
        `series. ${REF}.`,
    },
  },
  finalCost(
    "two-layer",
    '2-layer model: "Cost after iteration 2499: 0.04421498215868956"',
    "float32 ends near the figure but not at it: NumPy float32 of the notebook's " +
      "computation ends at 0.0441396 (0.0441342 with dZ = A − Y, this project's form) and " +
      "this project's webgpu at 0.0440882, against the course's 0.0442150, which float64 " +
      "reproduces. The float32 runs leave the float64 path after iteration ~500 (see the " +
      `printed-costs claim) and only converge to a similar fit, ${REF}.`,
  ),
  share(
    "train-accuracy-two-layer",
    '2-layer model, training set: "Accuracy: 1.0" (209 of 209)',
    PRINTED_ACCURACY["two-layer"].train,
    { kind: "equals" },
    inCourseRun("two-layer"),
    trainShare,
  ),
  share(
    "test-accuracy-two-layer",
    '2-layer model, test set: "Accuracy: 0.72" (36 of 50)',
    PRINTED_ACCURACY["two-layer"].test,
    { kind: "equals" },
    inCourseRun("two-layer"),
  ),
  {
    id: "cost-falls-two-layer",
    text: '2-layer model: "See if your model runs. The cost should be decreasing." — the 25 ' +
      "printed costs (iterations 0, 100, …, 2400) fall from each to the next",
    source: assignment("deep-nn-app", V2017),
    expected: null,
    check: { kind: "falls" } as const,
    when: inCourseRun("two-layer"),
    observe: printedSeries,
  },
  decreasing(
    "two-layer",
    V2021,
    "The cost rises at 723 of the 2499 steps, from iteration 537 on, by up to 0.032 " +
      "(iteration 1315): at lr 0.0075 gradient descent overshoots and the cost oscillates " +
      "about its falling trend (the printed costs, every 100 iterations, still fall). NumPy " +
      "float64 of the notebook's computation counts the same 723 rises (float32: 738, or " +
      `749 with dZ = A − Y; this project's webgpu 742), ${REF}.`,
  ),
  share(
    "beats-logistic-regression",
    '"It seems that your 2-layer neural network has better performance (72%) than the ' +
      'logistic regression implementation (70%, assignment week 2)": test accuracy above 0.70',
    0.7,
    { kind: "above" },
    inCourseRun("two-layer"),
  ),
  {
    ...share(
      "early-stopping-two-layer",
      '"You may notice that running the model on fewer iterations (say 1500) gives better ' +
        'accuracy on the test set": the 2-layer model after 1500 iterations, test accuracy ' +
        "above the 0.72 of 2500 iterations",
      0.72,
      { kind: "above" },
      { model: "two-layer", ...COURSE_RUN, iterations: 1500 },
    ),
    note: ({ outputs: o }: View) =>
      `after 1500 iterations: test ${o.testCorrect}/${o.testCount}, training ` +
      `${o.trainCorrect}/${o.trainCount}`,
    diverges: {
      reason: "After 1500 iterations the 2-layer model classifies 34 of the 50 test images " +
        "correctly (0.68), fewer than the 36 (0.72) of 2500 iterations; NumPy float64 of the " +
        "notebook's computation gives the same 34/50, NumPy float32 and this project's webgpu " +
        "35/50 (0.70), " +
        `${REF}. The note's "say 1500" does not hold for this seed and data.`,
    },
  },
  share(
    "deeper-better-two-layer-side",
    '"It seems that your 4-layer neural network has better performance (80%) than your ' +
      "2-layer neural network (72%)\" — 2-layer side: test accuracy below the L-layer's 0.8",
    0.8,
    { kind: "below" },
    inCourseRun("two-layer"),
  ),

  // ---- L-layer model: the notebook's printed figures ----
  initialCost(
    "l-layer",
    'L-layer model, np.random.seed(1): "Cost after iteration 0: 0.7717493284237686" ' +
      '(the 2017 version prints "0.771749")',
    `0.77174932 (|Δ| = 1.1e-8), ${REF}; 1e-7 is float32's rounding level at 0.77`,
  ),
  {
    id: "costs-l-layer",
    text: 'L-layer model: the 25 printed costs "Cost after iteration 0: 0.771749" … "Cost after ' +
      'iteration 2400: 0.092878" (printed with %f: 6 decimals)',
    source: assignment("deep-nn-app", V2017),
    expected: PRINTED_COSTS["l-layer"],
    check: { kind: "rounds", decimals: 6 } as const,
    when: inCourseRun("l-layer"),
    observe: printedSeries,
    note: ({ outputs: o }: View) =>
      `cost after iteration 100: ${fmt(costAt(o.costEvery, 100))}, 1000: ` +
      `${fmt(costAt(o.costEvery, 1000))}, 2400: ${fmt(costAt(o.costEvery, 2400))}`,
    diverges: {
      dtype: "float32" as const,
      reason: "float32 follows the printed series at first (0.672053 at iteration 100 in " +
        "NumPy float32) and then drifts: NumPy float32 of the notebook's computation prints " +
        "0.088062 at iteration 2400 (0.088292 with dZ = A − Y, this project's form), and " +
        "this project's webgpu 0.088421, against the course's 0.092878 (float64 reproduces it " +
        "exactly). ReLU units switching on the rounding of their inputs send the two " +
        `arithmetics down different paths; ${REF}.`,
    },
  },
  finalCost(
    "l-layer",
    'L-layer model: "Cost after iteration 2499: 0.08843994344170202"',
    "NumPy float32 of the notebook's computation ends at 0.084311 (0.084081 with " +
      "dZ = A − Y, this project's form) and this project's webgpu at 0.084479, against the " +
      "course's 0.088440, which float64 reproduces; the float32 path leaves the float64 one " +
      "between iterations 200 (|Δ| = 5e-8) and 500 (|Δ| = 0.013) in NumPy float32, " +
      `${REF}.`,
  ),
  share(
    "train-accuracy-l-layer",
    'L-layer model, training set: "Accuracy: 0.985645933014" (206 of 209; the 2021 ' +
      "version prints 0.9856459330143539)",
    PRINTED_ACCURACY["l-layer"].train,
    // Python 2's str() prints 12 significant digits.
    { kind: "rounds", decimals: 12 },
    inCourseRun("l-layer"),
    trainShare,
  ),
  share(
    "test-accuracy-l-layer",
    'L-layer model, test set: "Accuracy: 0.8" (40 of 50)',
    PRINTED_ACCURACY["l-layer"].test,
    { kind: "equals" },
    inCourseRun("l-layer"),
  ),
  decreasing(
    "l-layer",
    V2017,
    "The cost rises at 1135 of the 2499 steps, from iteration 66 on, by up to 0.12 " +
      "(iteration 1418): at lr 0.0075 gradient descent overshoots and the cost oscillates " +
      "about its falling trend; the notebook's own printed series rises too, from 0.369126 " +
      "(iteration 800) to 0.391747 (900). NumPy float64 of the notebook's computation counts " +
      `the same 1135 rises (float32: 1112, or 1131 with dZ = A − Y; this project's webgpu ` +
      `1118), ${REF}.`,
  ),
  share(
    "deeper-better-l-layer-side",
    '"It seems that your 4-layer neural network has better performance (80%) than your ' +
      "2-layer neural network (72%)\" — L-layer side: test accuracy above the 2-layer's 0.72",
    0.72,
    { kind: "above" },
    inCourseRun("l-layer"),
  ),
];
