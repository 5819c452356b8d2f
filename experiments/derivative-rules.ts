/**
 * Lecture 000's table "Derivative Rules": each rule, as the slide writes it, against fourth-order
 * central differences of the function it differentiates, at points of the rule's domain. Pure
 * float64 arithmetic on the host (the backend has no trigonometric kernels), so both backends'
 * trials compute the same figures.
 */
import { defineExperiment, lecture } from "./prelude.ts";

/** One rule of the table: the function, the slide's derivative, and where it is evaluated. */
type Rule = {
  id: string;
  section: string;
  text: string;
  f: (x: number) => number;
  rule: (x: number) => number;
  points: readonly number[];
};

const GENERAL = [-2, -1.3, -0.4, 0.3, 0.9, 1.7, 2.5];
const POSITIVE = [0.3, 0.9, 1.7, 2.5, 4];
const UNIT = [-0.8, -0.45, -0.1, 0.2, 0.55, 0.85];
const OUTSIDE = [-3, -1.8, -1.2, 1.2, 1.8, 3];

const sec = (x: number) => 1 / Math.cos(x);
const csc = (x: number) => 1 / Math.sin(x);
const cot = (x: number) => 1 / Math.tan(x);
const sech = (x: number) => 1 / Math.cosh(x);
const csch = (x: number) => 1 / Math.sinh(x);
const coth = (x: number) => 1 / Math.tanh(x);
/** Principal branches: arcsec = arccos(1/x), arccsc = arcsin(1/x), arccot = π/2 − arctan. */
const asec = (x: number) => Math.acos(1 / x);
const acsc = (x: number) => Math.asin(1 / x);
const acot = (x: number) => Math.PI / 2 - Math.atan(x);
const asech = (x: number) => Math.acosh(1 / x);
const acsch = (x: number) => Math.asinh(1 / x);
const acoth = (x: number) => Math.atanh(1 / x);

/** The general rules are checked on f = sin, g = exp (g = x² + 1 where a positive g is needed). */
const f = Math.sin, df = Math.cos, g = Math.exp, dg = Math.exp;
const gPos = (x: number) => x * x + 1, dgPos = (x: number) => 2 * x;
const C = 2.5, A = 2.5;

const BASIC = "Basic Derivatives Rules";
const RULES: readonly Rule[] = [
  {
    id: "constant",
    section: BASIC,
    text: "d/dx(c) = 0 (c = 2.5)",
    f: () => C,
    rule: () => 0,
    points: GENERAL,
  },
  {
    id: "constant-multiple",
    section: BASIC,
    text: "d/dx[c f(x)] = c f′(x) (c = 2.5, f = sin)",
    f: (x) => C * f(x),
    rule: (x) => C * df(x),
    points: GENERAL,
  },
  {
    id: "power",
    section: BASIC,
    text: "d/dx(xⁿ) = n xⁿ⁻¹ (n = 3, −2 and 0.5)",
    f: (x) => x ** 3 + x ** -2 + x ** 0.5,
    rule: (x) => 3 * x ** 2 + -2 * x ** -3 + 0.5 * x ** -0.5,
    points: POSITIVE,
  },
  {
    id: "sum",
    section: BASIC,
    text: "d/dx[f(x) + g(x)] = f′(x) + g′(x) (f = sin, g = exp)",
    f: (x) => f(x) + g(x),
    rule: (x) => df(x) + dg(x),
    points: GENERAL,
  },
  {
    id: "difference",
    section: BASIC,
    text: "d/dx[f(x) − g(x)] = f′(x) − g′(x) (f = sin, g = exp)",
    f: (x) => f(x) - g(x),
    rule: (x) => df(x) - dg(x),
    points: GENERAL,
  },
  {
    id: "product",
    section: BASIC,
    text: "d/dx[f(x)g(x)] = f(x)g′(x) + g(x)f′(x) (f = sin, g = exp)",
    f: (x) => f(x) * g(x),
    rule: (x) => f(x) * dg(x) + g(x) * df(x),
    points: GENERAL,
  },
  {
    id: "quotient",
    section: BASIC,
    text: "d/dx[f(x)/g(x)] = (g(x)f′(x) − f(x)g′(x))/[g(x)]² (f = sin, g = exp)",
    f: (x) => f(x) / g(x),
    rule: (x) => (g(x) * df(x) - f(x) * dg(x)) / g(x) ** 2,
    points: GENERAL,
  },
  {
    id: "chain",
    section: BASIC,
    text: "d/dx f(g(x)) = f′(g(x))g′(x) (f = sin, g = exp)",
    f: (x) => f(g(x)),
    rule: (x) => df(g(x)) * dg(x),
    points: GENERAL,
  },
  {
    id: "exp",
    section: "Exponential Functions",
    text: "d/dx(eˣ) = eˣ",
    f: Math.exp,
    rule: Math.exp,
    points: GENERAL,
  },
  {
    id: "a-to-x",
    section: "Exponential Functions",
    text: "d/dx(aˣ) = aˣ ln a (a = 2.5)",
    f: (x) => A ** x,
    rule: (x) => A ** x * Math.log(A),
    points: GENERAL,
  },
  {
    id: "exp-of-g",
    section: "Exponential Functions",
    text: "d/dx(e^g(x)) = e^g(x) g′(x) (g = sin)",
    f: (x) => Math.exp(f(x)),
    rule: (x) => Math.exp(f(x)) * df(x),
    points: GENERAL,
  },
  {
    id: "a-to-g",
    section: "Exponential Functions",
    text: "d/dx(a^g(x)) = ln(a) a^g(x) g′(x) (a = 2.5, g = sin)",
    f: (x) => A ** f(x),
    rule: (x) => Math.log(A) * A ** f(x) * df(x),
    points: GENERAL,
  },
  {
    id: "ln",
    section: "Logarithmic Functions",
    text: "d/dx(ln x) = 1/x, x > 0",
    f: Math.log,
    rule: (x) => 1 / x,
    points: POSITIVE,
  },
  {
    id: "ln-of-g",
    section: "Logarithmic Functions",
    text: "d/dx ln(g(x)) = g′(x)/g(x) (g = x² + 1)",
    f: (x) => Math.log(gPos(x)),
    rule: (x) => dgPos(x) / gPos(x),
    points: GENERAL,
  },
  {
    id: "log-a",
    section: "Logarithmic Functions",
    text: "d/dx(logₐ x) = 1/(x ln a), x > 0 (a = 2.5)",
    f: (x) => Math.log(x) / Math.log(A),
    rule: (x) => 1 / (x * Math.log(A)),
    points: POSITIVE,
  },
  {
    id: "log-a-of-g",
    section: "Logarithmic Functions",
    text: "d/dx(logₐ g(x)) = g′(x)/(g(x) ln a) (a = 2.5, g = x² + 1)",
    f: (x) => Math.log(gPos(x)) / Math.log(A),
    rule: (x) => dgPos(x) / (gPos(x) * Math.log(A)),
    points: GENERAL,
  },
  {
    id: "sin",
    section: "Trigonometric Functions",
    text: "d/dx(sin x) = cos x",
    f: Math.sin,
    rule: Math.cos,
    points: GENERAL,
  },
  {
    id: "cos",
    section: "Trigonometric Functions",
    text: "d/dx(cos x) = −sin x",
    f: Math.cos,
    rule: (x) => -Math.sin(x),
    points: GENERAL,
  },
  {
    id: "tan",
    section: "Trigonometric Functions",
    text: "d/dx(tan x) = sec² x",
    f: Math.tan,
    rule: (x) => sec(x) ** 2,
    points: GENERAL,
  },
  {
    id: "csc",
    section: "Trigonometric Functions",
    text: "d/dx(csc x) = −csc x cot x",
    f: csc,
    rule: (x) => -csc(x) * cot(x),
    points: GENERAL,
  },
  {
    id: "sec",
    section: "Trigonometric Functions",
    text: "d/dx(sec x) = sec x tan x",
    f: sec,
    rule: (x) => sec(x) * Math.tan(x),
    points: GENERAL,
  },
  {
    id: "cot",
    section: "Trigonometric Functions",
    text: "d/dx(cot x) = −csc² x",
    f: cot,
    rule: (x) => -(csc(x) ** 2),
    points: GENERAL,
  },
  {
    id: "arcsin",
    section: "Inverse Trigonometric Functions",
    text: "d/dx(sin⁻¹x) = 1/√(1 − x²), x ≠ ±1",
    f: Math.asin,
    rule: (x) => 1 / Math.sqrt(1 - x * x),
    points: UNIT,
  },
  {
    id: "arccos",
    section: "Inverse Trigonometric Functions",
    text: "d/dx(cos⁻¹x) = −1/√(1 − x²), x ≠ ±1",
    f: Math.acos,
    rule: (x) => -1 / Math.sqrt(1 - x * x),
    points: UNIT,
  },
  {
    id: "arctan",
    section: "Inverse Trigonometric Functions",
    text: "d/dx(tan⁻¹x) = 1/(1 + x²)",
    f: Math.atan,
    rule: (x) => 1 / (1 + x * x),
    points: GENERAL,
  },
  {
    id: "arccot",
    section: "Inverse Trigonometric Functions",
    text: "d/dx(cot⁻¹x) = −1/(1 + x²)",
    f: acot,
    rule: (x) => -1 / (1 + x * x),
    points: GENERAL,
  },
  {
    id: "arcsec",
    section: "Inverse Trigonometric Functions",
    text: "d/dx(sec⁻¹x) = 1/(x√(x² − 1)), x ≠ ±1, 0 (at |x| > 1, both signs)",
    f: asec,
    rule: (x) => 1 / (x * Math.sqrt(x * x - 1)),
    points: OUTSIDE,
  },
  {
    id: "arccsc",
    section: "Inverse Trigonometric Functions",
    text: "d/dx(csc⁻¹x) = −1/(x√(x² − 1)), x ≠ ±1, 0 (at |x| > 1, both signs)",
    f: acsc,
    rule: (x) => -1 / (x * Math.sqrt(x * x - 1)),
    points: OUTSIDE,
  },
  {
    id: "sinh",
    section: "Hyperbolic Functions",
    text: "d/dx(sinh x) = cosh x",
    f: Math.sinh,
    rule: Math.cosh,
    points: GENERAL,
  },
  {
    id: "cosh",
    section: "Hyperbolic Functions",
    text: "d/dx(cosh x) = sinh x",
    f: Math.cosh,
    rule: Math.sinh,
    points: GENERAL,
  },
  {
    id: "tanh",
    section: "Hyperbolic Functions",
    text: "d/dx(tanh x) = sech² x",
    f: Math.tanh,
    rule: (x) => sech(x) ** 2,
    points: GENERAL,
  },
  {
    id: "csch",
    section: "Hyperbolic Functions",
    text: "d/dx(csch x) = −csch x coth x",
    f: csch,
    rule: (x) => -csch(x) * coth(x),
    points: GENERAL,
  },
  {
    id: "sech",
    section: "Hyperbolic Functions",
    text: "d/dx(sech x) = −sech x tanh x",
    f: sech,
    rule: (x) => -sech(x) * Math.tanh(x),
    points: GENERAL,
  },
  {
    id: "coth",
    section: "Hyperbolic Functions",
    text: "d/dx(coth x) = −csch x",
    f: coth,
    rule: (x) => -csch(x),
    points: GENERAL,
  },
  {
    id: "arsinh",
    section: "Inverse Hyperbolic Functions",
    text: "d/dx(sinh⁻¹x) = 1/√(1 + x²)",
    f: Math.asinh,
    rule: (x) => 1 / Math.sqrt(1 + x * x),
    points: GENERAL,
  },
  {
    id: "arcosh",
    section: "Inverse Hyperbolic Functions",
    text: "d/dx(cosh⁻¹x) = 1/√(x² − 1), x > 1",
    f: Math.acosh,
    rule: (x) => 1 / Math.sqrt(x * x - 1),
    points: [1.2, 1.8, 3, 4.5],
  },
  {
    id: "artanh",
    section: "Inverse Hyperbolic Functions",
    text: "d/dx(tanh⁻¹x) = 1/(1 − x²), |x| < 1",
    f: Math.atanh,
    rule: (x) => 1 / (1 - x * x),
    points: UNIT,
  },
  {
    id: "arcsch",
    section: "Inverse Hyperbolic Functions",
    text: "d/dx(csch⁻¹x) = −1/(|x|√(1 − x²)), x ≠ 0 (at 0 < |x| < 1, where it is defined)",
    f: acsch,
    rule: (x) => -1 / (Math.abs(x) * Math.sqrt(1 - x * x)),
    points: UNIT,
  },
  {
    id: "arsech",
    section: "Inverse Hyperbolic Functions",
    text: "d/dx(sech⁻¹x) = −1/(x√(1 − x²)), 0 < x < 1",
    f: asech,
    rule: (x) => -1 / (x * Math.sqrt(1 - x * x)),
    points: [0.15, 0.4, 0.65, 0.9],
  },
  {
    id: "arcoth",
    section: "Inverse Hyperbolic Functions",
    text: "d/dx(coth⁻¹x) = 1/(1 − x²), |x| > 1",
    f: acoth,
    rule: (x) => 1 / (1 - x * x),
    points: OUTSIDE,
  },
];

/**
 * The fourth-order central difference D(h) = (f(x − 2h) − 8f(x − h) + 8f(x + h) − f(x + 2h))/12h,
 * Richardson-extrapolated to sixth order, (16·D(h/2) − D(h))/15, with h = 10⁻³·max(1, |x|):
 * truncation O(h⁶), rounding ≈ ε·|f|/h, about 10⁻¹² relative at these points.
 */
function centralDifference(fn: (x: number) => number, x: number): number {
  const d = (h: number) =>
    (fn(x - 2 * h) - 8 * fn(x - h) + 8 * fn(x + h) - fn(x + 2 * h)) / (12 * h);
  const h = 1e-3 * Math.max(1, Math.abs(x));
  return (16 * d(h / 2) - d(h)) / 15;
}

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

type RuleResult = { relErr: number; worstAt: number; rule: number; difference: number };

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
    const results: Record<string, RuleResult> = {};
    for (const r of RULES) {
      let worst: RuleResult = { relErr: -1, worstAt: NaN, rule: NaN, difference: NaN };
      for (const x of r.points) {
        const d = centralDifference(r.f, x), v = r.rule(x);
        const e = d === 0 ? Math.abs(v) : Math.abs(v - d) / Math.abs(d);
        if (e > worst.relErr) worst = { relErr: e, worstAt: x, rule: v, difference: d };
      }
      results[r.id] = worst;
    }
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
    observe: ({ outputs }: { outputs: { results: Record<string, RuleResult> } }) =>
      outputs.results[r.id].relErr,
    note: ({ outputs }: { outputs: { results: Record<string, RuleResult> } }) => {
      const w = outputs.results[r.id];
      return `Worst at x = ${w.worstAt}: the rule gives ${w.rule.toPrecision(6)}, the central ` +
        `difference ${w.difference.toPrecision(6)}.`;
    },
    ...(WRONG[r.id] ? { diverges: { reason: WRONG[r.id] } } : {}),
  })),
});
