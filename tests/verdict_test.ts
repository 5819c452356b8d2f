/** The check vocabulary and the verdicts it gives, including the cases that must fail. */
import { strict as assert } from "node:assert";
import { recheckClaim } from "../harness/claims.ts";
import type { ClaimResult } from "../harness/records.ts";
import { parseJson, stringifyJson } from "../schema/json.ts";
import {
  type Check,
  evaluate,
  printedFloat32,
  resolveTolerance,
  roundTo,
  standingOf,
  truncateTo,
  verdictOf,
} from "../harness/verdict.ts";

const v = (check: Check, expected: unknown, observed: unknown, tolerance = 0) =>
  verdictOf({ check, expected: expected as never, observed: observed as never, tolerance });

Deno.test("equals: exact on numbers, strings and arrays; never on null", () => {
  assert.equal(v({ kind: "equals" }, 6, 6), "reproduced");
  assert.equal(v({ kind: "equals" }, 6, 5), "not-reproduced");
  assert.equal(v({ kind: "equals" }, [1, 2], [1, 2]), "reproduced");
  assert.equal(v({ kind: "equals" }, [1, 2], [1, 2, 3]), "not-reproduced");
  assert.equal(v({ kind: "equals" }, "a", "a"), "reproduced");
  assert.equal(v({ kind: "equals" }, null, null), "not-reproduced");
  assert.equal(v({ kind: "equals" }, 90, 90.5), "not-reproduced");
});

Deno.test("rounds and truncates read a printed figure from the exact binary value", () => {
  assert.equal(roundTo(0.0928781, 6), 0.092878);
  assert.equal(roundTo(-0.675, 2), -0.68); // -0.67500000000000004441 rounds away from zero
  assert.equal(truncateTo(0.47965, 3), 0.479);
  assert.equal(truncateTo(90.999, 0), 90);
  assert.equal(
    v({ kind: "rounds", decimals: 2 }, [-0.4, -0.68], [-0.4000001, -0.6799]),
    "reproduced",
  );
  assert.equal(v({ kind: "rounds", decimals: 2 }, [-0.4, -0.68], [-0.4, -0.686]), "not-reproduced");
  assert.equal(v({ kind: "truncates", decimals: 3 }, 0.479, 0.47965), "reproduced");
  assert.equal(v({ kind: "rounds", decimals: 3 }, 0.479, 0.47965), "not-reproduced");
});

Deno.test("near and relative: exact, within tolerance, or not reproduced", () => {
  const near: Check = { kind: "near", tolerance: { float64: 1e-9, float32: 1e-4, basis: "b" } };
  assert.equal(resolveTolerance(near, "float32"), 1e-4);
  assert.equal(resolveTolerance(near, "float64"), 1e-9);
  assert.equal(v(near, 0.5, 0.5, 1e-9), "reproduced");
  assert.equal(v(near, 0.5, 0.5 + 1e-10, 1e-9), "within-tolerance");
  assert.equal(v(near, 0.5, 0.5 + 1e-8, 1e-9), "not-reproduced");
  assert.equal(v(near, 0.5, NaN, 1e-9), "not-reproduced");
  assert.equal(v({ kind: "relative", tolerance: 0.01 }, 200, 201, 0.01), "within-tolerance");
  assert.equal(v({ kind: "relative", tolerance: 0.01 }, 200, 203, 0.01), "not-reproduced");
});

Deno.test("bounds and series", () => {
  assert.equal(v({ kind: "atLeast" }, 85, 85), "reproduced");
  assert.equal(v({ kind: "atLeast" }, 85, 84.9), "not-reproduced");
  assert.equal(v({ kind: "atMost" }, 0, 1), "not-reproduced");
  assert.equal(v({ kind: "below" }, 0.5, 0.5), "not-reproduced");
  assert.equal(v({ kind: "above" }, 0.5, 0.51), "reproduced");
  assert.equal(v({ kind: "between" }, [1, 2], 1.5), "reproduced");
  assert.equal(v({ kind: "between" }, [1, 2], 2.5), "not-reproduced");
  assert.equal(v({ kind: "falls" }, null, [3, 2, 2, 1]), "reproduced");
  assert.equal(v({ kind: "falls" }, null, [3, 2, 2.5, 1]), "not-reproduced");
  assert.equal(v({ kind: "falls" }, null, [3, 3]), "not-reproduced");
  assert.equal(v({ kind: "rises" }, null, [1, 2, Infinity]), "not-reproduced");
  assert.equal(evaluate({ kind: "atLeast" }, 1, "1", 0).pass, false);
});

Deno.test("standing: regressions and graduations both count against --strict", () => {
  assert.equal(standingOf({ verdict: "reproduced" }), "expected");
  assert.equal(standingOf({ verdict: "not-reproduced" }), "regression");
  assert.equal(standingOf({ verdict: "not-reproduced", diverges: { reason: "r" } }), "tracked");
  assert.equal(
    standingOf({ verdict: "within-tolerance", diverges: { reason: "r" } }),
    "graduation",
  );
});

Deno.test("a stored claim whose verdict its own fields do not give is caught", () => {
  const c: ClaimResult = {
    id: "x",
    text: "t",
    source: { kind: "project", label: "p", reason: "r" },
    expected: 6,
    check: { kind: "equals" },
    dtype: "float64",
    observed: 6,
    pass: true,
    verdict: "reproduced",
  };
  assert.equal(recheckClaim(c), null);
  assert.match(recheckClaim({ ...c, observed: 12345 })!, /stored reproduced/);
  assert.match(recheckClaim({ ...c, verdict: "within-tolerance" })!, /stored within-tolerance/);
  assert.match(recheckClaim({ ...c, tolerance: 1 })!, /tolerance/);
});

Deno.test("stored JSON keeps NaN and ±Infinity apart from null", () => {
  const value = { a: NaN, b: [Infinity, -Infinity, null, 1] };
  const back = parseJson(stringifyJson(value)) as typeof value;
  assert.ok(Number.isNaN(back.a));
  assert.deepEqual(back.b, [Infinity, -Infinity, null, 1]);
  assert.deepEqual(parseJson('{"$number": "oops"}'), { $number: "oops" });
});

Deno.test("rounds reads a float32 observation as NumPy prints a float32", () => {
  const check: Check = { kind: "rounds", decimals: 8 };
  const expected = [-0.4, -0.68, 1.82];
  // The float32 nearest each printed weight prints as that weight...
  const nearest = expected.map(Math.fround);
  assert.equal(verdictOf({ check, expected, observed: nearest, dtype: "float32" }), "reproduced");
  assert.equal(
    verdictOf({ check, expected, observed: nearest, dtype: "float64" }),
    "not-reproduced",
  );
  // ...one float32 ulp away it does not (NumPy float32 prints -0.68000007).
  const off = [-0.4000000059604645, -0.6800000667572021, 1.8199999332427979];
  assert.equal(verdictOf({ check, expected, observed: off, dtype: "float32" }), "not-reproduced");
  // A figure the host computed in float64 in a float32 trial (an accuracy) is read as it is.
  assert.equal(
    verdictOf({
      check: { kind: "rounds", decimals: 12 },
      expected: 0.796666666667,
      observed: 239 / 300,
      dtype: "float32",
    }),
    "reproduced",
  );
  // 8 decimals of sigmoid(1) are beyond float32: a float32 prints 0.7310586.
  const sigmoid = Math.fround(0.7310585786300049);
  assert.equal(
    verdictOf({ check, expected: 0.73105858, observed: sigmoid, dtype: "float32" }),
    "not-reproduced",
  );
});

Deno.test("a float32 prints to n places as NumPy prints it: NumPy's own output for 4,608 cases", () => {
  // references/float32_printed.py: np.format_float_positional(np.float32(v), precision=n,
  // unique=True) for random float32 values over eight decades, exact ties and shortest-decimal ties.
  const rows = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/float32_printed.json", import.meta.url)),
  ) as [number, number, string][];
  assert.equal(rows.length, 4608);
  const wrong = rows.filter(([v, n, text]) =>
    printedFloat32(v, n) !== Number(text.replace(/\.$/, ""))
  );
  assert.deepEqual(wrong, []);
  // Exact ties go to the even place, as Python's %f and NumPy print them.
  assert.equal(roundTo(0.125, 2), 0.12);
  assert.equal(roundTo(0.375, 2), 0.38);
  assert.equal(roundTo(-0.0625, 3), -0.062);
  // Never the shortest decimal rounded again: logreg-cat's float32 cost at iteration 1000 is
  // 0.2148195058…, shortest 0.2148195, and prints 0.214820 as the course's 0.214820.
  assert.equal(printedFloat32(0.2148195058107376, 6), 0.21482);
  assert.equal(
    verdictOf({
      check: { kind: "rounds", decimals: 6 },
      expected: 0.21482,
      observed: 0.2148195058107376,
      dtype: "float32",
    }),
    "reproduced",
  );
});
