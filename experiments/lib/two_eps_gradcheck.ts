/**
 * Gradient checks (nn/gradcheck.ts, the course's gradient_check_n) run at two ε: the course's
 * 1e-7, which float32 cannot resolve, and 1e-2, where it can; a trial is judged at the ε of its
 * arithmetic. Used where a backward pass is held to two-sided differences of the cost.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import { gradientCheck, gradientCheckModel } from "../../nn/gradcheck.ts";
import type { Trainable } from "../../nn/train.ts";
import type { Claim, MetricRow, ParamsOf, ParamSpecs } from "../../harness/experiment.ts";
import type { Source } from "../../harness/sources.ts";
import type { Check, TrialView } from "../prelude.ts";

/** The course's ε (gradient_check_n); in float32 θ ± 1e-7 does not resolve (see EPS_FLOAT32). */
export const EPS_COURSE = 1e-7;
/**
 * ε at which float32 resolves a two-sided difference: the error is ~ε²·|J‴| (truncation) plus
 * ~u·|J|/ε (rounding, u = 6e-8 in float32), smallest near ε ~ u^⅓ ≈ 4e-3; 1e-2 here.
 */
export const EPS_FLOAT32 = 1e-2;

/** Two-sided differences at the course's ε and at the float32 ε. */
export type Differences = { course: number; float32Eps: number };

/** ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) at both ε. */
async function differences(
  run: (epsilon: number) => Promise<{ difference: number }>,
): Promise<Differences> {
  return {
    course: (await run(EPS_COURSE)).difference,
    float32Eps: (await run(EPS_FLOAT32)).difference,
  };
}

/** The check of a model's own backward pass. */
export function checkModel(
  b: Backend,
  model: Trainable,
  X: Tensor,
  Y: Tensor,
): Promise<Differences> {
  return differences((epsilon) => gradientCheckModel(b, model, X, Y, { epsilon }));
}

/** The check of gradients `grads` (computed once, then disposed) of `params` against `cost`. */
export async function checkGrads(
  b: Backend,
  params: Tensor[],
  grads: Tensor[],
  cost: () => Tensor,
): Promise<Differences> {
  try {
    return await differences((epsilon) => gradientCheck(b, params, grads, cost, { epsilon }));
  } finally {
    for (const g of grads) g.dispose();
  }
}

/**
 * The difference judged on the trial's arithmetic: the course's ε = 1e-7 in float64; in float32
 * θ ± 1e-7 rounds to θ or to its neighbours, so ε = 1e-2 (EPS_FLOAT32).
 */
export function judged(d: Differences, { dtype }: { dtype: TrialView["dtype"] }): number {
  return dtype === "float64" ? d.course : d.float32Eps;
}

/**
 * Expected 0 within: 2e-7 in float64 (the course's gradient_check_n reports "a mistake in the
 * backward propagation" above 2e-7 at ε = 1e-7; rounding at ε = 1e-7 gives ~1e-8 here); 1e-4 in
 * float32 at ε = 1e-2.
 */
export const GRADCHECK: Check = {
  kind: "near",
  tolerance: {
    float64: 2e-7,
    float32: 1e-4,
    basis: "references/gradcheck_float32.py (.json): NumPy float32 of the same networks and " +
      "draws at ε = 1e-2 gives differences of 1.9e-6 to 5.2e-5 (this project's webgpu: 3.2e-6 " +
      "to 3.9e-5), and 0.28 to 1 at ε = 1e-7; the control without g′ gives ≥ 0.23 at ε = 1e-2",
  },
};

/** "what: difference … at ε = 1e-7 and … at ε = 1e-2 (dtype)", with a control's figures. */
export function differenceNote(
  what: string,
  d: Differences,
  dtype: TrialView["dtype"],
  control: Differences | null,
): string {
  return `${what}: difference ${d.course.toExponential(2)} at ε = 1e-7 and ` +
    `${d.float32Eps.toExponential(2)} at ε = 1e-2 (${dtype})` +
    (control
      ? `; the control without g′ gives ${control.course.toExponential(2)} and ` +
        `${control.float32Eps.toExponential(2)}`
      : "") +
    ".";
}

/** Logs each check's differences (absent: not run), one row per ε: check, epsilon, difference. */
export function logDifferences(
  log: (row: MetricRow) => void,
  checks: Record<string, Differences | null | undefined>,
): void {
  for (const [check, d] of Object.entries(checks)) {
    if (!d) continue;
    log({ check, epsilon: EPS_COURSE, difference: d.course });
    log({ check, epsilon: EPS_FLOAT32, difference: d.float32Eps });
  }
}

/** The words of a claim that a backward pass gives the gradient. */
export type GradientStatement = Pick<Claim, "id" | "text" | "diverges"> & { source: Source };

/**
 * Builds claims "this backward pass gives the gradient" on trials matching `when`: the
 * differences `of` picks (null: not run) are expected 0 within GRADCHECK, judged at the trial's
 * ε, and noted under the name `what` beside the `control`'s (a pass known to be wrong).
 */
export function gradientClaims<O, P extends ParamSpecs>(
  control: (o: O) => Differences | null,
) {
  return (
    when: Partial<ParamsOf<P>>,
    of: (o: O) => Differences | null,
    what: string | ((t: TrialView<O, P>) => string),
    c: GradientStatement,
  ): Claim<O, P> => ({
    id: c.id,
    text: c.text,
    source: c.source,
    expected: 0,
    check: GRADCHECK,
    when,
    observe: (t) => {
      const d = of(t.outputs);
      return d === null ? null : judged(d, t);
    },
    note: (t) => {
      const d = of(t.outputs);
      const name = typeof what === "string" ? what : what(t);
      return d ? differenceNote(name, d, t.dtype, control(t.outputs)) : "";
    },
    ...(c.diverges ? { diverges: c.diverges } : {}),
  });
}
