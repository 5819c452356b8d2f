/**
 * The reference arithmetic of the neural-network ops (activations, softmax, losses, convolution,
 * pooling) on Float64Arrays, written as the lectures' numpy code computes them. `cpu.ts` wraps
 * these as Backend methods (after kernels/tensor_base.ts has checked the shapes); WGSL twins
 * live in kernels/wgsl/ (the activations in activation_math.wgsl).
 */
import {
  type Activation,
  type ConvGeometry,
  LOG_GUARD,
  type Loss,
  type PoolGeometry,
} from "./backend.ts";
import { convOutputSize, poolOutputSize } from "./tensor_base.ts";

/** g(z). Sigmoid is numpy's 1/(1 + exp(−z)), which float64 keeps finite at any z. */
export function activationFn(kind: Activation, param?: number): (z: number) => number {
  switch (kind) {
    case "linear":
      return (z) => z;
    case "step":
      return (z) => z >= 0 ? 1 : 0;
    case "sign":
      return (z) => z >= 0 ? 1 : -1;
    case "sigmoid":
      return (z) => 1 / (1 + Math.exp(-z));
    case "tanh":
      return Math.tanh;
    case "relu":
      return (z) => Math.max(0, z);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return (z) => z >= 0 ? z : slope * z;
    }
    case "softplus":
      return (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    case "elu": {
      const alpha = param ?? 1;
      return (z) => z > 0 ? z : alpha * Math.expm1(z);
    }
  }
}

/**
 * g′(z). ReLU′(0) = 0 as the course's relu_backward (`dZ[Z <= 0] = 0`); leaky ReLU′(0) = 1 as
 * lecture 002's table (1 if z ≥ 0); step and sign are not trained by gradients (0).
 */
export function activationGradFn(kind: Activation, param?: number): (z: number) => number {
  switch (kind) {
    case "linear":
      return () => 1;
    case "step":
    case "sign":
      return () => 0;
    case "sigmoid":
      return (z) => {
        const s = 1 / (1 + Math.exp(-z));
        return s * (1 - s);
      };
    case "tanh":
      return (z) => {
        const t = Math.tanh(z);
        return 1 - t * t;
      };
    case "relu":
      return (z) => z > 0 ? 1 : 0;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return (z) => z >= 0 ? 1 : slope;
    }
    case "softplus":
      return (z) => 1 / (1 + Math.exp(-z));
    case "elu": {
      const alpha = param ?? 1;
      return (z) => z > 0 ? 1 : alpha * Math.exp(z);
    }
  }
}

const guardedLog = (p: number) => Math.log(Math.max(p, LOG_GUARD));

/** The loss of `Loss`'s JSDoc; `m` is the number of columns, `n` of elements. */
export function lossValue(kind: Loss, yhat: Float64Array, y: Float64Array, m: number): number {
  let s = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const a = yhat[i], t = y[i];
    switch (kind) {
      case "bce":
        s += t * guardedLog(a) + (1 - t) * guardedLog(1 - a);
        break;
      case "cce":
        s += t * guardedLog(a);
        break;
      case "sse":
      case "mse":
      case "l2":
        s += (t - a) * (t - a);
        break;
      case "l1":
        s += Math.abs(t - a);
        break;
    }
  }
  switch (kind) {
    case "bce":
    case "cce":
      return -s / m;
    case "sse":
      return s / 2;
    case "mse":
      return s / n;
    default:
      return s;
  }
}

/** ∂loss/∂ŷ elementwise, with the same guards as the loss. */
export function lossGradFn(kind: Loss, m: number, n: number): (a: number, t: number) => number {
  switch (kind) {
    case "bce":
      return (a, t) => -(t / Math.max(a, LOG_GUARD) - (1 - t) / Math.max(1 - a, LOG_GUARD)) / m;
    case "cce":
      return (a, t) => -t / Math.max(a, LOG_GUARD) / m;
    case "sse":
      return (a, t) => -(t - a);
    case "mse":
      return (a, t) => -2 * (t - a) / n;
    case "l1":
      return (a, t) => -Math.sign(t - a);
    case "l2":
      return (a, t) => -2 * (t - a);
  }
}

/** Convolution forward on columns: out[(f·Ho + oh)·Wo + ow, e]. */
export function conv2dForward(
  x: Float64Array,
  w: Float64Array,
  b: Float64Array,
  m: number,
  g: ConvGeometry,
): Float64Array {
  const [ho, wo] = convOutputSize(g);
  const { channels: C, height: H, width: W, filters: F, kernel: k, stride: s, pad: p } = g;
  const out = new Float64Array(F * ho * wo * m);
  for (let f = 0; f < F; f++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const row = ((f * ho + oh) * wo + ow) * m;
        for (let e = 0; e < m; e++) out[row + e] = b[f];
        for (let c = 0; c < C; c++) {
          for (let i = 0; i < k; i++) {
            const h = oh * s + i - p;
            if (h < 0 || h >= H) continue;
            for (let j = 0; j < k; j++) {
              const ww = ow * s + j - p;
              if (ww < 0 || ww >= W) continue;
              const wv = w[f * C * k * k + (c * k + i) * k + j];
              const xr = ((c * H + h) * W + ww) * m;
              for (let e = 0; e < m; e++) out[row + e] += wv * x[xr + e];
            }
          }
        }
      }
    }
  }
  return out;
}

/** Convolution backward: dx, dw (summed over examples) and db. */
export function conv2dGrads(
  dy: Float64Array,
  x: Float64Array,
  w: Float64Array,
  m: number,
  g: ConvGeometry,
): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const [ho, wo] = convOutputSize(g);
  const { channels: C, height: H, width: W, filters: F, kernel: k, stride: s, pad: p } = g;
  const dx = new Float64Array(C * H * W * m);
  const dw = new Float64Array(F * C * k * k);
  const db = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const row = ((f * ho + oh) * wo + ow) * m;
        for (let e = 0; e < m; e++) db[f] += dy[row + e];
        for (let c = 0; c < C; c++) {
          for (let i = 0; i < k; i++) {
            const h = oh * s + i - p;
            if (h < 0 || h >= H) continue;
            for (let j = 0; j < k; j++) {
              const ww = ow * s + j - p;
              if (ww < 0 || ww >= W) continue;
              const wi = f * C * k * k + (c * k + i) * k + j;
              const xr = ((c * H + h) * W + ww) * m;
              let acc = 0;
              for (let e = 0; e < m; e++) {
                acc += dy[row + e] * x[xr + e];
                dx[xr + e] += w[wi] * dy[row + e];
              }
              dw[wi] += acc;
            }
          }
        }
      }
    }
  }
  return { dx, dw, db };
}

/** Pooling forward; `argmax` (max pooling) records the input row each output came from. */
export function pool2dForward(
  x: Float64Array,
  m: number,
  g: PoolGeometry,
): { out: Float64Array; argmax: Int32Array } {
  const [ho, wo] = poolOutputSize(g);
  const { channels: C, height: H, width: W, size: z, stride: s } = g;
  const out = new Float64Array(C * ho * wo * m);
  const argmax = new Int32Array(g.kind === "max" ? out.length : 0);
  for (let c = 0; c < C; c++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const row = ((c * ho + oh) * wo + ow) * m;
        for (let e = 0; e < m; e++) {
          let best = -Infinity, at = -1, sum = 0;
          for (let i = 0; i < z; i++) {
            for (let j = 0; j < z; j++) {
              const xr = (c * H + oh * s + i) * W + ow * s + j;
              const v = x[xr * m + e];
              sum += v;
              if (v > best) {
                best = v;
                at = xr;
              }
            }
          }
          out[row + e] = g.kind === "max" ? best : sum / (z * z);
          if (g.kind === "max") argmax[row + e] = at;
        }
      }
    }
  }
  return { out, argmax };
}

/** Pooling backward: max routes dY to the first maximum, average spreads it evenly. */
export function pool2dGrad(
  dy: Float64Array,
  x: Float64Array,
  m: number,
  g: PoolGeometry,
): Float64Array {
  const [ho, wo] = poolOutputSize(g);
  const { channels: C, height: H, width: W, size: z, stride: s } = g;
  const dx = new Float64Array(C * H * W * m);
  const argmax = g.kind === "max" ? pool2dForward(x, m, g).argmax : null;
  for (let c = 0; c < C; c++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const row = ((c * ho + oh) * wo + ow) * m;
        for (let e = 0; e < m; e++) {
          if (argmax) {
            dx[argmax[row + e] * m + e] += dy[row + e];
            continue;
          }
          for (let i = 0; i < z; i++) {
            for (let j = 0; j < z; j++) {
              dx[((c * H + oh * s + i) * W + ow * s + j) * m + e] += dy[row + e] / (z * z);
            }
          }
        }
      }
    }
  }
  return dx;
}
