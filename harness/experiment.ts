/**
 * The experiment contract (DESIGN.md §3): one module per lecture result default-exports an
 * `Experiment`. The harness expands its params into trials, runs each with a seeded RandomState
 * and a backend, stores what `run` logs and returns, and measures every claim on it.
 */
import type { Backend } from "../kernels/backend.ts";
import type { RandomState } from "./rng.ts";

/** A JSON value as stored in the run store. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Where `--random N` draws a param from: uniform (or log-uniform) on [min, max] for numbers and
 * integers.
 */
export interface RandomRange {
  min: number;
  max: number;
  log?: boolean;
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

export type ParamValue = number | boolean | string;
export type Params = Record<string, ParamValue>;

/** One logged step: a flat record of numbers (and labels such as a series name). */
export type MetricRow = Record<string, number | string>;

/** What `run` receives: everything random comes from `rng`, everything computed from `backend`. */
export interface Context {
  readonly params: Params;
  readonly seed: number;
  readonly rng: RandomState;
  readonly backend: Backend;
  /** Directory the data loaders search first (`--data-dir`), if given. */
  readonly dataDir?: string;
  /** Records one step; rows become `metrics.csv`. A non-finite `cost` marks the trial diverged. */
  log(row: MetricRow): void;
}

/** What a claim measured on one trial. */
export interface Measurement {
  observed: Json;
  pass: boolean;
}

/** What a claim sees of a finished trial. */
export interface TrialView<O> {
  outputs: O;
  metrics: readonly MetricRow[];
  params: Params;
  /** The arithmetic the trial ran in (float32 on webgpu, float64 on cpu). */
  dtype: "float32" | "float64";
  /** The claim's tolerance for that arithmetic (0 when it has none). */
  tolerance: number;
}

/** A tolerance, or one per arithmetic (float32 kernels cannot meet a float64 bound). */
export type Tolerance = number | { float32: number; float64: number };

/** A statement from a lecture, checked against a figure computed in the trial. */
export interface Claim<O = Json> {
  id: string;
  /** The lecture's words (or the measured form of a qualitative statement). */
  text: string;
  /** Lecture file and section. */
  source: string;
  /** What the lecture states, for display. */
  expected: Json;
  tolerance?: Tolerance;
  /** The claim applies only to trials whose params match these (the lecture's settings). */
  when?: Partial<Params>;
  measure(trial: TrialView<O>): Measurement;
}

/** Fields every chart has. */
interface ChartBase {
  /** File name stem of the chart in the site (`<id>/<name>.svg`). */
  name: string;
  title: string;
  /** Axis titles; default to the field names. */
  xTitle?: string;
  yTitle?: string;
}

/** Learning curves from metrics.csv: one line per trial (or per `color` value). */
export interface LineChart extends ChartBase {
  kind: "line";
  x: string;
  y: string;
  /** Plot log10 of y (the lecture's log-cost plots). */
  log10?: boolean;
  /** Field (metric column or param name) that colours one line per value; "trial" by default. */
  color?: string;
  /** Param or metric column giving one panel per value. */
  facet?: string;
}

/**
 * A sweep summary: the final value of metric `y` of each trial against param `x`, the mean
 * over seeds as a line with a ± one standard deviation band.
 */
export interface SummaryChart extends ChartBase {
  kind: "summary";
  x: string;
  y: string;
  logX?: boolean;
  log10?: boolean;
  /** Param giving one line per value. */
  color?: string;
}

/** Two-parameter sweep: the mean final value of metric `value` per (x, y) cell. */
export interface HeatmapChart extends ChartBase {
  kind: "heatmap";
  x: string;
  y: string;
  value: string;
}

/**
 * Charts drawn from a field of result.json's outputs rather than metrics, one panel per trial
 * (or only the first trial with `firstTrialOnly`):
 * - "boundary": `outputs[field]` is a DecisionBoundary;
 * - "function": `outputs[field]` is a FunctionPlot (activation functions and derivatives);
 * - "bars": `outputs[field]` is a list of Bar (timings, parameter counts);
 * - "images": `outputs[field]` is an ImageGrid (cat or digit images with labels).
 */
export interface OutputChart extends ChartBase {
  kind: "boundary" | "function" | "bars" | "images";
  field: string;
  firstTrialOnly?: boolean;
}

export type ChartSpec = LineChart | SummaryChart | HeatmapChart | OutputChart;

// Payloads are type aliases, not interfaces, so that they are assignable to Json.

/** A model evaluated on a grid over two input features, with the data points on top. */
export type DecisionBoundary = {
  /** Grid axes: n values each from min to max. */
  x: { min: number; max: number; n: number };
  y: { min: number; max: number; n: number };
  /** Model output per grid point, row-major with y outer: value[iy·x.n + ix]. */
  value: number[];
  points: { x: number[]; y: number[]; label: number[] };
  xTitle?: string;
  yTitle?: string;
};

/** Curves over a shared x: e.g. g(z) and g′(z) for several activations. */
export type FunctionPlot = {
  x: number[];
  series: { name: string; y: number[] }[];
};

/** One bar: a label, its value, and an optional note written on it (e.g. "350×"). */
export type Bar = {
  label: string;
  value: number;
  group?: string;
  note?: string;
};

/** Small images as raw pixels, for grids of examples with their labels. */
export type ImageGrid = {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
  /** Each image's pixels, row-major then channel, 0–255, base64 of the bytes. */
  images: { pixels: string; title: string; highlight?: boolean }[];
};

export interface Experiment<O extends Json = Json> {
  /** Stable kebab-case id: the run-store folder and the CLI name. */
  id: string;
  title: string;
  /** Lecture file and section the result comes from. */
  source: string;
  description: string;
  params: Record<string, ParamSpec>;
  /** Points run by default, each overriding some params (not a product: the lecture's setups). */
  defaultSweep?: readonly Partial<Params>[];
  /**
   * The `--quick` profile: params replaced to make the run short (fewer iterations, same code),
   * chosen so that the claims still hold. Experiments that are fast already leave it out.
   */
  quick?: Partial<Params>;
  /** Seeds run by default. */
  seeds: readonly number[];
  /**
   * Checks that the data files the experiment reads exist (throws DataError naming them), so a
   * missing dataset stops the CLI before anything runs or is written.
   */
  checkData?: (dataDir?: string) => void;
  claims: readonly Claim<O>[];
  charts: readonly ChartSpec[];
  run(ctx: Context): Promise<O>;
  /**
   * Several trials at once (`--batch auto`): trials whose params differ only in `params` (the
   * scalars, e.g. the learning rate) run as one batched computation on the device, each result
   * equal to its own `run` within float32 rounding. `run` returns one output per context, in
   * order; each context logs its own rows.
   */
  batch?: {
    params: readonly string[];
    run(ctxs: readonly Context[]): Promise<O[]>;
  };
}

/**
 * Type-checks a module's definition against its own output type, and erases that type so the
 * catalogue can hold every experiment in one list.
 */
export function defineExperiment<O extends Json>(e: Experiment<O>): Experiment {
  return e as unknown as Experiment;
}
