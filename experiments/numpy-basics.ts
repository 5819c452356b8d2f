/**
 * Lecture 0's numpy warm-up on the harness's backends: sigmoid and its derivative, softmax and
 * row normalisation with the printed arrays, and the course's L1 and L2 losses.
 */
import { printedClaim } from "./lib/printed_claim.ts";
import { readBack } from "./lib/host_arrays.ts";
import { assignment, defineExperiment, lecture } from "./prelude.ts";

/** The lecture's NumPy code, run in NumPy in float64 and float32. */
const REF = "references/numpy_basics.txt";

/** Why float32 misses the printed digits (the measured figures follow in each reason). */
const F32 = "float32 carries about 7 significant digits (2⁻²⁴ ≈ 6e-8 relative); the slide " +
  "prints 8 decimals or 9 significant digits";
const SIGMOID = "Computing Sigmoid Function";
const BROADCAST = "Broadcasting in numpy";
const NORMALIZE = "Normalization for Efficiency";
/** The slide's first printed row of softmax(x). */
const SOFTMAX_ROW1 = "softmax(x) = [[1.23074356e-04 9.97281837e-01 2.47201452e-03 1.23074356e-04]";

/** What a run measures: the arrays as read back, the losses as scalars. */
type Basics =
  & Record<"sigmoid" | "sigmoidDerivative" | "softmax" | "norms" | "normalizeRows", number[]>
  & { l1: number; l2: number };
const printed = printedClaim<Basics>;

export default defineExperiment({
  id: "numpy-basics",
  title: "numpy basics on the backends: sigmoid, softmax, normalizeRows, L1 and L2",
  source: lecture(0, SIGMOID),
  description:
    "The lecture's vectorised helpers computed with the backend's kernels: sigmoid(z) and " +
    "σ′(z) = σ(z)(1 − σ(z)) at z = [−2, −1, 0, 1, 2]; softmax of [[0, 9, 3, 0], [3, 0, 8, 1]] " +
    "along rows; normalizeRows of [[3, 2, 4], [1, 8, 2]] (each row over its L2 norm); L1 and L2 " +
    "losses of ŷ = [.9, .2, .1, .4, .9] against y = [1, 0, 0, 1, 1] (the course assignment's " +
    "example: the lecture defines L1 and L2 but prints no example). " +
    `${REF} holds NumPy's output of the same code in float64 and float32.`,
  params: {},
  seeds: [1],
  charts: [],
  async run(ctx): Promise<Basics> {
    const b = ctx.backend;
    const read = await readBack(b, () => {
      const z = b.fromArray([-2, -1, 0, 1, 2], [1, 5]);
      const rows = b.fromArray([3, 2, 4, 1, 8, 2], [2, 3]);
      const norms = b.unary("sqrt", b.sum(b.unary("square", rows), 1));
      const yhat = b.fromArray([0.9, 0.2, 0.1, 0.4, 0.9], [1, 5]);
      const y = b.fromArray([1, 0, 0, 1, 1], [1, 5]);
      return [
        b.activation("sigmoid", z),
        b.activationGrad("sigmoid", z),
        b.softmax(b.fromArray([0, 9, 3, 0, 3, 0, 8, 1], [2, 4]), 1),
        norms,
        b.binary("div", rows, norms), // normalizeRows: each row over its L2 norm
        b.loss("l1", yhat, y),
        b.loss("l2", yhat, y),
      ];
    });
    const [sigmoid, sigmoidDerivative, softmax, norms, normalizeRows, [l1], [l2]] = read;
    return { sigmoid, sigmoidDerivative, softmax, norms, normalizeRows, l1, l2 };
  },
  claims: [
    printed({
      id: "sigmoid",
      text: "sigmoid(z) for z = np.array([-2,-1,0,1, 2]): the slide shows the code and its " +
        "print statement but not the output; NumPy prints [0.11920292 0.26894142 0.5 " +
        `0.73105858 0.88079708] (${REF})`,
      source: lecture(0, SIGMOID, "z = np.array([-2,-1,0,1, 2])"),
      // NumPy's output of the slide's code (REF).
      expected: [0.11920292, 0.26894142, 0.5, 0.73105858, 0.88079708],
      pick: (o) => o.sigmoid,
      float32: `${F32}. sigmoid(−2) is 0.11920292202 in float64; NumPy float32 gives ` +
        `0.11920293421 (${REF}) and this project's webgpu 0.11920292675, both printed ` +
        "0.11920293.",
    }),
    printed({
      id: "sigmoid-derivative",
      text: "sigmoid_derivative(z) = σ′(z) = σ(z)(1 − σ(z)) for the same z: NumPy prints " +
        `[0.10499359 0.19661193 0.25 0.19661193 0.10499359] (${REF}; the slide shows no output)`,
      source: lecture(
        0,
        SIGMOID,
        "sigmoid_derivative(z) = \\sigma'(z) = \\sigma(z)(1 - \\sigma(z))",
      ),
      expected: [0.10499359, 0.19661193, 0.25, 0.19661193, 0.10499359],
      pick: (o) => o.sigmoidDerivative,
      float32: `${F32}. σ′(±1) is 0.196611933 in float64; NumPy float32 gives 0.196611926 ` +
        `(${REF}) and this project's webgpu 0.196611941, printed 0.19661194; NumPy float32 ` +
        "also prints σ′(2) = 0.10499363.",
    }),
    // NumPy prints this softmax in scientific notation with 8 decimals of mantissa: how many
    // decimals a printed entry carries depends on its exponent, so one claim per exponent.
    printed({
      id: "softmax-e-01",
      text: "softmax(x) for x = [[0, 9, 3, 0], [3, 0, 8, 1]], the entries printed ×1e-01: " +
        "9.97281837e-01 (row 1) and 9.92077968e-01 (row 2)",
      source: lecture(0, BROADCAST, SOFTMAX_ROW1),
      expected: [0.997281837, 0.992077968],
      decimals: 9,
      pick: (o) => [o.softmax[1], o.softmax[6]],
      float32: `${F32}. NumPy float32 gives 0.99728185 and 0.99207801 (${REF}), this ` +
        "project's webgpu 0.99728191 and 0.99207801.",
    }),
    printed({
      id: "softmax-e-03",
      text: "softmax(x), the entries printed ×1e-03: 2.47201452e-03 (row 1) and " +
        "6.68456877e-03 (row 2)",
      source: lecture(
        0,
        BROADCAST,
        "[6.68456877e-03 3.32805082e-04 9.92077968e-01 9.04658008e-04]]",
      ),
      expected: [0.00247201452, 0.00668456877],
      decimals: 11,
      pick: (o) => [o.softmax[2], o.softmax[4]],
      float32: `${F32}. NumPy float32 gives 2.4720146e-03 and 6.6845692e-03 (${REF}), this ` +
        "project's webgpu 2.4720156e-03 and 6.6845687e-03.",
    }),
    printed({
      id: "softmax-e-04",
      text: "softmax(x), the entries printed ×1e-04: 1.23074356e-04 (twice, row 1), " +
        "3.32805082e-04 and 9.04658008e-04 (row 2)",
      source: lecture(0, BROADCAST, SOFTMAX_ROW1),
      expected: [0.000123074356, 0.000123074356, 0.000332805082, 0.000904658008],
      decimals: 12,
      pick: (o) => [o.softmax[0], o.softmax[3], o.softmax[5], o.softmax[7]],
      float32: `${F32}. NumPy float32 gives 1.2307435e-04, 3.3280510e-04 and 9.0465811e-04 ` +
        `(${REF}), this project's webgpu 1.2307441e-04, 3.3280518e-04 and 9.0465799e-04.`,
    }),
    printed({
      id: "x-norm",
      text: "||x|| = np.linalg.norm(x, axis = 1, keepdims = True) = [√29, √69] for x = " +
        "[[3, 2, 4], [1, 8, 2]]: x_norm = [[5.38516481] [8.30662386]]",
      source: lecture(0, NORMALIZE, "x_norm = [[5.38516481] [8.30662386]]"),
      expected: [5.38516481, 8.30662386],
      pick: (o) => o.norms,
      float32: `${F32}. √29 and √69 in float32 are 5.3851647377 and 8.3066234589, in NumPy ` +
        `(${REF}) and on this project's webgpu alike: 4e-7 from float64, below the float32 ` +
        "ulp at 8.3 (9.5e-7) but far above the printed 8th decimal.",
    }),
    printed({
      id: "normalize-rows",
      text: "normalizeRows(x) = [[0.55708601 0.37139068 0.74278135] [0.12038585 0.96308682 " +
        "0.24077171]] (the slide prints the second row above the code)",
      source: lecture(0, NORMALIZE, "normalizeRows(x) = [[0.55708601 0.37139068 0.74278135]"),
      expected: [0.55708601, 0.37139068, 0.74278135, 0.12038585, 0.96308682, 0.24077171],
      pick: (o) => o.normalizeRows,
      float32: `${F32}. NumPy float32 (${REF}) and this project's webgpu both give ` +
        "[[0.55708605 0.37139067 0.74278134] [0.12038586 0.96308684 0.24077171]] to 8 decimals.",
    }),
    {
      id: "l1",
      text: "L1(ŷ, y) = Σ|y − ŷ| for ŷ = [.9, .2, .1, .4, .9], y = [1, 0, 0, 1, 1]: " +
        '"L1 = 1.1" (Python prints the shortest decimal that reads back as the float64 value)',
      source: assignment("python-basics"),
      expected: 1.1,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.l1,
      diverges: {
        dtype: "float32",
        reason: "1.1 is not a float32 number: NumPy float32 (" + REF + ") and this project's " +
          "webgpu both give 1.100000023841858, the float32 nearest to 1.1.",
      },
    },
    {
      id: "l2",
      text: 'L2(ŷ, y) = Σ(y − ŷ)² for the same ŷ and y: "L2 = 0.43"',
      source: assignment("python-basics"),
      expected: 0.43,
      check: { kind: "equals" },
      observe: ({ outputs }) => outputs.l2,
      diverges: {
        dtype: "float32",
        reason: "0.43 is not a float32 number: NumPy float32 gives 0.43000003695 (" + REF +
          "), this project's webgpu 0.43000000715 (the float32 nearest to 0.43).",
      },
    },
  ],
});
