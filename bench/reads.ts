/**
 * What one operand read costs a shader, per lane, from each place WGSL can read a matrix: a
 * storage buffer (`array<vec4f>`), an rgba32float texture (`textureLoad`) and a uniform buffer
 * (at most 64 KB here). On llvmpipe these figures bound the matrix products (issue #3): a
 * register-blocked kernel with a TM×TN block of C per invocation makes TM + TN such reads per
 * 4·TM·TN multiply-adds, and the reads, not the arithmetic, take most of its time.
 *
 * Each probe kernel reads 256 vec4s per invocation at addresses that differ between lanes (as a
 * matrix product's do), over 16,384 invocations; the time of 1 dispatch is taken from that of 11
 * in one submit, so the ~11 ms wait of a submit cancels out. Reported as ns of one core per lane
 * and read, with the machine's 2 cores both busy.
 */
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { median } from "./timing.ts";

const LANES = 64 * 256;
const READS = 256;
/** Texture and storage operands: 1024 × 1024 vec4s (16 MB), bigger than the caches. */
const SIDE = 1024;

interface Probe {
  id: string;
  what: string;
  /** WGSL declaring binding 1 and `fn ld(x: u32, y: u32) -> vec4f`. */
  decl: string;
  /** The buffer or texture bound at 1 (destroyed after the probe). */
  make(device: GPUDevice): GPUBuffer | GPUTexture;
}

const PROBES: Probe[] = [
  {
    id: "storage",
    what: "storage buffer, array<vec4f>",
    decl: `@group(0) @binding(1) var<storage, read> s: array<vec4f>;
fn ld(x: u32, y: u32) -> vec4f { return s[y * ${SIDE}u + x]; }`,
    make: (device) =>
      device.createBuffer({ size: SIDE * SIDE * 16, usage: GPUBufferUsage.STORAGE }),
  },
  {
    id: "texture",
    what: "rgba32float texture, textureLoad",
    decl: `@group(0) @binding(1) var t: texture_2d<f32>;
fn ld(x: u32, y: u32) -> vec4f { return textureLoad(t, vec2u(x, y), 0); }`,
    make: (device) =>
      device.createTexture({
        size: [SIDE, SIDE],
        format: "rgba32float",
        usage: GPUTextureUsage.TEXTURE_BINDING,
      }),
  },
  {
    id: "uniform",
    what: "uniform buffer, array<vec4f, 4096> (64 KB)",
    decl: `@group(0) @binding(1) var<uniform> s: array<vec4f, 4096>;
fn ld(x: u32, y: u32) -> vec4f { return s[(y * 64u + x) & 4095u]; }`,
    make: (device) => device.createBuffer({ size: 65536, usage: GPUBufferUsage.UNIFORM }),
  },
];

/**
 * Four independent accumulators, 8 reads per loop turn, row y moving through the operand (the
 * 16 MB ones do not fit the caches; the 64 KB uniform buffer does, as it would in a product).
 */
function probeShader(decl: string): string {
  return `${decl}
@group(0) @binding(0) var<storage, read_write> out: array<vec4f>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  var a0 = vec4f(); var a1 = vec4f(); var a2 = vec4f(); var a3 = vec4f();
  let x = gid.x % 256u;
  for (var i = 0u; i < ${READS / 8}u; i++) {
    let y = (gid.x / 256u + i * 7u) % ${SIDE}u;
    a0 += ld(x, y); a1 += ld(x + 1u, y); a2 += ld(x + 2u, y); a3 += ld(x + 3u, y);
    a0 += ld(x + 4u, y); a1 += ld(x + 5u, y); a2 += ld(x + 6u, y); a3 += ld(x + 7u, y);
  }
  out[gid.x] = a0 + a1 + a2 + a3;
}`;
}

/**
 * Milliseconds of one dispatch of `probe` (median over `reps`). The probes are ad hoc shaders,
 * not kernels of kernels/wgsl/, so they go to the GPUDevice directly rather than through
 * Device's pipeline cache. A probe the adapter rejects throws: an invalid pipeline would
 * dispatch nothing and time as nearly free.
 */
async function timeProbe(device: GPUDevice, probe: Probe, reps: number): Promise<number> {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ code: probeShader(probe.decl) });
  const pipeline = device.createComputePipeline({
    layout: "auto",
    compute: { module, entryPoint: "main" },
  });
  const out = device.createBuffer({ size: LANES * 16, usage: GPUBufferUsage.STORAGE });
  const operand = probe.make(device);
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: out } },
      {
        binding: 1,
        resource: operand instanceof GPUTexture ? operand.createView() : { buffer: operand },
      },
    ],
  });
  const invalid = await device.popErrorScope();
  if (invalid) {
    const first = invalid.message.trim().split("\n")[0];
    throw new Error(`reads probe ${probe.id}: the adapter rejected it (${first})`);
  }
  const run = async (dispatches: number) => {
    const t = performance.now();
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let d = 0; d < dispatches; d++) pass.dispatchWorkgroups(LANES / 64);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t;
  };
  await run(1); // compile and first touch
  const per: number[] = [];
  for (let r = 0; r < reps; r++) per.push(((await run(11)) - (await run(1))) / 10);
  out.destroy();
  operand.destroy();
  return median(per);
}

export const readsBench: BenchModule = {
  id: "reads",
  describe: "ns per lane of one vec4 read: storage buffer, texture, uniform buffer",
  async run(ctx: BenchContext): Promise<Section> {
    const rows: Record<string, Cell>[] = [];
    const notes: string[] = [];
    if (!ctx.gpu) notes.push("webgpu: no adapter");
    else {
      const device = ctx.gpu.device.gpu;
      const reps = ctx.quick ? 3 : 7;
      const cores = navigator.hardwareConcurrency;
      for (const probe of PROBES) {
        ctx.log(`reads ${probe.id}`);
        const ms = await timeProbe(device, probe, reps);
        rows.push({
          read: probe.what,
          ns: (ms * 1e6 * cores) / (LANES * READS),
          ms,
        });
      }
      notes.push(
        `${LANES} invocations × ${READS} vec4 reads each at addresses that differ between ` +
          `lanes; ns of one core (${cores} here) per lane and read; medians of ${reps}`,
      );
    }
    return {
      id: "reads",
      title: "Operand reads (webgpu)",
      columns: [
        { key: "read", label: "read from" },
        { key: "ns", label: "per lane and vec4", unit: "ns" },
        { key: "ms", label: "dispatch", unit: "ms" },
      ],
      rows,
      notes,
    };
  },
};
