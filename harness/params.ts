/**
 * Typed parameters: parsing `--set k=v` and `--sweep k=…` values against an experiment's
 * declared ParamSpecs, so an unknown name or an ill-typed value is a one-line user error.
 */
import type { Params, ParamSpec, ParamValue } from "./experiment.ts";
import { UsageError } from "./errors.ts";

/** A decimal number: digits, an optional fraction and exponent (no hex, binary or octal). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Most values one `--sweep` may expand to (each becomes at least one trial). */
export const MAX_SWEEP_VALUES = 10_000;

/** Parses one textual value for `name` against its spec. */
export function parseValue(expId: string, name: string, spec: ParamSpec, text: string): ParamValue {
  const bad = (why: string) =>
    new UsageError(`${expId}: ${name}=${JSON.stringify(text)} ${why} (${describe(spec)})`);
  switch (spec.type) {
    case "number":
    case "integer": {
      // Decimal only: Number() would also take "0x10", "0b11" and "" (as 0).
      const t = text.trim();
      const v = DECIMAL.test(t) ? Number(t) : NaN;
      if (!Number.isFinite(v)) throw bad("is not a number");
      if (spec.type === "integer" && !/^[+-]?\d+$/.test(t)) throw bad("is not an integer");
      if (spec.type === "integer" && !Number.isSafeInteger(v)) throw bad("is too large");
      if (spec.min !== undefined && v < spec.min) throw bad(`is below the minimum ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) throw bad(`is above the maximum ${spec.max}`);
      return v;
    }
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      throw bad("is not true or false");
    case "enum":
      if (!spec.choices.includes(text)) throw bad("is not one of the choices");
      return text;
  }
}

/** A human description of what a param accepts, for errors and `--help`. */
export function describe(spec: ParamSpec): string {
  switch (spec.type) {
    case "number":
    case "integer": {
      const range = spec.min !== undefined || spec.max !== undefined
        ? ` in [${spec.min ?? "-inf"}, ${spec.max ?? "inf"}]`
        : "";
      return `${spec.type}${range}, default ${spec.default}`;
    }
    case "boolean":
      return `true or false, default ${spec.default}`;
    case "enum":
      return `one of ${spec.choices.join(", ")}, default ${spec.default}`;
  }
}

export function specFor(
  expId: string,
  specs: Record<string, ParamSpec>,
  name: string,
): ParamSpec {
  const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
  if (!spec) {
    const known = Object.keys(specs).join(", ") || "none";
    throw new UsageError(`${expId}: unknown param "${name}" (params: ${known})`);
  }
  return spec;
}

/** Splits `k=v`; the flag name goes into the error. */
export function splitAssignment(flag: string, text: string): [string, string] {
  const i = text.indexOf("=");
  if (i <= 0 || i === text.length - 1) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected name=value`);
  }
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
}

/**
 * The values of one `--sweep` spec: a list `a,b,c`, a log range `log:lo..hi:n` or a linear range
 * `lin:lo..hi:n` (n points including both ends; integers are rounded and deduplicated).
 */
export function sweepValues(
  expId: string,
  name: string,
  spec: ParamSpec,
  text: string,
): ParamValue[] {
  const range = /^(log|lin):([^.]+(?:\.[^.]+)?)\.\.(.+):(\d{1,9})$/.exec(text);
  if (text.startsWith("log:") || text.startsWith("lin:")) {
    if (!range) {
      throw new UsageError(
        `${expId}: --sweep ${name}=${text}: expected ${text.slice(0, 3)}:lo..hi:n`,
      );
    }
    if (spec.type !== "number" && spec.type !== "integer") {
      throw new UsageError(`${expId}: --sweep ${name}=${text}: a range needs a numeric param`);
    }
    const [, kind, loText, hiText, nText] = range;
    const lo = parseValue(expId, name, { ...spec, type: "number" }, loText) as number;
    const hi = parseValue(expId, name, { ...spec, type: "number" }, hiText) as number;
    const n = Number(nText);
    if (n > MAX_SWEEP_VALUES) {
      throw new UsageError(
        `${expId}: --sweep ${name}=${text}: ${n} points is more than ${MAX_SWEEP_VALUES} ` +
          "(split the sweep, or use fewer points)",
      );
    }
    if (n < 1 || (kind === "log" && (lo <= 0 || hi <= 0))) {
      throw new UsageError(
        `${expId}: --sweep ${name}=${text}: need n ≥ 1` + (kind === "log" ? " and lo, hi > 0" : ""),
      );
    }
    const values: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const t = n === 1 ? 0 : i / (n - 1);
      let v = kind === "log"
        ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo)))
        : lo + t * (hi - lo);
      v = spec.type === "integer" ? Math.round(v) : Number(v.toPrecision(12));
      if (!seen.has(v)) {
        seen.add(v);
        values.push(v);
      }
    }
    return values.map((v) => parseValue(expId, name, spec, String(v)));
  }
  const parts = text.split(",").map((s) => s.trim());
  if (parts.length > MAX_SWEEP_VALUES) {
    throw new UsageError(
      `${expId}: --sweep ${name}: ${parts.length} values is more than ${MAX_SWEEP_VALUES}`,
    );
  }
  if (parts.some((p) => p === "")) {
    throw new UsageError(`${expId}: --sweep ${name}=${text}: empty value in the list`);
  }
  return parts.map((p) => parseValue(expId, name, spec, p));
}

/** The declared defaults. */
export function defaults(specs: Record<string, ParamSpec>): Params {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
}
