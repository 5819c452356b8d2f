/**
 * Lectures 000–002 on the logistic-regression cost: squared and absolute errors of a sigmoid are
 * not convex, the cross-entropy is, and is the negative log-likelihood — measured.
 */
import { catData, checkCatData } from "./lib/cat_images.ts";
import { coursePlanar } from "../data/planar.ts";
import {
  circleStarts,
  type Convexities,
  convexityClaims,
  descendFromStarts,
  type DescentEnds,
  lineConvexity,
} from "./lib/convexity.ts";
import { boundingLosses, likelihoodAt } from "./lib/log_likelihood.ts";
import type { RowLoss } from "./lib/logreg_rows.ts";
import { uploadXY } from "./lib/two_d.ts";
import { defineExperiment, type FunctionPlot, lecture, project } from "./prelude.ts";

const L0_COST = "Logistic Regression Cost Function";
const NOT_CONVEX_L0 = "the optimization problem for it becomes not convex";
const NO_SSE =
  "we do not use sum of squared errors because it will be not convex in logistic regression";
const CONVEX_DEF =
  "We need to define the loss function in such a way that the function will be convex";

const POINTS_DOC = "grid points per line (odd: t = −1 … 1 in steps exact in float32)";
const ITERATIONS_DOC = "gradient-descent steps of the planar runs";
const PARAMS = {
  lines: { type: "integer", default: 8, min: 1, max: 64, doc: "random lines in weight space" },
  points: { type: "integer", default: 33, min: 3, max: 129, doc: POINTS_DOC },
  zmax: { type: "number", default: 8, min: 0, doc: "largest |z| over the images on a line" },
  radius: { type: "number", default: 10, min: 0, doc: "|w| of the gradient-descent starts" },
  alpha: { type: "number", default: 1, min: 0, doc: "learning rate of the planar runs" },
  iterations: { type: "integer", default: 2000, min: 1, max: 100000, doc: ITERATIONS_DOC },
} as const;

type Output = {
  convexity: Convexities;
  line: FunctionPlot;
  planar: { starts: number[][]; se: DescentEnds; ce: DescentEnds };
  likelihood: { logLikelihood: number; crossEntropy: number; m: number };
  bounding: { yhat: number[]; lossY1: number[]; lossY0: number[] };
};
const gapClaim = convexityClaims<Output, typeof PARAMS>("costs-along-a-line");
const spread = (c: number[]) => Math.max(...c) - Math.min(...c);

export default defineExperiment({
  id: "loss-convexity",
  title: "Squared error vs cross-entropy for logistic regression: convexity, measured",
  source: lecture(1, "Convexity"),
  description:
    "Part 1, the cat images (209 × 12288, lecture 001's problem): `lines` random directions d " +
    "(randn, seeded) through w = 0, b = 0; on each, w = t·s·d at `points` values of t from −1 " +
    "to 1, s scaling the line so that the largest |z| = |wᵀx| over the training images is " +
    "`zmax`. The backend computes, at every point, the cost J(w) of each loss over the 209 " +
    "images: ½(ŷ − y)² averaged (lecture 001's SE), (ŷ − y)² averaged (lecture 000's L2), " +
    "summed (lecture 002's sum of squared errors), |ŷ − y| averaged (lecture 000's L1) and the " +
    "cross-entropy (with the backend's guard log(max(p, 1e-12))). Every triple of grid points is " +
    "held to the lecture's definition h(λu + (1 − λ)v) ≤ λh(u) + (1 − λ)h(v). The lines are " +
    "bounded (zmax) because at large |z| the computed 1 − σ(z) loses its digits (it is 0 beyond " +
    "z ≈ 17 in float32, 37 in float64) and the guard flattens the computed cross-entropy — a " +
    "violation of the arithmetic, not of the function: references/loss_convexity.json measures " +
    "1 violating triple (gap 1.1·10⁻⁴) in float32 at zmax = 16 and 2304 (float32) and 3021 " +
    "(float64) at zmax = 40, none at zmax = 8. Part 2, the course's planar flower (2 features, 400 points, not separable): " +
    "gradient descent (α = `alpha`, `iterations` steps) on each loss from w = 0 and from 8 " +
    "starts on the circle |w| = `radius` (b = 0), all runs batched as rows. Part 3: the " +
    "cross-entropy of the planar cross-entropy solution against the log-likelihood of the labels, " +
    "and the loss of one example as ŷ goes from 0.01 to 0.99.",
  params: PARAMS,
  seeds: [1],
  checkData: checkCatData,
  charts: [
    {
      name: "costs-along-a-line",
      title: "Cost along the first random line through w = 0 (cat images)",
      kind: "function",
      field: "line",
      xTitle: "t (position on the line)",
      yTitle: "J",
    },
    {
      name: "planar-descent",
      title: "Gradient descent on the planar flower from 9 starts",
      kind: "line",
      x: "iteration",
      y: "cost",
      color: "run",
      facet: "loss",
      xTitle: "Iteration",
      yTitle: "Cost",
    },
  ],
  async run(ctx): Promise<Output> {
    const b = ctx.backend, { radius, alpha, iterations } = ctx.params;
    // Part 1: costs along random lines through w = 0 in the cat images' weight space.
    const cat = await catData(ctx.dataDir);
    const { convexity, line } = await lineConvexity(b, ctx.rng, cat, ctx.params);
    // Part 2: gradient descent on the planar flower from 9 starts, both losses.
    const planar = coursePlanar(), starts = circleStarts(radius, 8);
    const { X: PX, Y: PY } = uploadXY(b, planar);
    const descend = (loss: RowLoss) =>
      descendFromStarts(b, loss, starts, PX, PY, { alpha, iterations }, ctx.log);
    const runs = { starts, se: await descend("se"), ce: await descend("ce") };
    // Part 3: cross-entropy against the log-likelihood, at the cross-entropy solution from w = 0;
    // the loss of one example as ŷ grows, for y = 1 and y = 0 (the bounding cases).
    const likelihood = await likelihoodAt(b, runs.ce.w[0], runs.ce.b[0], planar, PX, PY);
    const bounding = await boundingLosses(b);
    [PX, PY].forEach((x) => x.dispose());
    return { convexity, line, planar: runs, likelihood, bounding };
  },
  claims: [
    gapClaim("se", "above", " (cost units).", {
      id: "se-not-convex",
      text: 'L(ŷ, y) = ½(σ(wᵀx + b) − y)² — "What is the problem?": the cost is not convex, ' +
        "h(λu + (1 − λ)v) ≤ λh(u) + (1 − λ)h(v) fails (largest gap over random lines through " +
        "w = 0 on the cat images)",
      source: lecture(1, "Logistic Regression cost function", "What is the problem?"),
    }),
    gapClaim("l2", "above", ".", {
      id: "l2-not-convex",
      text: "With the squared error L₂(ŷ, y) = (ŷ − y)² the optimization problem becomes not " +
        "convex (largest gap of the convexity inequality over random lines, cat images)",
      source: lecture(0, L0_COST, NOT_CONVEX_L0),
    }),
    gapClaim("l1", "above", ".", {
      id: "l1-not-convex",
      text: "With the absolute error L₁(ŷ, y) = |ŷ − y| the optimization problem becomes not " +
        "convex (largest gap of the convexity inequality over random lines, cat images)",
      source: lecture(0, L0_COST, NOT_CONVEX_L0),
    }),
    gapClaim("sse", "above", ".", {
      id: "sse-not-convex",
      text: "We do not use sum of squared errors because it will be not convex in logistic " +
        "regression (largest gap of the convexity inequality over random lines, cat images)",
      source: lecture(2, L0_COST, NO_SSE),
    }),
    gapClaim("ce", "atMost", " (negative: strictly below the chord).", {
      id: "ce-convex",
      text: "The cross-entropy L₃(ŷ, y) = −(y log ŷ + (1 − y) log(1 − ŷ)) is convex: no triple " +
        "on the random lines violates h(λu + (1 − λ)v) ≤ λh(u) + (1 − λ)h(v) (largest gap ≤ 0)",
      source: lecture(0, L0_COST, CONVEX_DEF),
      when: { zmax: 8 },
    }),
    {
      id: "se-descent-ends-apart",
      chart: "planar-descent",
      text: "For the squared error the gradient descent algorithm cannot find the global " +
        "optimum easily: from 9 starts on the planar flower it ends at different costs (largest " +
        "final SE cost minus the smallest)",
      source: project(
        'Lecture 000 says gradient descent "cannot find the global optimum of such loss ' +
          'functions easily" and gives no figure; 10⁻³ is a difference in the third decimal ' +
          "of the cost, 10⁴ times float32's rounding of these costs, so runs that end that far " +
          "apart ended at different points",
      ),
      expected: 1e-3,
      check: { kind: "above" },
      when: { radius: 10, alpha: 1, iterations: 2000 },
      observe: ({ outputs }) => spread(outputs.planar.se.cost),
      note: ({ outputs: { planar: { se: { cost: c } } } }) =>
        `Final SE costs per start: ${c.map((v) => v.toFixed(4)).join(", ")} (start 0 ` +
        `is w = 0); the starts far out sit on flat parts of the sigmoid, where the SE ` +
        `gradient (a − y)·a·(1 − a) nearly vanishes.`,
    },
    {
      id: "ce-descent-one-optimum",
      chart: "planar-descent",
      text: "With the convex cross-entropy, gradient descent from the same 9 starts ends at one " +
        "cost (largest final cost minus the smallest)",
      source: project(
        "Lecture 000 chooses the cross-entropy because it is convex and gives no figure; 10⁻⁶ " +
          "is the sixth decimal, to which the course prints costs, and 10× float32's rounding " +
          "of a cost near 0.67",
      ),
      expected: 1e-6,
      check: { kind: "atMost" },
      when: { radius: 10, alpha: 1, iterations: 2000 },
      observe: ({ outputs }) => spread(outputs.planar.ce.cost),
      note: ({ outputs: { planar: { ce: { cost: c } } } }) =>
        `Final cross-entropy costs: ${Math.min(...c).toFixed(8)} to ${Math.max(...c).toFixed(8)}.`,
    },
    {
      id: "ce-is-negative-log-likelihood",
      text: "log P(labels in training set) = Σ log P(y⁽ⁱ⁾|x⁽ⁱ⁾) = −Σ L(ŷ⁽ⁱ⁾, y⁽ⁱ⁾) (Max " +
        "Likelihood), with p(y|x) = ŷ^y (1 − ŷ)^(1−y): log Π p(y|x) / (−m·J) − 1 at the " +
        "planar cross-entropy solution",
      source: lecture(1, "Logistic Regression Cost function", "Max Likelihood"),
      expected: 0,
      check: {
        kind: "near",
        tolerance: {
          float64: 1e-12,
          float32: 1e-7,
          basis: "references/loss_convexity.json: the same ratio with ŷ and J computed in " +
            "NumPy float32 is −2.9·10⁻⁸ (float64: 2.2·10⁻¹⁶)",
        },
      },
      observe: ({ outputs: { likelihood: l } }) => l.logLikelihood / (-l.m * l.crossEntropy) - 1,
    },
    {
      id: "y1-needs-large-yhat",
      text: "If y = 1 then L(ŷ, y) = −log ŷ, so to minimize it ŷ must be large (ŷ → 1): the " +
        "loss falls as ŷ goes from 0.01 to 0.99",
      source: lecture(0, L0_COST, "so to minimize it"),
      expected: null,
      check: { kind: "falls" },
      observe: ({ outputs }) => outputs.bounding.lossY1,
    },
    {
      id: "y0-needs-small-yhat",
      text: "If y = 0 then L(ŷ, y) = −log(1 − ŷ), so to minimize it ŷ must be small (ŷ → 0): " +
        "the loss rises as ŷ goes from 0.01 to 0.99",
      source: lecture(0, L0_COST, "so to minimize it"),
      expected: null,
      check: { kind: "rises" },
      observe: ({ outputs }) => outputs.bounding.lossY0,
    },
  ],
});
