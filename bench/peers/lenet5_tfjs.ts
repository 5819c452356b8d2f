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
  const loss = (x: tf.Tensor4D, y: tf.Tensor2D) => {
    const a1 = tf.tanh(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, "valid"), b1));
    const a2 = tf.tanh(tf.avgPool(a1 as tf.Tensor4D, 2, 2, "valid"));
    const a3 = tf.tanh(tf.add(tf.conv2d(a2, w3 as tf.Tensor4D, 1, "valid"), b3));
    const a4 = tf.tanh(tf.avgPool(a3 as tf.Tensor4D, 2, 2, "valid"));
    const a5 = tf.tanh(tf.add(tf.conv2d(a4, w5 as tf.Tensor4D, 1, "valid"), b5));
    const flat = tf.reshape(a5, [x.shape[0], 120]);
    const a6 = tf.tanh(tf.add(tf.matMul(flat, w6 as tf.Tensor2D), b6));
    const z7 = tf.add(tf.matMul(a6, w7 as tf.Tensor2D), b7);
    return tf.losses.softmaxCrossEntropy(y, z7) as tf.Scalar;
  };
  await Promise.all([X.data(), Y.data(), ...vars.map((v) => v.data())]);
  let steps = 0;
  let last: tf.Scalar | null = null;
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    const order = tf.util.createShuffledIndices(m);
    for (let s = 0; s < m; s += batch) {
      const idx = tf.tensor1d(Int32Array.from(order.slice(s, s + batch)), "int32");
      const cost = tf.tidy(() => {
        const x = tf.gather(X, idx) as tf.Tensor4D;
        const y = tf.gather(Y, idx) as tf.Tensor2D;
        return opt.minimize(() => loss(x, y), true, vars)!;
      });
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
      await trainOnce(images, labels, Math.min(m, 4 * batch), 1, batch); // warm-up
      const r = await trainOnce(images, labels, m, epochs, batch);
      console.log(JSON.stringify({ backend, epochs, ...r, detail }));
    } catch (e) {
      console.log(JSON.stringify({ backend, error: (e as Error).message }));
    }
  }
}

if (import.meta.main) await main(Deno.args);
