/**
 * The claims contract: the checks a claim may declare, and the verdict they give. Everything
 * here is a pure function of the fields stored with each claim in result.json (check, expected,
 * tolerance, observed), so the runner, `--verify`, the report and the in-browser page all reach
 * the same verdict, and a reader can re-check it with nothing but the stored file.
 */
import type { Json } from "../schema/json.ts";

/**
 * A tolerance: one bound, or one per arithmetic. A float32 bound wider than the float64 one says
 * why in `basis` (the measured float32 reference it rests on).
 */
export type Tolerance = number | { float64: number; float32: number; basis: string };

/**
 * How a claim's observed figure is held against its expected one (arrays elementwise):
 * - `equals`: exactly equal (numbers, strings, booleans, arrays, objects);
 * - `rounds`: the observed number, rounded to `decimals` places, is the printed figure (in a
 *   float32 trial, an observation that is a float32 value is printed as NumPy prints a float32
 *   to `decimals` places, `printedFloat32`: its shortest decimal when that has no more places —
 *   so -0.6800000071525574, the float32 nearest -0.68, reads -0.68 — else its exact value
 *   rounded, never the shortest decimal rounded again; a figure the host computed in float64,
 *   such as an accuracy, is read as it is);
 * - `truncates`: the observed number, cut to `decimals` places (as `%d` or a slide that drops
 *   digits prints it), is the printed figure;
 * - `near`: |observed − expected| ≤ tolerance;
 * - `relative`: |observed − expected| ≤ tolerance · |expected|;
 * - `atLeast` / `atMost`: observed ≥ / ≤ expected (a bound);
 * - `above` / `below`: observed > / < expected;
 * - `between`: expected is [lo, hi] and lo ≤ observed ≤ hi;
 * - `falls` / `rises`: observed is a series that never goes up / down and ends lower / higher
 *   than it starts (expected is null).
 */
export type Check =
  | { kind: "equals" }
  | { kind: "rounds"; decimals: number }
  | { kind: "truncates"; decimals: number }
  | { kind: "near"; tolerance: Tolerance }
  | { kind: "relative"; tolerance: Tolerance }
  | { kind: "atLeast" }
  | { kind: "atMost" }
  | { kind: "above" }
  | { kind: "below" }
  | { kind: "between" }
  | { kind: "falls" }
  | { kind: "rises" };

/** The name of a check, e.g. "rounds". */
export type CheckKind = Check["kind"];

/** The arithmetic a trial ran in: float32 on webgpu, float64 on cpu. */
export type Dtype = "float32" | "float64";

/**
 * The levels a claim can reach:
 * - `reproduced`: the figure is the lecture's exactly (or the stated bound or trend holds);
 * - `within-tolerance`: it differs, by no more than the stated tolerance;
 * - `not-reproduced`: the check fails (a result, reported as measured);
 * - `cited`: stated by a lecture but not re-run here (listed with the reason).
 */
export type Verdict = "reproduced" | "within-tolerance" | "not-reproduced" | "cited";

export const VERDICTS: readonly Verdict[] = [
  "reproduced",
  "within-tolerance",
  "not-reproduced",
  "cited",
];

/** The bound a check applies on an arithmetic (0 for checks without one). */
export function resolveTolerance(check: Check, dtype: Dtype): number {
  if (check.kind !== "near" && check.kind !== "relative") return 0;
  const t = check.tolerance;
  return typeof t === "number" ? t : t[dtype];
}

/** Numbers of a scalar or a (nested) array of numbers; null when anything else is in it. */
export function numbers(v: Json): number[] | null {
  if (typeof v === "number") return [v];
  if (!Array.isArray(v)) return null;
  const out: number[] = [];
  for (const x of v) {
    const inner = numbers(x);
    if (inner === null) return null;
    out.push(...inner);
  }
  return out;
}

/** Deep equality of JSON values (NaN equals NaN: a stored NaN re-checks as itself). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b) || a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return jsonEqual(ka, kb) && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return a === b;
}

/**
 * Rounds to `decimals` places from the number's exact binary value (without the error of scaling
 * by 10^decimals first), an exact tie to the even last place as Python's `%f` and NumPy print it
 * (0.125 → 0.12; `toFixed` alone would give 0.13).
 */
export function roundTo(v: number, decimals: number): number {
  const text = Math.abs(v).toFixed(Math.min(100, decimals + 60));
  const cut = text.indexOf(".") + (decimals > 0 ? decimals + 1 : 0);
  if (Number.isFinite(v) && Math.abs(v) < 1e21 && /^\.?50*$/.test(text.slice(cut))) {
    const down = Number(text.slice(0, cut));
    const lastDigit = Number(text.slice(0, cut).replace(".", "").at(-1));
    if (lastDigit % 2 === 0) return Math.sign(v) * down;
  }
  return Number(v.toFixed(decimals));
}

/** Cuts to `decimals` places toward zero, from the number's exact decimal expansion. */
export function truncateTo(v: number, decimals: number): number {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e21) return Math.trunc(v);
  const text = v.toFixed(Math.min(100, decimals + 30));
  const cut = text.slice(0, text.indexOf(".") + (decimals > 0 ? decimals + 1 : 0));
  return Number(cut);
}

/**
 * A float32 value as NumPy prints it: the shortest decimal that rounds to the same float32 (JS
 * prints float64 values this way; a float32 needs at most 9 significant digits).
 */
export function float32Shortest(v: number): number {
  if (!Number.isFinite(v)) return v;
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/**
 * A float32 value printed to `decimals` places as NumPy prints it
 * (`np.format_float_positional(x, precision=decimals, unique=True)`, what its arrays and scalars
 * show): the shortest decimal that identifies the float32 when it needs no more places, else the
 * exact value rounded to `decimals` places. Rounding the shortest decimal instead would round
 * twice (0.2148195058…, shortest 0.2148195, prints 0.21482, not 0.214819).
 * tests/fixtures/float32_printed.json holds NumPy's own output for the test to match.
 */
export function printedFloat32(v: number, decimals: number): number {
  const s = float32Shortest(v);
  return Number.isFinite(s) && roundTo(s, decimals) === s ? s : roundTo(v, decimals);
}

/** Pairs observed and expected numbers elementwise; a scalar expected applies to every element. */
function pairs(observed: Json, expected: Json): [number, number][] | null {
  const o = numbers(observed), e = numbers(expected);
  if (o === null || e === null || o.length === 0) return null;
  if (e.length === 1 && typeof expected === "number") return o.map((v) => [v, e[0]]);
  return o.length === e.length ? o.map((v, i) => [v, e[i]]) : null;
}

/** Finite pairs holding `test` at every element. */
function every(ps: [number, number][] | null, test: (o: number, e: number) => boolean): boolean {
  return ps !== null && ps.every(([o, e]) => Number.isFinite(o) && test(o, e));
}

/** Whether observed passes the check, and whether it matched the expected figure exactly. */
export function evaluate(
  check: Check,
  expected: Json,
  observed: Json,
  tolerance: number,
  dtype: Dtype = "float64",
): { pass: boolean; exact: boolean } {
  const held = (pass: boolean) => ({ pass, exact: pass });
  switch (check.kind) {
    case "equals":
      return held(observed !== null && jsonEqual(observed, expected));
    case "rounds": {
      const print = (o: number) =>
        dtype === "float32" && Math.fround(o) === o
          ? printedFloat32(o, check.decimals)
          : roundTo(o, check.decimals);
      return held(every(pairs(observed, expected), (o, e) => print(o) === e));
    }
    case "truncates":
      return held(every(pairs(observed, expected), (o, e) => truncateTo(o, check.decimals) === e));
    case "near":
    case "relative": {
      const ps = pairs(observed, expected);
      const bound = (e: number) => check.kind === "near" ? tolerance : tolerance * Math.abs(e);
      const pass = every(ps, (o, e) => Math.abs(o - e) <= bound(e));
      return { pass, exact: pass && every(ps, (o, e) => o === e) };
    }
    case "atLeast":
      return held(every(pairs(observed, expected), (o, e) => o >= e));
    case "atMost":
      return held(every(pairs(observed, expected), (o, e) => o <= e));
    case "above":
      return held(every(pairs(observed, expected), (o, e) => o > e));
    case "below":
      return held(every(pairs(observed, expected), (o, e) => o < e));
    case "between": {
      const o = numbers(observed), e = numbers(expected);
      return held(
        o !== null && o.length > 0 && e !== null && e.length === 2 &&
          o.every((v) => Number.isFinite(v) && e[0] <= v && v <= e[1]),
      );
    }
    case "falls":
    case "rises": {
      const s = numbers(observed);
      const sign = check.kind === "falls" ? -1 : 1;
      return held(
        s !== null && s.length >= 2 && s.every(Number.isFinite) &&
          s.every((v, i) => i === 0 || sign * (v - s[i - 1]) >= 0) &&
          sign * (s[s.length - 1] - s[0]) > 0,
      );
    }
  }
}

/** The verdict of a measured claim from its stored fields. */
export function verdictOf(
  c: { check: Check; expected: Json; observed: Json; tolerance?: number; dtype?: Dtype },
): Verdict {
  const { pass, exact } = evaluate(c.check, c.expected, c.observed, c.tolerance ?? 0, c.dtype);
  return !pass ? "not-reproduced" : exact ? "reproduced" : "within-tolerance";
}

/** True for the verdicts that count as reproduced on the scoreboard. */
export function isReproduced(v: Verdict): boolean {
  return v === "reproduced" || v === "within-tolerance";
}

/**
 * Where a judged claim stands against what the catalogue declares, for `--strict` and the
 * scoreboard:
 * - `expected`: reproduced, as declared (no divergence);
 * - `tracked`: not reproduced, and declared not to reproduce here (with its reason);
 * - `regression`: not reproduced, and not declared: something changed, or it never held;
 * - `graduation`: reproduced although declared not to: the declaration is out of date.
 */
export type Standing = "expected" | "tracked" | "regression" | "graduation";

/** A judged claim's standing: its verdict held against the divergence it declares. */
export function standingOf(c: { verdict: Verdict; diverges?: unknown }): Standing {
  const reproduced = isReproduced(c.verdict);
  if (c.diverges) return reproduced ? "graduation" : "tracked";
  return reproduced ? "expected" : "regression";
}

/** The verdict of a claim judged on several trials: the worst of them. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict | null {
  if (verdicts.length === 0) return null;
  for (const v of ["not-reproduced", "within-tolerance", "reproduced", "cited"] as const) {
    if (verdicts.includes(v)) return v;
  }
  return null;
}

/** A number as a sentence states it: up to 7 significant digits, non-finite spelled out. */
export function figure(v: unknown): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
    return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : String(Number(v.toPrecision(7)));
  }
  if (Array.isArray(v)) {
    return v.length > 12
      ? `[${v.slice(0, 5).map(figure).join(", ")}, … ${v.length} values … ${figure(v.at(-1))}]`
      : `[${v.map(figure).join(", ")}]`;
  }
  if (v === null || v === undefined) return "nothing";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** The check in words, e.g. "90.0 exactly", "≥ 85", "0.479 when cut to 3 decimals". */
export function describeCheck(check: Check, expected: Json, tolerance?: number): string {
  const e = figure(expected);
  switch (check.kind) {
    case "equals":
      return `${e} exactly`;
    case "rounds":
      return `${e} when rounded to ${check.decimals} decimals`;
    case "truncates":
      return `${e} when cut to ${check.decimals} decimals`;
    case "near":
      return `${e} ± ${figure(tolerance ?? tolerancePair(check))}`;
    case "relative":
      return `${e} within ${figure(100 * (tolerance ?? 0))} %`;
    case "atLeast":
      return `≥ ${e}`;
    case "atMost":
      return `≤ ${e}`;
    case "above":
      return `> ${e}`;
    case "below":
      return `< ${e}`;
    case "between": {
      const [lo, hi] = Array.isArray(expected) ? expected : [expected, expected];
      return `between ${figure(lo)} and ${figure(hi)}`;
    }
    case "falls":
      return "falling at every step";
    case "rises":
      return "rising at every step";
  }
}

function tolerancePair(check: { tolerance: Tolerance }): string {
  const t = check.tolerance;
  return typeof t === "number"
    ? figure(t)
    : `${figure(t.float64)} (float64), ${figure(t.float32)} (float32)`;
}

/** Words for each verdict, as the CLI and the site print them. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  "reproduced": "reproduced",
  "within-tolerance": "within tolerance",
  "not-reproduced": "not reproduced",
  "cited": "cited, not run here",
};

/** "observed 90.5 — expected 90.0 exactly ✗": a judged claim in one line. */
export function judgedSentence(
  c: { check: Check; expected: Json; observed: Json; tolerance?: number; verdict: Verdict },
): string {
  const mark = isReproduced(c.verdict) ? "✓" : "✗";
  return `observed ${figure(c.observed)} — expected ${
    describeCheck(c.check, c.expected, c.tolerance)
  } ${mark}`;
}
