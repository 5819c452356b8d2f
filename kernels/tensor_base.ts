/**
 * What both backends share: shape checks that name the op and both shapes, broadcasting rules,
 * the output shapes of convolution and pooling, and the `tidy` scopes that dispose a training
 * step's temporaries.
 */
import {
  type ConvGeometry,
  POOL_KINDS,
  type PoolGeometry,
  type Shape,
  type Tensor,
} from "./backend.ts";

/** Thrown for a shape mismatch or a misuse of a tensor (programming errors, not user input). */
export class ShapeError extends Error {
  override name = "ShapeError";
}

export function fmtShape(s: Shape): string {
  return `[${s[0]}, ${s[1]}]`;
}

export function checkShape(shape: Shape, op: string): void {
  const ok = shape.length === 2 && shape.every((d) => Number.isInteger(d) && d >= 1);
  if (!ok) {
    throw new ShapeError(`${op}: shape ${JSON.stringify(shape)} is not [rows ≥ 1, cols ≥ 1]`);
  }
}

export function sameShape(a: Shape, b: Shape, op: string): void {
  if (a[0] !== b[0] || a[1] !== b[1]) {
    throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} differ`);
  }
}

/**
 * Strides (in elements) that read `b` broadcast over `a`'s shape: a broadcast axis has stride 0.
 */
export function broadcastStrides(a: Shape, b: Shape, op: string): [number, number] {
  const rowOk = b[0] === a[0] || b[0] === 1;
  const colOk = b[1] === a[1] || b[1] === 1;
  if (!rowOk || !colOk) {
    throw new ShapeError(`${op}: shape ${fmtShape(b)} does not broadcast to ${fmtShape(a)}`);
  }
  return [b[0] === 1 ? 0 : b[1], b[1] === 1 ? 0 : 1];
}

/** The shape of op(A)·op(B), or an error naming both shapes. */
export function matmulShape(a: Shape, b: Shape, transA: boolean, transB: boolean): Shape {
  const [m, ka] = transA ? [a[1], a[0]] : [a[0], a[1]];
  const [kb, n] = transB ? [b[1], b[0]] : [b[0], b[1]];
  if (ka !== kb) {
    const na = `${fmtShape(a)}${transA ? "ᵀ" : ""}`;
    const nb = `${fmtShape(b)}${transB ? "ᵀ" : ""}`;
    throw new ShapeError(`matmul: inner dimensions differ: ${na} · ${nb}`);
  }
  return [m, n];
}

export function checkSlice(s: Shape, r0: number, r1: number, c0: number, c1: number): Shape {
  const ok = Number.isInteger(r0) && Number.isInteger(r1) && Number.isInteger(c0) &&
    Number.isInteger(c1) && 0 <= r0 && r0 < r1 && r1 <= s[0] && 0 <= c0 && c0 < c1 && c1 <= s[1];
  if (!ok) throw new ShapeError(`slice: [${r0}:${r1}, ${c0}:${c1}] is outside ${fmtShape(s)}`);
  return [r1 - r0, c1 - c0];
}

/** Each named field of a geometry must be a positive integer. */
function positiveInts(op: string, g: object, names: string[]): void {
  const rec = g as Record<string, unknown>;
  for (const k of names) {
    const v = rec[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new ShapeError(`${op}: geometry ${k} = ${v} is not a positive integer`);
    }
  }
}

/** An input tensor must have C·H·W rows (one example per column). */
function checkInputRows(op: string, s: Shape, c: number, h: number, w: number): void {
  if (s[0] !== c * h * w) {
    throw new ShapeError(
      `${op}: input ${fmtShape(s)} has not C·H·W = ${c}·${h}·${w} = ${c * h * w} rows`,
    );
  }
}

/** dY must have the forward output's shape. */
function checkDy(op: string, dy: Shape, rows: string, r: number, x: Shape): void {
  if (dy[0] !== r || dy[1] !== x[1]) {
    throw new ShapeError(
      `${op}: dY ${fmtShape(dy)} is not [${rows}, m] = [${r}, ${x[1]}] for input ${fmtShape(x)}`,
    );
  }
}

/** H′ and W′ of a convolution: (H + 2·pad − k)/stride + 1 (`convShapes` checks they are whole). */
export function convOutputSize(g: ConvGeometry): [number, number] {
  return [
    (g.height + 2 * g.pad - g.kernel) / g.stride + 1,
    (g.width + 2 * g.pad - g.kernel) / g.stride + 1,
  ];
}

/** H′ and W′ of a pooling: (H − size)/stride + 1 (`poolShapes` checks they are whole). */
export function poolOutputSize(g: PoolGeometry): [number, number] {
  return [(g.height - g.size) / g.stride + 1, (g.width - g.size) / g.stride + 1];
}

/**
 * H′ and W′ of a convolution after checking the geometry and
 * x `[C·H·W, m]`, w `[F, C·k·k]`, and the bias `[F, 1]` or dY `[F·H′·W′, m]` when given.
 */
export function convShapes(
  op: string,
  g: ConvGeometry,
  x: Shape,
  w: Shape,
  more: { bias?: Shape; dy?: Shape } = {},
): [number, number] {
  positiveInts(op, g, ["channels", "height", "width", "filters", "kernel", "stride"]);
  if (!Number.isInteger(g.pad) || g.pad < 0) {
    throw new ShapeError(`${op}: geometry pad = ${g.pad} is not a non-negative integer`);
  }
  const [ho, wo] = convOutputSize(g);
  if (!(ho >= 1 && wo >= 1) || !Number.isInteger(ho) || !Number.isInteger(wo)) {
    throw new ShapeError(
      `${op}: a ${g.kernel}×${g.kernel} kernel with stride ${g.stride} and pad ${g.pad} does ` +
        `not tile a ${g.height}×${g.width} input`,
    );
  }
  checkInputRows(op, x, g.channels, g.height, g.width);
  const rowLen = g.channels * g.kernel * g.kernel;
  if (w[0] !== g.filters || w[1] !== rowLen) {
    throw new ShapeError(
      `${op}: filters ${fmtShape(w)} are not [F, C·k·k] = [${g.filters}, ${rowLen}]`,
    );
  }
  const b = more.bias;
  if (b && (b[0] !== g.filters || b[1] !== 1)) {
    throw new ShapeError(`${op}: bias ${fmtShape(b)} is not [F, 1] = [${g.filters}, 1]`);
  }
  if (more.dy) checkDy(op, more.dy, "F·H′·W′", g.filters * ho * wo, x);
  return [ho, wo];
}

/**
 * H′ and W′ of a pooling after checking the geometry and
 * x `[C·H·W, m]`, and dY `[C·H′·W′, m]` when given.
 */
export function poolShapes(op: string, g: PoolGeometry, x: Shape, dy?: Shape): [number, number] {
  positiveInts(op, g, ["channels", "height", "width", "size", "stride"]);
  if (!POOL_KINDS.includes(g.kind)) {
    throw new ShapeError(`${op}: unknown pooling kind ${JSON.stringify(g.kind)}`);
  }
  const [ho, wo] = poolOutputSize(g);
  if (!(ho >= 1 && wo >= 1) || !Number.isInteger(ho) || !Number.isInteger(wo)) {
    throw new ShapeError(
      `${op}: a ${g.size}×${g.size} window with stride ${g.stride} does not tile a ` +
        `${g.height}×${g.width} input`,
    );
  }
  checkInputRows(op, x, g.channels, g.height, g.width);
  if (dy) checkDy(op, dy, "C·H′·W′", g.channels * ho * wo, x);
  return [ho, wo];
}

/** Nested tidy scopes: each records the tensors created while it is open. */
export class Scopes {
  #stack: Set<Tensor>[] = [];

  track(t: Tensor): void {
    this.#stack.at(-1)?.add(t);
  }

  run<T>(fn: () => T): T {
    const scope = new Set<Tensor>();
    this.#stack.push(scope);
    let result: T;
    try {
      result = fn();
    } finally {
      this.#stack.pop();
    }
    const keep = new Set<Tensor>();
    collectTensors(result, keep);
    for (const t of scope) {
      if (keep.has(t)) this.track(t); // survives into the enclosing scope
      else t.dispose();
    }
    return result;
  }
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === "object" && v !== null && "shape" in v && "backend" in v &&
    "dispose" in v;
}

/** Tensors in a tidy's return value: the value itself, or inside arrays and plain objects. */
function collectTensors(v: unknown, out: Set<Tensor>, depth = 0): void {
  if (depth > 4 || typeof v !== "object" || v === null || ArrayBuffer.isView(v)) return;
  if (isTensor(v)) {
    out.add(v);
    return;
  }
  if (v instanceof Map) {
    for (const x of v.values()) collectTensors(x, out, depth + 1);
    return;
  }
  for (const x of Object.values(v)) collectTensors(x, out, depth + 1);
}
