/**
 * Lecture 0 on shapes in numpy, on the harness's backends: the broadcasting samples and rules,
 * image2vector (an (l, h, d) image unrolled to an (l·h·d, 1) column) and the products of a
 * column vector with its transpose.
 */
import { matrixRows, maxAbsDifference as maxAbsDiff, readAndFree } from "./lib/host_arrays.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** The lecture's 3 × 3 × 2 example image (the comment says "3 by 3 by 3"). */
const IMAGE = [
  [[0.139, 0.381], [0.982, 0.647], [0.251, 0.551]],
  [[0.219, 0.647], [0.703, 0.845], [0.397, 0.313]],
  [[0.855, 0.165], [0.313, 0.937], [0.279, 0.077]],
];

/** image2vector(image) as the slide prints it (the column, top to bottom), and its numbers. */
const PRINTED = "[[0.139] [0.381] [0.982] [0.647] [0.251] [0.551] [0.219] [0.647] [0.703] " +
  "[0.845] [0.397] [0.313] [0.855] [0.165] [0.313] [0.937] [0.279] [0.077]]";
const IMAGE2VECTOR = PRINTED.match(/[\d.]+/g)!.map(Number);

/** `image.reshape(l·h·d, 1)`: C order, the last axis fastest. */
function image2vector(image: number[][][]): number[] {
  return image.flat(2);
}

const OPS = ["add", "sub", "mul", "div"] as const;
const BROADCASTED = "where 10 was broadcasted $(1,1) \\rightarrow (4,1)$";
const RESHAPE = "v = image.reshape((image.shape[0]*image.shape[1]*image.shape[2]),1)";
const MATRIX = "now we get a matrix as a result of multiplication of the vectors";

export default defineExperiment({
  id: "numpy-shapes",
  title: "Shapes in numpy on the backends: broadcasting, image2vector, column vectors",
  source: lecture(0, "Broadcasting in Python"),
  description:
    "The lecture's broadcasting samples computed with the backend's binary kernels (a [1, 1], " +
    "[1, n] or [m, 1] operand broadcast against the other): [1, 2, 3]ᵀ + 10, [[1, 2, 3], " +
    "[4, 5, 6]] + [10, 20, 30] and + [[10], [20]], and the eight rules (m, n) ∘ (1, n) and " +
    "(m, n) ∘ (m, 1) for ∘ in + − * / on that 2 × 3 matrix, each against the same op with the " +
    "operand tiled out explicitly (the slide's second form). image2vector: the slide's 3 × 3 × " +
    "2 image unrolled in C order (Array.flat, numpy's reshape order) and uploaded as an " +
    "[18, 1] tensor, then read back; likewise a 128 × 128 × 3 image. Column vectors: " +
    "b = randn(6, 1) from the trial's RandomState, b·bᵀ and bᵀ·b by the backend's matmul. " +
    "The backends hold 2-D tensors only, so the lecture's rank-1 arrays (shape (6,)) have no " +
    "counterpart here.",
  params: {},
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const ts = b.tidy(() => {
      const vec = image2vector(IMAGE);
      const big = image2vector(
        Array.from({ length: 128 }, () => Array.from({ length: 128 }, () => [0, 0, 0])),
      );
      const m = b.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
      // Each broadcast operand beside itself tiled out to (2, 3) (the slide's second form).
      const operands = [
        [b.fromArray([10, 20, 30], [1, 3]), b.fromArray([10, 20, 30, 10, 20, 30], [2, 3])],
        [b.fromArray([10, 20], [2, 1]), b.fromArray([10, 10, 10, 20, 20, 20], [2, 3])],
      ];
      const bv = b.fromArray(ctx.rng.randn(6), [6, 1]);
      return {
        scalar: b.binary("add", b.fromArray([1, 2, 3], [3, 1]), b.fromArray([10], [1, 1])),
        // m + [10, 20, 30] and m + [[10], [20]] first: the slide's two samples.
        rules: OPS.flatMap((op) => operands.map((pair) => pair.map((o) => b.binary(op, m, o)))),
        image: b.fromArray(vec, [vec.length, 1]),
        image128: [...b.fromArray(big, [big.length, 1]).shape],
        columnProducts: {
          "b·bᵀ": [...b.matmul(bv, bv, { transB: true }).shape],
          "bᵀ·b": [...b.matmul(bv, bv, { transA: true }).shape],
        },
      };
    });
    const [scalar, image, ...rules] = await readAndFree(b, [
      ts.scalar,
      ts.image,
      ...ts.rules.flat(),
    ]);
    // Each broadcast result against the tiled one.
    const maxAbsDifference = Math.max(0, ...matrixRows(rules, 2).map(([r, t]) => maxAbsDiff(r, t)));
    const shapes = ts.rules.map(([broadcast]) => [...broadcast.shape]);
    return {
      scalar: { sum: scalar, shape: [...ts.scalar.shape] },
      row: { sum: matrixRows(rules[0], 3), shape: shapes[0] },
      column: { sum: matrixRows(rules[2], 3), shape: shapes[1] },
      rules: { shapes, maxAbsDifference },
      image2vector: { vector: image, shape: [...ts.image.shape] },
      image128: ts.image128,
      columnProducts: ts.columnProducts,
    };
  },
  claims: [
    {
      id: "broadcast-scalar",
      text: "[1, 2, 3]ᵀ + 10 = [11, 12, 13]ᵀ (the same as adding [10, 10, 10]ᵀ)",
      expected: [11, 12, 13],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.scalar.sum,
    },
    {
      id: "broadcast-scalar-shape",
      text: 'In [1, 2, 3]ᵀ + 10, "10 was broadcasted (1,1) → (4,1)": the shape 10 takes is ' +
        "the sum's",
      source: lecture(0, "Broadcasting in Python", BROADCASTED),
      expected: [4, 1],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.scalar.shape,
      diverges: {
        reason: "The column [1, 2, 3]ᵀ has 3 rows, so 10 is broadcast to (3, 1): the sum " +
          "measured here has shape [3, 1] (NumPy agrees, references/numpy_basics.txt). The " +
          "slide's (4, 1) does not fit its own example.",
      },
    },
    {
      id: "broadcast-row",
      text: "[[1, 2, 3], [4, 5, 6]] + [10, 20, 30] = [[11, 22, 33], [14, 25, 36]], where " +
        "[10, 20, 30] was broadcast (1,3) → (2,3)",
      expected: { sum: [[11, 22, 33], [14, 25, 36]], shape: [2, 3] },
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.row,
    },
    {
      id: "broadcast-column",
      text: "[[1, 2, 3], [4, 5, 6]] + [[10], [20]] = [[11, 12, 13], [24, 25, 26]], where " +
        "[[10], [20]] was broadcast (2,1) → (2,3)",
      expected: { sum: [[11, 12, 13], [24, 25, 26]], shape: [2, 3] },
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.column,
    },
    {
      id: "broadcast-rules",
      text: "BROADCASTING PRINCIPLE: (m, n) ∘ (1, n) → (m, n) and (m, n) ∘ (m, 1) → (m, n) for " +
        "∘ = + − * /, each equal to the op with the operand repeated to (m, n): on the 2 × 3 " +
        "example, the eight results' shapes and the largest |broadcast − repeated| difference",
      source: lecture(0, "Broadcasting in Python", "BROADCASTING PRINCIPLE:"),
      expected: { shapes: Array.from({ length: 8 }, () => [2, 3]), maxAbsDifference: 0 },
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.rules,
    },
    {
      id: "image2vector",
      text: "image2vector(image) reshapes the 3 × 3 × 2 image to a (3·3·2, 1) = (18, 1) " +
        `column: ${PRINTED}`,
      source: lecture(0, "Shape and Reshape Vectors and Matrices", RESHAPE),
      expected: IMAGE2VECTOR,
      // NumPy prints these to their 3 decimals; float32 holds 0.139 as 0.13899999857.
      check: { kind: "rounds", decimals: 3 },
      observe: ({ outputs }) => outputs.image2vector.vector,
    },
    {
      id: "n-x-128",
      text: "n_x = 128x128x3 = 49152 is the dimension of vector x: the column image2vector " +
        "makes of a 128 × 128 × 3 image",
      source: lecture(0, "Image Representation", "128x128x3= 49152"),
      expected: [49152, 1],
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.image128,
    },
    {
      id: "column-vector-products",
      text: "b = np.random.randn(6,1) is a vector that can be transposed: np.dot(b, b.T) is a " +
        `6 × 6 matrix ("${MATRIX}") ` +
        "and bᵀ·b a 1 × 1 one",
      source: lecture(0, "Lists vs. Vectors and Matrices", MATRIX),
      expected: { "b·bᵀ": [6, 6], "bᵀ·b": [1, 1] },
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.columnProducts,
    },
  ],
});
