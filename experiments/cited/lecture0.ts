/** Lecture 0's statements that cannot be re-run here, each with the reason. */
import type { CitedClaim } from "../../harness/catalog.ts";
import { lecture } from "../../harness/sources.ts";

export const citedLecture0: readonly CitedClaim[] = [
  {
    id: "lecture0-dot-of-random-vectors",
    text: "np.dot(a, b) of a = np.random.rand(1000000), b = np.random.rand(1000000): " +
      "dot vec = 250265.14164263124, and the for-loop's dot for = 250265.1416426372",
    source: lecture(0, "Efficiency of Vectorization", "dot vec = 250265.14164263124"),
    reason: "The vectors come from numpy's generator with no seed set, so no run can draw the " +
      "same two million numbers: every run prints another sum (mean 250 000, standard " +
      "deviation about 220). Only the figure is cited; that the loop and np.dot agree up to " +
      "the order of summation is measurable and belongs to the vectorisation experiment.",
  },
  {
    id: "lecture0-dot-timings",
    text: "Vectorized dot product computation time: 0.9922981262207031ms; For-looped dot " +
      "product computation time: 352.65374183654785ms",
    source: lecture(
      0,
      "Efficiency of Vectorization",
      "Vectorized dot product computation time: 0.9922981262207031ms",
    ),
    reason: "Wall-clock times of numpy and a Python loop on the lecturer's computer: the " +
      "milliseconds depend on that machine and interpreter and cannot be reproduced by the " +
      "TypeScript backends here; what can be measured here is the loop-to-vectorised ratio on " +
      "this machine.",
  },
  {
    id: "lecture0-rank1-random-values",
    text: "a = np.random.randn(6); np.dot(a, a.T) = 11.08706038339276, and the printed " +
      "vectors of np.random.randn(6, 1), randn(5, 1), randn(1, 5) and randn(5)",
    source: lecture(0, "Lists vs. Vectors and Matrices", "11.08706038339276"),
    reason: "Values drawn by numpy with no seed set: no run can draw them again. The shapes " +
      "and the behaviour of rank-1 arrays that the slide is about do not depend on the values.",
  },
  {
    id: "lecture0-gdot-random-matrix",
    text: "W = np.random.rand(3, len(x1)); np.dot(W, x1): gdot = [18.62176729 22.85934666 " +
      "20.59097031]",
    source: lecture(
      0,
      "Vectorization of General Dot Product",
      "gdot = [18.62176729 22.85934666 20.59097031]",
    ),
    reason: "W comes from numpy's generator with no seed set, so the three sums cannot be " +
      "recomputed. (The slide's loop also multiplies W[i,i]·x1[i] instead of W[i,j]·x1[j], so " +
      "it could not print the same gdot as np.dot for a general W.)",
  },
  {
    id: "lecture0-rank1-arrays",
    text: "np.random.randn(6) is a list of shape (6,) that cannot be transposed (a.T is the same " +
      "list) and np.dot(a, a.T) is a number; np.random.randn(5).reshape((5, 1)) is a column " +
      "vector of shape (5, 1)",
    source: lecture(
      0,
      "Lists vs. Vectors and Matrices",
      "the List cannot be transposed because it is not a vector or matrix!",
    ),
    reason: "Numpy's rank-1 arrays have no counterpart here: every tensor of the backends has " +
      "two dimensions (rows, columns), so a shape (6,) cannot be built. What the slide " +
      "recommends instead — column vectors (n, 1) and row vectors (1, n), and their products " +
      "— is checked by numpy-shapes (column-vector-products).",
  },
];
