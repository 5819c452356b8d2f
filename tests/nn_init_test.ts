/**
 * nn/init.ts against numpy: the same seed gives the same weights bit for bit (fixtures from
 * tests/fixtures/nn/gen_nn.py, written as the course's initialize_parameters_* functions).
 */
import assert from "node:assert/strict";
import { RandomState } from "../numpy/rng.ts";
import {
  initializeParameters,
  type InitName,
  type InitOptions,
  type LayerValues,
} from "../nn/init.ts";
import { f64, layers, NN, sha256 } from "./fixtures/nn/fixture.ts";

function assertBits(got: LayerValues[], want: LayerValues[], what: string): void {
  assert.equal(got.length, want.length, `${what}: layers`);
  got.forEach((g, l) => {
    assert.deepEqual([g.rows, g.cols], [want[l].rows, want[l].cols], `${what}: W${l + 1} shape`);
    for (const [name, a, b] of [["W", g.W, want[l].W], ["b", g.b, want[l].b]] as const) {
      assert.equal(a.length, b.length, `${what}: ${name}${l + 1} size`);
      for (let i = 0; i < a.length; i++) {
        if (!Object.is(a[i], b[i])) {
          assert.fail(`${what}: ${name}${l + 1}[${i}] ${a[i]} ≠ numpy ${b[i]}`);
        }
      }
    }
  });
}

const CASES: [string, number[], number, InitName, InitOptions][] = [
  ["he_2_10_5_1_seed3", [2, 10, 5, 1], 3, "he", {}],
  ["random10_2_10_5_1_seed3", [2, 10, 5, 1], 3, "random", { scale: 10 }],
  ["planar_2_4_1_seed2", [2, 4, 1], 2, "random", { scale: 0.01 }],
  ["xavier_3_4_2_seed1", [3, 4, 2], 1, "xavier", {}],
  ["uniform_3_4_2_seed1", [3, 4, 2], 1, "uniform", {}],
];

for (const [key, dims, seed, init, opts] of CASES) {
  Deno.test(`init ${init} matches numpy bit for bit: ${key}`, () => {
    const rng = new RandomState();
    rng.seed(seed);
    assertBits(initializeParameters(rng, dims, init, opts), layers(NN.inits[key], dims), key);
  });
}

Deno.test("init deep (randn / sqrt(n_prev)), [12288, 20, 7, 5, 1], seed 1", async () => {
  const got = initializeParameters(new RandomState(1), [12288, 20, 7, 5, 1], "deep");
  const want = NN.inits["deep_12288_20_7_5_1_seed1"] as {
    sha256: string;
    first: string;
    last: string;
    size: number;
  }[];
  for (let l = 0; l < 4; l++) {
    const W = got[l].W;
    assert.equal(W.length, want[l].size);
    assert.deepEqual(
      Array.from(W.subarray(0, 3)),
      Array.from(f64(want[l].first)),
      `W${l + 1} first`,
    );
    assert.deepEqual(Array.from(W.subarray(-3)), Array.from(f64(want[l].last)), `W${l + 1} last`);
    assert.equal(await sha256(W), want[l].sha256, `W${l + 1} checksum`);
    assert.ok(got[l].b.every((v) => v === 0));
  }
});

Deno.test("init zeros draws nothing and gives zeros", () => {
  const rng = new RandomState(1);
  const p = initializeParameters(rng, [3, 4, 2], "zeros");
  assert.ok(p.every((l) => l.W.every((v) => v === 0) && l.b.every((v) => v === 0)));
  assert.equal(rng.random(), new RandomState(1).random(), "the stream did not move");
});

Deno.test("init rejects malformed layer dims", () => {
  assert.throws(() => initializeParameters(new RandomState(1), [3], "he"), RangeError);
  assert.throws(() => initializeParameters(new RandomState(1), [3, 0, 1], "he"), RangeError);
});
