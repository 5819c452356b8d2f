/**
 * Networks of hardlim threshold units (a = hardlim(W·a + b), hardlim(n) = 1 for n ≥ 0) written
 * as weight rows, as the lectures wire logic gates, and evaluated layer by layer by the backend;
 * the 8-bit parity constructions of lecture 002's "Why deep networks?".
 */
import type { Backend, Tensor } from "../../kernels/backend.ts";

/** One threshold layer: a = hardlim(W·x + b), W given as rows. */
export type ThresholdLayer = { w: number[][]; b: number[] };

/** Every input of `bits` bits, most significant bit first, in counting order. */
export function bitPatterns(bits: number): number[][] {
  return Array.from(
    { length: 2 ** bits },
    (_, i) => Array.from({ length: bits }, (_, j) => (i >> (bits - 1 - j)) & 1),
  );
}

/** 1 when the number of ones is even. */
export const evenParity = (v: readonly number[]): number =>
  v.reduce((s, bit) => s + bit, 0) % 2 === 0 ? 1 : 0;

/** The patterns as the columns of an n × m matrix (row-major), as the backend takes X. */
export function asColumns(patterns: readonly number[][]): Float64Array {
  const m = patterns.length;
  const flat = new Float64Array(patterns[0].length * m);
  patterns.forEach((v, i) => v.forEach((bit, j) => flat[j * m + i] = bit));
  return flat;
}

/** Layers of 2-input XOR gates over `n` inputs, pairwise, down to one output (XNOR last). */
export function xorTree(n: number): { layers: ThresholdLayer[]; gates: number[] } {
  const layers: ThresholdLayer[] = [], gates: number[] = [];
  for (let width = n; width > 1; width /= 2) {
    const k = width / 2;
    const last = k === 1;
    // Hidden: per gate OR (x + y − 0.5) and NAND (−x − y + 1.5).
    const hidden: ThresholdLayer = { w: [], b: [] };
    const out: ThresholdLayer = { w: [], b: [] };
    for (let g = 0; g < k; g++) {
      const row = (s: number) => Array.from({ length: width }, (_, j) => (j >> 1) === g ? s : 0);
      hidden.w.push(row(1), row(-1));
      hidden.b.push(-0.5, 1.5);
      // AND of OR and NAND is XOR; the last gate outputs its complement (even parity).
      const o = Array.from({ length: 2 * k }, (_, j) => (j >> 1) === g ? (last ? -1 : 1) : 0);
      out.w.push(o);
      out.b.push(last ? 1.5 : -1.5);
    }
    layers.push(hidden, out);
    gates.push(k);
  }
  return { layers, gates };
}

/** One hidden unit per pattern (fires on that pattern only) and an OR of the even ones. */
export function lookupLayers(patterns: number[][]): ThresholdLayer[] {
  const hidden: ThresholdLayer = { w: [], b: [] };
  for (const v of patterns) {
    hidden.w.push(v.map((bit) => 2 * bit - 1));
    hidden.b.push(0.5 - v.reduce((s, bit) => s + bit, 0));
  }
  return [hidden, { w: [patterns.map(evenParity)], b: [-0.5] }];
}

/** h_k = [Σx ≥ k] for k = 1..n, output hardlim(Σ (−1)^k h_k + 0.5): even parity. */
export function countingLayers(n: number): ThresholdLayer[] {
  const hidden: ThresholdLayer = { w: [], b: [] };
  for (let k = 1; k <= n; k++) {
    hidden.w.push(Array(n).fill(1));
    hidden.b.push(0.5 - k);
  }
  return [hidden, {
    w: [Array.from({ length: n }, (_, k) => ((k + 1) % 2 === 0 ? 1 : -1))],
    b: [0.5],
  }];
}

/** Connections (non-zero weights) and biases: the network's size, zeros of dense layers aside. */
export const connections = (layers: ThresholdLayer[]): number =>
  layers.reduce((s, l) => s + l.w.flat().filter((v) => v !== 0).length + l.b.length, 0);

/** Threshold units in all layers. */
export const thresholdUnits = (layers: ThresholdLayer[]): number =>
  layers.reduce((s, l) => s + l.b.length, 0);

/** How many columns of `x` the network's output gets right against `target` (0/1). */
export async function thresholdCorrect(
  b: Backend,
  layers: ThresholdLayer[],
  x: Tensor,
  target: readonly number[],
): Promise<number> {
  const out = b.tidy(() =>
    layers.reduce(
      (a, l) =>
        b.unary(
          "step",
          b.binary(
            "add",
            b.matmul(b.fromArray(l.w.flat(), [l.w.length, l.w[0].length]), a),
            b.fromArray(l.b, [l.b.length, 1]),
          ),
          0,
        ),
      x,
    )
  );
  const a = await b.read(out);
  out.dispose();
  return target.filter((t, i) => a[i] === t).length;
}
