/**
 * The sweep benchmark (bench/sweep.ts) times what it says: its harness command runs the 16
 * learning rates as one batch of fresh trials (none reused from a store), and one learning rate
 * as one trial. A few iterations, so the file takes seconds; no timings are asserted.
 */
import assert from "node:assert/strict";
import { MODULES, parseArgs } from "../bench/main.ts";
import { harnessSweep, SWEEP_LRS } from "../bench/sweep.ts";

Deno.test("bench: --only sweep selects the sweep module", () => {
  assert.equal(parseArgs(["--only", "sweep"]).only, "sweep");
  assert.ok(MODULES.some((m) => m.id === "sweep"));
});

Deno.test("bench sweep: 16 learning rates run as one fresh batch through the harness CLI", async () => {
  assert.equal(new Set(SWEEP_LRS).size, 16);
  const sixteen = await harnessSweep(SWEEP_LRS, 3);
  assert.equal(sixteen.trials, 16);
  assert.equal(sixteen.cached, 0);
  assert.equal(sixteen.batches, 1, "the trials share one start: they ran as one batch");
  assert.deepEqual(new Set(sixteen.statuses), new Set(["ok"]));
  const one = await harnessSweep(SWEEP_LRS.slice(0, 1), 3);
  assert.equal(one.trials, 1);
  assert.equal(one.cached, 0);
  assert.ok(one.ms > 0 && one.trialMs > 0);
});
