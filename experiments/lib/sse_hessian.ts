/**
 * The Hessian of Adaline's cost SSE/2 = ½‖w·X̃ − y‖² in its weights (bias first): X̃X̃ᵀ with
 * X̃ = [1; x], computed by the backend, and its eigenvalues (all positive: a strictly convex
 * quadratic with a single minimum, so no local minimum to be trapped in).
 */
import type { Backend } from "../../kernels/backend.ts";
import { symmetricEigenvalues } from "./eigen.ts";

/** X̃X̃ᵀ of the features `x` (`shape` = [features, samples], row-major) and its eigenvalues. */
export async function sseHessian(
  b: Backend,
  x: Float64Array,
  shape: readonly [number, number],
): Promise<{ hessian: number[]; eigenvalues: number[] }> {
  const h = b.tidy(() => {
    const xt = b.concatRows(b.full([1, shape[1]], 1), b.fromArray(x, shape));
    return b.matmul(xt, xt, { transB: true });
  });
  const hessian = Array.from(await b.read(h));
  h.dispose();
  return { hessian, eigenvalues: symmetricEigenvalues(hessian, shape[0] + 1) };
}
