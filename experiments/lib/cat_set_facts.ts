/**
 * What the course's cat-image notebooks print about the data before training (the set sizes,
 * the shapes of the flattened sets, the "sanity check" pixels) and its accuracy formula, read
 * from the files and tensors a trial trained on.
 */
import type { Catvnoncat } from "../../data/catvnoncat.ts";
import type { CatTensors } from "./cat_images.ts";

export type CatSetFacts = {
  mTrain: number;
  mTest: number;
  /** Values per image as stored in the file (height · width · channels). */
  valuesPerImage: number;
  shapes: number[][];
  /** 255 · X[0:5, 0]: the first image's first five values after flattening. */
  sanityCheck: number[];
};

export function catSetFacts(data: Catvnoncat, sets: CatTensors): CatSetFacts {
  return {
    mTrain: data.mTrain,
    mTest: data.mTest,
    valuesPerImage: data.trainRaw.length / data.mTrain,
    shapes: [sets.X, sets.Y, sets.Xt, sets.Yt].map((t) => [...t.shape]),
    sanityCheck: [0, 1, 2, 3, 4].map((f) => 255 * data.trainX[f * data.mTrain]),
  };
}

/** The course's `100 - np.mean(np.abs(Y_prediction - Y)) * 100`, in its order. */
export function courseAccuracy(p: Float64Array, y: Float64Array): number {
  return 100 - p.reduce((s, v, i) => s + Math.abs(v - y[i]), 0) / y.length * 100;
}
