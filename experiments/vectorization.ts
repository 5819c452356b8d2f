/**
 * Lecture 0, "Efficiency of Vectorization" (lecture 2's "Vectorization (demo)" runs the same
 * code and prints no figures): a plain loop and the backend's vectorised kernel give the same
 * values for a dot product, an outer product, an elementwise product and a general
 * (matrix · vector) dot. How long each takes is vectorization-timing.ts; the slides' small x1, x2
 * examples are vectorization-examples.ts.
 */
import { loopsAndKernels, OPS, relDiff } from "./lib/loop_vs_kernel.ts";
import { defineExperiment, lecture } from "./prelude.ts";

const SAME_BASIS = "NumPy (references/vectorization.txt): in float64 np.dot differs from the " +
  "sequential loop by 2e-15 to 8.5e-15 relative over three draws (the lecture's two figures " +
  "by 2.4e-14); in float32 the 10⁶-term dot is off by 6e-9 to 4e-8 summed pairwise, 2.4e-7 " +
  "to 4.3e-7 by BLAS and 1.5e-4 to 1.8e-4 summed sequentially, the W·x rows by 1.3e-6 at " +
  "most, each product by 8.6e-8 at most: 2e-4 admits any of these summation orders.";

export default defineExperiment({
  id: "vectorization",
  title: "Vectorisation: loops and kernels give the same values (dot, outer, elementwise, " +
    "general dot)",
  source: lecture(0, "Efficiency of Vectorization"),
  description:
    "Inputs drawn with rand from the trial's RandomState, as the lecture's np.random.rand: " +
    "a, b of length n (dot and elementwise product), x1, x2 of length outerN (outer product), " +
    "W (rows × cols) and x (cols) for the general dot. Each is computed by a plain TypeScript " +
    "loop over Float64Arrays (the lecture's for loops) and by the trial backend's kernel: " +
    "sum(mul(a, b)) for np.dot(a, b) (the elementwise product reduced; matmul([1, n]·[n, 1]) " +
    "is wrong on webgpu for n > 65,536), matmul([outerN, 1]·[1, outerN]) for np.outer, " +
    "binary mul for np.multiply, matmul([rows, cols]·[cols, 1]) for np.dot(W, x). Values: " +
    "max |kernel − loop| / max |loop| (deterministic).",
  params: {
    n: { type: "integer", default: 1_000_000, min: 1, max: 50_000_000, doc: "length of a, b" },
    outerN: { type: "integer", default: 1000, min: 1, max: 5000, doc: "length of x1, x2" },
    rows: { type: "integer", default: 1000, min: 1, max: 10000, doc: "rows of W" },
    cols: { type: "integer", default: 1000, min: 1, max: 10000, doc: "columns of W" },
  },
  seeds: [1],
  charts: [],
  async run(ctx) {
    const b = ctx.backend;
    const { ops, dispose } = await loopsAndKernels(b, ctx.rng, ctx.params);
    try {
      const out = {} as Record<
        (typeof OPS)[number],
        { what: string; kernel: string; relDiff: number }
      >;
      for (const op of OPS) {
        out[op] = {
          what: ops[op].what,
          kernel: ops[op].kernel,
          relDiff: await relDiff(b, ops[op]),
        };
      }
      for (const op of OPS) ctx.log({ op, rel_diff: out[op].relDiff });
      return { ...out, backend: b.name };
    } finally {
      dispose();
    }
  },
  claims: [
    {
      id: "same-values",
      text: "The for-looped and the vectorised computations give the same values (the lecture " +
        "prints dot for = 250265.1416426372 and dot vec = 250265.14164263124, 2.4e-14 apart " +
        "relative): max |kernel − loop| / max |loop| for dot, outer, elementwise and general dot",
      source: lecture(0, "Efficiency of Vectorization", "dot for = 250265.1416426372"),
      expected: [0, 0, 0, 0],
      check: { kind: "near", tolerance: { float64: 1e-12, float32: 2e-4, basis: SAME_BASIS } },
      observe: ({ outputs: o }) => OPS.map((k) => o[k].relDiff),
    },
  ],
});
