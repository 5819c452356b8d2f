/**
 * The lecture catalogue on the `cpu` reference: every experiment's claims judged as declared
 * (reproduced, or a declared divergence), in the full profile for the experiments fast enough
 * (FULL) and the quick profile for the rest. A representative subset runs again on `webgpu` in
 * tests/gpu/catalog_webgpu.ts. The claims no test profile reaches are listed in the README.
 */
import { strict as assert } from "node:assert";
import { CpuBackend } from "../kernels/cpu.ts";
import { catalog } from "../experiments/index.ts";
import { applies } from "../harness/claims.ts";
import { expandTrials } from "../harness/trials.ts";
import { assertClaimsAsDeclared, claimsChecked, ROOT } from "./helpers.ts";

/** Experiments whose full profile runs in well under ~20 s on cpu: judged in full here. */
export const FULL: ReadonlySet<string> = new Set([
  "perceptron-iris",
  "cross-entropy",
  "network-shapes",
  "backprop-gradcheck",
  "multiclass-iris",
  "logistic-loop-vs-vectorized",
  "perceptron-nonseparable",
  "cnn-shared-weights",
  "perceptron-nand-circuit",
  "universal-approximation",
  "minimize-function",
  "loss-convexity",
  "gradient-descent-basics",
  "logistic-gradients",
  "derivative-rules",
  "planar-shallow",
  "zero-init-symmetry",
  "init-circles",
  "optimizers-moons",
  // conv-a
  "feature-scaling",
  "xor-two-layer",
  "local-minima",
  "parity-8bit",
  "delta-rule",
  "numpy-basics",
  "numpy-shapes",
  "vectorization",
  "vectorization-timing",
  "vectorization-examples",
  "backprop-graph",
  "linear-activations-collapse",
  "activations",
  "activation-derivatives",
  "cnn-parameters",
  "digits-mlp",
]);

for (const { experiment } of catalog.entries) {
  const full = FULL.has(experiment.id) || !experiment.quick;
  Deno.test(`${experiment.id}: claims as declared on cpu (${full ? "full" : "quick"} profile)`, () =>
    assertClaimsAsDeclared(experiment.id, new CpuBackend(), !full).then(() => {}));
}

/** `experiment/claim` ids that some trial of the profile the tests run applies. */
function claimsTheTestsReach(): Set<string> {
  const reached = new Set<string>();
  for (const { experiment: e } of catalog.entries) {
    const quick = !(FULL.has(e.id) || !e.quick);
    const trials = expandTrials(e, { set: {}, sweep: {}, quick, backend: "cpu", codeHash: "x" });
    for (const c of e.claims) {
      if (trials.some((t) => applies(c, t.params))) reached.add(`${e.id}/${c.id}`);
    }
  }
  return reached;
}

Deno.test("every claim applies to some default trial, and the README lists those no test reaches", () => {
  const all: string[] = [];
  for (const { experiment: e } of catalog.entries) {
    const trials = expandTrials(e, { set: {}, sweep: {}, backend: "cpu", codeHash: "x" });
    for (const c of e.claims) {
      assert.ok(
        trials.some((t) => applies(c, t.params)),
        `${e.id}: claim ${c.id} applies to none of the default trials`,
      );
      all.push(`${e.id}/${c.id}`);
    }
  }
  const reached = claimsTheTestsReach();
  const untested = all.filter((id) => !reached.has(id)).sort();
  const readme = Deno.readTextFileSync(`${ROOT}README.md`);
  const section = /<!-- claims-only-main:start -->([\s\S]*?)<!-- claims-only-main:end -->/.exec(
    readme,
  );
  assert.ok(section, "README.md lacks the list of claims only the main command checks");
  const listed = [...section[1].matchAll(/`([a-z0-9-]+\/[a-z0-9.-]+)`/g)].map((m) => m[1]).sort();
  assert.deepEqual(listed, untested, "README's list of claims only the main command checks");
});

Deno.test("a claim's chart names a chart of its experiment (the page puts it beside it)", () => {
  for (const { experiment: e } of catalog.entries) {
    const names = new Set(e.charts.map((c) => c.name));
    for (const c of e.claims) {
      if (c.chart === undefined) continue;
      assert.ok(names.has(c.chart), `${e.id}: claim ${c.id} names no chart of its: ${c.chart}`);
    }
  }
});

Deno.test("the suite reports how many claims it judged", () => {
  // Runs last in this file: every catalogue test above has added the claims it judged.
  console.log(`claims judged on cpu in this file: ${claimsChecked.size}`);
  assert.ok(claimsChecked.size > 0);
});
