/**
 * Peer implementations run in the same benchmark run, as subprocesses: NumPy through our own
 * scripts in bench/peers/ (`runPythonPeer`). A missing python3 or numpy is reported, not an error.
 */

export interface NumpyRequest {
  reps: number;
  matmul?: { id: string; m: number; k: number; n: number; transA: boolean; transB: boolean }[];
  elementwise?: { id: string; size: number }[];
}

/** Seconds per operation by id and dtype. */
export interface NumpyResult {
  numpy: string;
  blas: string;
  matmul: Record<string, { float32: number; float64: number }>;
  elementwise: Record<string, { float32: number; float64: number }>;
}

export type PeerOutcome<T> = { ok: true; result: T } | { ok: false; reason: string };

/**
 * Runs one of our Python peer scripts in bench/peers/ and returns its stdout, or why it could
 * not run (no python3, no numpy, a failure: the last line of its stderr).
 */
export async function runPythonPeer(
  script: string,
  opts: { args?: string[]; stdin?: string; env?: Record<string, string> } = {},
): Promise<PeerOutcome<string>> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("python3", {
      args: [new URL(`./peers/${script}`, import.meta.url).pathname, ...opts.args ?? []],
      env: opts.env,
      stdin: opts.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { ok: false, reason: "python3 not found" };
    throw e;
  }
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  if (!out.success) {
    const err = dec.decode(out.stderr);
    if (/No module named ['"]?numpy/.test(err)) return { ok: false, reason: "numpy not installed" };
    const last = err.trim().split("\n").at(-1) ?? `exit ${out.code}`;
    return { ok: false, reason: `${script} failed: ${last}` };
  }
  return { ok: true, result: dec.decode(out.stdout) };
}

/** Runs the NumPy matrix-product peer; `{ok: false}` says why it is not available. */
export async function runNumpy(req: NumpyRequest): Promise<PeerOutcome<NumpyResult>> {
  const out = await runPythonPeer("numpy_matmul.py", { stdin: JSON.stringify(req) });
  return out.ok ? { ok: true, result: JSON.parse(out.result) as NumpyResult } : out;
}

/** The folder of @tensorflow/tfjs-backend-wasm's files (its .wasm binaries), to allow reading. */
function tfjsWasmDir(): string | null {
  try {
    return new URL(".", import.meta.resolve("npm:@tensorflow/tfjs-backend-wasm@4.22.0")).pathname;
  } catch {
    return null;
  }
}

/**
 * Runs one of our TF.js peer scripts in bench/peers/ in a Deno child that may read only `dir`
 * (the data written for it) and TF.js's wasm files; its JSON lines, or why it failed.
 */
export async function runTfjsPeer<T>(
  script: string,
  dir: string,
  args: readonly string[],
): Promise<T[] | string> {
  const root = new URL("../", import.meta.url).pathname;
  const wasmDir = tfjsWasmDir();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${root}deno.json`,
      `--allow-read=${wasmDir ? `${dir},${wasmDir}` : dir}`,
      new URL(`./peers/${script}`, import.meta.url).pathname,
      dir,
      ...args,
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  const lines = dec.decode(out.stdout).trim().split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as T);
  if (!out.success && lines.length === 0) {
    const err = dec.decode(out.stderr).trim().split("\n").at(-1) ?? `exit ${out.code}`;
    return `TF.js: peer failed (${err})`;
  }
  return lines;
}
