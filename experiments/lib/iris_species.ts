/**
 * The Iris file's flowers with their species as class indices, for the experiments that classify
 * all three species (lecture 2 classifies two of them).
 */
import { type IrisVariant, loadIris } from "../../data/iris.ts";

export const SPECIES = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"] as const;

/** The 4 features as a 4 × m matrix (row-major, one column per flower) and species 0, 1, 2. */
export function irisSpecies(variant: IrisVariant): { x: Float64Array; labels: number[] } {
  const rows = loadIris(variant);
  const m = rows.length;
  const x = new Float64Array(4 * m);
  rows.forEach((r, i) => r.features.forEach((v, j) => x[j * m + i] = v));
  const labels = rows.map((r) => SPECIES.indexOf(r.species as (typeof SPECIES)[number]));
  if (labels.some((c) => c < 0)) throw new Error("iris: a species outside the three");
  return { x, labels };
}
