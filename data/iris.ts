/**
 * Iris as lecture 002 loads it: the UCI file (150 rows, no header; sepal length, sepal width,
 * petal length, petal width, class), shipped in data/iris/ with its source and licence. The
 * "fisher" variant has Fisher's two corrected rows (35 and 38), as scikit-learn ships it.
 */
import { parseCsvRows } from "./csv.ts";
import { readPackagedText } from "./lookup.ts";

export const IRIS_FEATURES = [
  "sepal length",
  "sepal width",
  "petal length",
  "petal width",
] as const;
export type IrisFeature = (typeof IRIS_FEATURES)[number];
export const IRIS_VARIANTS = ["uci", "fisher"] as const;
export type IrisVariant = (typeof IRIS_VARIANTS)[number];

export interface IrisRow {
  features: [number, number, number, number];
  species: string;
}

/** The files in data/, by variant. */
export const IRIS_FILES: Record<IrisVariant, string> = {
  uci: "iris/iris_uci.csv",
  fisher: "iris/iris.csv",
};
const cache = new Map<IrisVariant, IrisRow[]>();

/** All 150 rows in file order. */
export function loadIris(variant: IrisVariant = "uci"): IrisRow[] {
  const hit = cache.get(variant);
  if (hit) return hit;
  const file = `data/${IRIS_FILES[variant]}`;
  const parsed = parseCsvRows(readPackagedText(IRIS_FILES[variant]));
  if (parsed.error) throw new Error(`${file}: ${parsed.error.message}`);
  const rows = parsed.rows.map((r, i): IrisRow => {
    const f = r.slice(0, 4).map(Number);
    if (r.length !== 5 || f.some((v) => !Number.isFinite(v))) {
      throw new Error(`${file}: line ${i + 1} is not 4 numbers and a class`);
    }
    return { features: [f[0], f[1], f[2], f[3]], species: r[4] };
  });
  if (rows.length !== 150) throw new Error(`${file}: ${rows.length} rows, expected 150`);
  cache.set(variant, rows);
  return rows;
}

/**
 * The lecture's selection: rows [0, count), the named feature columns as a features × samples
 * matrix (row-major), and labels `positive` for every species but `negativeSpecies`.
 */
export function irisSelection(opts: {
  variant?: IrisVariant;
  count: number;
  features: readonly IrisFeature[];
  negativeSpecies: string;
  negative: number;
  positive: number;
}): { x: Float64Array; shape: [number, number]; y: number[] } {
  const rows = loadIris(opts.variant).slice(0, opts.count);
  const cols = opts.features.map((f) => IRIS_FEATURES.indexOf(f));
  const m = rows.length;
  const x = new Float64Array(cols.length * m);
  cols.forEach((c, j) => rows.forEach((r, i) => x[j * m + i] = r.features[c]));
  const y = rows.map((r) => r.species === opts.negativeSpecies ? opts.negative : opts.positive);
  return { x, shape: [cols.length, m], y };
}

/**
 * Lecture 002's data: the first 100 rows (setosa and versicolor), sepal length and petal length,
 * y = −1 for setosa and 1 otherwise (`df.iloc[0:100, [0, 2]]`, `np.where(y == 'Iris-setosa',
 * -1, 1)`).
 */
export function lectureIris(
  variant: IrisVariant = "uci",
): { x: Float64Array; shape: [number, number]; y: number[] } {
  return irisSelection({
    variant,
    count: 100,
    features: ["sepal length", "petal length"],
    negativeSpecies: "Iris-setosa",
    negative: -1,
    positive: 1,
  });
}

/**
 * Standardises each feature row: (x − mean) / std with the population standard deviation,
 * as numpy's `X.std()` in the lecture.
 */
export function standardizeRows(x: Float64Array, shape: readonly [number, number]): Float64Array {
  const [n, m] = shape;
  const out = new Float64Array(x.length);
  for (let j = 0; j < n; j++) {
    const row = x.subarray(j * m, (j + 1) * m);
    const mean = row.reduce((s, v) => s + v, 0) / m;
    const sd = Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / m);
    row.forEach((v, i) => out[j * m + i] = (v - mean) / sd);
  }
  return out;
}
