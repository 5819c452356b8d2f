/**
 * Lecture 000's table "Derivative Rules": each rule, as the slide writes it, against fourth-order
 * central differences of the function it differentiates, at points of the rule's domain. Pure
 * float64 arithmetic on the host (the backend has no trigonometric kernels), so both backends'
 * trials compute the same figures. The table, as functions, is experiments/lib/derivative_table.ts.
 */
import { type WorstDifference, worstRelativeDifference } from "./lib/central_difference.ts";
import { RULES } from "./lib/derivative_table.ts";
import { divergesFrom } from "./lib/divergences.ts";
import { defineExperiment, lecture } from "./prelude.ts";

/** Why a rule of the slide does not hold, measured (the rule's id → reason). */
const WRONG: Record<string, string> = {
  coth: "d/dx coth x = −csch² x, not −csch x: at x = 2.5 the slide's rule gives −0.165 and the " +
    "central difference −0.0273 (relative difference 5.05); the two agree only where " +
    "csch x = 1 (x = 0.881).",
  arcsch: "d/dx csch⁻¹x = −1/(|x|√(1 + x²)), not −1/(|x|√(1 − x²)): at x = 0.85 the slide's " +
    "rule gives −2.23 and the central difference −0.896 (relative difference 1.49); the " +
    "slide's form is not even defined for |x| > 1.",
  arcsec: "With the principal branch sec⁻¹x = cos⁻¹(1/x) the derivative is 1/(|x|√(x² − 1)) " +
    "> 0: for x < −1 the slide's 1/(x√(x² − 1)) has the wrong sign (relative difference 2 at " +
    "x = −3, −1.8, −1.2; 10⁻¹¹ at x > 1). It holds for the other convention, sec⁻¹ with " +
    "range [0, π/2) ∪ [π, 3π/2).",
  arccsc: "With the principal branch csc⁻¹x = sin⁻¹(1/x) the derivative is −1/(|x|√(x² − 1)) " +
    "< 0: for x < −1 the slide's −1/(x√(x² − 1)) has the wrong sign (relative difference 2 " +
    "at x = −3, −1.8, −1.2; 10⁻¹¹ at x > 1). It holds for the convention with range " +
    "(0, π/2] ∪ (π, 3π/2].",
};

/** The differences are accurate to about 10⁻¹⁰ relative here; a wrong formula is off by O(1). */
const TOLERANCE = 1e-8;

export default defineExperiment({
  id: "derivative-rules",
  title: "Lecture 000's table of derivative rules against finite differences",
  source: lecture(0, "Derivative Rules"),
  description:
    "Each of the 40 rules on the slide, written as the slide writes it, is evaluated at 4–7 " +
    "points of its domain and compared with the fourth-order central difference of the " +
    "function it differentiates (h = 10⁻³·max(1, |x|)), in float64 on the host. General rules " +
    "are instantiated with f = sin, g = exp (g = x² + 1 where a positive g is needed), c = a = " +
    "2.5 and n = 3, −2, 0.5. Inverse functions are the principal branches (sec⁻¹x = cos⁻¹(1/x), " +
    "csc⁻¹x = sin⁻¹(1/x), cot⁻¹x = π/2 − tan⁻¹x, csch⁻¹x = sinh⁻¹(1/x), …). The observed figure " +
    "of each rule is its largest relative difference |rule − difference|/|difference|.",
  params: {},
  seeds: [1],
  charts: [{
    name: "relative-error",
    title: "log10 of each rule's largest relative difference from the central difference",
    kind: "bars",
    field: "bars",
  }],
  run() {
    const results: Record<string, WorstDifference> = {};
    for (const r of RULES) results[r.id] = worstRelativeDifference(r.f, r.rule, r.points);
    const bars = RULES.map((r) => ({
      label: r.id,
      value: Math.log10(Math.max(results[r.id].relErr, 1e-16)),
      group: r.section,
    }));
    return Promise.resolve({ results, bars });
  },
  claims: RULES.map((r) => ({
    id: `d-${r.id}`,
    chart: "relative-error",
    text: `${r.text} (largest relative difference from the central difference)`,
    source: lecture(0, r.section),
    expected: 0,
    check: { kind: "near" as const, tolerance: TOLERANCE },
    observe: ({ outputs }: { outputs: { results: Record<string, WorstDifference> } }) =>
      outputs.results[r.id].relErr,
    note: ({ outputs }: { outputs: { results: Record<string, WorstDifference> } }) => {
      const w = outputs.results[r.id];
      return `Worst at x = ${w.worstAt}: the rule gives ${w.rule.toPrecision(6)}, the central ` +
        `difference ${w.difference.toPrecision(6)}.`;
    },
    ...divergesFrom(WRONG, r.id),
  })),
});
