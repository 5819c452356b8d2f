/**
 * The matrix dimensions of a deep network as lecture 002 lists them, read from the tensors of
 * one forward and backward pass rather than from the layer sizes, and the lecture's statements on
 * them.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { Network } from "../../nn/network.ts";
import type { Source } from "../../harness/sources.ts";
import { lecture } from "../prelude.ts";

type Shape = number[];

/** Shapes of W[l], b[l], Z[l], A[l], dW[l], db[l] (l = 1 … L) in a pass over (X, Y). */
export type PassShapes = {
  W: Shape[];
  b: Shape[];
  Z: Shape[];
  A: Shape[];
  dW: Shape[];
  db: Shape[];
};

/** `PassShapes` of `net`'s parameters and of a forward and backward pass over (X, Y). */
export function passShapes(b: Backend, net: Network, X: Tensor, Y: Tensor): PassShapes {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const g = net.backward(AL, Y, caches);
    const of = (ts: readonly { shape: readonly number[] }[]) => ts.map((t) => [...t.shape]);
    return {
      W: of(net.params.W),
      b: of(net.params.b),
      Z: of(caches.map((c) => c.Z)),
      A: of(caches.map((c) => c.A)),
      dW: of(g.dW),
      db: of(g.db),
    };
  });
}

/** Lecture 002's slides on the matrix dimensions. */
const MATRIX_DIMS = "Getting your matrix dimensions correct";
const VECTORIZED_DIMS = "Dimensions of vectorized implementations";
/** W[l] (and dW[l]) of [12288, 20, 7, 5, 1]; then (n^[l], m) at m = 209. */
const W_SHAPES = [[20, 12288], [7, 20], [5, 7], [1, 5]];
const BY_EXAMPLE = [[20, 209], [7, 209], [5, 209], [1, 209]];

/**
 * Lecture 002's statements on the matrix dimensions, held against one pass of the L-layer cat
 * network [12288, 20, 7, 5, 1] over its m = 209 training images: `when` picks the trials of that
 * network, `shapesOf` reads the shapes they recorded.
 */
export function catNetShapeClaims<O, const W>(when: W, shapesOf: (o: O) => PassShapes) {
  /** A claim on shapes of the pass, as the lecture states them. */
  const dims = (
    id: string,
    text: string,
    source: Source,
    expected: number[][],
    of: (s: PassShapes) => number[][],
  ) => ({
    id,
    text,
    source,
    expected,
    check: { kind: "equals" } as const,
    when,
    observe: ({ outputs }: { outputs: O }) => of(shapesOf(outputs)),
  });
  return [
    dims(
      "w-shapes",
      "dim of W^[l] is (n^[l], n^[l−1]): for [12288, 20, 7, 5, 1], W1 … W4 are 20×12288, " +
        "7×20, 5×7, 1×5 (the allocated tensors)",
      lecture(2, MATRIX_DIMS, "Thus, dim of $W^{[l]}$ is $(n^{[l]}, n^{[l-1]})$"),
      W_SHAPES,
      (s) => s.W,
    ),
    dims(
      "b-shapes",
      "dim of b^[l] is (n^[l], 1): b1 … b4 are 20×1, 7×1, 5×1, 1×1 (the allocated tensors)",
      lecture(2, MATRIX_DIMS, "and dim of $b^{[l]}$ is $(n^{[l]}, 1)$"),
      [[20, 1], [7, 1], [5, 1], [1, 1]],
      (s) => s.b,
    ),
    dims(
      "z-a-shapes",
      "Vectorized over m examples, (n^[l], m) = (n^[l], n^[l−1]) × (n^[l−1], m) + " +
        "(n^[l], m): Z^[l] and A^[l] of a pass over the m = 209 training images are 20×209, " +
        "7×209, 5×209, 1×209 (Z1 … Z4, then A1 … A4)",
      lecture(
        2,
        VECTORIZED_DIMS,
        "$(n^{[l]}, m) = (n^{[l]}, n^{[l-1]}) \\times (n^{[l-1]}, m) + (n^{[l]}, m)$",
      ),
      [...BY_EXAMPLE, ...BY_EXAMPLE],
      (s) => [...s.Z, ...s.A],
    ),
    dims(
      "dw-shapes",
      "Table: W^[l], dW^[l] are (n^[l], n^[l−1]): the gradients dW1 … dW4 of a backward " +
        "pass are 20×12288, 7×20, 5×7, 1×5",
      lecture(2, VECTORIZED_DIMS, "$W^{[l]}, dW^{[l]}$ $(n^{[l]}, n^{[l-1]})$"),
      W_SHAPES,
      (s) => s.dW,
    ),
    {
      ...dims(
        "b-db-table-shapes",
        "Table: Z^[l], A^[l], b^[l], dZ^[l], dA^[l], db^[l] are (n^[l], m) — its b^[l] and " +
          "db^[l]: b1 … b4 then db1 … db4 at m = 209",
        lecture(
          2,
          VECTORIZED_DIMS,
          "$Z^{[l]}, A^{[l]}, b^{[l]}, dZ^{[l]}, dA^{[l]}, db^{[l]}$ $(n^{[l]}, m)$",
        ),
        [...BY_EXAMPLE, ...BY_EXAMPLE],
        (s) => [...s.b, ...s.db],
      ),
      diverges: {
        reason: "b^[l] and db^[l] are (n^[l], 1) here — 20×1, 7×1, 5×1, 1×1 — as the slide " +
          'before states ("dim of b^[l] is (n^[l], 1)") and as the course\'s code keeps them ' +
          "(db = 1/m · Σ dZ over the examples, keepdims); the table lists them at the (n^[l], " +
          "m) width b is broadcast to when added to W·A.",
      },
    },
  ];
}
