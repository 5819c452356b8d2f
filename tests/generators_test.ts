// The data generators (data/planar.ts, data/sklearn_shapes.ts) against the golden files numpy
// and scikit-learn produced (tests/fixtures/data/generated/, copies of shared/data/generated/,
// values printed with 17 significant digits so that parsing them gives the exact doubles), and
// the hand-written toy data (data/toy.ts).

import assert from "node:assert/strict";
import { RandomState } from "../numpy/rng.ts";
import { parseCsvRows } from "../data/csv.ts";
import { linspace } from "../numpy/linspace.ts";
import { coursePlanar, PLANAR_SEED, planarFlower } from "../data/planar.ts";
import type { XY } from "../data/reg2d.ts";
import {
  COURSE_SHAPES,
  courseCircles,
  courseMoons,
  makeCircles,
  makeMoons,
} from "../data/sklearn_shapes.ts";
import { LOGIC_GATES, logicGate, toyLine } from "../data/toy.ts";

const GOLDEN = new URL("./fixtures/data/generated/", import.meta.url);

/** A golden CSV (header x1,x2,y, one point per line) as XY, X feature-major. */
function readGolden(name: string): XY {
  const { rows, error } = parseCsvRows(Deno.readTextFileSync(new URL(`${name}.csv`, GOLDEN)));
  assert.equal(error, null, `${name}.csv: ${error?.message}`);
  assert.deepEqual(rows[0], ["x1", "x2", "y"], `${name}.csv header`);
  const m = rows.length - 1;
  const X = new Float64Array(2 * m);
  const Y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const row = rows[i + 1];
    assert.equal(row.length, 3, `${name}.csv line ${i + 2}`);
    X[i] = Number(row[0]);
    X[m + i] = Number(row[1]);
    Y[i] = Number(row[2]);
  }
  return { X, Y, m };
}

function hex(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, "0");
}

/** Asserts got === want value by value; on failure reports the count and the first mismatch. */
function assertSameData(got: XY, want: XY, name: string): void {
  assert.equal(got.m, want.m, `${name}: m`);
  assert.equal(got.X.length, 2 * got.m, `${name}: X is 2 × m`);
  assert.equal(got.Y.length, got.m, `${name}: Y is 1 × m`);
  const m = want.m;
  let bad = 0;
  let first = "";
  const check = (g: number, w: number, what: string) => {
    if (g === w && !Number.isNaN(g)) return;
    if (bad++ === 0) first = `${what}: got ${g} (${hex(g)}), want ${w} (${hex(w)})`;
  };
  for (let i = 0; i < m; i++) {
    // Golden line i + 2 holds point i (line 1 is the header).
    check(got.X[i], want.X[i], `point ${i} (line ${i + 2}) x1`);
    check(got.X[m + i], want.X[m + i], `point ${i} (line ${i + 2}) x2`);
    check(got.Y[i], want.Y[i], `point ${i} (line ${i + 2}) y`);
  }
  assert.equal(bad, 0, `${name}: ${bad} of ${3 * m} values differ; first: ${first}`);
}

function countLabels(Y: Float64Array): [number, number] {
  let zeros = 0;
  let ones = 0;
  for (const y of Y) {
    if (y === 0) zeros++;
    else if (y === 1) ones++;
    else assert.fail(`label ${y} is not 0 or 1`);
  }
  return [zeros, ones];
}

// ------------------------------------------------------------------ golden files

Deno.test("planar flower (seed 1, m = 400) reproduces numpy bit for bit", () => {
  assertSameData(coursePlanar(), readGolden("planar_flower"), "planar_flower");
  assertSameData(planarFlower(new RandomState(PLANAR_SEED)), readGolden("planar_flower"), "seed");
});

Deno.test("circles train (seed 1, 300, noise 0.05) reproduce scikit-learn bit for bit", () => {
  assertSameData(courseCircles().train, readGolden("circles_train"), "circles_train");
});

Deno.test("circles test (seed 2, 100, noise 0.05) reproduce scikit-learn bit for bit", () => {
  assertSameData(courseCircles().test, readGolden("circles_test"), "circles_test");
});

Deno.test("moons (seed 3, 300, noise 0.2) reproduce scikit-learn bit for bit", () => {
  assertSameData(courseMoons(), readGolden("moons"), "moons");
  const { seed, nSamples, noise } = COURSE_SHAPES.moons;
  assertSameData(makeMoons(new RandomState(seed), { nSamples, noise }), readGolden("moons"), "opt");
});

// ------------------------------------------------------------------ shapes and balance

Deno.test("planar flower: 2 × 400, 200 points of class 0 then 200 of class 1", () => {
  const { X, Y, m } = coursePlanar();
  assert.equal(m, 400);
  assert.equal(X.length, 800);
  assert.equal(Y.length, 400);
  for (let i = 0; i < m; i++) assert.equal(Y[i], i < 200 ? 0 : 1, `Y[${i}]`);
  // Every point is within the flower's reach: |r| <= 4 + noise.
  for (let i = 0; i < m; i++) assert.ok(Math.hypot(X[i], X[m + i]) < 5.5, `point ${i}`);
});

Deno.test("circles and moons: shapes and class balance", () => {
  const { train, test } = courseCircles();
  for (const [d, n] of [[train, 300], [test, 100], [courseMoons(), 300]] as const) {
    assert.equal(d.m, n);
    assert.equal(d.X.length, 2 * n);
    assert.deepEqual(countLabels(d.Y), [n / 2, n / 2]);
  }
  // Odd n: the outer circle / upper moon (class 0) gets floor(n / 2).
  const rs = new RandomState(0);
  assert.deepEqual(countLabels(makeCircles(rs, { nSamples: 7, noise: 0.1 }).Y), [3, 4]);
  assert.deepEqual(countLabels(makeMoons(rs, { nSamples: 7 }).Y), [3, 4]);
});

Deno.test("circles without shuffle or noise: class 0 on the unit circle first, no draws", () => {
  const rs = new RandomState(5);
  const { X, Y, m } = makeCircles(rs, { nSamples: 10, shuffle: false, factor: 0.5 });
  assert.deepEqual(Array.from(Y), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  for (let i = 0; i < m; i++) {
    const radius = Math.hypot(X[i], X[m + i]);
    assert.ok(Math.abs(radius - (i < 5 ? 1 : 0.5)) < 1e-15, `radius of point ${i}: ${radius}`);
  }
  assert.equal(X[0], 1); // angle 0 first: cos 0, sin 0
  assert.equal(X[m], 0);
  // Nothing was drawn: the generator is where a fresh one is.
  assert.equal(rs.random(), new RandomState(5).random());
});

Deno.test("moons without noise: the two half circles", () => {
  const { X, Y, m } = makeMoons(new RandomState(0), { nSamples: 6, shuffle: false });
  assert.deepEqual(Array.from(Y), [0, 0, 0, 1, 1, 1]);
  // Upper moon from (1, 0) over (0, 1) to (-1, 0); lower from (0, 0.5) under to (2, 0.5).
  assert.deepEqual([X[0], X[m]], [1, 0]);
  assert.deepEqual([X[1], X[m + 1]].map((v) => Math.round(v * 1e12) / 1e12), [0, 1]);
  assert.deepEqual([X[3], X[m + 3]], [0, 0.5]);
  assert.deepEqual([X[5], X[m + 5]].map((v) => Math.round(v * 1e12) / 1e12), [2, 0.5]);
});

Deno.test("shape generators reject bad options", () => {
  const rs = new RandomState(0);
  assert.throws(() => makeCircles(rs, { nSamples: 0 }), RangeError);
  assert.throws(() => makeCircles(rs, { nSamples: 2.5 }), RangeError);
  assert.throws(() => makeCircles(rs, { nSamples: 10, factor: 1 }), RangeError);
  assert.throws(() => makeMoons(rs, { nSamples: 10, noise: -1 }), RangeError);
  assert.throws(() => makeMoons(rs, { nSamples: 10, noise: NaN }), RangeError);
});

Deno.test("linspace follows numpy: start + i * step, stop exact, endpoint=False", () => {
  assert.deepEqual(Array.from(linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(Array.from(linspace(0, 1, 4, false)), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(Array.from(linspace(3, 7, 1)), [3]);
  assert.deepEqual(Array.from(linspace(3, 7, 0)), []);
  // numpy: np.linspace(3.12, 6.24, 200)[1] == 3.12 + 1 * (3.12 / 199), last == 6.24 exactly.
  const t = linspace(3.12, 6.24, 200);
  assert.equal(t[1], 3.12 + (6.24 - 3.12) / 199);
  assert.equal(t[199], 6.24);
  assert.throws(() => linspace(0, 1, -1), RangeError);
});

// ------------------------------------------------------------------ toy data

Deno.test("logic gates: inputs [0,0], [0,1], [1,0], [1,1] and their truth tables", () => {
  const ops = {
    AND: (a: boolean, b: boolean) => a && b,
    OR: (a: boolean, b: boolean) => a || b,
    XOR: (a: boolean, b: boolean) => a !== b,
    NAND: (a: boolean, b: boolean) => !(a && b),
  };
  assert.deepEqual([...LOGIC_GATES].sort(), Object.keys(ops).sort());
  for (const gate of LOGIC_GATES) {
    const { X, Y, m } = logicGate(gate);
    assert.equal(m, 4);
    assert.deepEqual(Array.from(X), [0, 0, 1, 1, 0, 1, 0, 1], `${gate}: X (2 × 4, row-major)`);
    for (let i = 0; i < 4; i++) {
      const want = ops[gate](X[i] === 1, X[4 + i] === 1) ? 1 : 0;
      assert.equal(Y[i], want, `${gate}(${X[i]}, ${X[4 + i]})`);
    }
  }
  assert.deepEqual(Array.from(logicGate("XOR").Y), [0, 1, 1, 0]);
  // Fresh arrays: changing one does not change the next call's.
  logicGate("AND").Y[0] = 7;
  assert.equal(logicGate("AND").Y[0], 0);
});

Deno.test("toy line: x = 1..8, y = 2x + 4", () => {
  const { X, Y, m } = toyLine();
  assert.equal(m, 8);
  assert.deepEqual(Array.from(X), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(Array.from(Y), [6, 8, 10, 12, 14, 16, 18, 20]);
});
