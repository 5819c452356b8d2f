/**
 * Choosing a backend: `webgpu` by default, falling back to `cpu` with a one-line notice when no
 * adapter can be had; an explicit `webgpu` request that cannot be met is an error instead.
 */
import type { Backend } from "./backend.ts";
import { CpuBackend } from "./cpu.ts";
import { NoAdapterError } from "./device.ts";
import { WebGpuBackend } from "./webgpu.ts";

/** A backend `--backend` and `openBackend` can name. */
export type BackendName = "webgpu" | "cpu";
export const BACKEND_NAMES: readonly BackendName[] = ["webgpu", "cpu"];

/** An explicitly requested backend is unavailable (a user-facing error: exit 2). */
export class BackendUnavailableError extends Error {
  /** The error's name, as stack traces print it. */ override name = "BackendUnavailableError";
}

/**
 * Opens the named backend, or the default (`webgpu`, else `cpu`) when `name` is undefined.
 * `notice` receives the one-line fallback message.
 */
export async function openBackend(
  name: BackendName | undefined,
  notice: (line: string) => void = (l) => console.error(l),
): Promise<Backend> {
  if (name === "cpu") return new CpuBackend();
  try {
    return await WebGpuBackend.create();
  } catch (e) {
    if (!(e instanceof NoAdapterError)) throw e;
    if (name === "webgpu") {
      throw new BackendUnavailableError(
        `--backend webgpu: no WebGPU adapter (${e.message}); run with --backend cpu, or on a ` +
          `machine with a GPU or Mesa's llvmpipe (mesa-vulkan-drivers)`,
      );
    }
    notice(`notice: no WebGPU adapter (${e.message}); using the cpu backend`);
    return new CpuBackend();
  }
}
