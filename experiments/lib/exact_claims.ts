/**
 * Claims checked exactly (`equals`: counts, shapes, names), written without the check that every
 * one of them repeats. The claim built is the one written out, its fields in the usual order.
 */
import type { Claim, ParamSpecs } from "../../harness/experiment.ts";

/** `c` with `check: { kind: "equals" }` after its `expected`. */
function exactClaim<O, P extends ParamSpecs>(c: Omit<Claim<O, P>, "check">): Claim<O, P> {
  const { id, text, source, expected, ...rest } = c;
  const head = source === undefined ? { id, text } : { id, text, source };
  return { ...head, expected, check: { kind: "equals" }, ...rest };
}

/** `exactClaim` for an experiment's outputs `O` and params `P` (typing each `observe`). */
export function exactClaims<O, P extends ParamSpecs>(): (
  c: Omit<Claim<O, P>, "check">,
) => Claim<O, P> {
  return exactClaim;
}
