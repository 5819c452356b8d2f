/**
 * Backward passes written other than nn/network.ts writes them, held against the gradient by
 * two-sided differences: one that leaves out g′ (a wrong formula, the control of a gradient
 * check), lecture 2's backward blocks, and its "Summary of Forward/Backward Computations"
 * slide's formulas as printed.
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";
import type { Network } from "../../nn/network.ts";
import { backwardBlocks, shapes } from "./blocks.ts";
import { checkGrads, type Differences } from "./two_eps_gradcheck.ts";

/** The checks of the passes other than the network's: the control, then (`slides`) the lecture's. */
export type PrintedPasses = {
  /** Control: the check of a backward pass without the g′ factor. */
  withoutGPrime: Differences | null;
  /** Lecture 2's backward blocks chained from dA[L] (experiments/lib/blocks.ts). */
  blocks: Differences | null;
  /** The "Summary of Forward/Backward Computations" slide's formulas as printed. */
  summary: SummaryAsPrinted | null;
};

/** Checks the control on `net`, and with `slides` the blocks and the summary slide too. */
export async function checkPrintedPasses(
  b: Backend,
  net: Network,
  X: Tensor,
  Y: Tensor,
  slides: boolean,
): Promise<PrintedPasses> {
  const cost = () => net.cost(X, Y);
  const check = (grads: Tensor[]) => checkGrads(b, net.parameters(), grads, cost);
  const withoutGPrime = await check(gradsWithoutGPrime(b, net, X, Y));
  if (!slides) return { withoutGPrime, blocks: null, summary: null };
  const blocks = await check(blockGradients(b, net, X, Y));
  return { withoutGPrime, blocks, summary: await summaryAsPrinted(b, net, X, Y) };
}

/** The "Summary of Forward/Backward Computations" slide's formulas as printed, measured. */
export type SummaryAsPrinted = {
  /** Shapes of (1/m)dZ[L]A[L]ᵀ and (1/m)dZ[1]A[1]ᵀ, and of W[L], W[1]. */
  dWL: [number, number];
  dW1: [number, number];
  WL: [number, number];
  W1: [number, number];
  /** dW[L−1] from the printed dZ[L−1] = dW[L]ᵀdZ[L] ∗ g[L]′(Z[L−1]), checked against W[L−1]. */
  dZLminus1: Differences;
};

/** The summary slide's products' shapes, and its dZ[L−1]'s dW[L−1] against J's differences. */
async function summaryAsPrinted(
  b: Backend,
  net: Network,
  X: Tensor,
  Y: Tensor,
): Promise<SummaryAsPrinted> {
  const s = summaryShapes(b, net, X, Y), L = net.L;
  const dWLminus1 = summaryDWLminus1(b, net, X, Y);
  return {
    dWL: s.dWL,
    dW1: s.dW1,
    WL: s.gradient[L - 1],
    W1: s.gradient[0],
    dZLminus1: await checkGrads(b, [net.params.W[L - 2]], [dWLminus1], () => net.cost(X, Y)),
  };
}

/** A backward pass that leaves out g′ on the hidden layers (dZ[l] = W[l+1]ᵀdZ[l+1]). */
function gradsWithoutGPrime(b: Backend, net: Network, X: Tensor, Y: Tensor): Tensor[] {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const m = X.shape[1];
    const out: Tensor[] = new Array(2 * net.L);
    let dZ = b.binary("sub", AL, Y);
    for (let l = net.L; l >= 1; l--) {
      const dZAprev = b.matmul(dZ, caches[l - 1].A_prev, { transB: true });
      out[2 * (l - 1)] = b.unary("affine", dZAprev, 1 / m, 0);
      out[2 * (l - 1) + 1] = b.mean(dZ, 1);
      if (l > 1) dZ = b.matmul(net.params.W[l - 1], dZ, { transA: true });
    }
    return out;
  });
}

/** The gradients of lecture 2's backward blocks chained from dA[L], as [dW[1], db[1], …]. */
function blockGradients(b: Backend, net: Network, X: Tensor, Y: Tensor): Tensor[] {
  return b.tidy(() => {
    const { caches } = net.forward(X);
    const g = backwardBlocks(b, net, caches, Y);
    return g.dW.flatMap((dw, l) => [dw, g.db[l]]);
  });
}

/**
 * The summary slide's dW[L] = (1/m)dZ[L]A[L]ᵀ and dW[1] = (1/m)dZ[1]A[1]ᵀ, as printed, beside
 * the gradient's shapes (dZ[1] from the backward blocks: its shape is all dW[1] needs).
 */
function summaryShapes(b: Backend, net: Network, X: Tensor, Y: Tensor) {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const g = net.backward(AL, Y, caches);
    const dZL = b.binary("sub", AL, Y);
    const dZ1 = backwardBlocks(b, net, caches, Y).dZ[0];
    const dWL = b.matmul(dZL, caches[net.L - 1].A, { transB: true });
    const dW1 = b.matmul(dZ1, caches[0].A, { transB: true });
    return { dWL: shapes([dWL])[0], dW1: shapes([dW1])[0], gradient: shapes(g.dW) };
  });
}

/**
 * dW[L−1] from the summary's dZ[L−1] = dW[L]ᵀ·dZ[L] ∗ g[L]′(Z[L−1]) (dW[L] for W[L], the output
 * layer's g′ on layer L−1), with the vectorized slide's dW[L] = (1/m)dZ[L]A[L−1]ᵀ and dW[L−1] =
 * (1/m)dZ[L−1]A[L−2]ᵀ, so that only the printed dZ[L−1] differs from the gradient.
 */
function summaryDWLminus1(b: Backend, net: Network, X: Tensor, Y: Tensor): Tensor {
  return b.tidy(() => {
    const { AL, caches } = net.forward(X);
    const m = X.shape[1], L = net.L;
    const dZL = b.binary("sub", AL, Y);
    const dWL = b.unary("affine", b.matmul(dZL, caches[L - 1].A_prev, { transB: true }), 1 / m, 0);
    const gL = net.activationOf(L);
    if (gL === "softmax") throw new RangeError("summary: the output must be elementwise");
    const dZprinted = b.binary(
      "mul",
      b.matmul(dWL, dZL, { transA: true }),
      b.activationGrad(gL, caches[L - 2].Z),
    );
    return b.unary("affine", b.matmul(dZprinted, caches[L - 2].A_prev, { transB: true }), 1 / m, 0);
  });
}
