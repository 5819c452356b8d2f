/**
 * The operand-read probes (bench/reads.ts) compile and time each place a kernel can read from.
 * No timings are asserted: only that each probe ran and gave a positive, finite figure.
 */
import assert from "node:assert/strict";
import { MODULES, parseArgs } from "../../bench/main.ts";
import { readsBench } from "../../bench/reads.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";

Deno.test("bench: --only reads selects the operand-read probes", () => {
  assert.equal(parseArgs(["--only", "reads"]).only, "reads");
  assert.ok(MODULES.some((m) => m.id === "reads"));
});

Deno.test("bench reads: storage, texture and uniform probes each give a figure", async () => {
  const gpu = await WebGpuBackend.create();
  const section = await readsBench.run({ quick: true, gpu, cpu: new CpuBackend(), log() {} });
  assert.equal(section.rows.length, 3);
  for (const row of section.rows) {
    assert.ok(typeof row.ns === "number" && Number.isFinite(row.ns) && row.ns > 0, `${row.read}`);
  }
});
