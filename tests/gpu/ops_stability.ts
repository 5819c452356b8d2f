/**
 * The neural-network ops at extreme inputs on both backends: every activation and derivative
 * stays finite at z = ±1e4, ±100, ±20 and 0, saturates to the right limits, softmax subtracts
 * its maximum, and the guarded cross-entropies give large but finite costs for confidently wrong
 * predictions.
 */
import { strict as assert } from "node:assert";
import type { Activation, Axis, Backend, Loss, Shape, Tensor } from "../../kernels/backend.ts";
import { LOG_GUARD } from "../../kernels/backend.ts";
import { CpuBackend } from "../../kernels/cpu.ts";
import { WebGpuBackend } from "../../kernels/webgpu.ts";

const gpu = await WebGpuBackend.create();
const cpu = new CpuBackend();
const BACKENDS: Backend[] = [gpu, cpu];

const Z = [1e4, -1e4, 100, -100, 20, -20, 0];

const ACTIVATIONS: [Activation, number | undefined][] = [
  ["linear", undefined],
  ["step", undefined],
  ["sign", undefined],
  ["sigmoid", undefined],
  ["tanh", undefined],
  ["relu", undefined],
  ["leaky_relu", undefined],
  ["leaky_relu", 0.3],
  ["softplus", undefined],
  ["elu", undefined],
  ["elu", 2],
];

async function apply(
  b: Backend,
  data: number[],
  shape: Shape,
  f: (b: Backend, t: Tensor) => Tensor,
) {
  const t = b.fromArray(data, shape);
  const out = f(b, t);
  const v = await b.read(out);
  t.dispose();
  out.dispose();
  return v;
}

Deno.test("every activation and derivative is finite at ±1e4, ±100, ±20 and 0", async () => {
  for (const b of BACKENDS) {
    for (const [kind, param] of ACTIVATIONS) {
      for (const grad of [false, true]) {
        const v = await apply(
          b,
          Z,
          [1, Z.length],
          (be, t) => grad ? be.activationGrad(kind, t, param) : be.activation(kind, t, param),
        );
        v.forEach((x, i) => {
          assert.ok(
            Number.isFinite(x),
            `${b.name} ${kind}${grad ? "′" : ""}(${param}) at ${Z[i]}: ${x}`,
          );
        });
      }
    }
  }
});

Deno.test("activations saturate to their limits", async () => {
  for (const b of BACKENDS) {
    const at = async (kind: Activation, grad: boolean, param?: number) =>
      Array.from(
        await apply(
          b,
          Z,
          [Z.length, 1],
          (be, t) => grad ? be.activationGrad(kind, t, param) : be.activation(kind, t, param),
        ),
      );
    const [s1, s0] = await at("sigmoid", false);
    assert.equal(s1, 1, `${b.name} sigmoid(1e4)`);
    assert.equal(s0, 0, `${b.name} sigmoid(−1e4)`);
    const sp = await at("softplus", false);
    assert.equal(sp[0], 1e4, `${b.name} softplus(1e4)`);
    assert.ok(sp[1] >= 0 && sp[1] < 1e-30, `${b.name} softplus(−1e4) = ${sp[1]}`);
    assert.equal(sp[2], 100, `${b.name} softplus(100)`);
    assert.ok(Math.abs(sp[6] - Math.LN2) < 1e-7, `${b.name} softplus(0) = ${sp[6]}`);
    const th = await at("tanh", false);
    assert.deepEqual(th.slice(0, 4), [1, -1, 1, -1], `${b.name} tanh`);
    assert.equal(th[6], 0, `${b.name} tanh(0)`);
    const dth = await at("tanh", true);
    assert.deepEqual(dth.slice(0, 4), [0, 0, 0, 0], `${b.name} tanh′ at ±1e4, ±100`);
    assert.equal(dth[6], 1, `${b.name} tanh′(0)`);
    const ds = await at("sigmoid", true);
    // Float64 keeps sigmoid′(−100) = 3.7e-44; float32 flushes it to 0.
    ds.slice(0, 4).forEach((x, i) => {
      assert.ok(x >= 0 && x < 1e-30, `${b.name} sigmoid′(${Z[i]}) = ${x}`);
    });
    assert.equal(ds[6], 0.25, `${b.name} sigmoid′(0)`);
    const elu = await at("elu", false);
    assert.equal(elu[0], 1e4);
    assert.equal(elu[1], -1, `${b.name} elu(−1e4)`);
    assert.equal((await at("elu", false, 2))[1], -2, `${b.name} elu(−1e4; α = 2)`);
    assert.deepEqual(await at("relu", true), [1, 0, 1, 0, 1, 0, 0], `${b.name} relu′ (0 at 0)`);
    const leaky = await at("leaky_relu", true);
    const slope = Math.fround(0.01); // float32 on webgpu
    leaky.forEach((x, i) => {
      const expect = Z[i] >= 0 ? 1 : 0.01; // 1 at 0, as lecture 002's table
      const ok = Math.abs(x - expect) <= Math.abs(0.01 - slope);
      assert.ok(ok, `${b.name} leaky′(${Z[i]}) = ${x}`);
    });
  }
});

Deno.test("softmax of [1e4, 0, −1e4] is [1, 0, 0] along either axis, short and long", async () => {
  for (const b of BACKENDS) {
    for (const axis of [0, 1] as Axis[]) {
      const shape: Shape = axis === 0 ? [3, 1] : [1, 3];
      const v = await apply(b, [1e4, 0, -1e4], shape, (be, t) => be.softmax(t, axis));
      assert.deepEqual(Array.from(v), [1, 0, 0], `${b.name} axis ${axis}`);
      // 600 values: a workgroup per line on webgpu.
      const long = Array.from({ length: 600 }, (_, i) => i === 417 ? 1e4 : i % 2 ? -1e4 : 0);
      const w = await apply(
        b,
        long,
        axis === 0 ? [600, 1] : [1, 600],
        (be, t) => be.softmax(t, axis),
      );
      w.forEach((x, i) => assert.equal(x, i === 417 ? 1 : 0, `${b.name} long axis ${axis} [${i}]`));
    }
  }
});

Deno.test("cross-entropy of confidently wrong predictions is large but finite", async () => {
  const worst = -Math.log(LOG_GUARD); // 27.63…: the guard caps each term
  for (const b of BACKENDS) {
    // Two columns: ŷ = 0 where y = 1, and ŷ = 1 where y = 0.
    const yhat = b.fromArray([0, 1], [1, 2]), y = b.fromArray([1, 0], [1, 2]);
    const losses: Loss[] = ["bce", "cce"];
    for (const kind of losses) {
      const l = (await b.read(b.loss(kind, yhat, y)))[0];
      const expect = kind === "bce" ? worst : worst / 2; // cce sees only the y = 1 column
      assert.ok(
        Number.isFinite(l) && Math.abs(l - expect) < 1e-5 * expect,
        `${b.name} ${kind}: ${l}`,
      );
      const g = await b.read(b.lossGrad(kind, yhat, y));
      g.forEach((x) => assert.ok(Number.isFinite(x), `${b.name} ${kind}′: ${Array.from(g)}`));
    }
    // The guard also applies where ŷ is exactly right: no 0·log 0 = NaN.
    const l = (await b.read(b.loss("bce", y, y)))[0];
    assert.ok(l >= 0 && l < 1e-6, `${b.name} bce of a perfect prediction: ${l}`);
  }
});

Deno.test({
  name: "ops stability: release the device",
  fn() {
    gpu.destroy();
  },
  sanitizeResources: false,
});
