/**
 * Expanding an experiment into trials: its default points (or N random points), overridden by
 * `--set`, crossed with every `--sweep`, crossed with the seeds. Each trial gets a readable,
 * unique key and a config hash that identifies its result in the cache.
 */
import type { Experiment, Params, ParamSpec, ParamValue } from "./experiment.ts";
import { UsageError } from "./errors.ts";
import { canonicalJson, sha256 } from "./hash.ts";
import { defaults } from "./params.ts";
import { RandomState } from "../numpy/rng.ts";

export interface Trial {
  experiment: string;
  params: Params;
  seed: number;
  key: string;
  configHash: string;
}

/** Most trials one command may plan (a sweep past it is refused, naming the count). */
export const MAX_TRIALS = 100_000;

/** `--seeds 1,2,3` is a list; `--seeds 5` is a count of seeds derived from the default. */
export type SeedRequest = { list: number[] } | { count: number };

export interface TrialRequest {
  /** `--set` values, applied to every trial. */
  set: Params;
  /** `--sweep` values per param, crossed with each other and with the default points. */
  sweep: Record<string, ParamValue[]>;
  /** `--random N` points drawn from the declared distributions with `seed`, replacing the
   * default points. */
  random?: { count: number; seed: number };
  /** Seeds to run; the experiment's defaults when undefined. */
  seeds?: SeedRequest;
  /** Apply the experiment's `quick` params (after its default points, before `--set`). */
  quick?: boolean;
  backend: string;
  /** Hash of the code the experiment runs (its module and the layers below). */
  codeHash: string;
}

/** Seeds for a request: a count N gives the experiment's first seed and the N − 1 after it. */
export function resolveSeeds(exp: Experiment, req?: SeedRequest): number[] {
  if (!req) return [...exp.seeds];
  if ("list" in req) return req.list;
  const first = exp.seeds[0] ?? 0;
  return Array.from({ length: req.count }, (_, i) => first + i);
}

/** One value drawn from a param's declared distribution. */
function draw(spec: ParamSpec, rng: RandomState): ParamValue | undefined {
  if (spec.type === "enum") {
    return spec.random ? spec.choices[rng.randint(0, spec.choices.length, 1)[0]] : undefined;
  }
  if (spec.type === "boolean") return spec.random ? rng.random() < 0.5 : undefined;
  const r = spec.random;
  if (!r) return undefined;
  const u = rng.random();
  const v = r.log
    ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)))
    : r.min + u * (r.max - r.min);
  return spec.type === "integer" ? Math.round(v) : Number(v.toPrecision(6));
}

function randomPoints(exp: Experiment, count: number, seed: number, fixed: Params): Params[] {
  const names = Object.keys(exp.params).filter((k) =>
    !(k in fixed) && exp.params[k].random !== undefined && exp.params[k].random !== false
  );
  if (names.length === 0) {
    throw new UsageError(
      `${exp.id}: --random needs params with declared distributions; it declares none ` +
        `(use --sweep instead)`,
    );
  }
  const rng = new RandomState(seed);
  return Array.from({ length: count }, () => {
    const p: Params = {};
    for (const k of names) p[k] = draw(exp.params[k], rng)!;
    return p;
  });
}

export function expandTrials(exp: Experiment, req: TrialRequest): Trial[] {
  const base = defaults(exp.params);
  const starts: Partial<Params>[] = req.random
    ? randomPoints(exp, req.random.count, req.random.seed, req.set)
    : exp.defaultSweep?.length
    ? [...exp.defaultSweep]
    : [{}];
  const seeds = resolveSeeds(exp, req.seeds);
  const count = Object.values(req.sweep).reduce((n, v) => n * v.length, starts.length) *
    seeds.length;
  if (count > MAX_TRIALS) {
    throw new UsageError(
      `${exp.id}: this request plans ${count.toLocaleString("en")} trials, more than ` +
        `${MAX_TRIALS.toLocaleString("en")}; split it into smaller sweeps (or --shard it)`,
    );
  }
  const quick = req.quick ? exp.quick ?? {} : {};
  let points: Params[] = starts.map((p) => ({
    ...base,
    ...p as Params,
    ...quick as Params,
    ...req.set,
  }));
  for (const [name, values] of Object.entries(req.sweep)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
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

/**
 * Shard `index` of `count` (0-based, as a Kubernetes Indexed Job's completion index): every
 * count-th trial of the whole ordered plan, so shards are balanced and their union is the plan.
 */
export function shardOf<T>(items: readonly T[], index: number, count: number): T[] {
  return items.filter((_, i) => i % count === index);
}
