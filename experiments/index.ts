/**
 * The catalogue: every experiment module, in the order `deno task experiment` runs them, and the
 * lecture statements cited but not re-run (cited.ts). An experiment lives in
 * `experiments/<id>.ts`; add it here to make it runnable.
 */
import type { Catalog, CatalogEntry } from "../harness/catalog.ts";
import type { Experiment } from "../harness/experiment.ts";
import { cited } from "./cited.ts";
import activations from "./activations.ts";
import activationDerivatives from "./activation-derivatives.ts";
import activationTraining from "./activation-training.ts";
import adalineLearningRate from "./adaline-learning-rate.ts";
import adalineSgd from "./adaline-sgd.ts";
import backpropGraph from "./backprop-graph.ts";
import cnnParameters from "./cnn-parameters.ts";
import crossEntropy from "./cross-entropy.ts";
import deepCat from "./deep-cat.ts";
import digitsMlp from "./digits-mlp.ts";
import featureScaling from "./feature-scaling.ts";
import gradientDescentVariants from "./gradient-descent-variants.ts";
import linearActivationsCollapse from "./linear-activations-collapse.ts";
import initCircles from "./init-circles.ts";
import initScale from "./init-scale.ts";
import learningRate from "./learning-rate.ts";
import lenet5Digits from "./lenet5-digits.ts";
import logicGates from "./logic-gates.ts";
import logregCat from "./logreg-cat.ts";
import numpyBasics from "./numpy-basics.ts";
import optimizersMoons from "./optimizers-moons.ts";
import perceptronIris from "./perceptron-iris.ts";
import perceptronLearningRule from "./perceptron-learning-rule.ts";
import planarShallow from "./planar-shallow.ts";
import quadraticCost from "./quadratic-cost.ts";
import vectorization from "./vectorization.ts";
import vectorizationTiming from "./vectorization-timing.ts";
import xorTwoLayer from "./xor-two-layer.ts";
import regularization from "./regularization.ts";
import zeroInitSymmetry from "./zero-init-symmetry.ts";
// Lectures 2, 3 and 4: statements no module above checks.
import networkShapes from "./network-shapes.ts";
import backpropGradcheck from "./backprop-gradcheck.ts";
import multiclassIris from "./multiclass-iris.ts";
import logisticLoopVsVectorized from "./logistic-loop-vs-vectorized.ts";
import perceptronNonseparable from "./perceptron-nonseparable.ts";
import cnnSharedWeights from "./cnn-shared-weights.ts";
import perceptronNandCircuit from "./perceptron-nand-circuit.ts";
import sgdGradientEstimate from "./sgd-gradient-estimate.ts";
import universalApproximation from "./universal-approximation.ts";
import minimizeFunction from "./minimize-function.ts";
// Lectures 000 and 001: statements no other module checks.
import derivativeRules from "./derivative-rules.ts";
import gradientDescentBasics from "./gradient-descent-basics.ts";
import logisticGradients from "./logistic-gradients.ts";
import lossConvexity from "./loss-convexity.ts";
// conv-a: lecture 2 and 4 statements not covered before.
import localMinima from "./local-minima.ts";
import smallWeightChange from "./small-weight-change.ts";
import thresholdUnit from "./threshold-unit.ts";
import parity8bit from "./parity-8bit.ts";
import deltaRule from "./delta-rule.ts";
// conv-b: lecture 0 statements not covered before.
import numpyShapes from "./numpy-shapes.ts";
import vectorizationExamples from "./vectorization-examples.ts";

const modules: readonly Experiment[] = [
  perceptronIris,
  adalineLearningRate,
  adalineSgd,
  perceptronLearningRule,
  logicGates,
  xorTwoLayer,
  linearActivationsCollapse,
  featureScaling,
  gradientDescentVariants,
  quadraticCost,
  numpyBasics,
  vectorization,
  vectorizationTiming,
  crossEntropy,
  backpropGraph,
  logregCat,
  deepCat,
  learningRate,
  digitsMlp,
  lenet5Digits,
  cnnParameters,
  planarShallow,
  zeroInitSymmetry,
  initScale,
  activations,
  activationDerivatives,
  activationTraining,
  initCircles,
  optimizersMoons,
  regularization,
  // Lectures 2, 3 and 4: statements no module above checks.
  networkShapes,
  backpropGradcheck,
  multiclassIris,
  logisticLoopVsVectorized,
  perceptronNonseparable,
  cnnSharedWeights,
  perceptronNandCircuit,
  sgdGradientEstimate,
  universalApproximation,
  minimizeFunction,
  // Lectures 000 and 001: statements no other module checks.
  lossConvexity,
  gradientDescentBasics,
  logisticGradients,
  derivativeRules,
  // conv-a: lecture 2 and 4 statements not covered before.
  localMinima,
  smallWeightChange,
  thresholdUnit,
  parity8bit,
  deltaRule,
  // conv-b: lecture 0 statements not covered before.
  numpyShapes,
  vectorizationExamples,
];

const entries: readonly CatalogEntry[] = modules.map((experiment) => ({
  experiment,
  url: new URL(`./${experiment.id}.ts`, import.meta.url),
}));

export const catalog: Catalog = { entries, cited };
