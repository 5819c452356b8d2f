/**
 * TensorFlow.js peer of the LeNet-5 training (experiments/lenet5-digits.ts, nn/lenet5.ts), run by
 * bench/lenet.ts as a subprocess:
 *
 *   deno run --allow-read=DIR,WASM_DIR bench/peers/lenet5_tfjs.ts DIR BACKENDS EPOCHS BATCH
 *
 * DIR holds X.f64 (1024 × m, row-major: the 32 × 32 padded digits as columns, pixels / 255) and
 * Y.f64 (the m labels), written by bench/lenet.ts. The same layers as nn/lenet5.ts (lecture 004's
 * table): C1 5×5 conv to 6 maps, tanh, 2×2 average pooling, tanh, C3 5×5 conv to 16 maps (every
 * S2 map to every C3 map), tanh, pooling, tanh, C5 5×5 conv to 120, tanh, F6 dense 84 tanh, a
 * dense softmax output of 10, categorical cross-entropy; Adam at lr 0.001 (β1 0.9, β2 0.999,
 * ε 1e-8, as nn/optimizers.ts), mini-batches of BATCH reshuffled every epoch. Weights from TF.js's
 * own initialisers (the timing does not depend on them).
 *
 * Prints one JSON line per backend: {"backend", "epochs", "steps", "ms" (training wall time,
 * through the read of the last layer's bias), "cost" (the last mini-batch's), "detail"}; or
 * {"backend", "error"}.
 */
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
// deno-lint-ignore no-import-prefix
import { setWasmPaths } from "npm:@tensorflow/tfjs-backend-wasm@4.22.0";

function readF64(path: string): Float64Array {
  const bytes = Deno.readFileSync(path);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

async function useBackend(name: string): Promise<string> {
  if (name === "wasm") {
    const js = import.meta.resolve("npm:@tensorflow/tfjs-backend-wasm@4.22.0");
    setWasmPaths(new URL(".", js).pathname);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
  await tf.ready();
  if (name === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
    return `SIMD ${simd ? "on" : "off"}, ${threads ? "threads" : "1 thread"}`;
  }
  return "";
}

function glorot(shape: number[], fanIn: number): tf.Variable {
  return tf.variable(tf.randomNormal(shape, 0, Math.sqrt(1 / fanIn), "float32", 1));
}

async function trainOnce(
  images: Float32Array,
  labels: Int32Array,
  m: number,
  epochs: number,
  batch: number,
): Promise<{ ms: number; steps: number; cost: number }> {
  // NHWC images and one-hot labels.
  const X = tf.tensor4d(images, [m, 32, 32, 1]);
  const Y = tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), 10), "float32");
  const w1 = glorot([5, 5, 1, 6], 25), b1 = tf.variable(tf.zeros([6]));
  const w3 = glorot([5, 5, 6, 16], 150), b3 = tf.variable(tf.zeros([16]));
  const w5 = glorot([5, 5, 16, 120], 400), b5 = tf.variable(tf.zeros([120]));
  const w6 = glorot([120, 84], 120), b6 = tf.variable(tf.zeros([84]));
  const w7 = glorot([84, 10], 84), b7 = tf.variable(tf.zeros([10]));
  const vars = [w1, b1, w3, b3, w5, b5, w6, b6, w7, b7];
  const opt = tf.train.adam(0.001, 0.9, 0.999, 1e-8);
  // The forward and backward passes written out, as nn/lenet5.ts computes them (tfjs-core
  // registers no gradients by itself): tanh′ = 1 − a², average pooling's gradient spread evenly
  // over its 2×2 window, a convolution's input gradient by conv2dTranspose and its filter
  // gradient as a convolution of the inputs by the output gradients.
  const conv = (x: tf.Tensor4D, w: tf.Variable, b: tf.Variable) =>
    tf.tanh(tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, "valid"), b)) as tf.Tensor4D;
  const pool = (x: tf.Tensor4D) => tf.tanh(tf.avgPool(x, 2, 2, "valid")) as tf.Tensor4D;
  const tanhBack = (d: tf.Tensor, a: tf.Tensor) => tf.mul(d, tf.sub(1, tf.square(a)));
  const poolBack = (d: tf.Tensor4D) => {
    const [n, h, w, c] = d.shape;
    const up = tf.tile(tf.reshape(d, [n, h, 1, w, 1, c]), [1, 1, 2, 1, 2, 1]);
    return tf.mul(tf.reshape(up, [n, 2 * h, 2 * w, c]), 0.25) as tf.Tensor4D;
  };
  const filterGrad = (x: tf.Tensor4D, dy: tf.Tensor4D) => {
    // dW[i, j, c, f] = Σ_n,p,q x[n, p + i, q + j, c]·dy[n, p, q, f]: channels as the batch.
    const xs = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
    const ds = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    return tf.transpose(tf.conv2d(xs, ds, 1, "valid"), [1, 2, 0, 3]);
  };
  const step = (x: tf.Tensor4D, y: tf.Tensor2D): tf.Scalar => {
    const n = x.shape[0];
    const a1 = conv(x, w1, b1), a2 = pool(a1);
    const a3 = conv(a2, w3, b3), a4 = pool(a3);
    const a5 = conv(a4, w5, b5);
    const flat = tf.reshape(a5, [n, 120]) as tf.Tensor2D;
    const a6 = tf.tanh(tf.add(tf.matMul(flat, w6 as tf.Tensor2D), b6)) as tf.Tensor2D;
    const z7 = tf.add(tf.matMul(a6, w7 as tf.Tensor2D), b7) as tf.Tensor2D;
    const p = tf.softmax(z7);
    const cost = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(p)), 1))) as tf.Scalar;
    const dz7 = tf.div(tf.sub(p, y), n) as tf.Tensor2D;
    const dz6 = tanhBack(tf.matMul(dz7, w7 as tf.Tensor2D, false, true), a6) as tf.Tensor2D;
    const dz5 = tanhBack(
      tf.reshape(tf.matMul(dz6, w6 as tf.Tensor2D, false, true), [n, 1, 1, 120]),
      a5,
    ) as tf.Tensor4D;
    const da4 = tf.conv2dTranspose(dz5, w5 as tf.Tensor4D, a4.shape, 1, "valid");
    const dz3 = tanhBack(poolBack(tanhBack(da4, a4) as tf.Tensor4D), a3) as tf.Tensor4D;
    const da2 = tf.conv2dTranspose(dz3, w3 as tf.Tensor4D, a2.shape, 1, "valid");
    const dz1 = tanhBack(poolBack(tanhBack(da2, a2) as tf.Tensor4D), a1) as tf.Tensor4D;
    opt.applyGradients([
      { name: w1.name, tensor: filterGrad(x, dz1) },
      { name: b1.name, tensor: tf.sum(dz1, [0, 1, 2]) },
      { name: w3.name, tensor: filterGrad(a2, dz3) },
      { name: b3.name, tensor: tf.sum(dz3, [0, 1, 2]) },
      { name: w5.name, tensor: filterGrad(a4, dz5) },
      { name: b5.name, tensor: tf.sum(dz5, [0, 1, 2]) },
      { name: w6.name, tensor: tf.matMul(flat, dz6, true, false) },
      { name: b6.name, tensor: tf.sum(dz6, 0) },
      { name: w7.name, tensor: tf.matMul(a6, dz7, true, false) },
      { name: b7.name, tensor: tf.sum(dz7, 0) },
    ]);
    return cost;
  };
  await Promise.all([X.data(), Y.data(), ...vars.map((v) => v.data())]);
  let steps = 0;
  let last: tf.Scalar | null = null;
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    const order = tf.util.createShuffledIndices(m);
    for (let s = 0; s < m; s += batch) {
      const idx = tf.tensor1d(Int32Array.from(order.slice(s, s + batch)), "int32");
      const cost = tf.tidy(() =>
        step(tf.gather(X, idx) as tf.Tensor4D, tf.gather(Y, idx) as tf.Tensor2D)
      );
      idx.dispose();
      last?.dispose();
      last = cost;
      steps++;
    }
  }
  const cost = (await last!.data())[0];
  await b7.data();
  const ms = performance.now() - t0;
  last!.dispose();
  [X, Y, ...vars].forEach((t) => t.dispose());
  opt.dispose();
  return { ms, steps, cost };
}

async function main(args: string[]): Promise<void> {
  const [dir, backends, epochsArg, batchArg] = args;
  const epochs = Number(epochsArg), batch = Number(batchArg);
  if (!dir || !backends || !(epochs >= 1) || !(batch >= 1)) {
    throw new Error("usage: lenet5_tfjs.ts DIR BACKENDS EPOCHS BATCH");
  }
  const X = readF64(`${dir}/X.f64`);
  const labels = Int32Array.from(readF64(`${dir}/Y.f64`));
  const m = labels.length;
  // X is 1024 × m (examples as columns): NHWC wants m × 1024.
  const images = new Float32Array(m * 1024);
  for (let f = 0; f < 1024; f++) for (let i = 0; i < m; i++) images[i * 1024 + f] = X[f * m + i];
  for (const backend of backends.split(",")) {
    let detail: string;
    try {
      detail = await useBackend(backend);
    } catch (e) {
      console.log(JSON.stringify({ backend, error: `cannot load: ${(e as Error).message}` }));
      continue;
    }
    try {
      const w = Math.min(m, 4 * batch); // warm-up: kernels set up, memory grown
      await trainOnce(images.subarray(0, w * 1024), labels.subarray(0, w), w, 1, batch);
      const r = await trainOnce(images, labels, m, epochs, batch);
      console.log(JSON.stringify({ backend, epochs, ...r, detail }));
    } catch (e) {
      console.log(JSON.stringify({ backend, error: (e as Error).message }));
    }
  }
}

if (import.meta.main) await main(Deno.args);
