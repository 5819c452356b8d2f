/** Lecture 2's statements that cannot be re-run here, each with the reason. */
import type { CitedClaim } from "../../harness/catalog.ts";
import { lecture } from "../../harness/sources.ts";

export const citedLecture2: readonly CitedClaim[] = [
  {
    id: "l2-relu-most-popular",
    text: "ReLU is currently the most popular activation function",
    source: lecture(
      2,
      "REctified Linear Unit (ReLU)",
      "Currently, most popular activation function",
    ),
    reason: "A statement about what practitioners used when the lecture was written, not about " +
      "a computation: no run here can measure how popular an activation function is. (The " +
      'same slide\'s "gradient descent is much faster with ReLU" is run by the activations ' +
      "experiment.)",
  },
];
