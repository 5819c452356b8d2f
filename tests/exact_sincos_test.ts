// data/exact_sincos.ts against glibc's sin/cos (python's math.sin/math.cos via
// tests/fixtures/data/gen_sincos.py); every double is compared bit for bit.

import assert from "node:assert/strict";
import { cos, sin } from "../numpy/exact_sincos.ts";

const FIXTURE = new URL("./fixtures/data/sincos.json", import.meta.url);

/** Fixture doubles: base64 of little-endian float64 bytes. */
function f64(b64: string): Float64Array {
  const bin = atob(b64);
  const view = new DataView(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
  const out = new Float64Array(bin.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

function hex(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, "0");
}

const fixture = JSON.parse(Deno.readTextFileSync(FIXTURE));
const xs = f64(fixture.x);

for (const [name, fn] of [["sin", sin], ["cos", cos]] as const) {
  Deno.test(`exact_sincos: ${name} matches glibc bit for bit on ${xs.length} inputs`, () => {
    const want = f64(fixture[name]);
    assert.equal(want.length, xs.length);
    let bad = 0;
    let first = "";
    for (let i = 0; i < xs.length; i++) {
      const got = fn(xs[i]);
      if (!Object.is(got, want[i])) {
        if (bad++ === 0) {
          first = `${name}(${xs[i]}) [${hex(xs[i])}]: got ${got} (${hex(got)}), ` +
            `glibc ${want[i]} (${hex(want[i])})`;
        }
      }
    }
    assert.equal(bad, 0, `${bad} of ${xs.length} differ; first: ${first}`);
  });
}

Deno.test("exact_sincos: special values and the end of the replayed range", () => {
  assert.ok(Number.isNaN(sin(NaN)) && Number.isNaN(cos(NaN)));
  assert.ok(Number.isNaN(sin(Infinity)) && Number.isNaN(cos(-Infinity)));
  assert.ok(Object.is(sin(-0), -0));
  assert.equal(cos(-0), 1);
  const last = 105414336 - 2 ** -26; // the largest double below 105414336
  assert.equal(typeof sin(last), "number");
  assert.throws(() => sin(105414336), RangeError);
  assert.throws(() => cos(-1e300), RangeError);
});
