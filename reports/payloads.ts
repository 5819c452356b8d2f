/**
 * Reading the chart payloads of result.json's outputs (DecisionBoundary, FunctionPlot, Bar[],
 * ImageGrid; harness/experiment.ts). The run store is data, not code: each reader checks the
 * shape and returns either the payload or one line saying what is wrong, which the chart shows
 * in place of the panel.
 */
import type { Json } from "../harness/experiment.ts";
import type { Bar, DecisionBoundary, FunctionPlot, ImageGrid } from "../schema/payloads.ts";

/** A payload, or why there is none. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): Read<never> => ({ ok: false, error });

/** `outputs[field]`, or undefined when outputs is not an object or lacks it. */
export function outputField(outputs: Json | undefined, field: string): Json | undefined {
  if (outputs === null || typeof outputs !== "object" || Array.isArray(outputs)) return undefined;
  return outputs[field];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A list of numbers; null (how JSON stores NaN and ±Infinity) is allowed where `nulls`. */
function numbers(v: unknown, nulls: boolean): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  const ok = v.every((x) => (typeof x === "number" && Number.isFinite(x)) || (nulls && x === null));
  return ok ? v as (number | null)[] : null;
}

function axis(v: unknown): { min: number; max: number; n: number } | null {
  if (!isRecord(v)) return null;
  const { min, max, n } = v;
  if (typeof min !== "number" || typeof max !== "number" || !Number.isFinite(min)) return null;
  if (!Number.isFinite(max) || max < min) return null;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) return null;
  return { min, max, n };
}

/** Reads a DecisionBoundary: grid axes, one value per grid point, labelled points. */
export function readBoundary(v: Json | undefined): Read<DecisionBoundary> {
  if (!isRecord(v)) return fail("not a decision boundary (an object with x, y, value, points)");
  const x = axis(v.x);
  const y = axis(v.y);
  if (!x || !y) return fail("decision boundary: x and y need numeric min ≤ max and an integer n");
  const value = numbers(v.value, true);
  if (!value || value.length !== x.n * y.n) {
    return fail(`decision boundary: value needs x.n × y.n = ${x.n * y.n} numbers`);
  }
  const p = v.points;
  if (!isRecord(p)) return fail("decision boundary: points needs x, y and label lists");
  const px = numbers(p.x, false);
  const py = numbers(p.y, false);
  const label = numbers(p.label, false);
  if (!px || !py || !label || px.length !== py.length || px.length !== label.length) {
    return fail("decision boundary: points.x, points.y and points.label need equal-length lists");
  }
  const out: DecisionBoundary = {
    x,
    y,
    // null stands for a non-finite model output: the cell is left empty.
    value: value.map((z) => z ?? NaN),
    points: { x: px as number[], y: py as number[], label: label as number[] },
  };
  if (typeof v.xTitle === "string") out.xTitle = v.xTitle;
  if (typeof v.yTitle === "string") out.yTitle = v.yTitle;
  return { ok: true, value: out };
}

/** Reads a FunctionPlot: a shared x and named series of the same length (null: undefined). */
export function readFunctionPlot(v: Json | undefined): Read<FunctionPlot> {
  if (!isRecord(v)) return fail("not a function plot (an object with x and series)");
  const x = numbers(v.x, false);
  if (!x || x.length === 0) return fail("function plot: x needs a list of finite numbers");
  if (!Array.isArray(v.series) || v.series.length === 0) {
    return fail("function plot: series needs a list of { name, y }");
  }
  const series: FunctionPlot["series"] = [];
  for (const s of v.series) {
    const y = isRecord(s) ? numbers(s.y, true) : null;
    if (!isRecord(s) || typeof s.name !== "string" || !y || y.length !== x.length) {
      return fail(`function plot: each series needs a name and ${x.length} y values`);
    }
    series.push({ name: s.name, y: y.map((z) => z ?? NaN) });
  }
  return { ok: true, value: { x: x as number[], series } };
}

/** Reads a list of Bar. */
export function readBars(v: Json | undefined): Read<Bar[]> {
  if (!Array.isArray(v) || v.length === 0) return fail("not a list of bars ({ label, value })");
  const bars: Bar[] = [];
  for (const b of v) {
    if (!isRecord(b) || typeof b.label !== "string" || typeof b.value !== "number") {
      return fail("bars: each needs a string label and a numeric value");
    }
    const bar: Bar = { label: b.label, value: b.value };
    if (typeof b.group === "string") bar.group = b.group;
    if (typeof b.note === "string") bar.note = b.note;
    bars.push(bar);
  }
  return { ok: true, value: bars };
}

/** Reads an ImageGrid; each image's pixels must decode to width × height × channels bytes. */
export function readImageGrid(v: Json | undefined): Read<ImageGrid> {
  if (!isRecord(v)) return fail("not an image grid (an object with width, height, images)");
  const { width, height, channels } = v;
  const dims = [width, height].every((d) => typeof d === "number" && Number.isInteger(d) && d > 0);
  if (!dims || (width as number) * (height as number) > 4096 * 4096) {
    return fail("image grid: width and height need positive integers");
  }
  if (channels !== 1 && channels !== 3) return fail("image grid: channels needs 1 or 3");
  if (!Array.isArray(v.images) || v.images.length === 0) {
    return fail("image grid: images needs a list of { pixels, title }");
  }
  const images: ImageGrid["images"] = [];
  for (const im of v.images) {
    if (!isRecord(im) || typeof im.pixels !== "string" || typeof im.title !== "string") {
      return fail("image grid: each image needs base64 pixels and a title");
    }
    images.push({ pixels: im.pixels, title: im.title, highlight: im.highlight === true });
  }
  return {
    ok: true,
    value: { width: width as number, height: height as number, channels, images },
  };
}
