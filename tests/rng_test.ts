// Golden-vector tests for harness/rng.ts, harness/exact_log.ts and harness/mt19937.ts.
// The vectors come from numpy and python's math.log via tests/fixtures/rng/gen_rng.py;
// every double is compared bit for bit.

import assert from "node:assert/strict";
import { fma, log } from "../numpy/exact_log.ts";
import { MT19937 } from "../numpy/mt19937.ts";
import { RandomState } from "../numpy/rng.ts";

const FIXTURES = new URL("./fixtures/rng/", import.meta.url);

type Json = Record<string, unknown>;

function readJson(name: string): Json {
  return JSON.parse(Deno.readTextFileSync(new URL(name, FIXTURES)));
}

/** Fixture doubles: base64 of little-endian float64 bytes. */
function f64(b64: unknown): Float64Array {
  const bin = atob(b64 as string);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

function hex(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, "0");
}

/** Bitwise equality; any NaN matches any NaN. */
function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function assertBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!sameBits(got[i], want[i])) {
      assert.fail(
        `${what}[${i}]: got ${got[i]} (${hex(got[i])}), want ${want[i]} (${hex(want[i])})`,
      );
    }
  }
}

// ------------------------------------------------------------------ RandomState vs numpy

interface Op {
  op: string;
  args: (number | boolean)[];
  out: unknown;
}

/** Runs one recorded numpy call on `rs`; returns what it gave, or undefined for `seed`. */
function runOp(rs: RandomState, { op, args }: Op): ArrayLike<number> | undefined {
  const n = args as number[];
  switch (op) {
    case "seed":
      rs.seed(n[0]);
      return undefined;
    case "random":
      return [rs.random()];
    case "rand":
      return rs.rand(n[0]);
    case "randn":
      return rs.randn(n[0]);
    case "uniform":
      return rs.uniform(n[0], n[1], n[2]);
    case "normal":
      return rs.normal(n[0], n[1], n[2]);
    case "randint":
      return rs.randint(n[0], n[1], n[2]);
    case "permutation":
      return rs.permutation(n[0]);
    case "shuffle": {
      const x = Array.from({ length: n[0] }, (_, i) => i);
      rs.shuffle(x);
      return x;
    }
    case "choice":
      return rs.choice(n[0], n[1], args[2] as boolean);
  }
  throw new Error(`unknown op ${op}`);
}

const FLOAT_OPS = new Set(["random", "rand", "randn", "uniform", "normal"]);
const rngFixture = readJson("rng.json");

for (const c of rngFixture.cases as { name: string; seed: number; ops: Op[] }[]) {
  Deno.test(`numpy ${rngFixture.numpy} golden: ${c.name}`, () => {
    const rs = new RandomState(c.seed);
    c.ops.forEach((op, k) => {
      const got = runOp(rs, op);
      const what = `op ${k} ${op.op}(${op.args.join(", ")})`;
      if (got === undefined) return;
      if (FLOAT_OPS.has(op.op)) assertBits(got, f64(op.out), what);
      else assert.deepEqual(Array.from(got), op.out, what);
    });
  });
}

Deno.test("MT19937 raw outputs match numpy, across the first re-twist", () => {
  for (const r of rngFixture.raw as { seed: number; first10: number[]; at620: number[] }[]) {
    const mt = new MT19937(r.seed);
    const got = Array.from({ length: 630 }, () => mt.nextUint32());
    assert.deepEqual(got.slice(0, 10), r.first10, `seed ${r.seed}`);
    assert.deepEqual(got.slice(620), r.at620, `seed ${r.seed}`);
  }
});

Deno.test("bad seeds are rejected with a RangeError naming value and range", () => {
  for (const bad of [NaN, 1.5, -1, 2 ** 32, Infinity, -Infinity]) {
    assert.throws(() => new RandomState(bad), (e: unknown) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, new RegExp(String(bad).replace(/[.+]/g, "\\$&")));
      assert.match(e.message, /0\.\.4294967295/);
      return true;
    });
    assert.throws(() => new RandomState(0).seed(bad), RangeError);
  }
  new RandomState(0);
  new RandomState(2 ** 32 - 1);
});

Deno.test("re-seeding drops the cached normal, as np.random.seed does", () => {
  const rs = new RandomState(5);
  rs.randn(1); // leaves the pair's second normal cached
  rs.seed(5);
  assertBits(rs.randn(3), new RandomState(5).randn(3), "randn after re-seed");
});

Deno.test("argument checks", () => {
  const rs = new RandomState(0);
  assert.throws(() => rs.rand(-1), RangeError);
  assert.throws(() => rs.randn(1.5), RangeError);
  assert.throws(() => rs.randint(3, 3, 1), RangeError);
  assert.throws(() => rs.randint(0, 2 ** 53 + 2, 1), RangeError);
  assert.throws(() => rs.randint(-(2 ** 52), 2 ** 52 + 1, 1), RangeError);
  assert.throws(() => rs.normal(0, -1, 1), RangeError);
  assert.throws(() => rs.uniform(-Number.MAX_VALUE, Number.MAX_VALUE, 1), RangeError);
  assert.throws(() => rs.choice(3, 4, false), RangeError);
  assert.equal(rs.choice(0, 0).length, 0);
  assert.equal(rs.permutation(0).length, 0);
});

// ------------------------------------------------------------------ log and fma

const logFixture = readJson("log.json");

/** Re-runs gen_rng.py's log_inputs(): xorshift32 draws shaped into ten kinds of input. */
function logInputs(count: number): Float64Array {
  let s = 2463534242;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  const unit = (): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  const words = new DataView(new ArrayBuffer(8));
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 10;
    const u = unit();
    let x: number;
    if (c < 5) x = u;
    else if (c === 5) x = 0.9375 + u * 0.0625;
    else if (c === 6) x = u * 2 ** -(next() % 1074 + 1);
    else if (c === 7) x = 1 + (u - 0.5) * 2 ** -(next() % 52);
    else if (c === 8) {
      words.setUint32(0, next() % 0x7ff00000);
      words.setUint32(4, next());
      x = words.getFloat64(0);
    } else x = (u + 0.5) * 2 ** (next() % 64 - 32);
    xs[i] = x === 0 ? 5e-324 : x;
  }
  return xs;
}

Deno.test("log equals python's math.log (glibc) on 20,000 inputs", () => {
  const xs = logInputs(logFixture.count as number);
  const w = new Uint32Array(xs.buffer);
  assert.equal(w.reduce((a, b) => (a ^ b) >>> 0, 0), logFixture.inputs_xor32, "input recipe");
  assertBits(xs.map(log), f64(logFixture.outputs), "log");
});

Deno.test("log special values and branch edges", () => {
  const sp = logFixture.special as Json;
  assertBits(f64(sp.x).map(log), f64(sp.log), "log(special)");
});

Deno.test("log reproduces glibc where glibc is not correctly rounded", () => {
  const hard = logFixture.hard as Json;
  const xs = f64(hard.x);
  const cr = f64(hard.correctly_rounded);
  const got = xs.map(log);
  assertBits(got, f64(hard.log), "log(hard)");
  // The point of replaying glibc: a correctly rounded log would miss every one of these.
  for (let i = 0; i < xs.length; i++) assert.notEqual(got[i], cr[i]);
});

Deno.test("fma rounds a*b + c once", () => {
  const t = logFixture.fma as Json;
  const [a, b, c] = [f64(t.a), f64(t.b), f64(t.c)];
  assertBits(a.map((_, i) => fma(a[i], b[i], c[i])), f64(t.fma), "fma");
});
