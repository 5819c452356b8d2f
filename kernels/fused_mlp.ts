/**
 * The webgpu backend's fused trainer (`Backend.trainMlp`): kernels/wgsl/mlp_train.wgsl runs
 * many update steps of a small fully connected network per workgroup in one dispatch, so a
 * training step costs a share of one dispatch instead of the layered path's 20–60 (each ~35 µs
 * on llvmpipe).
 *
 * `trainMlpOnDevice` runs a `MlpJob` (kernels/backend.ts): it copies the networks' tensors into
 * a job's state, runs it, and copies them back. `FusedMlpJob` is the device side: the kernel's
 * specialisation (override constants, and for small networks the straight-line phase 1 of
 * kernels/mlp_codegen.ts), the buffers and their layouts, the host-made schedule (mini-batch
 * permutations, Adam's bias-correction table) and the chunked dispatch/read-back loop.
 *
 * N networks of one architecture train at once, wg / lanesPerNet per workgroup: a lone
 * network gets a workgroup (8 lanes on llvmpipe: one SIMD group; 64 on GPUs); a batch on
 * llvmpipe gets one lane per network, padded to whole workgroups, and that lane keeps its
 * network in registers for a whole dispatch (kernels/mlp_codegen.ts).
 *
 * On a CPU adapter X and Y are also copied into a uniform buffer when they fit (64 KiB) and
 * read from there: llvmpipe turns each storage-buffer load into a loop over the lanes with a
 * branch and a bounds check per lane, a uniform-buffer load into one gather (3 loads per
 * example: ~18 ns → ~5 ns for 8 lanes).
 *
 * Layouts, per network:
 * - state: P parameters W1, …, WL (row-major n_l × n_{l−1}), b1, …, bL; then P velocities
 *   (momentum) or P first moments v and P second moments s (Adam).
 * - aux: HYPER f32 scalars per network (`hyperWords`), then the dropout masks (hidden rows
 *   n_1, …, n_{L−1} stacked, m columns) per network.
 * - sched (per read-back chunk): the example order of each epoch of the chunk (u32, m words per
 *   epoch; none in batch mode), then for Adam per network and step f32(lr/(1 − β1ᵗ)) and
 *   f32(1/√(1 − β2ᵗ)), computed in float64 as nn/optimizers.ts does.
 * - costs (per chunk): one word per network and epoch of the chunk (logged epochs are
 *   written), then one status word per network and dispatch.
 * - scratch: per network lanesPerNet gradient partials per parameter, as many cost partials
 *   and (loop form) the lanes' per-example vectors.
 *
 * llvmpipe ends all loops of a shader invocation after 65535 iterations in total
 * (LP_MAX_TGSI_LOOP_ITERATIONS), which a long dispatch would hit silently. The kernel reports
 * how much of that budget is left (its canary loop); the first epoch of each geometry measures
 * the cost per epoch, later dispatches are sized to use at most 80% of it, and every dispatch's
 * status is checked. On adapters without the limit the canary always runs in full.
 *
 * @module
 */
import {
  ACTIVATIONS,
  MLP_OPTIMIZERS,
  type MlpArch,
  type MlpCost,
  type MlpDeclined,
  type MlpHyper,
  type MlpJob,
  type MlpResult,
  type MlpSchedule,
  type Tensor,
} from "./backend.ts";
import type { Buf, Device } from "./device.ts";
import { MLP_HIDDEN, mlpVariantName } from "./mlp_codegen.ts";
import { RandomState } from "../numpy/rng.ts";

/** Limits of the kernel: layers (weight matrices), units per layer (input included). */
export const FUSED_MAX_LAYERS = 5;
export const FUSED_MAX_UNITS = 64;
/**
 * Parameters up to which phase 1 is generated as straight-line code. Compiling it is the cost:
 * on llvmpipe ~3–6 s at 127 parameters, ~15–35 s at 200–340, minutes near 1000 (once per
 * machine: Mesa caches compiled shaders on disk).
 */
export const STRAIGHT_LINE_MAX_PARAMS = 256;
const HYPER = 16;
/** llvmpipe's loop iterations per shader invocation (LP_MAX_TGSI_LOOP_ITERATIONS). */
const LOOP_BUDGET = 65535;
/** The share of it a dispatch's steps may use (epochs vary a little: logged ones cost more). */
const BUDGET_SHARE = 0.8;
/** Uniform words (mlp_train.wgsl's Params). */
const UNIFORM_WORDS = 18;
/**
 * Parameters up to which a lane that trains a network of its own takes 4 examples per loop
 * iteration: on llvmpipe a [2, 4, 1] batch then runs ~11% faster (independent examples
 * overlap, and the loop's own cost is shared), for ~2× the compile time; a [2, 10, 5, 1] gains
 * nothing. Lanes that share a network gained nothing either.
 */
const UNROLL_MAX_PARAMS = 32;
/** mlp_train.wgsl's XYU: X and Y fit it up to this many words. */
const XY_UNIFORM_WORDS = 16384;

/** Why an architecture cannot be fused, or null when it can. */
export function archUnsupported(arch: Pick<MlpArch, "dims" | "hidden">): string | null {
  const { dims, hidden } = arch;
  const L = dims.length - 1;
  if (L < 1 || L > FUSED_MAX_LAYERS) return `${L} layers (1..${FUSED_MAX_LAYERS} fuse)`;
  if (!dims.every((n) => Number.isInteger(n) && n >= 1 && n <= FUSED_MAX_UNITS)) {
    return `layer dims [${dims}] (each 1..${FUSED_MAX_UNITS} fuse)`;
  }
  if (hidden.length !== L - 1) return `${hidden.length} hidden activations for ${L - 1} layers`;
  const bad = hidden.find((g) => !MLP_HIDDEN.includes(g));
  if (bad !== undefined) return `hidden activation ${bad}`;
  return null;
}

/** The parameter vector's layout: offsets (in words) of W_l and b_l, l = 1..L (index l − 1). */
export function paramLayout(dims: readonly number[]): { W: number[]; b: number[]; P: number } {
  const L = dims.length - 1;
  const W: number[] = [], b: number[] = [];
  let o = 0;
  for (let l = 1; l <= L; l++) {
    W.push(o);
    o += dims[l] * dims[l - 1];
  }
  for (let l = 1; l <= L; l++) {
    b.push(o);
    o += dims[l];
  }
  return { W, b, P: o };
}

/** An adapter that runs shaders on the CPU (llvmpipe, lavapipe, SwiftShader). */
export function isCpuAdapter(device: Device): boolean {
  const f = device.facts;
  return f.isFallbackAdapter || /llvmpipe|lavapipe|swiftshader/i.test(f.description);
}

/**
 * Whether to fuse a network of P parameters on this device: always in the straight-line form;
 * in the loop form only on GPUs (on llvmpipe it is slower than the layered path, whose matmuls
 * at least use every core).
 */
export function fusedWorthIt(device: Device, P: number): boolean {
  return P <= STRAIGHT_LINE_MAX_PARAMS || !isCpuAdapter(device);
}

/** An epoch of this network does not fit one dispatch on this adapter: train it another way. */
export class FusedLimitError extends Error {
  override name = "FusedLimitError";
}

/** Per pipeline: loop iterations per epoch, per batch geometry (0: no budget; Infinity: too many). */
const LOOP_COSTS = new WeakMap<GPUComputePipeline, Map<string, number>>();

/**
 * A training job: N networks of one architecture over the same X (n_0 × m) and Y (n_L × m),
 * their state on the device. Fill the state (`uploadState`, or copy into `state`), `run`, then
 * read or copy the state out; `dispose` returns the buffers.
 */
export class FusedMlpJob {
  readonly L: number;
  readonly P: number;
  readonly layout: { W: number[]; b: number[]; P: number };
  /** State words per network: P·(1 + optimiser state vectors). */
  readonly stride: number;
  /** Lanes per workgroup. */
  readonly wg: number;
  /** Lanes per network (a divisor of wg): wg / lanesPerNet networks per workgroup. */
  readonly lanesPerNet: number;
  /** Phase 1 as straight-line code (small networks) or as loops. */
  readonly straight: boolean;
  readonly state: Buf;
  /** Hyper words, then masks: copy masks in at `maskWord(n)` (words). */
  readonly aux: Buf;
  readonly #scratch: Buf;
  readonly #maskWords: number;
  readonly #pipeline: GPUComputePipeline;
  readonly #loopCost: Map<string, number>;
  #disposed = false;

  /**
   * @param masks dropout masks per network (hidden rows stacked, m columns, 0/1) when the
   *   caller does not copy them into `aux` itself; null otherwise.
   * @param opts.wg lanes per workgroup; by default 8 (one SIMD group) on a CPU adapter with
   *   straight-line code, 256 there with loops (each group of 8 has its own loop budget), and
   *   64 on GPUs.
   * @param opts.lanesPerNet lanes per network; by default all of a workgroup's, except for
   *   several networks in straight-line form on a CPU adapter: one lane each, so that the
   *   lanes read each example together and skip the sums over lanes (the job is padded to
   *   whole workgroups with networks whose learning rate is 0).
   * @param opts.straightLine force the phase-1 form (default: straight-line up to
   *   STRAIGHT_LINE_MAX_PARAMS parameters).
   */
  constructor(
    readonly device: Device,
    readonly arch: MlpArch,
    readonly hyper: readonly MlpHyper[],
    readonly X: Buf,
    readonly Y: Buf,
    readonly m: number,
    masks: readonly ArrayLike<number>[] | null,
    opts: { wg?: number; lanesPerNet?: number; straightLine?: boolean } = {},
  ) {
    const why = archUnsupported(arch);
    if (why) throw new RangeError(`fused mlp: unsupported ${why}`);
    if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`fused mlp: m = ${m}`);
    const N = hyper.length;
    if (N < 1) throw new RangeError("fused mlp: no networks");
    const dims = arch.dims;
    this.L = dims.length - 1;
    this.layout = paramLayout(dims);
    this.P = this.layout.P;
    this.stride = this.P * (arch.optimizer === "adam" ? 3 : arch.optimizer === "momentum" ? 2 : 1);
    this.straight = opts.straightLine ?? this.P <= STRAIGHT_LINE_MAX_PARAMS;
    const cpu = isCpuAdapter(device);
    this.wg = opts.wg ?? (cpu ? (this.straight ? 8 : 256) : 64);
    this.lanesPerNet = opts.lanesPerNet ?? (cpu && this.straight && N > 1 ? 1 : this.wg);
    if (!(this.lanesPerNet >= 1 && this.wg % this.lanesPerNet === 0)) {
      throw new RangeError(
        `fused mlp: ${this.lanesPerNet} lanes per network, ${this.wg} per group`,
      );
    }
    const perGroup = this.wg / this.lanesPerNet;
    this.#padded = Math.ceil(N / perGroup) * perGroup;
    // Padding networks: learning rate 0, zero state.
    this.#hyper = [...hyper, ...new Array(this.#padded - N).fill({ learningRate: 0 })];
    const Np = this.#padded;
    const hiddenRows = dims.slice(1, -1).reduce((a, n) => a + n, 0);
    this.#maskWords = arch.dropout ? hiddenRows * m : 0;
    if (masks && masks.length !== N) {
      throw new RangeError(`fused mlp: ${masks.length} mask sets for ${N} networks`);
    }
    const auxWords = new Float32Array(Np * HYPER + Np * this.#maskWords);
    if (arch.dropout && masks) {
      masks.forEach((mk, n) => {
        if (mk.length !== this.#maskWords) {
          throw new RangeError(
            `fused mlp: mask set ${n} has ${mk.length} values, not ${hiddenRows}×${m}`,
          );
        }
        auxWords.set(mk, this.maskWord(n));
      });
    }
    this.aux = device.upload(auxWords);
    this.state = device.upload(new Float32Array(Np * this.stride));
    // Loop form: P partials, the cost, A_0..A_{L−1}, Z_1..Z_L and two dZ vectors per lane.
    const units = dims.reduce((a, n) => a + n, 0);
    const slots = this.straight
      ? this.P + 1
      : this.P + 1 + 2 * units - dims[0] - dims[this.L] + 128;
    this.#scratch = device.acquire(Np * slots * this.lanesPerNet * 4);
    this.#scratchStride = slots * this.lanesPerNet;
    // X and Y through a uniform buffer where that is faster (a CPU adapter) and they fit; the
    // kernel binds one either way (a placeholder when unused).
    this.#xyUniform = cpu && (dims[0] + dims[this.L]) * m <= XY_UNIFORM_WORDS;
    this.#xyu = device.gpu.createBuffer({
      size: XY_UNIFORM_WORDS * 4,
      usage: 0x40 | 0x08, // UNIFORM | COPY_DST
      label: "mlp_train XYU",
    });

    const constants: Record<string, number> = {
      WG: this.wg,
      LPN: this.lanesPerNet,
      L: this.L,
      // The backend's defaults when the spec gives no parameter.
      SLOPE: arch.activationParam ?? 0.01,
      ALPHA: arch.activationParam ?? 1,
      OPT: MLP_OPTIMIZERS.indexOf(arch.optimizer),
      L2: arch.l2 ? 1 : 0,
      DROPOUT: arch.dropout ? 1 : 0,
      XY_UNIFORM: this.#xyUniform ? 1 : 0,
    };
    for (let l = 0; l <= 5; l++) constants[`N${l}`] = dims[l] ?? 1;
    for (let l = 1; l <= 4; l++) {
      const g = arch.hidden[l - 1];
      constants[`G${l}`] = g === undefined ? 0 : ACTIVATIONS.indexOf(g);
    }
    const name = this.straight
      ? mlpVariantName({
        dims,
        hidden: arch.hidden,
        dropout: arch.dropout,
        ownLane: this.lanesPerNet === 1,
        unroll: this.lanesPerNet === 1 && this.P <= UNROLL_MAX_PARAMS ? 4 : 1,
      })
      : "mlp_train";
    this.#pipeline = device.pipeline(name, constants);
    let costs = LOOP_COSTS.get(this.#pipeline);
    if (!costs) LOOP_COSTS.set(this.#pipeline, costs = new Map());
    this.#loopCost = costs;
  }

  readonly #scratchStride: number;
  readonly #xyUniform: boolean;
  readonly #xyu: GPUBuffer;
  /** Networks on the device: the real ones, then padding up to whole workgroups. */
  readonly #padded: number;
  readonly #hyper: MlpHyper[];

  get networks(): number {
    return this.hyper.length;
  }

  /** Where network n's dropout masks start in `aux` (words). */
  maskWord(n: number): number {
    return this.#padded * HYPER + n * this.#maskWords;
  }

  /** Writes the state of every network from host values (`stride` words each). */
  uploadState(values: Float32Array): void {
    this.#check();
    if (values.length !== this.networks * this.stride) {
      throw new RangeError(
        `fused mlp: ${values.length} state words, want ${this.networks * this.stride}`,
      );
    }
    // A fresh buffer holding the values, copied over the state in queue order.
    const src = this.device.upload(values);
    copyBuffers(this.device, [{
      src,
      srcWord: 0,
      dst: this.state,
      dstWord: 0,
      words: values.length,
    }]);
    this.device.release(src);
  }

  /** Reads every network's state back (one wait). */
  async readState(): Promise<Float32Array> {
    this.#check();
    const [s] = await this.device.read([
      { buf: this.state, bytes: this.networks * this.stride * 4 },
    ]);
    return s;
  }

  /**
   * Runs the schedule. `onChunk` sees each read-back chunk's logged costs (per network) as soon
   * as they are read, in order.
   * @throws {FusedLimitError} when one epoch does not fit llvmpipe's loop budget; the state
   *   is then not worth keeping (the caller trains another way).
   */
  async run(
    s: MlpSchedule,
    onChunk?: (costs: MlpCost[][]) => void,
  ): Promise<MlpResult> {
    this.#check();
    // Buffers and dispatches cover the padded networks; results are for the real ones.
    const N = this.#padded, real = this.networks, m = this.m;
    const epochs = s.epochs;
    if (!(Number.isInteger(epochs) && epochs >= 0)) throw new RangeError(`epochs = ${epochs}`);
    const size = Math.min(s.miniBatchSize ?? m, m);
    if (!(Number.isInteger(size) && size >= 1)) {
      throw new RangeError(`mini-batch size must be a positive integer, got ${size}`);
    }
    const nb = Math.ceil(m / size);
    const shuffle = nb > 1 && (s.shuffle ?? true);
    const seed = s.seed ?? 0;
    const logEvery = s.logEvery ?? 100;
    const logLast = s.logLast ?? true;
    const adam = this.arch.optimizer === "adam";
    const logged = (e: number) => e % logEvery === 0 || (logLast && e === epochs - 1);
    const loopCost = this.#loopCost;
    const lastSize = m - (nb - 1) * size;
    const aux = new Float32Array(N * HYPER);
    this.#hyper.forEach((h, n) => aux.set(hyperWords(h, size, lastSize, m), n * HYPER));
    const hyperSrc = this.device.upload(aux);
    copyBuffers(this.device, [{
      src: hyperSrc,
      srcWord: 0,
      dst: this.aux,
      dstWord: 0,
      words: aux.length,
    }]);
    this.device.release(hyperSrc);
    if (this.#xyUniform) {
      // X's rows then Y's, as they are now.
      this.device.submit();
      const enc = this.device.gpu.createCommandEncoder();
      const xw = this.arch.dims[0] * m, yw = this.arch.dims[this.L] * m;
      enc.copyBufferToBuffer(this.X.buffer, 0, this.#xyu, 0, xw * 4);
      enc.copyBufferToBuffer(this.Y.buffer, 0, this.#xyu, xw * 4, yw * 4);
      this.device.gpu.queue.submit([enc.finish()]);
    }

    // Epochs per chunk (read-back) and per dispatch.
    let perRead = Math.max(1, Math.ceil((s.readEvery ?? 1000) / nb));
    const grow = !s.stopOnNonFinite;
    const target = s.chunkTargetMs ?? 100;
    const geometry = `m=${m}|mb=${size}`;
    const wanted = Math.max(1, Math.floor((s.stepsPerDispatch ?? 1000) / nb));
    const perDispatch = () => {
      const perEpoch = loopCost.get(geometry);
      if (!perEpoch) return wanted;
      return Math.max(1, Math.min(wanted, Math.floor(LOOP_BUDGET * BUDGET_SHARE / perEpoch)));
    };
    if (loopCost.get(geometry) === Infinity) {
      throw new FusedLimitError("fused mlp: one epoch exceeds llvmpipe's loop budget");
    }

    interface Chunk {
      e0: number;
      e1: number;
      sched: Buf;
      costs: Buf;
      uniforms: GPUBuffer[];
      /** Status words written so far (one per network and dispatch), from statusBase. */
      dispatches: number;
      statusBase: number;
      /** Status words to skip when checking (the calibration dispatch's). */
      checkFrom: number;
      started: number;
    }
    const makeChunk = (e0: number): Chunk => {
      const e1 = Math.min(epochs, e0 + perRead);
      const E = e1 - e0;
      const permWords = shuffle ? E * m : 0;
      const steps = E * nb;
      const tableWords = adam ? steps * 2 : 0;
      const words = new Uint32Array(Math.max(4, permWords + N * tableWords));
      for (let e = e0; shuffle && e < e1; e++) {
        words.set(new RandomState(seed + 1 + e).permutation(m), (e - e0) * m);
      }
      if (adam) {
        // Adam's step sizes in float64 as nn/optimizers.ts computes them, t counting steps.
        const t = new Float32Array(words.buffer, permWords * 4, N * tableWords);
        this.#hyper.forEach((h, n) => {
          const b1 = h.beta1 ?? 0.9, b2 = h.beta2 ?? 0.999;
          const t0 = (h.adamT0 ?? 0) + e0 * nb;
          for (let q = 0; q < steps; q++) {
            const tt = t0 + q + 1;
            t[n * tableWords + 2 * q] = h.learningRate / (1 - b1 ** tt);
            t[n * tableWords + 2 * q + 1] = 1 / Math.sqrt(1 - b2 ** tt);
          }
        });
      }
      return {
        e0,
        e1,
        sched: this.device.upload(new Float32Array(words.buffer)),
        // Status words: one per dispatch at most, i.e. one per epoch.
        costs: this.device.acquire(N * 2 * E * 4),
        uniforms: [],
        dispatches: 0,
        statusBase: N * E,
        checkFrom: 0,
        started: performance.now(),
      };
    };
    const uniformFor = (c: Chunk, from: number, to: number, canary: number): GPUBuffer => {
      const E = c.e1 - c.e0;
      const words = [
        m,
        size,
        nb,
        from,
        to,
        c.e0,
        epochs,
        logEvery,
        logLast ? 1 : 0,
        shuffle ? m : 0,
        E,
        shuffle ? E * m : 0,
        adam ? E * nb * 2 : 0,
        this.#scratchStride,
        N * HYPER,
        this.#maskWords,
        canary,
        c.statusBase + c.dispatches * N,
      ];
      const buf = this.device.gpu.createBuffer({
        size: Math.ceil(UNIFORM_WORDS / 4) * 16,
        usage: 0x40, // UNIFORM
        mappedAtCreation: true,
      });
      new Uint32Array(buf.getMappedRange()).set(words);
      buf.unmap();
      c.uniforms.push(buf);
      c.dispatches++;
      return buf;
    };
    // Encodes dispatches over [from, c.e1) (or just `one` epoch) in one compute pass.
    const encode = (c: Chunk, from: number, one: boolean, canary: number) => {
      const pipeline = this.#pipeline;
      const layout = pipeline.getBindGroupLayout(0);
      const bufs = [this.X, this.Y, this.aux, c.sched, this.state, c.costs, this.#scratch];
      this.device.submit(); // whatever the device has queued runs first
      const enc = this.device.gpu.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      for (let d0 = from; d0 < c.e1;) {
        const d1 = one ? d0 + 1 : Math.min(c.e1, d0 + perDispatch());
        const ub = uniformFor(c, d0, d1, canary);
        pass.setBindGroup(
          0,
          this.device.gpu.createBindGroup({
            layout,
            entries: [
              { binding: 0, resource: { buffer: ub } },
              ...bufs.map((b, i) => ({ binding: i + 1, resource: { buffer: b.buffer } })),
              { binding: 8, resource: { buffer: this.#xyu } },
            ],
          }),
        );
        pass.dispatchWorkgroups(N / (this.wg / this.lanesPerNet));
        d0 = d1;
        if (one) break;
      }
      pass.end();
      this.device.gpu.queue.submit([enc.finish()]);
    };
    const read = (c: Chunk) =>
      this.device.read([{ buf: c.costs, bytes: (c.statusBase + c.dispatches * N) * 4 }])
        .then((r) => r[0]);
    const release = (c: Chunk) => {
      this.device.release(c.sched);
      this.device.release(c.costs);
      for (const b of c.uniforms) b.destroy();
    };
    const finish = (c: Chunk, raw: Float32Array): MlpCost[][] => {
      release(c);
      for (let i = c.checkFrom; i < c.dispatches * N; i++) {
        if (raw[c.statusBase + i] !== 2) {
          loopCost.delete(geometry);
          throw new Error(
            `fused mlp: a dispatch stopped short of its steps (llvmpipe's loop budget; status ` +
              `${raw[c.statusBase + i]}): lower stepsPerDispatch`,
          );
        }
      }
      const E = c.e1 - c.e0;
      const out: MlpCost[][] = [];
      for (let n = 0; n < real; n++) {
        const list: MlpCost[] = [];
        for (let e = c.e0; e < c.e1; e++) {
          if (logged(e)) list.push({ epoch: e, step: e * nb, cost: raw[n * E + e - c.e0] });
        }
        out.push(list);
      }
      return out;
    };
    const start = async (e0: number): Promise<Chunk> => {
      const c = makeChunk(e0);
      if (!loopCost.has(geometry)) {
        // One epoch with a large canary: what is left of the budget gives the epoch's cost.
        encode(c, e0, true, LOOP_BUDGET);
        const raw = await read(c);
        let left = LOOP_BUDGET;
        for (let n = 0; n < N; n++) left = Math.min(left, raw[c.statusBase + n]);
        if (left >= LOOP_BUDGET) {
          loopCost.set(geometry, 0); // no budget: a GPU, or llvmpipe without the limit
        } else if (left < LOOP_BUDGET * (1 - BUDGET_SHARE)) {
          loopCost.set(geometry, Infinity);
          release(c);
          throw new FusedLimitError(
            `fused mlp: one epoch takes ${LOOP_BUDGET - left} of llvmpipe's ${LOOP_BUDGET} ` +
              `loop iterations per dispatch`,
          );
        } else {
          loopCost.set(geometry, LOOP_BUDGET - left);
        }
        c.checkFrom = N; // the calibration dispatch's status is its own
        if (e0 + 1 < c.e1) encode(c, e0 + 1, false, 2);
      } else {
        encode(c, e0, false, 2);
      }
      return c;
    };

    const all: MlpCost[][] = Array.from({ length: real }, () => []);
    let stopped = false, done = 0;
    if (epochs > 0) {
      let cur = await start(0);
      let pending = read(cur);
      while (true) {
        // Read-ahead: the next chunk is queued before this one's costs are awaited.
        const next = grow && cur.e1 < epochs ? await start(cur.e1) : null;
        const chunkCosts = finish(cur, await pending);
        done = cur.e1;
        chunkCosts.forEach((l, n) => all[n].push(...l));
        onChunk?.(chunkCosts);
        if (s.stopOnNonFinite && chunkCosts.some((l) => l.some((c) => !Number.isFinite(c.cost)))) {
          stopped = true;
        }
        if (stopped || done >= epochs) break;
        if (grow && performance.now() - cur.started < target) perRead *= 2;
        cur = next ?? await start(done);
        pending = read(cur);
      }
    }
    return { costs: all, steps: done * nb, epochs: done, stopped };
  }

  #check(): void {
    if (this.#disposed) throw new Error("fused mlp: job used after dispose()");
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const b of [this.state, this.aux, this.#scratch]) this.device.release(b);
    this.#xyu.destroy();
  }
}

/**
 * The webgpu backend's `trainMlp`: runs `job` on `device`, `bufOf` giving each tensor's buffer.
 * The networks' parameters (and optimiser state, when given) and masks are copied into a
 * `FusedMlpJob`, trained, and the parameters and state copied back. Declines, changing nothing,
 * an architecture the kernel does not implement, a network too large for the straight-line
 * form on a CPU adapter (the loop form is slower there than the layered path), and an epoch
 * that does not fit llvmpipe's loop budget even with a workgroup's lanes per network.
 * @throws {RangeError} for a job whose tensors do not fit its architecture.
 */
export async function trainMlpOnDevice(
  device: Device,
  job: MlpJob,
  bufOf: (t: Tensor) => Buf,
): Promise<MlpResult | MlpDeclined> {
  const why = archUnsupported(job.arch);
  if (why) return { declined: `fused mlp: unsupported ${why}` };
  const P = paramLayout(job.arch.dims).P;
  if (!fusedWorthIt(device, P)) {
    return { declined: `fused mlp: ${P} parameters on a CPU adapter (slower than layered there)` };
  }
  checkJob(job);
  const m = job.X.shape[1];
  // One lane per network for a batch on a CPU adapter (the default); should an epoch not fit
  // llvmpipe's loop budget that way (m in the tens of thousands), a workgroup's lanes each.
  const groupLanes = isCpuAdapter(device) ? 8 : 64;
  let lanes: number | undefined;
  while (true) {
    const hyper = job.nets.map((n) => n.hyper);
    const fj = new FusedMlpJob(
      device,
      job.arch,
      hyper,
      bufOf(job.X),
      bufOf(job.Y),
      m,
      null,
      lanes === undefined ? {} : { lanesPerNet: lanes },
    );
    try {
      const copies = stateCopies(fj, job, bufOf);
      copyBuffers(device, copies);
      const r = await fj.run(job.schedule, job.onChunk);
      // Parameters and optimiser state back into the same tensors.
      copyBuffers(
        device,
        copies.filter((c) => c.dst === fj.state).map((c) => ({
          src: fj.state,
          srcWord: c.dstWord,
          dst: c.src,
          dstWord: 0,
          words: c.words,
        })),
      );
      return r;
    } catch (e) {
      // Nothing was written back, nor reported to onChunk, before the budget was measured.
      if (!(e instanceof FusedLimitError)) throw e;
      if (fj.lanesPerNet >= groupLanes) return { declined: e.message };
      lanes = groupLanes;
    } finally {
      fj.dispose();
    }
  }
}

type Copy = Parameters<typeof copyBuffers>[1][number];

/** Copies of each network's parameters, optimiser state and masks into the job's buffers. */
function stateCopies(fj: FusedMlpJob, job: MlpJob, bufOf: (t: Tensor) => Buf): Copy[] {
  const { W, b, P } = fj.layout;
  const copies: Copy[] = [];
  const into = (t: Tensor, dst: Buf, dstWord: number) =>
    copies.push({ src: bufOf(t), srcWord: 0, dst, dstWord, words: t.size });
  job.nets.forEach((net, n) => {
    net.params.forEach((t, i) => {
      const at = n * fj.stride + (i % 2 === 0 ? W[i >> 1] : b[i >> 1]);
      into(t, fj.state, at);
      net.state?.forEach((vs, k) => into(vs[i], fj.state, at + (k + 1) * P));
    });
    let row = 0;
    for (const d of job.arch.dropout ? net.masks ?? [] : []) {
      into(d, fj.aux, fj.maskWord(n) + row * job.X.shape[1]);
      row += d.shape[0];
    }
  });
  return copies;
}

/** Each network's tensors must fit the architecture, X and Y each other. */
function checkJob(job: MlpJob): void {
  const { dims, optimizer, dropout } = job.arch;
  const L = dims.length - 1, m = job.X.shape[1];
  const shape = (t: Tensor, r: number, c: number, what: string) => {
    if (t.shape[0] !== r || t.shape[1] !== c) {
      throw new RangeError(`trainMlp: ${what} is [${t.shape}], not [${r}, ${c}]`);
    }
  };
  shape(job.X, dims[0], m, "X");
  shape(job.Y, dims[L], m, "Y");
  if (job.nets.length === 0) throw new RangeError("trainMlp: no networks");
  const vectors = optimizer === "adam" ? 2 : optimizer === "momentum" ? 1 : 0;
  job.nets.forEach((net, n) => {
    if (net.params.length !== 2 * L) {
      throw new RangeError(`trainMlp: network ${n} has ${net.params.length} tensors, not ${2 * L}`);
    }
    net.params.forEach((t, i) => {
      const l = (i >> 1) + 1;
      const [r, c] = i % 2 === 0 ? [dims[l], dims[l - 1]] : [dims[l], 1];
      shape(t, r, c, `network ${n}'s ${i % 2 === 0 ? "W" : "b"}${l}`);
      net.state?.forEach((vs, k) => shape(vs[i], r, c, `network ${n}'s state ${k} of tensor ${i}`));
    });
    if (net.state && net.state.length !== vectors) {
      throw new RangeError(
        `trainMlp: ${optimizer} keeps ${vectors} state vectors, not ${net.state.length}`,
      );
    }
    if (dropout) {
      const masks = net.masks ?? [];
      if (masks.length !== L - 1) {
        throw new RangeError(
          `trainMlp: network ${n} has ${masks.length} masks for ${L - 1} hidden layers`,
        );
      }
      masks.forEach((d, l) => shape(d, dims[l + 1], m, `network ${n}'s mask ${l + 1}`));
    }
  });
}

/** The HYPER words of one network for mini-batches of `size` and a last one of `last`. */
function hyperWords(h: MlpHyper, size: number, last: number, m: number): Float32Array {
  const w = new Float32Array(HYPER);
  const lam = h.lambd ?? 0;
  w[0] = h.learningRate;
  w[1] = 1 - (h.beta ?? 0.9);
  w[2] = 1 - (h.beta1 ?? 0.9);
  w[3] = 1 - (h.beta2 ?? 0.999);
  w[4] = h.epsilon ?? 1e-8;
  w[5] = 1 / (h.keepProb ?? 1);
  const at = (mb: number, o: number) => {
    w[o] = 1 / mb;
    w[o + 1] = lam / mb;
    w[o + 2] = lam / (2 * mb);
    w[o + 3] = mb / m;
  };
  at(size, 6);
  at(last, 10);
  return w;
}

/** Copies word ranges between buffers, in queue order after everything encoded so far. */
export function copyBuffers(
  device: Device,
  copies: readonly { src: Buf; srcWord: number; dst: Buf; dstWord: number; words: number }[],
): void {
  if (copies.length === 0) return;
  device.submit();
  const enc = device.gpu.createCommandEncoder();
  for (const c of copies) {
    enc.copyBufferToBuffer(c.src.buffer, c.srcWord * 4, c.dst.buffer, c.dstWord * 4, c.words * 4);
    device.markWritten(c.dst);
  }
  device.gpu.queue.submit([enc.finish()]);
}
