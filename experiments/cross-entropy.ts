/** Lecture 004's cross-entropy example: p = [0, 1, 0], q = [0.228, 0.619, 0.153] gives 0.479. */
import { round, within } from "../harness/claims.ts";
import { type Context, defineExperiment } from "../harness/experiment.ts";

const SOURCE = "004_62dbc0ba7525818d.txt, Cross-entropy";

export default defineExperiment({
  id: "cross-entropy",
  title: "Cross-entropy of a softmax output against a one-hot label",
  source: SOURCE,
  description:
    "H(p, q) = −Σ p·log q for the true distribution p = [0, 1, 0] and the softmax output " +
    "q = [0.228, 0.619, 0.153], computed by the backend's categorical cross-entropy kernel.",
  params: {},
  seeds: [1],
  charts: [],
  claims: [{
    id: "h-0.479",
    text: "H(p, q) = −(0·log 0.228 + 1·log 0.619 + 0·log 0.153) = 0.479",
    source: SOURCE,
    expected: 0.479,
    // The slide truncates −log 0.619 = 0.47965 to three decimals.
    tolerance: 1e-3,
    measure: ({ outputs, tolerance }) => ({
      observed: round(outputs.h, 6),
      pass: within(outputs.h, 0.479, tolerance),
    }),
  }],
  async run(ctx: Context) {
    const b = ctx.backend;
    const h = b.tidy(() =>
      b.loss("cce", b.fromArray([0.228, 0.619, 0.153], [3, 1]), b.fromArray([0, 1, 0], [3, 1]))
    );
    const [v] = await b.read(h);
    h.dispose();
    return { h: v };
  },
});
