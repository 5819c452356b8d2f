/**
 * Initial weights drawn as the lectures' randn·s or as the Xavier and He scalings, trained side by
 * side to see when randn·0.01 reaches what the larger scales end at; and the claims this project
 * holds Xavier and He to: they are not in the lectures and serve as baselines, so their claims
 * live here, apart from the lecture's.
 */
import { initializeParameters, type LayerValues } from "../../nn/init.ts";
import { project, RandomState } from "../prelude.ts";
import { accuracyColumns, reaches, type RunContext, runWith, trainEach } from "./measured_runs.ts";

/** randn·s for s = 0.01, 1, 10; Xavier randn·√(1/n_prev); He randn·√(2/n_prev). */
export type ScaledInit = "scale-0.01" | "scale-1" | "scale-10" | "xavier" | "he";

/** The initial weights `init` draws for `dims` from RandomState(seed); biases 0. */
export function initialValues(init: ScaledInit, dims: number[], seed: number): LayerValues[] {
  const rng = new RandomState(seed);
  if (init === "xavier" || init === "he") return initializeParameters(rng, dims, init);
  return initializeParameters(rng, dims, "random", { scale: Number(init.slice(6)) });
}

/** Xavier and He are held to reaching the target cost by this iteration. */
const HORIZON = 300;

/**
 * Xavier and He on the planar network, per hidden activation: few saturated units at the start,
 * and the target cost 0.5 reached within HORIZON iterations of the planar run.
 */
export function baselineClaims<T, R extends Record<string, unknown>>(
  activations: readonly ("tanh" | "sigmoid")[],
  planarRun: R,
  run: (t: T, init: "xavier" | "he") => { saturated: number; iterationsToTarget: number | null },
) {
  return (["xavier", "he"] as const).flatMap((init) =>
    activations.flatMap((activation) => {
      const name = init === "he" ? "He" : "Xavier";
      const variance = init === "he" ? "2" : "1";
      return [
        {
          id: `${init}-unsaturated-${activation}`,
          chart: "saturated",
          text: `${name} initialisation (variance ${variance}/n_prev) keeps ${activation} units ` +
            "of the planar network out of the flat areas: at most 25% of hidden units × examples " +
            "with g′(z) < 0.01",
          source: project(
            "Xavier and He scale randn by √(1/n_prev) and √(2/n_prev); they are not in the " +
              "lectures and serve as baselines here; 25% is this project's bound",
          ),
          expected: 0.25,
          check: { kind: "atMost" } as const,
          when: { setting: "planar", activation, initSeed: 3, threshold: 0.01 } as const,
          observe: (t: T) => run(t, init).saturated,
        },
        {
          id: `${init}-learns-${activation}`,
          chart: "cost",
          text: `${name} initialisation: the planar network with ${activation} units reaches ` +
            `the target cost 0.5 within ${HORIZON} iterations (first logged iteration with cost ` +
            "≤ 0.5)",
          source: project(
            `Xavier and He are this project's baselines (not in the lectures); cost 0.5 by ` +
              `iteration ${HORIZON} is this project's bound`,
          ),
          expected: HORIZON,
          check: { kind: "atMost" } as const,
          when: { ...planarRun, activation, target: 0.5 } as const,
          observe: (t: T) => run(t, init).iterationsToTarget,
        },
      ];
    })
  );
}

/** What `compareScales` reads of a trial's params, besides `trainEach`'s. */
type ScaleParams = RunContext["params"] & {
  readonly setting: "planar" | "cat";
  readonly activation: "tanh" | "sigmoid";
  readonly initSeed: number;
  readonly threshold: number;
  readonly target: number;
};

/**
 * Each of `inits` trained on the setting's network `dims`; when ×0.01 reaches each larger one's
 * final cost.
 */
export async function compareScales(
  ctx: RunContext & { params: ScaleParams },
  inits: readonly ScaledInit[],
  dims: number[],
) {
  const p = ctx.params;
  // The chart's panel: one per setting and hidden activation.
  const panel = `${p.setting} · ${p.activation}`;
  const measured = await trainEach(ctx, p.setting, inits, (init) => ({
    spec: { layerDims: dims, hidden: p.activation },
    values: initialValues(init, dims, p.initSeed),
    threshold: p.threshold,
    tag: { init, panel },
    summary: (r) => ({ init, saturated: r.saturated, ...accuracyColumns(r.accuracies) }),
  }));
  const runs = measured.map(({ curve, saturated, accuracies: [accuracy] }, i) => ({
    init: inits[i],
    saturated, // of hidden pre-activations (units × examples) at init: g′(z) below the threshold
    ...curve,
    accuracy,
    iterationsToTarget: reaches(curve, p.target), // first logged iteration with cost ≤ target
  }));
  const small = runOf({ runs }, "scale-0.01");
  // Per larger initialisation: the first logged iteration with ×0.01's cost ≤ its final cost.
  const smallReaches = Object.fromEntries(
    runs.filter((r) => r.init !== "scale-0.01").map((r) => [r.init, reaches(small, r.finalCost)]),
  );
  return {
    setting: p.setting,
    activation: p.activation,
    runs,
    smallReaches,
    lastIteration: p.iterations - 1,
    accuracy: runs.map((r) => ({ label: r.init, value: r.accuracy })),
    saturatedBars: runs.map((r) => ({ label: r.init, value: r.saturated })),
  };
}
/** A trial's outputs from `compareScales`. */
export type ScaleComparison = Awaited<ReturnType<typeof compareScales>>;

/** The run from `init` among the outputs' runs. */
export const runOf = <R extends { init: string }>(o: { runs: readonly R[] }, init: ScaledInit) =>
  runWith(o.runs, (r) => r.init === init, `no run from ${init}`);

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** The figures behind a ×0.01-against-larger claim. */
export function scaleNote<V extends { outputs: ScaleComparison }>(large: ScaledInit) {
  return ({ outputs: o }: V): string => {
    const s = runOf(o, "scale-0.01"), l = runOf(o, large);
    const at = o.smallReaches[large];
    return `${o.activation}, ${o.lastIteration + 1} iterations: ×0.01 cost ` +
      `${s.costs[0].toFixed(4)} → ${s.finalCost.toFixed(4)} (accuracy ${s.accuracy.toFixed(2)}%, ` +
      `${pct(s.saturated)} saturated at init); ${large} ${l.costs[0].toFixed(4)} → ` +
      `${l.finalCost.toFixed(4)} (accuracy ${l.accuracy.toFixed(2)}%, ${pct(l.saturated)} ` +
      "saturated); " +
      (at === null
        ? `×0.01 never reached ${l.finalCost.toFixed(4)}`
        : `×0.01 reached ${l.finalCost.toFixed(4)} at iteration ${at}`);
  };
}

/** The figures behind the ×0.01 run's accuracy claim. */
export function smallNote(o: ScaleComparison): string {
  const s = runOf(o, "scale-0.01");
  return `×0.01: cost ${s.costs[0].toFixed(4)} → ${s.finalCost.toFixed(4)}, training ` +
    `accuracy ${s.accuracy.toFixed(2)}%`;
}
