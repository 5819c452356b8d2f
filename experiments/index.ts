/**
 * The catalogue: every experiment module, in the order `deno task experiment` runs them. An
 * experiment lives in `experiments/<id>.ts`; add it here to make it runnable.
 */
import type { Experiment } from "../harness/experiment.ts";
import adalineLearningRate from "./adaline-learning-rate.ts";
import perceptronIris from "./perceptron-iris.ts";

export interface CatalogEntry {
  experiment: Experiment;
  /** The module's file, whose source is part of each trial's config hash. */
  url: URL;
}

const modules: readonly Experiment[] = [perceptronIris, adalineLearningRate];

export const catalog: readonly CatalogEntry[] = modules.map((experiment) => ({
  experiment,
  url: new URL(`./${experiment.id}.ts`, import.meta.url),
}));

export function findExperiment(id: string): CatalogEntry | undefined {
  return catalog.find((e) => e.experiment.id === id);
}
