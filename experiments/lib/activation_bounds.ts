/**
 * The bounds the activation claims hold the backend's kernels to, with the reason each float32
 * bound has its size: all measured in references/activations.py (references/activations.json).
 */
import REF from "../../references/activations.json" with { type: "json" };
import type { Tolerance } from "../../harness/verdict.ts";

/** The bound a kernel's g is held to (4 ulp of max |g| on the grid; references/activations.json). */
export function valueTolerance(k: keyof typeof REF.bound): Tolerance {
  const b = REF.bound[k];
  return {
    float64: b.float64,
    float32: b.float32,
    basis: `4 float32 ulp of max |g| on the grid (references/activations.json); NumPy float32 ` +
      `of the same expression errs by ${REF.numpyFloat32Error[k].toPrecision(3)}`,
  };
}

/** The bound on |g′ − central difference| (truncation h²/6·max|g‴| + 4 ulp of g over h). */
export function fdTolerance(k: keyof typeof REF.fd): Tolerance {
  const f = REF.fd[k];
  return {
    float64: f.float64.bound,
    float32: f.float32.bound,
    basis: `h²/6·max|g‴| + 4 ulp·max|g|/h with h = 2^−7 in float32 ` +
      `(references/activations.json); NumPy float32 measures ` +
      `${f.float32.numpyError.toPrecision(3)} for its own g`,
  };
}

/** The slope on z < 0 is the float32 number nearest it on webgpu: half a float32 ulp. */
export function slopeTolerance(s: "0.01" | "0.1"): Tolerance {
  const r = REF.slopes[s];
  return {
    float64: 0,
    float32: r.halfUlp32,
    basis: `${s} is not a float32 number: the kernel holds ${r.float32} ` +
      `(references/activations.json), within half a float32 ulp`,
  };
}
