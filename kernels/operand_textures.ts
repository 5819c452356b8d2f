/**
 * Copies of matrix operands in rgba32float textures, for the matrix products on llvmpipe:
 * in the register-blocked kernels a texel fetch brings 4 floats per lane 1.4–1.9× cheaper than the
 * storage reads it replaces (llvmpipe reads memory lane by lane, which is what bounds a product's
 * speed: README, "Speed").
 *
 * A copy is made by `pack_texture.wgsl` (row y of the matrix in texture row y, zero-padded to a
 * whole texel) and kept while its buffer is unchanged: `Device.version` counts the writes to a
 * buffer, so a constant operand such as the training images is packed once for the whole run
 * while weights updated every step are packed again before each product.
 */
import type { Buf, Device, TexView } from "./device.ts";

interface Entry {
  version: number;
  rows: number;
  texels: number;
  texture: GPUTexture;
  view: TexView;
}

/** Workgroups of 64 lanes for n invocations, as x × y with x ≤ 65535. */
function groups64(n: number): [number, number] {
  const groups = Math.max(1, Math.ceil(n / 64));
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y];
}

/** Texture bytes kept at most; past it the least recently used copies are dropped. */
const CACHE_BYTES = 256 << 20;
const TEXTURE_USAGE = 0x04 /* TEXTURE_BINDING */ | 0x08; /* STORAGE_BINDING */

export class OperandTextures {
  #entries = new Map<number, Entry>();
  #bytes = 0;

  /** `maxDimension`: the device's largest 2-D texture side (the plan checks operands fit). */
  constructor(readonly device: Device, readonly maxDimension: number) {}

  /** The texture of `buf` as a rows × cols matrix of row length `ld`, packed if stale. */
  view(buf: Buf, rows: number, cols: number, ld: number): TexView {
    const texels = Math.ceil(cols / 4);
    let e = this.#entries.get(buf.id);
    if (e && (e.rows !== rows || e.texels !== texels)) {
      this.#drop(buf.id, e);
      e = undefined;
    }
    if (!e) {
      this.#makeRoom(rows * texels * 16);
      const texture = this.device.gpu.createTexture({
        size: [texels, rows],
        format: "rgba32float",
        usage: TEXTURE_USAGE,
      });
      e = {
        version: -1,
        rows,
        texels,
        texture,
        view: { id: this.device.nextId(), view: texture.createView() },
      };
      this.#bytes += rows * texels * 16;
    }
    // Most recently used last.
    this.#entries.delete(buf.id);
    this.#entries.set(buf.id, e);
    const version = this.device.version(buf);
    if (e.version !== version) {
      this.device.dispatch(
        this.device.pipeline("pack_texture"),
        [{ u: rows }, { u: cols }, { u: ld }],
        [buf],
        groups64(rows * texels),
        [e.view],
      );
      e.version = version;
    }
    return e.view;
  }

  #makeRoom(bytes: number): void {
    for (const [id, e] of this.#entries) {
      if (this.#bytes + bytes <= CACHE_BYTES) break;
      this.#drop(id, e);
    }
  }

  #drop(id: number, e: Entry): void {
    // Work encoded but not submitted may still sample it: submit before destroying.
    this.device.submit();
    e.texture.destroy();
    this.#entries.delete(id);
    this.#bytes -= e.rows * e.texels * 16;
  }

  destroy(): void {
    for (const [id, e] of this.#entries) this.#drop(id, e);
  }
}
