/**
 * What both backends share: shape checks that name the op and both shapes, broadcasting rules,
 * and the `tidy` scopes that dispose a training step's temporaries.
 */
import type { Shape, Tensor } from "./backend.ts";

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
