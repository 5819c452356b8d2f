/**
 * Expanding an experiment into trials: its default points (or one default point), overridden by
 * `--set`, crossed with every `--sweep`, crossed with the seeds. Each trial gets a readable,
 * unique key and a config hash that identifies its result in the cache.
 */
import type { Experiment, Params, ParamValue } from "./experiment.ts";
import { canonicalJson, sha256 } from "./hash.ts";
import { defaults } from "./params.ts";

export interface Trial {
  experiment: string;
  params: Params;
  seed: number;
  key: string;
  configHash: string;
}

export interface TrialRequest {
  /** `--set` values, applied to every trial. */
  set: Params;
  /** `--sweep` values per param, crossed with each other and with the default points. */
  sweep: Record<string, ParamValue[]>;
  /** Seeds to run; the experiment's defaults when undefined. */
  seeds?: readonly number[];
  backend: string;
  /** Hash of the code the experiment runs (its module and the layers below). */
  codeHash: string;
}

export function expandTrials(exp: Experiment, req: TrialRequest): Trial[] {
  const base = defaults(exp.params);
  let points: Params[] = (exp.defaultSweep?.length ? exp.defaultSweep : [{}]).map((p) => ({
    ...base,
    ...p as Params,
    ...req.set,
  }));
  for (const [name, values] of Object.entries(req.sweep)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  const seeds = req.seeds ?? exp.seeds;
  const trials = new Map<string, Trial>();
  for (const params of points) {
    for (const seed of seeds) {
      // The key names the trial (same params, seed and backend: same folder); the config hash
      // adds the code, so a changed module reruns into the same folder.
      const identity = { experiment: exp.id, params, seed, backend: req.backend };
      const key = trialKey(exp, params, seed, sha256(canonicalJson(identity)));
      const configHash = sha256(canonicalJson({ ...identity, code: req.codeHash }));
      if (!trials.has(key)) trials.set(key, { experiment: exp.id, params, seed, key, configHash });
    }
  }
  return [...trials.values()];
}

/** `lr-0.0001_standardize-true_seed-1_3fa9c2d1`: the params that differ from the defaults. */
export function trialKey(exp: Experiment, params: Params, seed: number, hash: string): string {
  const parts = Object.keys(exp.params)
    .filter((k) => params[k] !== exp.params[k].default)
    .map((k) => `${k}-${String(params[k])}`.replace(/[^A-Za-z0-9.+-]/g, "_"));
  return [...parts, `seed-${seed}`, hash.slice(0, 8)].join("_");
}
