/**
 * The catalogue: every experiment module, in the order `deno task experiment` runs them. An
 * experiment lives in `experiments/<id>.ts`; add it here to make it runnable.
 */
import type { Experiment } from "../harness/experiment.ts";
import adalineLearningRate from "./adaline-learning-rate.ts";
import backpropGraph from "./backprop-graph.ts";
import crossEntropy from "./cross-entropy.ts";
import featureScaling from "./feature-scaling.ts";
import logicGates from "./logic-gates.ts";
import logregCat from "./logreg-cat.ts";
import numpyBasics from "./numpy-basics.ts";
import perceptronIris from "./perceptron-iris.ts";
import perceptronLearningRule from "./perceptron-learning-rule.ts";
import quadraticCost from "./quadratic-cost.ts";

export interface CatalogEntry {
  experiment: Experiment;
  /** The module's file, whose source is part of each trial's config hash. */
  url: URL;
}

const modules: readonly Experiment[] = [
  perceptronIris,
  adalineLearningRate,
  perceptronLearningRule,
  logicGates,
  featureScaling,
  quadraticCost,
  numpyBasics,
  crossEntropy,
  backpropGraph,
  logregCat,
];

export const catalog: readonly CatalogEntry[] = modules.map((experiment) => ({
  experiment,
  url: new URL(`./${experiment.id}.ts`, import.meta.url),
}));

export function findExperiment(id: string): CatalogEntry | undefined {
  return catalog.find((e) => e.experiment.id === id);
}
