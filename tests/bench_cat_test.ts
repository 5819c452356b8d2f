/**
 * The cat benchmark's peers (bench/cat.ts) compute the same trainings as ours: on the real cat
 * images, the NumPy float64 script's costs over the first iterations equal our cpu backend's
 * (float64) to rounding, and the TF.js peer's (float32, each backend) to float32 tolerance. A
 * peer that quietly computed something cheaper would make the benchmark meaningless. Few
 * iterations, so the whole file takes seconds; no timings are asserted.
 */
import assert from "node:assert/strict";
import { catData } from "../experiments/lib/cat_images.ts";
import { CpuBackend } from "../kernels/cpu.ts";
import { MODULES, parseArgs } from "../bench/main.ts";
import {
  type CatRun,
  runNumpyCat,
  runTfjsDeepCat,
  trainDeep,
  trainLogreg,
  writePeerData,
} from "../bench/cat.ts";

const ITERATIONS = 3;

/** Why the NumPy comparison cannot run here, or null when python3 and numpy are present. */
function numpyMissing(): string | null {
  try {
    const out = new Deno.Command("python3", {
      args: ["-c", "import numpy"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return out.success ? null : "numpy is not installed";
  } catch {
    return "python3 is not installed";
  }
}

const missing = numpyMissing();
if (missing) console.warn(`bench_cat_test: ${missing}, the NumPy peer test is skipped`);

/** Our cpu backend's costs at iterations 0, 1, 2 (float64, the reference for both peers). */
async function ours(): Promise<{ logreg: CatRun; deep: CatRun }> {
  const data = await catData();
  const cpu = new CpuBackend();
  return {
    logreg: await trainLogreg(cpu, data, ITERATIONS, 1),
    deep: await trainDeep(cpu, data, ITERATIONS, 1),
  };
}

/** `fn` with the peers' files for the real training set in a temporary folder. */
async function withPeerData<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "bench-cat-test-" });
  try {
    await writePeerData(dir, await catData());
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function assertCosts(
  got: readonly [number, number][],
  want: readonly [number, number][],
  relTol: number,
  what: string,
) {
  assert.deepEqual(got.map((c) => c[0]), want.map((c) => c[0]), `${what}: logged iterations`);
  got.forEach(([it, c], i) => {
    const w = want[i][1];
    assert.ok(
      Math.abs(c - w) <= relTol * Math.abs(w),
      `${what}: cost at iteration ${it} is ${c}, ours ${w} (relative tolerance ${relTol})`,
    );
  });
}

Deno.test("bench: the cat module is registered as --only cat", () => {
  assert.ok(MODULES.some((m) => m.id === "cat"));
  assert.equal(parseArgs(["--only", "cat"]).only, "cat");
});

Deno.test({
  name: "bench cat: the NumPy peer's costs equal our cpu backend's (float64, real data)",
  ignore: missing !== null,
  async fn() {
    const ref = await ours();
    const r = await withPeerData((dir) =>
      runNumpyCat(dir, { runs: 1, logreg: ITERATIONS, deep: ITERATIONS, logEvery: 1 })
    );
    if (typeof r === "string") throw new Error(r);
    const byCase = new Map(r.map((c) => [c.case, c]));
    // The same float64 arithmetic in another summation order: equal to ~1e-15; 1e-11 leaves room
    // for BLAS differences yet fails on any change to the computation.
    assertCosts(byCase.get("logreg-cat")!.costs, ref.logreg.costs, 1e-11, "logreg-cat");
    assertCosts(byCase.get("deep-cat")!.costs, ref.deep.costs, 1e-11, "deep-cat");
    // The course prints 0.771749 at iteration 0 of the L-layer model: same initial weights.
    assert.equal(byCase.get("deep-cat")!.costs[0][1].toFixed(6), "0.771749");
  },
});

Deno.test("bench cat: the TF.js peer's costs match ours on each backend (float32)", async () => {
  const ref = await ours();
  const lines = await withPeerData((dir) =>
    runTfjsDeepCat(dir, { backends: ["wasm", "cpu"], iterations: ITERATIONS, logEvery: 1 })
  );
  if (typeof lines === "string") throw new Error(lines);
  assert.deepEqual(lines.map((l) => l.backend), ["wasm", "cpu"]);
  for (const l of lines) {
    if ("error" in l) throw new Error(`TF.js ${l.backend}: ${l.error}`);
    assert.equal(l.iterations, ITERATIONS);
    // float32 sums over 12288 × 209 products: up to 6e-7 relative measured (wasm, iteration 2).
    assertCosts(l.costs, ref.deep.costs, 2e-6, `TF.js ${l.backend}`);
  }
});
