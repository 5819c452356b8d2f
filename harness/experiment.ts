/**
 * The experiment contract: one module per lecture result default-exports what
 * `defineExperiment` returns. The harness expands its params into trials, runs each with a
 * seeded RandomState and a backend, stores what `run` logs and returns, observes every claim on
 * it and judges the observation with the claim's declared check (harness/verdict.ts).
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import type { Trainable, TrainOptions, TrainResult } from "../nn/train.ts";
import type { RandomState } from "../numpy/rng.ts";
import type { Json } from "../schema/json.ts";
import type { Source } from "./sources.ts";
import type { Check, Dtype } from "./verdict.ts";

export type { Json };

/**
 * Where `--random N` draws a param from: uniform (or log-uniform) on [min, max] for numbers and
 * integers.
 */
export interface RandomRange {
  /** The range's lower end. */ min: number;
  /** The range's upper end. */ max: number;
  /** Draw log-uniformly (min > 0): for learning rates and other scales. */ log?: boolean;
}

/**
 * A parameter's type, default and documentation; every param can be set and swept. `random`
 * declares its distribution for random search (enums and booleans: uniform over the values).
 */
export type ParamSpec =
  | {
    type: "number";
    default: number;
    doc: string;
    min?: number;
    max?: number;
    random?: RandomRange;
  }
  | {
    type: "integer";
    default: number;
    doc: string;
    min?: number;
    max?: number;
    random?: RandomRange;
  }
  | { type: "boolean"; default: boolean; doc: string; random?: boolean }
  | { type: "enum"; default: string; doc: string; choices: readonly string[]; random?: boolean };

/** An experiment's declared params. */
export type ParamSpecs = Record<string, ParamSpec>;

/** One param's value: a number or integer, a boolean, or an enum's choice. */
export type ParamValue = number | boolean | string;
/** Param values as the harness handles them, whatever the experiment. */
export type Params = Record<string, ParamValue>;

/** The value type a spec declares: its enum's choices, boolean, or number. */
export type ValueOf<S> = S extends { type: "enum"; choices: readonly (infer C)[] } ? C
  : S extends { type: "boolean" } ? boolean
  : number;

/** The typed params of an experiment whose specs are `P`: what `run` and claims see. */
export type ParamsOf<P> = { readonly [K in keyof P]: ValueOf<P[K]> };

/** One logged step: a flat record of numbers (and labels such as a series name). */
export type MetricRow = Record<string, number | string>;

/** What `run` receives: everything random comes from `rng`, everything computed from `backend`. */
export interface Context<P = ParamSpecs> {
  /** The trial's param values: the defaults, with what its setup, `--set` or `--sweep` changed. */
  readonly params: ParamsOf<P>;
  /** The trial's seed, which `rng` starts from. */ readonly seed: number;
  /** numpy's RandomState seeded with `seed`: all its randomness. */ readonly rng: RandomState;
  /** The backend the trial computes on (`--backend`). */ readonly backend: Backend;
  /** Directory the data loaders search first (`--data-dir`), if given. */
  readonly dataDir?: string;
  /** Records one step; rows become `metrics.csv`. A non-finite number marks the trial diverged. */
  log(row: MetricRow): void;
  /**
   * One value per `key` for the trials that run together (`--batch auto`): `make` runs once for
   * the batch and every trial gets the same value, e.g. the data uploaded to the device once.
   * The harness disposes it when the batch ends (its `dispose()`, else that of each of its
   * members); outside a batch `make` runs for the trial and the value is disposed at its end.
   * `make` must not depend on the batch params (they are the only params that differ).
   */
  shared<T>(key: string, make: () => T | Promise<T>): Promise<T>;
  /**
   * Trains `model` in place as nn/train.ts's `train(ctx.backend, model, X, Y, options)` does,
   * and returns its result; `options.onLog` sees this trial's costs only. In a batch the harness
   * trains the trials' models together where they share X and Y (the same tensors, from
   * `shared`), the architecture, the optimiser and the schedule (nn/many.ts: one stacked
   * computation that reads X once per step for all of them), each result equal to its lone
   * run's within float32 rounding (bit for bit on cpu).
   */
  train(model: Trainable, X: Tensor, Y: Tensor, options: TrainOptions): Promise<TrainResult>;
}

/** What a claim sees of a finished trial. */
export interface TrialView<O = Json, P = ParamSpecs> {
  /** What `run` returned (result.json's `outputs`). */ outputs: O;
  /** The rows `log` recorded, in order (metrics.csv). */ metrics: readonly MetricRow[];
  /** The trial's param values. */ params: ParamsOf<P>;
  /** The arithmetic the trial ran in (float32 on webgpu, float64 on cpu). */ dtype: Dtype;
}

/**
 * A claim established not to reproduce here: the reason, drawn from what runs measured, and the
 * arithmetic it applies to (both when absent). `--strict` fails when such a claim reproduces
 * (update the declaration), never because it does not.
 */
export interface Divergence {
  /** Why it does not reproduce, from the measured figures. */ reason: string;
  /** The arithmetic it fails in; both when absent. */ dtype?: Dtype;
}

/**
 * A statement a lecture (or a course assignment) makes, with the figure that checks it. `observe`
 * returns only what the trial measured; the harness judges it with `check` against `expected`.
 */
export interface Claim<O = Json, P = ParamSpecs> {
  /** Stable kebab-case id, unique within the experiment. */ id: string;
  /** The statement, in the lecture's words where it has them. */ text: string;
  /** Where the expected value is stated; the experiment's source when absent. */ source?: Source;
  /** The figure the source states (or the bound a qualitative statement is held to). */
  expected: Json;
  /** How `observe`'s figure is held against `expected` (harness/verdict.ts). */ check: Check;
  /** The claim applies only to trials whose params match these (the lecture's settings). */
  when?: Partial<ParamsOf<P>>;
  /** The figure the trial measured, from its outputs, metrics and params. */
  observe(trial: TrialView<O, P>): Json;
  /** The chart (by `name`) that shows what the claim states: the page puts the claim beside it. */
  chart?: string;
  /**
   * The claim observes a wall-clock measurement, which differs from run to run: `--verify`
   * does not expect it equal. (Outputs keep such measurements under a `timing` or `timings`
   * field, which `--verify` leaves out too; metrics.csv never holds them.)
   */
  timed?: true;
  /** A sentence from the measured figures that explains the verdict, shown beside it. */
  note?(trial: TrialView<O, P>): string;
  /** Declared not to reproduce here, and why. */ diverges?: Divergence;
}

/** Fields every chart has. */
export interface ChartBase {
  /** File name stem of the chart in the site (`<id>/<name>.svg`). */ name: string;
  /** The heading shown above the chart. */ title: string;
  /** The x axis's title; the field name by default. */ xTitle?: string;
  /** The y axis's title; the field name by default. */ yTitle?: string;
}

/** Learning curves from metrics.csv: one line per trial (or per `color` value). */
export interface LineChart extends ChartBase {
  /** Discriminates the chart kinds. */ kind: "line";
  /** Metric column on the x axis (e.g. `epoch`). */ x: string;
  /** Metric column on the y axis (e.g. `cost`). */ y: string;
  /** Plot log10 of y (the lecture's log-cost plots). */ log10?: boolean;
  /** Field (metric column or param name) that colours one line per value; "trial" by default. */
  color?: string;
  /** Param or metric column giving one panel per value. */ facet?: string;
}

/**
 * A sweep summary: the final value of metric `y` of each trial against param `x`, the mean
 * over seeds as a line with a ± one standard deviation band.
 */
export interface SummaryChart extends ChartBase {
  /** Discriminates the chart kinds. */ kind: "summary";
  /** The swept param on the x axis. */ x: string;
  /** The metric column whose last logged value is plotted. */ y: string;
  /** A logarithmic x axis (for a log-spaced sweep). */ logX?: boolean;
  /** Plot log10 of y. */ log10?: boolean;
  /** Param giving one line per value. */ color?: string;
}

/** Two-parameter sweep: the mean final value of metric `value` per (x, y) cell. */
export interface HeatmapChart extends ChartBase {
  /** Discriminates the chart kinds. */ kind: "heatmap";
  /** The param on the x axis. */ x: string;
  /** The param on the y axis. */ y: string;
  /** The metric column whose mean final value colours a cell. */ value: string;
}

/**
 * Charts drawn from a field of result.json's outputs rather than metrics, one panel per trial
 * (or only the first trial with `firstTrialOnly`):
 * - "boundary": `outputs[field]` is a DecisionBoundary, or BoundarySnapshots (the model's
 *   boundary at several points of its training: a row of panels per trial, each titled by its
 *   iteration or epoch, as small multiples);
 * - "function": `outputs[field]` is a FunctionPlot (activation functions and derivatives);
 * - "bars": `outputs[field]` is a list of Bar (timings, parameter counts);
 * - "images": `outputs[field]` is an ImageGrid (cat or digit images with labels).
 */
export interface OutputChart extends ChartBase {
  /** The payload `field` holds, drawn as listed above. */
  kind: "boundary" | "function" | "bars" | "images";
  /** The key of `outputs` that holds the payload. */ field: string;
  /** Draw only the first trial's panel. */ firstTrialOnly?: boolean;
}

/** A chart an experiment page shows, by `kind`. */
export type ChartSpec = LineChart | SummaryChart | HeatmapChart | OutputChart;

/** An experiment module's definition; `P` is inferred from `params`, `O` from `run`. */
export interface ExperimentSpec<P extends ParamSpecs, O extends Json> {
  /** Stable kebab-case id: the run-store folder and the CLI name. */ id: string;
  /** The page's heading: the result, in a few words. */ title: string;
  /** The lecture section the result comes from; each claim's source unless it names its own. */
  source: Source;
  /** A paragraph: what the experiment does and what it shows. */ description: string;
  /** The params it declares, with their defaults: each can be set and swept. */ params: P;
  /** Points run by default, each overriding some params (not a product: the lecture's setups). */
  defaultSweep?: readonly Partial<ParamsOf<P>>[];
  /**
   * The `--quick` profile: params replaced to make the run short (fewer iterations, same code).
   * Claims tied by `when` to the full setting do not apply to a quick trial.
   */
  quick?: Partial<ParamsOf<P>>;
  /** Seeds run by default. */ seeds: readonly number[];
  /**
   * Checks that the data files the experiment reads exist (throws DataError naming them), so a
   * missing dataset stops the CLI before anything runs or is written.
   */
  checkData?: (dataDir?: string) => void;
  /** The charts its page draws, in order. */ charts: readonly ChartSpec[];
  /** Runs one trial; what it returns is stored as the trial's outputs. */
  run(ctx: Context<P>): Promise<O>;
  /** The lecture's statements it checks. */ claims: readonly Claim<O, P>[];
  /**
   * The scalar params that may differ between trials run together (`--batch auto`), e.g.
   * `["lr"]`: trials whose other params (and seed, unless "seed" is listed) are equal form a
   * batch, and the harness runs their `run(ctx)` concurrently on the one backend. What they
   * share goes through `ctx.shared`, and their `ctx.train` calls meet: models that can train
   * as one computation do (see `Context.train`).
   */
  batch?: readonly (keyof P & string)[];
}

/** An experiment as the harness holds it: params and outputs erased to their stored forms. */
export type Experiment = ExperimentSpec<ParamSpecs, Json>;

/**
 * Type-checks a module's definition against its own params and outputs (no casts in `run` or
 * in claims), and erases those types so the catalogue can hold every experiment in one list.
 * Put `run` before `claims`: TypeScript infers the output type from it for the claims.
 */
export function defineExperiment<const P extends ParamSpecs, O extends Json>(
  e: ExperimentSpec<P, O>,
): Experiment {
  return e as unknown as Experiment;
}
