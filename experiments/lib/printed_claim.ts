/**
 * A claim on an array as NumPy (or a slide) prints it: each element rounds to the printed figure
 * at the printed decimals, the note shows the measured array as it would print, and float32,
 * whose ~7 significant digits miss the printed ones, is a declared divergence with its reason.
 */
import type { Claim, ParamSpecs } from "../../harness/experiment.ts";
import type { Source } from "../../harness/sources.ts";
import { printedNote } from "./printed.ts";

export function printedClaim<O, P extends ParamSpecs = ParamSpecs>(c: {
  id: string;
  text: string;
  source: Source;
  expected: number[];
  /** Decimals of the printed figures: NumPy prints an array to 8 by default. */
  decimals?: number;
  /** The measured elements, in the order of `expected`. */
  pick: (outputs: O) => number[];
  /** Why float32 does not print the figure, with its measured values. */
  float32: string;
}): Claim<O, P> {
  const decimals = c.decimals ?? 8;
  return {
    id: c.id,
    text: c.text,
    source: c.source,
    expected: c.expected,
    check: { kind: "rounds", decimals },
    observe: ({ outputs }) => c.pick(outputs),
    note: ({ outputs }) => printedNote(c.pick(outputs), c.expected, decimals),
    diverges: { dtype: "float32", reason: c.float32 },
  };
}
