/**
 * The param specs several experiments declare alike, so that their bounds (what `--set` and
 * `--sweep` accept with a one-line error, and what `--random` draws) are decided in one place.
 */
import { MAX_SEED } from "../../numpy/rng.ts";

/** The `lr` param: ≥ 0, drawn log-uniformly by `--random`. */
export function learningRate(value: number, random: { min: number; max: number }) {
  const r = { min: random.min, max: random.max, log: true };
  return { type: "number", default: value, min: 0, doc: "learning rate", random: r } as const;
}

/**
 * The `initSeed` param: the course's np.random.seed(…) before the initial weights are drawn,
 * any seed RandomState takes (a larger one is refused at the command line, not in the run).
 */
export function initSeed(value: number) {
  const doc = "np.random.seed before the initial weights are drawn";
  return { type: "integer", default: value, min: 0, max: MAX_SEED, doc } as const;
}
