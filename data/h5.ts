/**
 * Reading HDF5 files with h5wasm (HDF5 compiled to WebAssembly). h5wasm works on its own
 * in-memory file system, so a file's bytes are copied in, read, and removed again.
 *
 * HDF5 reports problems by printing a multi-line error stack to stderr and returning an invalid
 * id, which would spray a trace over the CLI's output and fail later with an unrelated message.
 * h5wasm can instead throw the stack as a JS error; we switch that on only around our own calls
 * and turn the stack into one line for a {@link DataError}.
 */
import type { Dataset, File as H5File, OutputData } from "h5wasm";
import { DataError } from "./errors.ts";
import { readDataFile } from "./lookup.ts";

/** What a dataset holds, as read. */
export interface H5Array {
  shape: number[];
  /** h5wasm's decoded value: a typed array for numbers, `string[]` for fixed strings. */
  value: OutputData;
  /** HDF5 type class (0 integer, 1 float, 3 string), element size in bytes, and signedness. */
  typeClass: number;
  size: number;
  signed: boolean;
}

/** A read-only view of an open HDF5 file, valid only inside {@link withH5File}'s callback. */
export interface H5Reader {
  /** Names at the file's root. */
  keys(): string[];
  /**
   * Reads one dataset whole.
   * @throws {DataError} if `key` is missing or is not a dataset.
   */
  read(key: string): H5Array;
}

// Loaded on first use: instantiating the WebAssembly module costs ~0.1-0.2 s, which commands that
// never read HDF5 should not pay.
let h5wasmModule: Promise<typeof import("h5wasm")> | undefined;
let fileCounter = 0;

/**
 * Shortens HDF5's error stack to its innermost description, e.g. "truncated file: eof = 1000,
 * sblock->base_addr = 0, stored_eof = 2572022" or "file signature not found".
 */
export function summarizeH5Error(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const details = [...text.matchAll(/#\d+:.* in [^\s(]+\(\): (.*)$/gm)].map((m) => m[1].trim());
  return details.length > 0 ? details[details.length - 1] : text.split("\n")[0].trim();
}

/**
 * Opens the HDF5 file at `path` read-only, runs `fn` on it and closes it.
 *
 * @param path What `findDataFile` returned; read whole into h5wasm's in-memory file system.
 * @param fn Reads what it needs; must not keep the reader past its return.
 * @param hint Appended to damaged-file messages: where to get a good copy.
 * @throws {DataError} if the file cannot be read, is not HDF5, is truncated or corrupt, or `fn`
 *   asks for a missing key. Errors `fn` throws itself pass through unchanged.
 */
export async function withH5File<T>(
  path: string,
  fn: (file: H5Reader) => T,
  hint: string,
): Promise<T> {
  const bytes = await readDataFile(path);
  h5wasmModule ??= import("h5wasm");
  const h5wasm = (await h5wasmModule).default;
  const module = await h5wasm.ready;
  const fs = module.FS;
  // A unique name so two files with the same base name (train/test copies) cannot collide.
  const memName = `/harness-${++fileCounter}-${path.split(/[\\/]/).pop()}`;
  const damaged = (e: unknown) =>
    new DataError(
      `${path} is not a readable HDF5 file (${
        summarizeH5Error(e)
      }); it may be truncated or corrupt: get a fresh copy from ${hint}`,
      { cause: e },
    );

  fs.writeFile(memName, bytes);
  module.activate_throwing_error_handler();
  let file: H5File | undefined;
  try {
    try {
      file = new h5wasm.File(memName, "r");
    } catch (e) {
      throw damaged(e);
    }
    if (file.file_id < 0n) throw damaged("invalid file id");
    const opened = file;
    const reader: H5Reader = {
      keys: () => {
        try {
          return opened.keys();
        } catch (e) {
          throw damaged(e);
        }
      },
      read: (key) => readDataset(opened, key, path, h5wasm.Dataset, damaged),
    };
    return fn(reader);
  } finally {
    try {
      file?.close();
    } catch {
      // Closing a file whose metadata was corrupt can fail again; the first error matters.
    }
    module.deactivate_throwing_error_handler();
    try {
      fs.unlink(memName);
    } catch {
      // Already gone: nothing to free.
    }
  }
}

function readDataset(
  file: H5File,
  key: string,
  path: string,
  DatasetClass: typeof Dataset,
  damaged: (e: unknown) => DataError,
): H5Array {
  let keys: string[];
  try {
    keys = file.keys();
  } catch (e) {
    throw damaged(e);
  }
  if (!keys.includes(key)) {
    throw new DataError(
      `${path} has no dataset "${key}" (it has: ${keys.join(", ") || "nothing"}); ` +
        `is this the right file?`,
    );
  }
  try {
    const entity = file.get(key);
    if (!(entity instanceof DatasetClass)) {
      throw new DataError(`${path}: "${key}" is not a dataset; is this the right file?`);
    }
    const meta = entity.metadata;
    const value = entity.value;
    if (value === null || meta.shape === null) {
      throw new DataError(`${path}: dataset "${key}" is empty`);
    }
    return {
      shape: [...meta.shape],
      value,
      typeClass: meta.type,
      size: meta.size,
      signed: meta.signed,
    };
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw damaged(e);
  }
}
