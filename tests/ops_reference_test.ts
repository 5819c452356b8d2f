/**
 * The cpu reference itself, in Float64: every derivative (activations, losses, convolution,
 * pooling) against two-sided finite differences, and known values from the lectures.
 */
import { strict as assert } from "node:assert";
import type { Activation, ConvGeometry, Loss, PoolGeometry } from "../kernels/backend.ts";
import { CpuBackend } from "../kernels/cpu.ts";
import { RandomState } from "../numpy/rng.ts";

const cpu = new CpuBackend();
const rng = new RandomState(11);
const H = 1e-6;

const ACTIVATIONS: [Activation, number | undefined][] = [
  ["linear", undefined],
  ["sigmoid", undefined],
  ["tanh", undefined],
  ["relu", undefined],
  ["leaky_relu", undefined],
  ["leaky_relu", 0.2],
  ["softplus", undefined],
  ["elu", undefined],
  ["elu", 0.5],
];

Deno.test("activation derivatives match central differences (Float64)", async () => {
  // Stay away from the kinks at 0, where one-sided slopes differ.
  const z = Array.from(rng.uniform(-4, 4, 200)).filter((v) => Math.abs(v) > 1e-3);
  for (const [kind, param] of ACTIVATIONS) {
    const t = cpu.fromArray(z, [1, z.length]);
    const g = await cpu.read(cpu.activationGrad(kind, t, param));
    const up = await cpu.read(
      cpu.activation(kind, cpu.fromArray(z.map((v) => v + H), [1, z.length]), param),
    );
    const dn = await cpu.read(
      cpu.activation(kind, cpu.fromArray(z.map((v) => v - H), [1, z.length]), param),
    );
    z.forEach((_, i) => {
      const num = (up[i] - dn[i]) / (2 * H);
      assert.ok(Math.abs(num - g[i]) < 1e-7, `${kind}(${param}) at ${z[i]}: ${g[i]} vs ${num}`);
    });
  }
});

Deno.test("activation values: lecture 000's sigmoid and sigmoid′ at [-2, -1, 0, 1, 2]", async () => {
  const z = cpu.fromArray([-2, -1, 0, 1, 2], [1, 5]);
  const s = await cpu.read(cpu.activation("sigmoid", z));
  const ds = await cpu.read(cpu.activationGrad("sigmoid", z));
  [0.11920292, 0.26894142, 0.5, 0.73105858, 0.88079708].forEach((v, i) =>
    assert.ok(Math.abs(s[i] - v) < 1e-8)
  );
  [0.10499359, 0.19661193, 0.25, 0.19661193, 0.10499359].forEach((v, i) =>
    assert.ok(Math.abs(ds[i] - v) < 1e-8)
  );
});

const LOSSES: Loss[] = ["bce", "cce", "sse", "mse", "l1", "l2"];

Deno.test("loss gradients match central differences (Float64)", async () => {
  const shape: [number, number] = [3, 7];
  const yhat = Array.from(rng.uniform(0.05, 0.95, 21));
  const y = Array.from(rng.uniform(0, 1, 21), (v) => v < 0.5 ? 0 : 1);
  for (const kind of LOSSES) {
    const g = await cpu.read(
      cpu.lossGrad(kind, cpu.fromArray(yhat, shape), cpu.fromArray(y, shape)),
    );
    for (let i = 0; i < yhat.length; i++) {
      const at = async (d: number) => {
        const v = yhat.slice();
        v[i] += d;
        return (await cpu.read(cpu.loss(kind, cpu.fromArray(v, shape), cpu.fromArray(y, shape))))[
          0
        ];
      };
      const num = (await at(H) - await at(-H)) / (2 * H);
      assert.ok(Math.abs(num - g[i]) < 1e-6, `${kind} element ${i}: ${g[i]} vs ${num}`);
    }
  }
});

Deno.test("losses: lecture 000's L1 = 1.1 and L2 = 0.43; lecture 004's cross-entropy 0.479", async () => {
  const yhat = cpu.fromArray([0.9, 0.2, 0.1, 0.4, 0.9], [1, 5]);
  const y = cpu.fromArray([1, 0, 0, 1, 1], [1, 5]);
  assert.ok(Math.abs((await cpu.read(cpu.loss("l1", yhat, y)))[0] - 1.1) < 1e-12);
  assert.ok(Math.abs((await cpu.read(cpu.loss("l2", yhat, y)))[0] - 0.43) < 1e-12);
  const ce = await cpu.read(
    cpu.loss("cce", cpu.fromArray([0.228, 0.619, 0.153], [3, 1]), cpu.fromArray([0, 1, 0], [3, 1])),
  );
  assert.ok(Math.abs(ce[0] - 0.479) < 1e-3);
});

Deno.test("softmax of lecture 000's example, max and argmax with numpy's tie rule", async () => {
  const x = cpu.fromArray([0, 9, 3, 0, 3, 0, 8, 1], [2, 4]);
  const s = await cpu.read(cpu.softmax(x, 1));
  // As lecture 000 prints them (9 significant digits).
  const expected = [
    1.23074356e-4,
    9.97281837e-1,
    2.47201452e-3,
    1.23074356e-4,
    6.68456877e-3,
    3.32805082e-4,
    9.92077968e-1,
    9.04658008e-4,
  ];
  expected.forEach((v, i) => assert.ok(Math.abs(s[i] - v) <= 5e-9 * v, `${i}: ${s[i]}`));
  const t = cpu.fromArray([1, 5, 5, 2, 7, 7], [2, 3]);
  assert.deepEqual(Array.from(await cpu.read(cpu.argmax(t, 1))), [1, 1]);
  assert.deepEqual(Array.from(await cpu.read(cpu.argmax(t, 0))), [1, 1, 1]);
  assert.deepEqual(Array.from(await cpu.read(cpu.max(t, 0))), [2, 7, 7]);
  assert.deepEqual(Array.from(await cpu.read(cpu.mean(t, 1))), [11 / 3, 16 / 3]);
});

Deno.test("oneHot and accuracy", async () => {
  const l = cpu.fromArray([2, 0, 1], [1, 3]);
  assert.deepEqual(Array.from(await cpu.read(cpu.oneHot(l, 3))), [0, 1, 0, 0, 0, 1, 1, 0, 0]);
  assert.throws(() => cpu.oneHot(cpu.fromArray([3], [1, 1]), 3), /label 3 at column 0/);
  const acc = await cpu.read(
    cpu.accuracy(cpu.fromArray([1, 0, 1, 1], [1, 4]), cpu.fromArray([1, 1, 1, 0], [1, 4])),
  );
  assert.equal(acc[0], 0.5);
});

/** Σ (dy ⊙ f(x)) as a scalar function of one input, for finite differences. */
async function numericGrad(
  f: (x: number[]) => Promise<number>,
  x: number[],
  i: number,
): Promise<number> {
  const up = x.slice(), dn = x.slice();
  up[i] += H;
  dn[i] -= H;
  return (await f(up) - await f(dn)) / (2 * H);
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

Deno.test("conv2d gradients match finite differences (stride 2, pad 1, C = 2)", async () => {
  const g: ConvGeometry = {
    channels: 2,
    height: 5,
    width: 5,
    filters: 3,
    kernel: 3,
    stride: 2,
    pad: 1,
  };
  const m = 2;
  const x = Array.from(rng.uniform(-1, 1, 2 * 25 * m));
  const w = Array.from(rng.uniform(-1, 1, 3 * 2 * 9));
  const b = Array.from(rng.uniform(-1, 1, 3));
  const outRows = 3 * 3 * 3;
  const dy = rng.uniform(-1, 1, outRows * m);
  const fwd = async (xs: number[], ws: number[], bs: number[]) =>
    dot(
      await cpu.read(
        cpu.conv2d(
          cpu.fromArray(xs, [50, m]),
          cpu.fromArray(ws, [3, 18]),
          cpu.fromArray(bs, [3, 1]),
          g,
        ),
      ),
      dy,
    );
  const grads = cpu.conv2dBackward(
    cpu.fromArray(dy, [outRows, m]),
    cpu.fromArray(x, [50, m]),
    cpu.fromArray(w, [3, 18]),
    g,
  );
  const [dx, dw, db] = await cpu.readMany([grads.dx, grads.dw, grads.db]);
  for (let i = 0; i < x.length; i += 7) {
    assert.ok(Math.abs(dx[i] - await numericGrad((v) => fwd(v, w, b), x, i)) < 1e-7, `dx ${i}`);
  }
  for (let i = 0; i < w.length; i++) {
    assert.ok(Math.abs(dw[i] - await numericGrad((v) => fwd(x, v, b), w, i)) < 1e-7, `dw ${i}`);
  }
  for (let i = 0; i < b.length; i++) {
    assert.ok(Math.abs(db[i] - await numericGrad((v) => fwd(x, w, v), b, i)) < 1e-7, `db ${i}`);
  }
});

Deno.test("pooling gradients match finite differences (max and average)", async () => {
  for (const kind of ["max", "avg"] as const) {
    const g: PoolGeometry = { channels: 2, height: 4, width: 6, size: 2, stride: 2, kind };
    const m = 3;
    const x = Array.from(rng.uniform(-1, 1, 48 * m));
    const dy = rng.uniform(-1, 1, 2 * 2 * 3 * m);
    const fwd = async (xs: number[]) =>
      dot(await cpu.read(cpu.pool2d(cpu.fromArray(xs, [48, m]), g)), dy);
    const dx = await cpu.read(
      cpu.pool2dBackward(cpu.fromArray(dy, [12, m]), cpu.fromArray(x, [48, m]), g),
    );
    for (let i = 0; i < x.length; i++) {
      assert.ok(Math.abs(dx[i] - await numericGrad(fwd, x, i)) < 1e-7, `${kind} dx ${i}`);
    }
  }
});

Deno.test("conv2d rejects a geometry that does not tile and mismatched shapes", () => {
  const g: ConvGeometry = {
    channels: 1,
    height: 6,
    width: 6,
    filters: 2,
    kernel: 5,
    stride: 2,
    pad: 0,
  };
  assert.throws(
    () => cpu.conv2d(cpu.full([36, 1], 0), cpu.full([2, 25], 0), cpu.full([2, 1], 0), g),
    /does not tile a 6×6 input/,
  );
  const ok = { ...g, stride: 1 };
  assert.throws(
    () => cpu.conv2d(cpu.full([35, 1], 0), cpu.full([2, 25], 0), cpu.full([2, 1], 0), ok),
    /has not C·H·W = 1·6·6 = 36 rows/,
  );
});
