/**
 * JSON as the run store holds it. Every layer that writes or reads result.json shares this one
 * type, so it lives in a leaf folder that imports nothing.
 */

/** A JSON value as stored in the run store. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * JSON cannot hold NaN or ±Infinity (JSON.stringify writes null for them, and a diverged run's
 * NaN would read back as "no value"). The run store writes each as `{"$number": "NaN"}`,
 * `{"$number": "Infinity"}` or `{"$number": "-Infinity"}`, and `parseJson` reads them back.
 */
const NON_FINITE = "$number";
const SPELLINGS: readonly unknown[] = ["NaN", "Infinity", "-Infinity"];

/** JSON text of `value` with non-finite numbers kept (see NON_FINITE), 2-space indented. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => typeof v === "number" && !Number.isFinite(v) ? { [NON_FINITE]: String(v) } : v,
    2,
  );
}

/** Parses JSON text written by `stringifyJson`, reviving its non-finite numbers. */
export function parseJson(text: string): Json {
  return JSON.parse(text, (_k, v) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === NON_FINITE && SPELLINGS.includes(v[NON_FINITE])) {
        return Number(v[NON_FINITE]);
      }
    }
    return v;
  });
}
