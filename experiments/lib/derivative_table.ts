/**
 * Lecture 000's table "Derivative Rules" as code: each rule's text as the slide writes it, the
 * function it differentiates, the slide's derivative, and points of the rule's domain where the
 * two are compared (experiments/derivative-rules.ts). General rules are instantiated with
 * f = sin, g = exp (g = x² + 1 where a positive g is needed), c = a = 2.5; inverse functions are
 * the principal branches.
 */

type Fn = (x: number) => number;
/** One rule of the table: the function, the slide's derivative, and where it is evaluated. */
export type Rule = {
  id: string;
  section: string;
  text: string;
  f: Fn;
  rule: Fn;
  points: readonly number[];
};
type Row = [id: string, text: string, f: Fn, rule: Fn, points?: readonly number[]];

const GENERAL = [-2, -1.3, -0.4, 0.3, 0.9, 1.7, 2.5];
const POSITIVE = [0.3, 0.9, 1.7, 2.5, 4];
const UNIT = [-0.8, -0.45, -0.1, 0.2, 0.55, 0.85];
const OUTSIDE = [-3, -1.8, -1.2, 1.2, 1.8, 3];
const ABOVE_1 = [1.2, 1.8, 3, 4.5];
const SECH_DOMAIN = [0.15, 0.4, 0.65, 0.9];

/** The rows of one section of the slide, evaluated at GENERAL points unless they say. */
const section = (name: string, rows: Row[]): Rule[] =>
  rows.map(([id, text, f, rule, points = GENERAL]) => ({
    id,
    section: name,
    text,
    f,
    rule,
    points,
  }));

const { sqrt, log: ln, exp, sin, cos, tan } = Math;
const sec: Fn = (x) => 1 / Math.cos(x);
const csc: Fn = (x) => 1 / Math.sin(x);
const cot: Fn = (x) => 1 / Math.tan(x);
const sech: Fn = (x) => 1 / Math.cosh(x);
const csch: Fn = (x) => 1 / Math.sinh(x);
const coth: Fn = (x) => 1 / Math.tanh(x);
/** Principal branches: arcsec = arccos(1/x), arccsc = arcsin(1/x), arccot = π/2 − arctan. */
const asec: Fn = (x) => Math.acos(1 / x);
const acsc: Fn = (x) => Math.asin(1 / x);
const acot: Fn = (x) => Math.PI / 2 - Math.atan(x);
const asech: Fn = (x) => Math.acosh(1 / x);
const acsch: Fn = (x) => Math.asinh(1 / x);
const acoth: Fn = (x) => Math.atanh(1 / x);

/** The general rules are checked on f = sin, g = exp (g = x² + 1 where a positive g is needed). */
const f = Math.sin, df = Math.cos, g = Math.exp, dg = Math.exp;
const gPos: Fn = (x) => x * x + 1, dgPos: Fn = (x) => 2 * x;
const C = 2.5, A = 2.5;

export const RULES: readonly Rule[] = [
  ...section("Basic Derivatives Rules", [
    ["constant", "d/dx(c) = 0 (c = 2.5)", () => C, () => 0],
    [
      "constant-multiple",
      "d/dx[c f(x)] = c f′(x) (c = 2.5, f = sin)",
      (x) => C * f(x),
      (x) => C * df(x),
    ],
    [
      "power",
      "d/dx(xⁿ) = n xⁿ⁻¹ (n = 3, −2 and 0.5)",
      (x) => x ** 3 + x ** -2 + x ** 0.5,
      (x) => 3 * x ** 2 + -2 * x ** -3 + 0.5 * x ** -0.5,
      POSITIVE,
    ],
    [
      "sum",
      "d/dx[f(x) + g(x)] = f′(x) + g′(x) (f = sin, g = exp)",
      (x) => f(x) + g(x),
      (x) => df(x) + dg(x),
    ],
    [
      "difference",
      "d/dx[f(x) − g(x)] = f′(x) − g′(x) (f = sin, g = exp)",
      (x) => f(x) - g(x),
      (x) => df(x) - dg(x),
    ],
    [
      "product",
      "d/dx[f(x)g(x)] = f(x)g′(x) + g(x)f′(x) (f = sin, g = exp)",
      (x) => f(x) * g(x),
      (x) => f(x) * dg(x) + g(x) * df(x),
    ],
    [
      "quotient",
      "d/dx[f(x)/g(x)] = (g(x)f′(x) − f(x)g′(x))/[g(x)]² (f = sin, g = exp)",
      (x) => f(x) / g(x),
      (x) => (g(x) * df(x) - f(x) * dg(x)) / g(x) ** 2,
    ],
    [
      "chain",
      "d/dx f(g(x)) = f′(g(x))g′(x) (f = sin, g = exp)",
      (x) => f(g(x)),
      (x) => df(g(x)) * dg(x),
    ],
  ]),
  ...section("Exponential Functions", [
    ["exp", "d/dx(eˣ) = eˣ", exp, exp],
    ["a-to-x", "d/dx(aˣ) = aˣ ln a (a = 2.5)", (x) => A ** x, (x) => A ** x * ln(A)],
    [
      "exp-of-g",
      "d/dx(e^g(x)) = e^g(x) g′(x) (g = sin)",
      (x) => exp(f(x)),
      (x) => exp(f(x)) * df(x),
    ],
    [
      "a-to-g",
      "d/dx(a^g(x)) = ln(a) a^g(x) g′(x) (a = 2.5, g = sin)",
      (x) => A ** f(x),
      (x) => ln(A) * A ** f(x) * df(x),
    ],
  ]),
  ...section("Logarithmic Functions", [
    ["ln", "d/dx(ln x) = 1/x, x > 0", ln, (x) => 1 / x, POSITIVE],
    [
      "ln-of-g",
      "d/dx ln(g(x)) = g′(x)/g(x) (g = x² + 1)",
      (x) => ln(gPos(x)),
      (x) => dgPos(x) / gPos(x),
    ],
    [
      "log-a",
      "d/dx(logₐ x) = 1/(x ln a), x > 0 (a = 2.5)",
      (x) => ln(x) / ln(A),
      (x) => 1 / (x * ln(A)),
      POSITIVE,
    ],
    [
      "log-a-of-g",
      "d/dx(logₐ g(x)) = g′(x)/(g(x) ln a) (a = 2.5, g = x² + 1)",
      (x) => ln(gPos(x)) / ln(A),
      (x) => dgPos(x) / (gPos(x) * ln(A)),
    ],
  ]),
  ...section("Trigonometric Functions", [
    ["sin", "d/dx(sin x) = cos x", sin, cos],
    ["cos", "d/dx(cos x) = −sin x", cos, (x) => -sin(x)],
    ["tan", "d/dx(tan x) = sec² x", tan, (x) => sec(x) ** 2],
    ["csc", "d/dx(csc x) = −csc x cot x", csc, (x) => -csc(x) * cot(x)],
    ["sec", "d/dx(sec x) = sec x tan x", sec, (x) => sec(x) * tan(x)],
    ["cot", "d/dx(cot x) = −csc² x", cot, (x) => -(csc(x) ** 2)],
  ]),
  ...section("Inverse Trigonometric Functions", [
    ["arcsin", "d/dx(sin⁻¹x) = 1/√(1 − x²), x ≠ ±1", Math.asin, (x) => 1 / sqrt(1 - x * x), UNIT],
    ["arccos", "d/dx(cos⁻¹x) = −1/√(1 − x²), x ≠ ±1", Math.acos, (x) => -1 / sqrt(1 - x * x), UNIT],
    ["arctan", "d/dx(tan⁻¹x) = 1/(1 + x²)", Math.atan, (x) => 1 / (1 + x * x)],
    ["arccot", "d/dx(cot⁻¹x) = −1/(1 + x²)", acot, (x) => -1 / (1 + x * x)],
    [
      "arcsec",
      "d/dx(sec⁻¹x) = 1/(x√(x² − 1)), x ≠ ±1, 0 (at |x| > 1, both signs)",
      asec,
      (x) => 1 / (x * sqrt(x * x - 1)),
      OUTSIDE,
    ],
    [
      "arccsc",
      "d/dx(csc⁻¹x) = −1/(x√(x² − 1)), x ≠ ±1, 0 (at |x| > 1, both signs)",
      acsc,
      (x) => -1 / (x * sqrt(x * x - 1)),
      OUTSIDE,
    ],
  ]),
  ...section("Hyperbolic Functions", [
    ["sinh", "d/dx(sinh x) = cosh x", Math.sinh, Math.cosh],
    ["cosh", "d/dx(cosh x) = sinh x", Math.cosh, Math.sinh],
    ["tanh", "d/dx(tanh x) = sech² x", Math.tanh, (x) => sech(x) ** 2],
    ["csch", "d/dx(csch x) = −csch x coth x", csch, (x) => -csch(x) * coth(x)],
    ["sech", "d/dx(sech x) = −sech x tanh x", sech, (x) => -sech(x) * Math.tanh(x)],
    ["coth", "d/dx(coth x) = −csch x", coth, (x) => -csch(x)],
  ]),
  ...section("Inverse Hyperbolic Functions", [
    ["arsinh", "d/dx(sinh⁻¹x) = 1/√(1 + x²)", Math.asinh, (x) => 1 / sqrt(1 + x * x)],
    [
      "arcosh",
      "d/dx(cosh⁻¹x) = 1/√(x² − 1), x > 1",
      Math.acosh,
      (x) => 1 / sqrt(x * x - 1),
      ABOVE_1,
    ],
    ["artanh", "d/dx(tanh⁻¹x) = 1/(1 − x²), |x| < 1", Math.atanh, (x) => 1 / (1 - x * x), UNIT],
    [
      "arcsch",
      "d/dx(csch⁻¹x) = −1/(|x|√(1 − x²)), x ≠ 0 (at 0 < |x| < 1, where it is defined)",
      acsch,
      (x) => -1 / (Math.abs(x) * sqrt(1 - x * x)),
      UNIT,
    ],
    [
      "arsech",
      "d/dx(sech⁻¹x) = −1/(x√(1 − x²)), 0 < x < 1",
      asech,
      (x) => -1 / (x * sqrt(1 - x * x)),
      SECH_DOMAIN,
    ],
    ["arcoth", "d/dx(coth⁻¹x) = 1/(1 − x²), |x| > 1", acoth, (x) => 1 / (1 - x * x), OUTSIDE],
  ]),
];
