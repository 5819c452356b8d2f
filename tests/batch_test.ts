/**
 * Trials run together (harness/batch.ts, `runTrialBatch`), on the cpu backend: their `run(ctx)`
 * run concurrently, `ctx.shared` makes a value once and disposes it when the batch ends, and
 * `ctx.train` calls meet and train stacked, each trial's files bit for bit those of its lone
 * run. A trial that finishes, fails or diverges without training does not hold the others.
 */
import assert from "node:assert/strict";
import { CpuBackend } from "../kernels/cpu.ts";
import { defineExperiment, project } from "../experiments/prelude.ts";
import { BatchGroup } from "../harness/batch.ts";
import type { Params } from "../harness/experiment.ts";
import { runTrial, runTrialBatch } from "../harness/runner.ts";
import { RunStore } from "../harness/store.ts";
import type { Trial } from "../harness/trials.ts";
import { LogisticRegression } from "../nn/logistic.ts";
import { GradientDescent } from "../nn/optimizers.ts";
import { RandomState } from "../numpy/rng.ts";

const made = { values: 0, disposed: 0 };

const FAKE = defineExperiment({
  id: "fake-batch",
  title: "Logistic regressions that meet",
  source: project("a test"),
  description: "Trains logistic regressions on shared random data, twice per trial.",
  params: {
    lr: { type: "number", default: 0.5, doc: "learning rate" },
    steps: { type: "integer", default: 12, doc: "steps of the first training" },
    mode: {
      type: "enum",
      default: "train",
      choices: ["train", "skip", "fail", "diverge"],
      doc: "what the trial does",
    },
  },
  seeds: [1],
  charts: [],
  batch: ["lr", "steps", "mode"],
  async run(ctx) {
    const b = ctx.backend;
    const data = await ctx.shared("data", () => {
      made.values++;
      const rng = new RandomState(3);
      const X = b.fromArray(rng.rand(20 * 15), [20, 15]);
      const Y = b.fromArray(rng.rand(15).map((u) => u < 0.5 ? 0 : 1), [1, 15]);
      return { X, Y, dispose: () => (made.disposed++, X.dispose(), Y.dispose()) };
    });
    const { mode, lr, steps } = ctx.params;
    if (mode === "skip") return { costs: [] };
    if (mode === "fail") throw new Error("this trial fails");
    if (mode === "diverge") ctx.log({ iteration: 0, cost: NaN });
    const costs: number[] = [];
    for (const round of [0, 1]) {
      const model = LogisticRegression.initializeWithZeros(b, 20);
      await ctx.train(model, data.X, data.Y, {
        optimizer: new GradientDescent(b, model.parameters(), lr * (round + 1)),
        epochs: steps + round,
        logEvery: 2,
        readEvery: 5,
        onLog: ({ epoch, cost }) => {
          costs.push(cost);
          ctx.log({ round, iteration: epoch, cost });
        },
      });
      model.dispose();
    }
    return { costs };
  },
  claims: [],
});

function trial(params: Params): Trial {
  const key = Object.values(params).join("_");
  return { experiment: FAKE.id, params, seed: 1, key, configHash: key };
}

const TRIALS = [
  trial({ lr: 0.5, steps: 12, mode: "train" }),
  trial({ lr: 0.1, steps: 7, mode: "train" }),
  trial({ lr: 0.5, steps: 12, mode: "skip" }),
  trial({ lr: 2, steps: 9, mode: "train" }),
  trial({ lr: 0.5, steps: 12, mode: "fail" }),
  trial({ lr: 0.5, steps: 12, mode: "diverge" }),
];

Deno.test("a batch's trials train together, each as it would alone, and share one value", async () => {
  const cpu = new CpuBackend();
  const root = await Deno.makeTempDir({ prefix: "batch-test-" });
  const opts = { backend: cpu, force: true, codeHash: "test" };
  try {
    const lone = new RunStore(`${root}/lone`);
    for (const t of TRIALS) await runTrial(FAKE, t, { ...opts, store: lone });
    assert.deepEqual(made, { values: TRIALS.length, disposed: TRIALS.length });
    made.values = made.disposed = 0;
    const together = new RunStore(`${root}/together`);
    const stackedBefore = cpu.trainings.stacked;
    const out = await runTrialBatch(FAKE, TRIALS, { ...opts, store: together });
    assert.deepEqual(made, { values: 1, disposed: 1 }, "one shared value, disposed at the end");
    // Two rounds of three trainings, each round stacked.
    assert.equal(cpu.trainings.stacked - stackedBefore, 6);
    assert.deepEqual(out.map((o) => o.status), ["ok", "ok", "ok", "ok", "failed", "diverged"]);
    for (const [i, t] of TRIALS.entries()) {
      const a = lone.readTrial(FAKE.id, t.key), b = together.readTrial(FAKE.id, t.key);
      assert.ok(a.kind === "ok" && b.kind === "ok");
      assert.equal(b.files.texts.metrics, a.files.texts.metrics, `${t.key}: metrics`);
      assert.equal(b.files.texts.result, a.files.texts.result, `${t.key}: result`);
      assert.deepEqual(b.files.manifest.batch, TRIALS.map((x) => x.key));
      const trained = t.params.mode === "train" ? 2 : 0;
      assert.deepEqual(
        b.files.manifest.training ?? { layered: 0, fused: 0, stacked: 0 },
        { layered: 0, fused: 0, stacked: trained },
        `${t.key}: its own trainings (${i})`,
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the rendezvous waits for every unfinished trial, and only for those", async () => {
  const cpu = new CpuBackend();
  const group = new BatchGroup(cpu, 3);
  const X = cpu.fromArray([1, 2, 3, 4], [2, 2]), Y = cpu.fromArray([0, 1], [1, 2]);
  const model = () => LogisticRegression.initializeWithZeros(cpu, 2);
  const order = [] as string[];
  const call = (t: number) => {
    const m = model();
    return group.train(t, m, X, Y, {
      optimizer: new GradientDescent(cpu, m.parameters(), 0.1),
      epochs: 3,
    }).then(() => order.push(`trained ${t}`));
  };
  const a = call(0);
  const b = call(2);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(order.length, 0, "trial 1 has neither trained nor finished: nobody trains");
  order.push("finish 1");
  group.finish(1);
  await Promise.all([a, b]);
  assert.deepEqual(order, ["finish 1", "trained 0", "trained 2"]);
  assert.deepEqual(group.trained.map((c) => c.stacked), [1, 0, 1]);
});
