/**
 * Lectures 000, 001 and 002 on the logistic-regression cost: the squared (and absolute) error of
 * a sigmoid output is not convex, the cross-entropy is; gradient descent on the squared error
 * ends at different costs from different starts, on the cross-entropy at one; the cross-entropy
 * is the negative log-likelihood; and its two bounding cases (y = 1, y = 0).
 */
import { catData, checkCatData } from "./lib/cat_images.ts";
import { coursePlanar } from "../data/planar.ts";
import { LOG_GUARD } from "../kernels/backend.ts";
import { rowActivations, rowCost, type RowLoss, rowStep } from "./lib/logreg_rows.ts";
import { defineExperiment, type FunctionPlot, lecture, project } from "./prelude.ts";

/** The costs measured along lines in weight space, each with the lecture that defines it. */
const COSTS = ["se", "l2", "sse", "l1", "ce"] as const;
type CostName = (typeof COSTS)[number];

/** Largest gap h(λu + (1 − λ)v) − [λh(u) + (1 − λ)h(v)] over the grid's triples, and counts. */
type Convexity = { maxGap: number; violations: number; triples: number };

/**
 * The lecture's convexity inequality on every triple t_i < t_j < t_k of a line's grid: the point
 * t_j = λt_i + (1 − λ)t_k must have h(t_j) ≤ λh(t_i) + (1 − λ)h(t_k).
 */
function convexityGaps(t: readonly number[], lines: readonly number[][]): Convexity {
  let maxGap = -Infinity, violations = 0, triples = 0;
  for (const h of lines) {
    for (let i = 0; i < t.length; i++) {
      for (let k = i + 2; k < t.length; k++) {
        for (let j = i + 1; j < k; j++) {
          const lambda = (t[k] - t[j]) / (t[k] - t[i]);
          const gap = h[j] - (lambda * h[i] + (1 - lambda) * h[k]);
          triples++;
          if (gap > 0) violations++;
          if (gap > maxGap) maxGap = gap;
        }
      }
    }
  }
  return { maxGap, violations, triples };
}

const L0_COST = "Logistic Regression Cost Function";
const NOT_CONVEX_L0 = "the optimization problem for it becomes not convex";

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
  params: {
    lines: { type: "integer", default: 8, min: 1, max: 64, doc: "random lines in weight space" },
    points: {
      type: "integer",
      default: 33,
      min: 3,
      max: 129,
      doc: "grid points per line (odd: t = −1 … 1 in steps exact in float32)",
    },
    zmax: { type: "number", default: 8, min: 0, doc: "largest |z| over the images on a line" },
    radius: { type: "number", default: 10, min: 0, doc: "|w| of the gradient-descent starts" },
    alpha: { type: "number", default: 1, min: 0, doc: "learning rate of the planar runs" },
    iterations: {
      type: "integer",
      default: 2000,
      min: 1,
      max: 100000,
      doc: "gradient-descent steps of the planar runs",
    },
  },
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
  async run(ctx) {
    const b = ctx.backend;
    const { lines, points, zmax, radius, alpha, iterations } = ctx.params;
    // Part 1: costs along random lines through w = 0 in the cat images' weight space.
    const cat = await catData(ctx.dataDir);
    const n = cat.features, m = cat.mTrain;
    const half = (points - 1) / 2;
    const t = Array.from({ length: points }, (_, i) => (i - half) / half);
    const X = b.fromArray(cat.trainX, [n, m]);
    const Y = b.fromArray(cat.trainY, [1, m]);
    const T = b.fromArray(t, [points, 1]);
    const along: Record<CostName, number[][]> = { se: [], l2: [], sse: [], l1: [], ce: [] };
    for (let k = 0; k < lines; k++) {
      const d = ctx.rng.randn(n);
      const D = b.fromArray(d, [n, 1]);
      const P = b.matmul(D, X, { transA: true });
      const p = await b.read(P);
      const scale = zmax / p.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      const outs = b.tidy(() => {
        // z at every grid point: t·s·(dᵀx), the line w = t·s·d.
        const Z = b.matmul(T, b.unary("affine", P, scale, 0));
        const A = b.activation("sigmoid", Z);
        const E = b.binary("sub", A, Y);
        const sq = b.unary("square", E);
        const guard = b.full([1, 1], LOG_GUARD);
        const logA = b.unary("log", b.binary("max", A, guard));
        const log1mA = b.unary("log", b.binary("max", b.unary("affine", A, -1, 1), guard));
        const ce = b.unary(
          "affine",
          b.mean(
            b.binary(
              "add",
              b.binary("mul", logA, Y),
              b.binary("mul", log1mA, b.unary("affine", Y, -1, 1)),
            ),
            1,
          ),
          -1,
          0,
        );
        return [
          b.unary("affine", b.mean(sq, 1), 0.5, 0),
          b.mean(sq, 1),
          b.sum(sq, 1),
          b.mean(b.unary("abs", E), 1),
          ce,
        ];
      });
      const read = await b.readMany(outs);
      COSTS.forEach((c, i) => along[c].push(Array.from(read[i])));
      outs.forEach((o) => o.dispose());
      D.dispose();
      P.dispose();
    }
    X.dispose();
    Y.dispose();
    T.dispose();
    const convexity = Object.fromEntries(
      COSTS.map((c) => [c, convexityGaps(t, along[c])]),
    ) as Record<CostName, Convexity>;
    const line: FunctionPlot = {
      x: t,
      series: [
        { name: "cross-entropy", y: along.ce[0] },
        { name: "½(ŷ − y)² (SE)", y: along.se[0] },
        { name: "|ŷ − y| (L1)", y: along.l1[0] },
      ],
    };

    // Part 2: gradient descent on the planar flower from 9 starts, both losses.
    const planar = coursePlanar();
    const starts = [[0, 0]];
    for (let k = 0; k < 8; k++) {
      const phi = 2 * Math.PI * k / 8;
      starts.push([radius * Math.cos(phi), radius * Math.sin(phi)]);
    }
    const S = starts.length;
    const PX = b.fromArray(planar.X, [2, planar.m]);
    const PY = b.fromArray(planar.Y, [1, planar.m]);
    const finals: Record<RowLoss, { cost: number[]; w: number[][]; b: number[] }> = {
      se: { cost: [], w: [], b: [] },
      ce: { cost: [], w: [], b: [] },
    };
    const logEvery = Math.max(1, Math.floor(iterations / 100));
    for (const loss of ["se", "ce"] as const) {
      const W = b.fromArray(starts.flat(), [S, 2]);
      const B = b.full([S, 1], 0);
      const logCosts = async (iteration: number) => {
        const c = rowCost(b, loss, W, B, PX, PY);
        const v = await b.read(c);
        c.dispose();
        v.forEach((cost, s) => ctx.log({ loss, run: `start ${s}`, iteration, cost }));
        return v;
      };
      await logCosts(0);
      for (let it = 1; it <= iterations; it++) {
        rowStep(b, loss, W, B, PX, PY, alpha);
        if (it % logEvery === 0 && it !== iterations) await logCosts(it);
      }
      const cost = await logCosts(iterations);
      const [w, bias] = await b.readMany([W, B]);
      finals[loss] = {
        cost: Array.from(cost),
        w: starts.map((_, s) => [w[2 * s], w[2 * s + 1]]),
        b: Array.from(bias),
      };
      W.dispose();
      B.dispose();
    }

    // Part 3: cross-entropy against the log-likelihood, at the cross-entropy solution from w = 0.
    const W0 = b.fromArray(finals.ce.w[0], [1, 2]);
    const B0 = b.fromArray([finals.ce.b[0]], [1, 1]);
    const A0 = rowActivations(b, W0, B0, PX);
    const J0 = b.loss("bce", A0, PY);
    const [a0, j0] = await b.readMany([A0, J0]);
    [W0, B0, A0, J0].forEach((x) => x.dispose());
    // log P(labels) = log Π p(y|x), p(y|x) = ŷ^y (1 − ŷ)^(1−y), the product taken as it stands.
    let likelihood = 1;
    for (let i = 0; i < planar.m; i++) {
      const y = planar.Y[i];
      likelihood *= a0[i] ** y * (1 - a0[i]) ** (1 - y);
    }
    const logLikelihood = Math.log(likelihood);

    // The loss of one example as ŷ grows, for y = 1 and y = 0 (the bounding cases).
    const yhat = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
    const YH = b.fromArray([...yhat, ...yhat], [2, 99]);
    const YL = b.fromArray([...yhat.map(() => 1), ...yhat.map(() => 0)], [2, 99]);
    const per = b.tidy(() => {
      const logA = b.unary("log", YH);
      const log1mA = b.unary("log", b.unary("affine", YH, -1, 1));
      return b.unary(
        "neg",
        b.binary(
          "add",
          b.binary("mul", YL, logA),
          b.binary("mul", b.unary("affine", YL, -1, 1), log1mA),
        ),
      );
    });
    const perExample = await b.read(per);
    [YH, YL, per, PX, PY].forEach((x) => x.dispose());

    return {
      convexity,
      line,
      planar: { starts, se: finals.se, ce: finals.ce },
      likelihood: { logLikelihood, crossEntropy: j0[0], m: planar.m },
      bounding: {
        yhat,
        lossY1: Array.from(perExample.slice(0, 99)),
        lossY0: Array.from(perExample.slice(99)),
      },
    };
  },
  claims: [
    {
      id: "se-not-convex",
      chart: "costs-along-a-line",
      text: 'L(ŷ, y) = ½(σ(wᵀx + b) − y)² — "What is the problem?": the cost is not convex, ' +
        "h(λu + (1 − λ)v) ≤ λh(u) + (1 − λ)h(v) fails (largest gap over random lines through " +
        "w = 0 on the cat images)",
      source: lecture(1, "Logistic Regression cost function", "What is the problem?"),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => outputs.convexity.se.maxGap,
      note: ({ outputs }) => {
        const c = outputs.convexity.se;
        return `${c.violations} of ${c.triples} triples violate the inequality; the largest ` +
          `gap is ${c.maxGap.toPrecision(4)} (cost units).`;
      },
    },
    {
      id: "l2-not-convex",
      chart: "costs-along-a-line",
      text: "With the squared error L₂(ŷ, y) = (ŷ − y)² the optimization problem becomes not " +
        "convex (largest gap of the convexity inequality over random lines, cat images)",
      source: lecture(0, L0_COST, NOT_CONVEX_L0),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => outputs.convexity.l2.maxGap,
      note: ({ outputs }) => {
        const c = outputs.convexity.l2;
        return `${c.violations} of ${c.triples} triples violate the inequality; the largest ` +
          `gap is ${c.maxGap.toPrecision(4)}.`;
      },
    },
    {
      id: "l1-not-convex",
      chart: "costs-along-a-line",
      text: "With the absolute error L₁(ŷ, y) = |ŷ − y| the optimization problem becomes not " +
        "convex (largest gap of the convexity inequality over random lines, cat images)",
      source: lecture(0, L0_COST, NOT_CONVEX_L0),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => outputs.convexity.l1.maxGap,
      note: ({ outputs }) => {
        const c = outputs.convexity.l1;
        return `${c.violations} of ${c.triples} triples violate the inequality; the largest ` +
          `gap is ${c.maxGap.toPrecision(4)}.`;
      },
    },
    {
      id: "sse-not-convex",
      chart: "costs-along-a-line",
      text: "We do not use sum of squared errors because it will be not convex in logistic " +
        "regression (largest gap of the convexity inequality over random lines, cat images)",
      source: lecture(
        2,
        "Logistic Regression Cost Function",
        "we do not use sum of squared errors because it will be not convex in logistic regression",
      ),
      expected: 0,
      check: { kind: "above" },
      observe: ({ outputs }) => outputs.convexity.sse.maxGap,
      note: ({ outputs }) => {
        const c = outputs.convexity.sse;
        return `${c.violations} of ${c.triples} triples violate the inequality; the largest ` +
          `gap is ${c.maxGap.toPrecision(4)}.`;
      },
    },
    {
      id: "ce-convex",
      chart: "costs-along-a-line",
      text: "The cross-entropy L₃(ŷ, y) = −(y log ŷ + (1 − y) log(1 − ŷ)) is convex: no triple " +
        "on the random lines violates h(λu + (1 − λ)v) ≤ λh(u) + (1 − λ)h(v) (largest gap ≤ 0)",
      source: lecture(
        0,
        L0_COST,
        "We need to define the loss function in such a way that the function will be convex",
      ),
      expected: 0,
      check: { kind: "atMost" },
      when: { zmax: 8 },
      observe: ({ outputs }) => outputs.convexity.ce.maxGap,
      note: ({ outputs }) => {
        const c = outputs.convexity.ce;
        return `${c.violations} of ${c.triples} triples violate the inequality; the largest ` +
          `gap is ${c.maxGap.toPrecision(4)} (negative: strictly below the chord).`;
      },
    },
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
      observe: ({ outputs }) =>
        Math.max(...outputs.planar.se.cost) - Math.min(...outputs.planar.se.cost),
      note: ({ outputs }) => {
        const c = outputs.planar.se.cost;
        return `Final SE costs per start: ${c.map((v) => v.toFixed(4)).join(", ")} (start 0 ` +
          `is w = 0); the starts far out sit on flat parts of the sigmoid, where the SE ` +
          `gradient (a − y)·a·(1 − a) nearly vanishes.`;
      },
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
      observe: ({ outputs }) =>
        Math.max(...outputs.planar.ce.cost) - Math.min(...outputs.planar.ce.cost),
      note: ({ outputs }) => {
        const c = outputs.planar.ce.cost;
        return `Final cross-entropy costs: ${Math.min(...c).toFixed(8)} to ` +
          `${Math.max(...c).toFixed(8)}.`;
      },
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
      observe: ({ outputs }) => {
        const l = outputs.likelihood;
        return l.logLikelihood / (-l.m * l.crossEntropy) - 1;
      },
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
