/**
 * Peer implementations run in the same benchmark run, as subprocesses: NumPy through our own
 * script bench/peers/numpy_matmul.py. A missing python3 or numpy is reported, not an error.
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

const SCRIPT = new URL("./peers/numpy_matmul.py", import.meta.url).pathname;

/** Runs the NumPy peer; `{ok: false}` says why it is not available. */
export async function runNumpy(req: NumpyRequest): Promise<PeerOutcome<NumpyResult>> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("python3", {
      args: [SCRIPT],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { ok: false, reason: "python3 not found" };
    throw e;
  }
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify(req)));
  await w.close();
  const out = await child.output();
  const dec = new TextDecoder();
  if (!out.success) {
    const err = dec.decode(out.stderr);
    if (/No module named ['"]?numpy/.test(err)) return { ok: false, reason: "numpy not installed" };
    const last = err.trim().split("\n").at(-1) ?? `exit ${out.code}`;
    return { ok: false, reason: `numpy peer failed: ${last}` };
  }
  return { ok: true, result: JSON.parse(dec.decode(out.stdout)) as NumpyResult };
}
