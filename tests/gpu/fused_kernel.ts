/**
 * kernels/fused_mlp.ts and kernels/wgsl/mlp_train.wgsl below nn/fused.ts: the kernel's loop
 * form (what larger networks run) against its straight-line form (kernels/mlp_codegen.ts), the
 * dispatch and read-back chunking, and the code generator's splicing.
 */
import assert from "node:assert/strict";
import type { Activation, MlpArch, MlpHyper, MlpSchedule } from "../../kernels/backend.ts";
import type { Device } from "../../kernels/device.ts";
import { FusedMlpJob } from "../../kernels/fused_mlp.ts";
import {
  mlpVariantName,
  parseMlpVariant,
  spliceRegions,
  straightLine,
} from "../../kernels/mlp_codegen.ts";
import type { WebGpuBackend } from "../../kernels/webgpu.ts";
import { RandomState } from "../../numpy/rng.ts";
import { coursePlanar } from "../../data/planar.ts";
import { courseMoons } from "../../data/sklearn_shapes.ts";
import { initializeParameters } from "../../nn/init.ts";
import { openWebGpu } from "../fixtures/nn/fixture.ts";

const gpu = await openWebGpu() as WebGpuBackend | null;
const ignore = gpu === null;

interface Case {
  name: string;
  data: { X: Float64Array; Y: Float64Array; m: number };
  dims: number[];
  hidden: Activation[];
  optimizer: MlpArch["optimizer"];
  hyper: MlpHyper[];
  schedule: MlpSchedule;
  dropout?: number;
}

async function runJob(
  c: Case,
  straightLine: boolean,
  wg: number,
  extra: Partial<MlpSchedule>,
  lanesPerNet?: number,
) {
  const g = gpu!;
  const device: Device = g.device;
  const m = c.data.m;
  const X = device.upload(Float32Array.from(c.data.X)),
    Y = device.upload(Float32Array.from(c.data.Y));
  const hiddenRows = c.dims.slice(1, -1).reduce((a, n) => a + n, 0);
  const masks = c.dropout
    ? c.hyper.map((_, n) =>
      new RandomState(1 + n).rand(hiddenRows * m).map((u) => u < c.dropout! ? 1 : 0)
    )
    : null;
  const job = new FusedMlpJob(
    device,
    {
      dims: c.dims,
      hidden: c.hidden,
      optimizer: c.optimizer,
      l2: c.hyper.some((h) => (h.lambd ?? 0) > 0),
      dropout: masks !== null,
    },
    c.hyper,
    X,
    Y,
    m,
    masks,
    { straightLine, wg, lanesPerNet },
  );
  const lanes = job.lanesPerNet;
  const state = new Float32Array(c.hyper.length * job.stride);
  c.hyper.forEach((_, n) => {
    const values = initializeParameters(new RandomState(3 + n), c.dims, "he");
    values.forEach((v, l) => {
      state.set(v.W, n * job.stride + job.layout.W[l]);
      state.set(v.b, n * job.stride + job.layout.b[l]);
    });
  });
  job.uploadState(state);
  const chunks: number[] = [];
  const r = await job.run({ ...c.schedule, ...extra }, (costs) => chunks.push(costs[0].length));
  const out = await job.readState();
  job.dispose();
  device.release(X);
  device.release(Y);
  return { r, state: out, chunks, lanes };
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, what: string) {
  assert.equal(got.length, want.length, what);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= rel * scale,
      `${what}[${i}]: ${got[i]} vs ${want[i]} (scale ${scale})`,
    );
  }
}

const CASES: Case[] = [
  {
    name: "planar [2,4,1] tanh, gd",
    data: coursePlanar(),
    dims: [2, 4, 1],
    hidden: ["tanh"],
    optimizer: "gd",
    hyper: [{ learningRate: 1.2 }, { learningRate: 0.5 }],
    schedule: { epochs: 60, logEvery: 10 },
  },
  {
    name: "moons [2,5,2,1] relu/sigmoid, Adam, mini-batches of 64, L2",
    data: courseMoons(),
    dims: [2, 5, 2, 1],
    hidden: ["relu", "sigmoid"],
    optimizer: "adam",
    hyper: [{ learningRate: 0.01, lambd: 0.3 }],
    schedule: { epochs: 12, miniBatchSize: 64, seed: 10, logEvery: 3 },
  },
  {
    name: "planar [2,6,3,1] softplus/leaky_relu, momentum, dropout",
    data: coursePlanar(),
    dims: [2, 6, 3, 1],
    hidden: ["softplus", "leaky_relu"],
    optimizer: "momentum",
    // Two networks: the straight-line form then gives each a lane of its own (LPN = 1).
    hyper: [{ learningRate: 0.3, keepProb: 0.8 }, { learningRate: 0.1, keepProb: 0.8 }],
    schedule: { epochs: 40, logEvery: 5 },
    dropout: 0.8,
  },
  {
    name: "planar [2,3,3,2,1] elu/linear/tanh, gd",
    data: coursePlanar(),
    dims: [2, 3, 3, 2, 1],
    hidden: ["elu", "linear", "tanh"],
    optimizer: "gd",
    hyper: [{ learningRate: 0.2 }, { learningRate: 0.05 }],
    schedule: { epochs: 30, logEvery: 5 },
  },
];

for (const c of CASES) {
  Deno.test({
    name: `mlp_train loop form = straight-line form: ${c.name}`,
    ignore,
    fn: async () => {
      const straight = await runJob(c, true, 8, {}, 8);
      // Same lanes: the same sums in the same order.
      const loops = await runJob(c, false, 8, {}, 8);
      // The default lanes of the loop form on a CPU adapter (256): other partial sums.
      const wide = await runJob(c, false, 64, {});
      const others: [Awaited<ReturnType<typeof runJob>>, number][] = [[loops, 1e-6], [wide, 1e-5]];
      if (c.hyper.length > 1) {
        // Several networks by default get a lane each (LPN = 1; the loop form would not fit
        // llvmpipe's loop budget that way): parameters in registers, examples in another order.
        const own = await runJob(c, true, 8, {});
        assert.equal(own.lanes, 1);
        others.push([own, 1e-5]);
      }
      for (const [other, rel] of others) {
        assert.equal(other.r.steps, straight.r.steps);
        other.r.costs.forEach((list, n) => {
          assert.deepEqual(list.map((e) => e.epoch), straight.r.costs[n].map((e) => e.epoch));
          close(list.map((e) => e.cost), straight.r.costs[n].map((e) => e.cost), rel, "costs");
        });
        close(other.state, straight.state, 10 * rel, "state");
      }
    },
  });
}

Deno.test({
  name: "mlp_train: dispatch and read-back chunking do not change the numbers",
  ignore,
  fn: async () => {
    const c = CASES[1];
    const base = await runJob(c, true, 8, {});
    // One epoch per dispatch, reads every 2 epochs without growth (the stopOnNonFinite mode).
    const fine = await runJob(c, true, 8, {
      stepsPerDispatch: 1,
      readEvery: 10,
      stopOnNonFinite: true,
    });
    assert.deepEqual(fine.r.costs, base.r.costs);
    assert.deepEqual(fine.state, base.state);
    assert.equal(fine.chunks.length, 6);
    // Growing chunks while each takes under the target: with one chunk read ahead, epochs
    // [0, 1), [1, 2), [2, 4), [4, 8), [8, 12), holding the logged epochs 0 | – | 3 | 6 | 9, 11.
    const grow = await runJob(c, true, 8, { readEvery: 5, chunkTargetMs: 1e9 });
    assert.deepEqual(grow.r.costs, base.r.costs);
    assert.deepEqual(grow.chunks, [1, 0, 1, 1, 2]);
    // A lane per network keeps its network in registers within a dispatch and in the state
    // between dispatches: one epoch per dispatch gives the same numbers.
    const own = await runJob(CASES[0], true, 8, {});
    assert.equal(own.lanes, 1);
    const ownFine = await runJob(CASES[0], true, 8, { stepsPerDispatch: 1 });
    assert.deepEqual(ownFine.r.costs, own.r.costs);
    assert.deepEqual(ownFine.state, own.state);
  },
});

Deno.test("mlp_codegen: splices the named regions, keeps the others, refuses missing ones", () => {
  const template = [
    "a",
    "  // region: step begin",
    "  old",
    "  // region: end",
    "b",
    "    // region: examples",
    "    old",
    "    // region: end",
    "    // region: step end",
    "    kept",
    "    // region: end",
    "c",
  ].join("\n");
  const out = spliceRegions(template, { "step begin": "X1\nX2", examples: "Y" });
  assert.equal(
    out,
    [
      "a",
      "  // generated: step begin",
      "  X1",
      "  X2",
      "b",
      "    // generated: examples",
      "    Y",
      "    kept",
      "c",
    ].join("\n"),
  );
  assert.throws(() => spliceRegions("a\n// region: step begin\nb", { "step begin": "" }), /no end/);
  assert.throws(() => spliceRegions(template, { update: "" }), /update not found/);
  const v = { dims: [2, 3, 1], hidden: ["tanh"] as Activation[], dropout: false };
  const code = straightLine({ ...v, ownLane: false, unroll: 1 });
  assert.match(code.examples!, /let xz1_0 = \(pw0 \* xa0_0 \+ pw1 \* xa0_1\) \+ pw9;/);
  assert.match(
    code.examples!,
    /let xd1_2 = pw8 \* xd2_0 \* hidden_grad\(ACT_TANH, xz1_2, xe1_2\);/,
  );
  // The cost terms only in the pass of logged steps.
  assert.doesNotMatch(code.examples!, /bce/);
  assert.match(code.cost!, /^if \(logged\) \{[^]*cost \+= bce\(xh0, xy0\);/);
  assert.equal(code.update, undefined);
  // One lane per network: parameters in registers, updated in place; 4 examples an iteration.
  const own = straightLine({ ...v, ownLane: true, unroll: 4 });
  assert.match(own["dispatch begin"]!, /var pw12 = state\[sb \+ 12u\];/);
  assert.match(own.update!, /pw12 = opt_step\(pw12, g, &pv12, &ps12, o\);/);
  assert.match(own["dispatch end"]!, /state\[sb \+ 12u\] = pw12;/);
  assert.match(own.examples!, /for \(; ke \+ 3u \* LPN < size; ke \+= 4u \* LPN\)/);
  assert.equal(own.examples!.match(/let xd2_0 = /g)?.length, 5, "4 unrolled + 1 for the rest");
  assert.throws(() => straightLine({ ...v, hidden: ["step"], ownLane: false, unroll: 1 }), /step/);
});

Deno.test("mlp_codegen: a variant's kernel name gives the variant back", () => {
  const variants = [
    { dims: [2, 4, 1], hidden: ["tanh"], dropout: false, ownLane: true, unroll: 4 },
    { dims: [2, 1], hidden: [], dropout: false, ownLane: false, unroll: 1 },
    {
      dims: [2, 20, 3, 1],
      hidden: ["relu", "leaky_relu"],
      dropout: true,
      ownLane: true,
      unroll: 1,
    },
  ] as const;
  for (const v of variants) {
    const name = mlpVariantName(v);
    assert.deepEqual(parseMlpVariant(name), { ...v, dims: [...v.dims], hidden: [...v.hidden] });
  }
  assert.equal(mlpVariantName(variants[0]), "mlp_train.2-4-1.tanh.own.u4");
  for (
    const bad of ["mlp_train", "mlp_train.2-4-1", "mlp_train.2-4-1.step", "mlp_train.2-4-1.tanh.x"]
  ) {
    assert.equal(parseMlpVariant(bad), null, bad);
  }
});
