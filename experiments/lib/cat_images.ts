/**
 * The course's cat-vs-non-cat images for the experiments that train on them: loaded once per
 * process (a sweep's trials share the same files), uploaded as device tensors per trial, and
 * the mislabelled test images as an image grid.
 */
import {
  type Catvnoncat,
  CATVNONCAT_FILES,
  CATVNONCAT_HINT,
  loadCatvnoncat,
} from "../../data/catvnoncat.ts";
import { imageGrid } from "../../data/image_grid.ts";
import { findDataFile } from "../../data/lookup.ts";
import type { ImageGrid } from "../../schema/payloads.ts";
import type { Backend, Tensor } from "../../kernels/backend.ts";

/** The `checkData` of an experiment on the cat images: both HDF5 files must be found. */
export function checkCatData(dataDir?: string): void {
  for (const f of Object.values(CATVNONCAT_FILES)) {
    findDataFile(f, { dataDir, hint: CATVNONCAT_HINT });
  }
}

const loaded = new Map<string, Promise<Catvnoncat>>();

/** `loadCatvnoncat`, memoised per data folder (the arrays are only read, never changed). */
export function catData(dataDir?: string): Promise<Catvnoncat> {
  const key = dataDir ?? "";
  let p = loaded.get(key);
  if (!p) {
    p = loadCatvnoncat({ dataDir });
    // A failed load is not cached, so a fixed file is read on the next trial.
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}

/** Train and test sets on the device: X is 12288 × m (pixels / 255), Y is 1 × m. */
export interface CatTensors {
  X: Tensor;
  Y: Tensor;
  Xt: Tensor;
  Yt: Tensor;
  dispose(): void;
}

export function uploadCat(b: Backend, data: Catvnoncat): CatTensors {
  const t = {
    X: b.fromArray(data.trainX, [data.features, data.mTrain]),
    Y: b.fromArray(data.trainY, [1, data.mTrain]),
    Xt: b.fromArray(data.testX, [data.features, data.mTest]),
    Yt: b.fromArray(data.testY, [1, data.mTest]),
  };
  return {
    ...t,
    dispose: () => Object.values(t).forEach((x) => x.dispose()),
  };
}

/** The test images whose prediction (0/1 per image) differs from the label, titled as the course. */
export function mislabelledGrid(
  data: Catvnoncat,
  predicted: ArrayLike<number>,
  max = 16,
): ImageGrid {
  const wrong = Array.from({ length: data.mTest }, (_, i) => i)
    .filter((i) => predicted[i] !== data.testY[i]);
  const label = (v: number) => data.classes[v] ?? String(v);
  return imageGrid(
    data.testRaw,
    { height: data.height, width: data.width, channels: 3 },
    wrong.slice(0, max),
    (i) => `#${i}: is ${label(data.testY[i])}, predicted ${label(predicted[i])}`,
    () => true,
  );
}
