/** Lecture 4's statements that cannot be re-run here, each with the reason. */
import type { CitedClaim } from "../../harness/catalog.ts";
import { lecture } from "../../harness/sources.ts";

/** ImageNet and the networks trained on it are out of reach of this project's runs. */
const IMAGENET = "It needs the ImageNet ILSVRC data (about 1.2–1.3 million labelled " +
  "high-resolution images in 1000 classes), which this project does not have, and a network " +
  "of about 60 million parameters trained on GPUs for days; the digits experiments here " +
  "train LeNet-5-sized networks on MNIST.";

export const citedLecture4: readonly CitedClaim[] = [
  {
    id: "l4-alexnet-ilsvrc2012",
    text: "AlexNet, the winning entry in ILSVRC 2012, got a top-5 error rate of 15.3%; the next " +
      "best result trailed far behind (26.2%)",
    source: lecture(
      4,
      "AlexNet",
      "The paper used a CNN to get a Top-5 error rate (rate of not finding the true label of a " +
        "given image among its top 5 predictions) of 15.3%. The next best result trailed far " +
        "behind (26.2%).",
    ),
    reason: `${IMAGENET} The 26.2% is another team's competition entry.`,
  },
  {
    id: "l4-alexnet-lsvrc2010",
    text: "On the LSVRC-2010 test data the network achieved top-1 and top-5 error rates of " +
      "39.7% and 18.9%; it has 60 million parameters and 500,000 neurons, five convolutional " +
      "layers and two globally connected layers",
    source: lecture(
      4,
      "[Imagenet classification with deep convolutional neural networks](#)",
      "On the test data, we achieved top-1 and top-5 error rates of 39.7% and 18.9%",
    ),
    reason: `${IMAGENET} The parameter and neuron counts could be counted like LeNet-5's, but ` +
      "the lecture quotes only the abstract, which is cut off before the layer sizes: the " +
      "architecture to count is not in the lecture.",
  },
  {
    id: "l4-krizhevsky-first-layer-filters",
    text: "The filters learned by the first convolutional layer of Krizhevsky et al.'s network " +
      "represent simple features, such as edge orientation and frequency",
    source: lecture(
      4,
      "What does this mean???",
      "Because these filters were learned using the first convolutional layer of the neural " +
        "network, the represented features are simple, such as the edge orientation and frequency",
    ),
    reason: `${IMAGENET} The statement is also a visual reading of the learned filters (a ` +
      "figure, not a figure of merit).",
  },
  {
    id: "l4-mri-beat-doctors",
    text: "Chinese researchers taught AI to recognize illnesses on magnetic resonance images of " +
      "a patient's brain, and it beat human doctors at it",
    source: lecture(
      4,
      "A.I. Shows Promise Assisting Physicians",
      "Chinese researchers taught AI to do this task, and it beat human doctors at it last year.",
    ),
    reason: "A news report of another group's study: its data (patients' brain MRI scans), " +
      "model and the doctors' readings are not available, and the lecture gives no figure.",
  },
  {
    id: "l4-ai-value-13-trillion",
    text: "AI value creation by 2030: $13 trillion",
    source: lecture(4, "“AI is the new electricity”", "$13 trillion"),
    reason: "An economic forecast (the slide cites the McKinsey Global Institute), not a " +
      "computation: there is nothing to run.",
  },
  {
    id: "l4-convnet-layer-visualisations",
    text: "The patterns that the first convolution of each block (block1_conv1 to block5_conv1) " +
      "of a large trained CNN responds to, shown as images",
    source: lecture(4, "Putting it all together", "block1\\_conv1"),
    reason: "Pictures of what a large network trained on ImageNet learned (VGG-style blocks): " +
      "they need that network and its data, and they are judged by eye, with no figure to " +
      "check. The CNN experiments here check the parameter counts and shared weights instead " +
      "(cnn-parameters, cnn-shared-weights).",
  },
];
