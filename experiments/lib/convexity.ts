/**
 * Convexity of logistic regression's costs, measured: each cost sampled along lines through
 * weight space and held to the convexity inequality at every triple of points, and gradient
 * descent run from several starts (one row each) to see whether the runs end at one cost.
 */
import type { Catvnoncat } from "../../data/catvnoncat.ts";
import type { Claim, MetricRow, ParamSpecs } from "../../harness/experiment.ts";
import type { Source } from "../../harness/sources.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { RandomState } from "../../numpy/rng.ts";
import type { FunctionPlot } from "../../schema/payloads.ts";
import { rowCost, rowCrossEntropy, type RowLoss, rowStep } from "./logreg_rows.ts";

/** The costs measured along lines in weight space, each with the lecture that defines it. */
export const COSTS = ["se", "l2", "sse", "l1", "ce"] as const;
export type CostName = (typeof COSTS)[number];

/** Largest gap h(λu + (1 − λ)v) − [λh(u) + (1 − λ)h(v)] over the grid's triples, and counts. */
export type Convexity = { maxGap: number; violations: number; triples: number };
export type Convexities = Record<CostName, Convexity>;

/**
 * The lecture's convexity inequality on every triple t_i < t_j < t_k of a line's grid: the point
 * t_j = λt_i + (1 − λ)t_k must have h(t_j) ≤ λh(t_i) + (1 − λ)h(t_k).
 */
export function convexityGaps(t: readonly number[], lines: readonly number[][]): Convexity {
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

/** `convexityGaps` of each cost over its lines. */
function convexityOf(t: readonly number[], along: Record<CostName, number[][]>): Convexities {
  return Object.fromEntries(COSTS.map((c) => [c, convexityGaps(t, along[c])])) as Convexities;
}

/** The cross-entropy, SE and L1 along the first line, for a "function" chart. */
function firstLinePlot(t: number[], along: Record<CostName, number[][]>): FunctionPlot {
  return {
    x: t,
    series: [
      { name: "cross-entropy", y: along.ce[0] },
      { name: "½(ŷ − y)² (SE)", y: along.se[0] },
      { name: "|ŷ − y| (L1)", y: along.l1[0] },
    ],
  };
}

/**
 * Every cost of COSTS along `lines` random directions d (randn from `rng`) through w = 0, b = 0
 * in the cat images' weight space: w = t·s·d at `points` values of t from −1 to 1, s scaling the
 * line so that the largest |z| = |wᵀx| over the training images is `zmax`. The cross-entropy
 * carries the backend's guard log(max(p, 1e-12)). Returns each cost's convexity gaps and the
 * first line's plot.
 */
export async function lineConvexity(
  b: Backend,
  rng: RandomState,
  cat: Catvnoncat,
  { lines, points, zmax }: { lines: number; points: number; zmax: number },
): Promise<{ convexity: Convexities; line: FunctionPlot }> {
  const n = cat.features, m = cat.mTrain;
  const half = (points - 1) / 2;
  const t = Array.from({ length: points }, (_, i) => (i - half) / half);
  const X = b.fromArray(cat.trainX, [n, m]);
  const Y = b.fromArray(cat.trainY, [1, m]);
  const T = b.fromArray(t, [points, 1]);
  const along: Record<CostName, number[][]> = { se: [], l2: [], sse: [], l1: [], ce: [] };
  for (let k = 0; k < lines; k++) {
    const d = rng.randn(n);
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
      return [
        b.unary("affine", b.mean(sq, 1), 0.5, 0),
        b.mean(sq, 1),
        b.sum(sq, 1),
        b.mean(b.unary("abs", E), 1),
        rowCrossEntropy(b, A, Y),
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
  return { convexity: convexityOf(t, along), line: firstLinePlot(t, along) };
}

/** Where the runs from each start ended: cost, weights and bias per start. */
export type DescentEnds = { cost: number[]; w: number[][]; b: number[] };

/**
 * Gradient descent on `loss` (logreg_rows.ts: every start a row, all advanced together) from
 * weights `starts` with b = 0, α = `alpha`, for `iterations` steps; each start's cost logged
 * (loss, run, iteration, cost) at the start, about every 1% of the way and at the end.
 */
export async function descendFromStarts(
  b: Backend,
  loss: RowLoss,
  starts: readonly number[][],
  X: Tensor,
  Y: Tensor,
  { alpha, iterations }: { alpha: number; iterations: number },
  log: (row: MetricRow) => void,
): Promise<DescentEnds> {
  const S = starts.length;
  const logEvery = Math.max(1, Math.floor(iterations / 100));
  const W = b.fromArray(starts.flat(), [S, 2]);
  const B = b.full([S, 1], 0);
  const logCosts = async (iteration: number) => {
    const c = rowCost(b, loss, W, B, X, Y);
    const v = await b.read(c);
    c.dispose();
    v.forEach((cost, s) => log({ loss, run: `start ${s}`, iteration, cost }));
    return v;
  };
  await logCosts(0);
  for (let it = 1; it <= iterations; it++) {
    rowStep(b, loss, W, B, X, Y, alpha);
    if (it % logEvery === 0 && it !== iterations) await logCosts(it);
  }
  const cost = await logCosts(iterations);
  const [w, bias] = await b.readMany([W, B]);
  W.dispose();
  B.dispose();
  return {
    cost: Array.from(cost),
    w: starts.map((_, s) => [w[2 * s], w[2 * s + 1]]),
    b: Array.from(bias),
  };
}

/** w = 0, then `k` starts evenly spaced on the circle |w| = `radius` (from angle 0). */
export function circleStarts(radius: number, k: number): number[][] {
  const starts = [[0, 0]];
  for (let i = 0; i < k; i++) {
    const phi = 2 * Math.PI * i / k;
    starts.push([radius * Math.cos(phi), radius * Math.sin(phi)]);
  }
  return starts;
}

/** "N of M triples violate the inequality; the largest gap is G" and `tail`. */
export function gapNote(c: Convexity, tail: string): string {
  return `${c.violations} of ${c.triples} triples violate the inequality; the largest ` +
    `gap is ${c.maxGap.toPrecision(4)}${tail}`;
}

/** The words of a claim on one cost's convexity. */
export type ConvexityStatement<P extends ParamSpecs> =
  & Pick<Claim<unknown, P>, "id" | "text" | "when">
  & { source: Source };

/**
 * Builds claims on the largest gap of one cost's convexity inequality (expected 0: `above` for
 * "not convex", `atMost` for convex), shown on `chart`, noted by `gapNote` with `tail`.
 */
export function convexityClaims<
  O extends { convexity: Convexities },
  P extends ParamSpecs,
>(chart: string) {
  return (
    cost: CostName,
    kind: "above" | "atMost",
    tail: string,
    c: ConvexityStatement<P>,
  ): Claim<O, P> => ({
    id: c.id,
    chart,
    text: c.text,
    source: c.source,
    expected: 0,
    check: { kind },
    ...(c.when ? { when: c.when } : {}),
    observe: ({ outputs }) => outputs.convexity[cost].maxGap,
    note: ({ outputs }) => gapNote(outputs.convexity[cost], tail),
  });
}
