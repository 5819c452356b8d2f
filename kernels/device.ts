/**
 * The WebGPU device and what makes it fast on llvmpipe: pipelines compiled once and cached,
 * storage buffers pooled by size, uniform buffers and bind groups cached by content, and all
 * dispatches encoded into one compute pass until a read or flush submits them (a waited submit
 * costs ~11 ms there, a dispatch ~35 µs).
 */
/// <reference types="@webgpu/types" />
import type { AdapterFacts } from "./backend.ts";
import { kernelSource } from "./kernel_sources.ts";

/** No adapter could be had (no GPU and no software fallback, or WebGPU unavailable). */
export class NoAdapterError extends Error {
  override name = "NoAdapterError";
}

/** A storage buffer with a stable id, so bind groups can be cached by the buffers they bind. */
export interface Buf {
  readonly id: number;
  readonly buffer: GPUBuffer;
  readonly bytes: number;
}

/** A texture view bound after the buffers of a dispatch, with a stable id for bind-group caching. */
export interface TexView {
  readonly id: number;
  readonly view: GPUTextureView;
}

/** Uniform contents: each entry is a u32 or an f32 word, in the WGSL struct's order. */
export type UniformWord = { u: number } | { f: number };

const STORAGE_USAGE = 0x80 /* STORAGE */ | 0x04 /* COPY_SRC */ | 0x08; /* COPY_DST */
const MAP_READ_USAGE = 0x01 /* MAP_READ */ | 0x08; /* COPY_DST */
const UNIFORM_USAGE = 0x40; /* UNIFORM */
/** Caches keyed by content grow with distinct shapes; past this they are simply cleared. */
const CACHE_LIMIT = 4096;
/**
 * Dispatches per command buffer before it is submitted without waiting: long training loops
 * then stream to the queue instead of building one huge command buffer.
 */
const DISPATCHES_PER_SUBMIT = 4096;

export class Device {
  #nextId = 1;
  #pool = new Map<number, Buf[]>();
  #staging = new Map<number, GPUBuffer[]>();
  #pipelines = new Map<string, GPUComputePipeline>();
  #uniforms = new Map<string, GPUBuffer>();
  #bindGroups = new Map<string, GPUBindGroup>();
  #pipelineIds = new WeakMap<GPUComputePipeline, number>();
  #encoder: GPUCommandEncoder | null = null;
  #encoded = 0;
  #pass: GPUComputePassEncoder | null = null;
  #error: string | null = null;

  private constructor(readonly gpu: GPUDevice, readonly facts: AdapterFacts) {
    gpu.addEventListener("uncapturederror", (e) => {
      this.#error ??= (e as GPUUncapturedErrorEvent).error.message;
    });
  }

  /** Opens the default adapter with the limits large models need (defaults are below them). */
  static async open(): Promise<Device> {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) throw new NoAdapterError("WebGPU is not available in this runtime");
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) throw new NoAdapterError("navigator.gpu.requestAdapter() returned no adapter");
    const lim = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
        maxBufferSize: lim.maxBufferSize,
        maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: lim.maxComputeInvocationsPerWorkgroup,
        maxStorageBuffersPerShaderStage: lim.maxStorageBuffersPerShaderStage,
        maxTextureDimension2D: lim.maxTextureDimension2D,
      },
    });
    const info = adapter.info;
    const facts: AdapterFacts = {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: (info as GPUAdapterInfo & { isFallbackAdapter?: boolean })
        .isFallbackAdapter ?? false,
    };
    return new Device(device, facts);
  }

  /** A storage buffer of at least `bytes`, from the pool when one of that size is free. */
  acquire(bytes: number): Buf {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const free = this.#pool.get(size);
    if (free?.length) {
      const buf = free.pop()!;
      this.markWritten(buf); // new contents for a new owner
      return buf;
    }
    const buffer = this.gpu.createBuffer({ size, usage: STORAGE_USAGE });
    return { id: this.#nextId++, buffer, bytes: size };
  }

  /** Counts writes per buffer, so copies of its contents (operand textures) know when they are stale. */
  #versions = new Map<number, number>();

  /** How many times `buf` has been (possibly) written: dispatches, copies, reuse from the pool. */
  version(buf: Buf): number {
    return this.#versions.get(buf.id) ?? 0;
  }

  /** Records a write to `buf` made outside `dispatch` (e.g. a copy encoded by the caller). */
  markWritten(buf: Buf): void {
    this.#versions.set(buf.id, this.version(buf) + 1);
  }

  /** A new id for a texture view, from the same counter as buffers. */
  nextId(): number {
    return this.#nextId++;
  }

  /** A buffer holding `data`, written at creation so it needs no ordering with queued work. */
  upload(data: Float32Array): Buf {
    const size = Math.max(16, Math.ceil(data.byteLength / 16) * 16);
    const buffer = this.gpu.createBuffer({ size, usage: STORAGE_USAGE, mappedAtCreation: true });
    new Float32Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
    return { id: this.#nextId++, buffer, bytes: size };
  }

  /**
   * Returns a buffer to the pool. Safe while work that uses it is still queued: a later
   * dispatch that reuses it is encoded after, and the queue runs in order.
   */
  release(buf: Buf): void {
    const list = this.#pool.get(buf.bytes) ?? [];
    list.push(buf);
    this.#pool.set(buf.bytes, list);
  }

  /** Per pipeline of `pipeline()`: bindings its WGSL declares `var<storage, read>`. */
  #readOnly = new WeakMap<GPUComputePipeline, Set<number>>();

  /**
   * The compiled pipeline of kernel `name` (kernels/kernel_sources.ts: a file of kernels/wgsl/
   * or a generated kernel) specialised by override constants; compiled on first use.
   */
  pipeline(name: string, constants: Record<string, number> = {}): GPUComputePipeline {
    const key = `${name}|${JSON.stringify(constants)}`;
    let p = this.#pipelines.get(key);
    if (!p) {
      const code = kernelSource(name);
      const module = this.gpu.createShaderModule({ code, label: name });
      p = this.gpu.createComputePipeline({
        layout: "auto",
        compute: { module, entryPoint: "main", constants },
        label: key,
      });
      this.#pipelines.set(key, p);
      this.#pipelineIds.set(p, this.#pipelines.size);
      this.#readOnly.set(p, readOnlyBindings(code));
    }
    return p;
  }

  #uniform(words: readonly UniformWord[]): GPUBuffer {
    const n = Math.max(4, Math.ceil(words.length / 4) * 4);
    const bytes = new ArrayBuffer(n * 4);
    const u = new Uint32Array(bytes), f = new Float32Array(bytes);
    words.forEach((w, i) => {
      if ("u" in w) u[i] = w.u;
      else f[i] = w.f;
    });
    const key = Array.from(u).join(",");
    let buffer = this.#uniforms.get(key);
    if (!buffer) {
      if (this.#uniforms.size >= CACHE_LIMIT) this.#trimUniforms();
      buffer = this.gpu.createBuffer({ size: n * 4, usage: UNIFORM_USAGE, mappedAtCreation: true });
      new Uint32Array(buffer.getMappedRange()).set(u);
      buffer.unmap();
      this.#uniforms.set(key, buffer);
    }
    return buffer;
  }

  /** Drops cached uniforms only once queued work cannot still read them. */
  #trimUniforms(): void {
    this.submit();
    this.#bindGroups.clear();
    this.#uniforms.clear(); // the queue keeps buffers alive while submitted work uses them
  }

  /**
   * Encodes one dispatch of `pipeline` with the uniform at binding 0, `bufs` at bindings 1, 2, …
   * in order, then `views` (textures) at the bindings after them. Every bound buffer counts as
   * written unless the kernel declares it `read` (pipelines made elsewhere: all of them).
   */
  dispatch(
    pipeline: GPUComputePipeline,
    uniform: readonly UniformWord[],
    bufs: readonly Buf[],
    groups: readonly [number, number?, number?],
    views: readonly TexView[] = [],
  ): void {
    const ub = this.#uniform(uniform);
    const ids = bufs.map((b) => b.id).join(",") + "|" + views.map((v) => v.id).join(",");
    const key = `${this.#pipelineIds.get(pipeline)}|${this.#uniformKey(ub)}|${ids}`;
    let bg = this.#bindGroups.get(key);
    if (!bg) {
      if (this.#bindGroups.size >= CACHE_LIMIT) this.#bindGroups.clear();
      bg = this.gpu.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: ub } },
          ...bufs.map((b, i) => ({ binding: i + 1, resource: { buffer: b.buffer } })),
          ...views.map((v, i) => ({ binding: bufs.length + i + 1, resource: v.view })),
        ],
      });
      this.#bindGroups.set(key, bg);
    }
    const readOnly = this.#readOnly.get(pipeline);
    bufs.forEach((b, i) => {
      if (!readOnly?.has(i + 1)) this.markWritten(b);
    });
    const pass = this.#beginPass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    if (++this.#encoded >= DISPATCHES_PER_SUBMIT) this.submit();
  }

  #uniformIds = new WeakMap<GPUBuffer, number>();
  #uniformKey(b: GPUBuffer): number {
    let id = this.#uniformIds.get(b);
    if (id === undefined) {
      id = this.#nextId++;
      this.#uniformIds.set(b, id);
    }
    return id;
  }

  #beginPass(): GPUComputePassEncoder {
    this.#encoder ??= this.gpu.createCommandEncoder();
    this.#pass ??= this.#encoder.beginComputePass();
    return this.#pass;
  }

  #endPass(): GPUCommandEncoder {
    this.#encoder ??= this.gpu.createCommandEncoder();
    if (this.#pass) {
      this.#pass.end();
      this.#pass = null;
    }
    return this.#encoder;
  }

  /** Submits everything encoded so far without waiting. */
  submit(): void {
    if (!this.#encoder) return;
    const enc = this.#endPass();
    this.gpu.queue.submit([enc.finish()]);
    this.#encoder = null;
    this.#encoded = 0;
  }

  /** Submits and waits until the queue is idle. */
  async flush(): Promise<void> {
    this.submit();
    await this.gpu.queue.onSubmittedWorkDone();
    this.#throwIfFailed();
  }

  /** Copies each buffer's first `bytes` back with one submit and one wait. */
  async read(parts: readonly { buf: Buf; bytes: number }[]): Promise<Float32Array[]> {
    const enc = this.#endPass();
    const staged = parts.map(({ buf, bytes }) => {
      const size = Math.max(16, Math.ceil(bytes / 16) * 16);
      const free = this.#staging.get(size);
      const st = free?.pop() ?? this.gpu.createBuffer({ size, usage: MAP_READ_USAGE });
      enc.copyBufferToBuffer(buf.buffer, 0, st, 0, size);
      return { st, size, bytes };
    });
    this.submit();
    await Promise.all(staged.map(({ st }) => st.mapAsync(1 /* GPUMapMode.READ */)));
    this.#throwIfFailed();
    return staged.map(({ st, size, bytes }) => {
      const out = new Float32Array(st.getMappedRange(0, size).slice(0, bytes));
      st.unmap();
      const list = this.#staging.get(size) ?? [];
      list.push(st);
      this.#staging.set(size, list);
      return out;
    });
  }

  #throwIfFailed(): void {
    if (this.#error !== null) {
      const msg = this.#error;
      this.#error = null;
      throw new Error(`WebGPU error: ${msg}`);
    }
  }

  destroy(): void {
    this.submit();
    for (const list of this.#pool.values()) for (const b of list) b.buffer.destroy();
    for (const list of this.#staging.values()) for (const b of list) b.destroy();
    for (const b of this.#uniforms.values()) b.destroy();
    this.#pool.clear();
    this.#staging.clear();
    this.#uniforms.clear();
    this.#bindGroups.clear();
    this.gpu.destroy();
  }
}

/** The bindings a WGSL source declares as read-only storage (`var<storage, read>`). */
function readOnlyBindings(code: string): Set<number> {
  const out = new Set<number>();
  for (const m of code.matchAll(/@binding\((\d+)\)\s*var<storage,\s*read>/g)) out.add(Number(m[1]));
  return out;
}
