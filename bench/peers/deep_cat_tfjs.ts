/**
 * TensorFlow.js peer of the deep-cat L-layer training (experiments/deep-cat.ts), run by
 * bench/cat.ts as a subprocess so that TF.js's global engine, its kernels and its memory stay out
 * of the benchmark process:
 *
 *   deno run --allow-read=DIR,WASM_DIR bench/peers/deep_cat_tfjs.ts DIR BACKENDS ITERATIONS
 *     LOG_EVERY [RUNS [LIMIT_MS FRACTION_MS]]
 *
 * With layers.json [12288, 1], zero weights and lr.json 0.005 the same code is logreg-cat's
 * logistic regression (a = σ(w·x + b), dw = (1/m)·dZ·Xᵀ): bench/cat.ts writes such a folder too.
 *
 * DIR holds the data the benchmark wrote as raw float64 little-endian files: X.f64 (12288 × m,
 * row-major), Y.f64 (1 × m), and the initial weights W1.f64 … WL.f64 (n_l × n_{l−1}, drawn by our
 * own seeded RandomState, since TF.js has no numpy-compatible generator), with layers.json giving
 * the layer sizes. BACKENDS is a comma-separated list of "wasm", "cpu".
 *
 * The computation is the course's vectorised L-layer model in float32 with plain tf ops, written
 * out as nn/network.ts does it (so the same arithmetic as the webgpu and NumPy runs): forward
 * Z = W·A + b with ReLU, sigmoid at the output; the cross-entropy cost only on logged iterations;
 * backward dZ[L] = A[L] − Y, dW = dZ·A_prevᵀ / m, db = mean over examples, dA_prev = Wᵀ·dZ (not
 * for layer 1, whose dA is never used), dZ = dA ⊙ (Z > 0); then W −= lr·dW, b −= lr·db.
 *
 * Each backend first trains a few iterations untimed (kernel set-up, memory growth) and a few
 * more timed, to estimate the cost of an iteration. When ITERATIONS would take longer than
 * LIMIT_MS (TF.js's plain-JS cpu backend takes minutes), only about FRACTION_MS worth of them are
 * run, and the caller scales.
 *
 * Prints one JSON line per backend and run: {"backend", "run", "requested", "iterations" (run),
 * "ms" (training wall time, ending with the read of the last parameters), "costs":
 * [[iteration, cost], …], "detail"}; or {"backend", "error"} when the backend cannot load or
 * fails.
 */
// Test/bench-only packages are imported by full specifier, not through deno.json's import
// map, so that `deno task experiment` never downloads them (TF.js ~65 MB, playwright ~15 MB).
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
// deno-lint-ignore no-import-prefix
import { setWasmPaths } from "npm:@tensorflow/tfjs-backend-wasm@4.22.0";

/** deep-cat's learning rate; DIR/lr.json overrides it (logreg-cat's 0.005, bench/cat.ts). */
const DEEP_LR = 0.0075;

function readF64(path: string): Float64Array {
  const bytes = Deno.readFileSync(path);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

interface Data {
  lr: number;
  dims: number[];
  m: number;
  X: Float32Array;
  Y: Float32Array;
  W: Float32Array[];
}

function load(dir: string): Data {
  const dims = JSON.parse(Deno.readTextFileSync(`${dir}/layers.json`)) as number[];
  const Y = Float32Array.from(readF64(`${dir}/Y.f64`));
  const X = Float32Array.from(readF64(`${dir}/X.f64`));
  const W = dims.slice(1).map((_, l) => Float32Array.from(readF64(`${dir}/W${l + 1}.f64`)));
  let lr = DEEP_LR;
  try {
    lr = JSON.parse(Deno.readTextFileSync(`${dir}/lr.json`)) as number;
  } catch { /* deep-cat's */ }
  return { lr, dims, m: Y.length, X, Y, W };
}

/** One training from the initial weights; milliseconds and the logged costs. */
async function trainOnce(
  d: Data,
  iterations: number,
  logEvery: number,
): Promise<{ ms: number; costs: [number, number][] }> {
  const L = d.dims.length - 1;
  const X = tf.tensor2d(d.X, [d.dims[0], d.m]);
  const Y = tf.tensor2d(d.Y, [1, d.m]);
  let W = d.W.map((w, l) => tf.tensor2d(w, [d.dims[l + 1], d.dims[l]]));
  let b = d.W.map((_, l) => tf.zeros([d.dims[l + 1], 1]) as tf.Tensor2D);
  const pending: [number, tf.Scalar][] = [];
  // Uploads are lazy on some backends: make them happen before the clock starts.
  await Promise.all([X, Y, ...W].map((t) => t.data()));
  const t0 = performance.now();
  for (let it = 0; it < iterations; it++) {
    const logged = it % logEvery === 0;
    let cost: tf.Scalar | null = null;
    // The new W1…WL, b1…bL; the old ones are disposed below, everything else inside tidy.
    const next: tf.Tensor2D[] = tf.tidy(() => {
      const As: tf.Tensor2D[] = [X];
      const Zs: tf.Tensor2D[] = [];
      for (let l = 0; l < L; l++) {
        const Z = tf.add(tf.matMul(W[l], As[l]), b[l]) as tf.Tensor2D;
        Zs.push(Z);
        As.push(l === L - 1 ? tf.sigmoid(Z) : tf.relu(Z));
      }
      const AL = As[L];
      if (logged) {
        // −(1/m)·Σ [Y·log A + (1 − Y)·log(1 − A)]
        const ll = tf.add(
          tf.mul(Y, tf.log(AL)),
          tf.mul(tf.sub(1, Y), tf.log(tf.sub(1, AL))),
        );
        cost = tf.keep(tf.mul(tf.sum(ll), -1 / d.m) as tf.Scalar);
      }
      let dZ = tf.sub(AL, Y) as tf.Tensor2D;
      const newW: tf.Tensor2D[] = new Array(L), newB: tf.Tensor2D[] = new Array(L);
      for (let l = L - 1; l >= 0; l--) {
        const dW = tf.mul(tf.matMul(dZ, As[l], false, true), 1 / d.m);
        const db = tf.mean(dZ, 1, true);
        if (l > 0) {
          const dA = tf.matMul(W[l], dZ, true, false);
          dZ = tf.mul(dA, tf.step(Zs[l - 1])) as tf.Tensor2D; // ReLU′: 1 where Z > 0
        }
        newW[l] = tf.sub(W[l], tf.mul(dW, d.lr)) as tf.Tensor2D;
        newB[l] = tf.sub(b[l], tf.mul(db, d.lr)) as tf.Tensor2D;
      }
      return [...newW, ...newB];
    });
    W.forEach((t) => t.dispose());
    b.forEach((t) => t.dispose());
    W = next.slice(0, L);
    b = next.slice(L);
    if (cost) pending.push([it, cost]);
  }
  // The costs are read once at the end (as our train() does with readEvery = Infinity), then the
  // last layer's bias, which depends on every step, so the clock covers all queued work.
  const values = await Promise.all(pending.map(([, c]) => c.data()));
  await b[L - 1].data();
  const ms = performance.now() - t0;
  const costs = pending.map(([it], i) => [it, values[i][0]] as [number, number]);
  pending.forEach(([, c]) => c.dispose());
  [X, Y, ...W, ...b].forEach((t) => t.dispose());
  return { ms, costs };
}

async function useBackend(name: string): Promise<string> {
  if (name === "wasm") {
    // Offline: the .wasm files ship in the npm package; the backend runs emscripten's Node
    // loader under Deno (process.versions.node is set), which reads a plain file path.
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

/** Iterations of the untimed warm-up and of the timed probe that estimates an iteration. */
const WARMUP = 2, PROBE = 5;

/** How many of `requested` iterations to run so that the run stays within the limits. */
function iterationsToRun(
  requested: number,
  msPerIteration: number,
  limitMs: number,
  fractionMs: number,
): number {
  if (requested * msPerIteration <= limitMs) return requested;
  const n = Math.floor(fractionMs / msPerIteration);
  // Round numbers (multiples of 25) read better in the notes; never fewer than the probe.
  return Math.min(requested, Math.max(PROBE, n >= 50 ? n - (n % 25) : n));
}

async function main(args: string[]): Promise<void> {
  const [dir, backends, iterArg, logArg, runsArg, limitArg, fractionArg] = args;
  const requested = Number(iterArg), logEvery = Number(logArg), runs = Number(runsArg ?? 1);
  const limitMs = Number(limitArg ?? Infinity), fractionMs = Number(fractionArg ?? limitMs);
  if (
    !dir || !backends || !(requested >= 1) || !(logEvery >= 1) || !(runs >= 1) ||
    !(limitMs > 0) || !(fractionMs > 0)
  ) {
    throw new Error(
      "usage: deep_cat_tfjs.ts DIR BACKENDS ITERATIONS LOG_EVERY [RUNS [LIMIT_MS FRACTION_MS]]",
    );
  }
  const data = load(dir);
  for (const backend of backends.split(",")) {
    let detail: string;
    try {
      detail = await useBackend(backend);
    } catch (e) {
      console.log(JSON.stringify({ backend, error: `cannot load: ${(e as Error).message}` }));
      continue;
    }
    try {
      let iterations = requested;
      if (Number.isFinite(limitMs)) {
        await trainOnce(data, WARMUP, logEvery);
        const probe = await trainOnce(data, PROBE, logEvery);
        iterations = iterationsToRun(requested, probe.ms / PROBE, limitMs, fractionMs);
      }
      for (let run = 0; run < runs; run++) {
        const r = await trainOnce(data, iterations, logEvery);
        console.log(JSON.stringify({ backend, run, requested, iterations, ...r, detail }));
      }
    } catch (e) {
      console.log(JSON.stringify({ backend, error: (e as Error).message }));
    }
  }
}

if (import.meta.main) await main(Deno.args);
