/**
 * The sweep benchmark (bench/sweep.ts) times what it says: its harness command runs
 * learning-rate's 7 trials as one batch of fresh trials (none reused from a store), and its
 * NumPy peer's loop and stacked ways compute the same costs. A few iterations, so the file takes
 * seconds; no timings are asserted.
 */
import assert from "node:assert/strict";
import { MODULES, parseArgs } from "../bench/main.ts";
import { harnessRun, LR_SWEEP } from "../bench/sweep.ts";
import { writePeerData } from "../bench/cat.ts";
import { catData } from "../experiments/lib/cat_images.ts";
import { runPythonPeer } from "../bench/peers.ts";

Deno.test("bench: --only sweep selects the sweep module", () => {
  assert.equal(parseArgs(["--only", "sweep"]).only, "sweep");
  assert.ok(MODULES.some((m) => m.id === "sweep"));
});

Deno.test("bench sweep: learning-rate's 7 trials run as one fresh batch through the harness CLI", async () => {
  const seven = await harnessRun(["learning-rate", "--quick", "--backend", "cpu"]);
  assert.equal(seven.trials, 7);
  assert.equal(seven.cached, 0);
  assert.equal(seven.batches, 1, "the trials share one start: they ran as one batch");
  assert.deepEqual(new Set(seven.statuses), new Set(["ok"]));
  const one = await harnessRun([
    "learning-rate",
    "--quick",
    "--backend",
    "cpu",
    "--set",
    "lr=0.005",
  ]);
  assert.equal(one.trials, 1);
  assert.ok(one.ms > 0 && one.trialMs > 0);
});

Deno.test("bench sweep: the NumPy peer's loop and stacked sweeps give the same costs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-sweep-test-" });
  try {
    await writePeerData(dir, await catData());
    const out = await runPythonPeer("sweep_numpy.py", {
      args: [dir, JSON.stringify({ rates: LR_SWEEP.rates, iterations: 3, logEvery: 1, runs: 1 })],
    });
    if (!out.ok) {
      console.warn(`bench_sweep_test: ${out.reason}, the NumPy peer is not checked`);
      return;
    }
    const [loop, stacked] = out.result.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(loop.way, "loop");
    assert.equal(stacked.way, "stacked");
    loop.finalCosts.forEach((c: number, i: number) =>
      assert.ok(Math.abs(c - stacked.finalCosts[i]) <= 1e-12 * Math.max(1, c), `rate ${i}`)
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
