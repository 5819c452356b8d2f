/**
 * The IDX format of MNIST (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"): a 4-byte magic
 * number `0 0 TYPE NDIMS`, NDIMS big-endian uint32 sizes, then the values in C order, multi-byte
 * values big-endian. Files are often distributed gzip-compressed, so gzip input is accepted too.
 */
import { gunzipSync } from "node:zlib";
import { DataError } from "./errors.ts";

/** The element types IDX defines, by their type byte. */
export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The typed array that holds each IDX element type (in host byte order). */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A parsed IDX array. */
export interface IdxArray {
  /** Sizes of each dimension, outermost first (e.g. `[60000, 28, 28]`). */
  dims: number[];
  dtype: IdxDtype;
  /** The values in C order, converted to host byte order. */
  data: IdxData;
}

interface DtypeInfo {
  dtype: IdxDtype;
  size: number;
  make: (n: number) => IdxData;
  get: (v: DataView, offset: number) => number;
  set: (v: DataView, offset: number, x: number) => void;
}

const DTYPES: ReadonlyMap<number, DtypeInfo> = new Map<number, DtypeInfo>([
  [0x08, {
    dtype: "uint8",
    size: 1,
    make: (n) => new Uint8Array(n),
    get: (v, o) => v.getUint8(o),
    set: (v, o, x) => v.setUint8(o, x),
  }],
  [0x09, {
    dtype: "int8",
    size: 1,
    make: (n) => new Int8Array(n),
    get: (v, o) => v.getInt8(o),
    set: (v, o, x) => v.setInt8(o, x),
  }],
  [0x0b, {
    dtype: "int16",
    size: 2,
    make: (n) => new Int16Array(n),
    get: (v, o) => v.getInt16(o),
    set: (v, o, x) => v.setInt16(o, x),
  }],
  [0x0c, {
    dtype: "int32",
    size: 4,
    make: (n) => new Int32Array(n),
    get: (v, o) => v.getInt32(o),
    set: (v, o, x) => v.setInt32(o, x),
  }],
  [0x0d, {
    dtype: "float32",
    size: 4,
    make: (n) => new Float32Array(n),
    get: (v, o) => v.getFloat32(o),
    set: (v, o, x) => v.setFloat32(o, x),
  }],
  [0x0e, {
    dtype: "float64",
    size: 8,
    make: (n) => new Float64Array(n),
    get: (v, o) => v.getFloat64(o),
    set: (v, o, x) => v.setFloat64(o, x),
  }],
]);

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, "0")}`;
}

/** True if `bytes` starts with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX buffer (raw or gzip-compressed).
 *
 * @param bytes The file's contents.
 * @param source Names the data in error messages (usually the file path).
 * @throws {DataError} on a bad magic number, an unknown type byte, a corrupt gzip stream, or a
 *   byte length that does not match the dimensions (truncated or with trailing bytes).
 */
export function parseIdx(bytes: Uint8Array, source = "IDX data"): IdxArray {
  if (isGzip(bytes)) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch (e) {
      throw new DataError(
        `${source}: corrupt or truncated gzip stream (${(e as Error).message}); get a fresh copy`,
        { cause: e },
      );
    }
  }
  if (bytes.length < 4) {
    throw new DataError(`${source}: not an IDX file (only ${bytes.length} bytes)`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      `${source}: not an IDX file (magic number starts ${hex(bytes[0])} ${
        hex(bytes[1])
      }, expected 0x00 0x00)`,
    );
  }
  const info = DTYPES.get(bytes[2]);
  if (info === undefined) {
    throw new DataError(
      `${source}: unknown IDX type byte ${hex(bytes[2])} (expected 0x08, 0x09, 0x0b-0x0e)`,
    );
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new DataError(`${source}: IDX header declares 0 dimensions`);
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) {
    throw new DataError(
      `${source}: truncated IDX header (${bytes.length} bytes, ${ndims} dimensions need ${headerLen})`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i); // DataView reads big-endian by default, as IDX stores
    dims.push(d);
    count *= d;
  }
  const expected = headerLen + count * info.size;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? "truncated" : "has trailing bytes";
    throw new DataError(
      `${source}: IDX data ${what}: dims [${
        dims.join(", ")
      }] of ${info.dtype} need ${expected} bytes, found ${bytes.length}`,
    );
  }
  let data: IdxData;
  if (info.size === 1) {
    // One-byte types need no byte swapping: copy so the result does not pin a larger buffer.
    const slice = bytes.slice(headerLen, expected);
    data = info.dtype === "uint8" ? slice : new Int8Array(slice.buffer);
  } else {
    data = info.make(count);
    for (let i = 0; i < count; i++) data[i] = info.get(view, headerLen + i * info.size);
  }
  return { dims, dtype: info.dtype, data };
}

/**
 * Encodes an array as raw (uncompressed) IDX: the inverse of {@link parseIdx}, used to build
 * test fixtures and to export data in MNIST's format.
 *
 * @throws {RangeError} if `data.length` is not the product of `dims` or there are > 255 dims.
 */
export function encodeIdx(dims: readonly number[], data: IdxData): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(`encodeIdx: dims [${dims.join(", ")}] hold ${count}, got ${data.length}`);
  }
  if (dims.length === 0 || dims.length > 255) {
    throw new RangeError(`encodeIdx: need 1 to 255 dimensions, got ${dims.length}`);
  }
  const dtype: IdxDtype = data instanceof Uint8Array
    ? "uint8"
    : data instanceof Int8Array
    ? "int8"
    : data instanceof Int16Array
    ? "int16"
    : data instanceof Int32Array
    ? "int32"
    : data instanceof Float32Array
    ? "float32"
    : "float64";
  const [code, info] = [...DTYPES].find(([, i]) => i.dtype === dtype)!;
  const headerLen = 4 + 4 * dims.length;
  const out = new Uint8Array(headerLen + count * info.size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < count; i++) info.set(view, headerLen + i * info.size, data[i]);
  return out;
}

/**
 * Reads and parses an IDX file (raw or `.gz`).
 * @throws {DataError} if the file is missing, unreadable or malformed.
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new DataError(`cannot read IDX file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseIdx(bytes, path);
}
