/**
 * The course's cat-vs-non-cat images (logistic regression and deep-network assignments): 209
 * training and 50 test RGB images of 64 × 64, labelled 1 (cat) or 0 (non-cat), in two HDF5 files
 * with keys `train_set_x` / `train_set_y` (resp. `test_set_…`) and `list_classes`.
 */
import { DataError } from "./errors.ts";
import { type H5Array, type H5Reader, withH5File } from "./h5.ts";
import { imagesToColumns } from "./images.ts";
import { findDataFile } from "./lookup.ts";

/** Where to get the files, quoted when they are missing or damaged. */
export const CATVNONCAT_HINT =
  'the deep-learning course "Neural Networks and Deep Learning", week 2 assignment datasets ' +
  "(train_catvnoncat.h5, test_catvnoncat.h5), saved as catvnoncat/<name> in a data folder";

/** Paths inside a data folder. */
export const CATVNONCAT_FILES = {
  train: "catvnoncat/train_catvnoncat.h5",
  test: "catvnoncat/test_catvnoncat.h5",
} as const;

const HEIGHT = 64;
const WIDTH = 64;
const CHANNELS = 3;
const FEATURES = HEIGHT * WIDTH * CHANNELS;

/** The loaded data set, flattened as the course does. */
export interface Catvnoncat {
  /** features × mTrain, row-major: X[f, i] at `f * mTrain + i`; pixels / 255. */
  trainX: Float64Array;
  /** 1 × mTrain labels, 1 = cat. */
  trainY: Float64Array;
  /** features × mTest, row-major; pixels / 255. */
  testX: Float64Array;
  /** 1 × mTest labels. */
  testY: Float64Array;
  /** Class names by label: `["non-cat", "cat"]`. */
  classes: string[];
  /** The images as stored, mTrain × 64 × 64 × 3 (for image grids). */
  trainRaw: Uint8Array;
  /** mTest × 64 × 64 × 3. */
  testRaw: Uint8Array;
  mTrain: number;
  mTest: number;
  height: number;
  width: number;
  channels: number;
  /** height · width · channels = 12288, the rows of X. */
  features: number;
  /** The files read, for the run manifest. */
  trainPath: string;
  testPath: string;
}

/** Options for {@link loadCatvnoncat}. */
export interface CatvnoncatOptions {
  /** Folder searched first (the CLI's `--data-dir`). */
  dataDir?: string;
}

interface Split {
  raw: Uint8Array;
  y: Float64Array;
  m: number;
  classes: string[];
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

function readSplit(file: H5Reader, prefix: "train" | "test", path: string): Split {
  const xKey = `${prefix}_set_x`;
  const yKey = `${prefix}_set_y`;
  const x = file.read(xKey);
  const m = x.shape[0];
  if (
    x.shape.length !== 4 || m < 1 || x.shape[1] !== HEIGHT || x.shape[2] !== WIDTH ||
    x.shape[3] !== CHANNELS
  ) {
    throw new DataError(
      `${path}: ${xKey} has shape ${shapeText(x.shape)}, expected (m, 64, 64, 3)`,
    );
  }
  if (!(x.value instanceof Uint8Array) || x.typeClass !== 0 || x.size !== 1 || x.signed) {
    throw new DataError(`${path}: ${xKey} is not uint8 pixels (HDF5 type class ${x.typeClass})`);
  }
  const y = file.read(yKey);
  // The course stores labels as (m,); accept (1, m) and (m, 1) too, which hold the same values.
  const ySize = y.shape.reduce((a, b) => a * b, 1);
  if (y.shape.filter((d) => d !== 1).length > 1 || ySize !== m) {
    throw new DataError(
      `${path}: ${yKey} has shape ${shapeText(y.shape)}, expected (${m},) to match ${xKey}`,
    );
  }
  const labels = numericValues(y, yKey, path);
  labels.forEach((v, i) => {
    if (v !== 0 && v !== 1) {
      throw new DataError(`${path}: ${yKey}[${i}] is ${v}; labels must be 0 (non-cat) or 1 (cat)`);
    }
  });
  const classes = file.read("list_classes");
  if (!Array.isArray(classes.value) || !classes.value.every((c) => typeof c === "string")) {
    throw new DataError(`${path}: list_classes is not a list of strings`);
  }
  return { raw: x.value, y: labels, m, classes: classes.value as string[] };
}

/** Label values as numbers, whatever integer or float type the file used (int64 in the course's). */
function numericValues(a: H5Array, key: string, path: string): Float64Array {
  const v = a.value;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Float64Array.from(v as ArrayLike<number | bigint>, (e) => Number(e));
  }
  throw new DataError(`${path}: ${key} is not numeric`);
}

async function loadSplit(path: string, prefix: "train" | "test"): Promise<Split> {
  return await withH5File(path, (file) => readSplit(file, prefix, path), CATVNONCAT_HINT);
}

/**
 * Loads both cat-vs-non-cat files and flattens them as the course does:
 * `X = x_orig.reshape(m, -1).T / 255` (C order: image, row, column, channel).
 *
 * @throws {DataError} if a file is missing, truncated or corrupt, lacks a key, or has the wrong
 *   shape or type.
 */
export async function loadCatvnoncat(opts: CatvnoncatOptions = {}): Promise<Catvnoncat> {
  const find = (rel: string) => findDataFile(rel, { dataDir: opts.dataDir, hint: CATVNONCAT_HINT });
  const trainPath = find(CATVNONCAT_FILES.train);
  const testPath = find(CATVNONCAT_FILES.test);
  const train = await loadSplit(trainPath, "train");
  const test = await loadSplit(testPath, "test");
  if (train.classes.join("\u0000") !== test.classes.join("\u0000")) {
    throw new DataError(
      `list_classes differ between ${trainPath} [${train.classes}] and ${testPath} [${test.classes}]`,
    );
  }
  return {
    trainX: imagesToColumns(train.raw, train.m, FEATURES),
    trainY: train.y,
    testX: imagesToColumns(test.raw, test.m, FEATURES),
    testY: test.y,
    classes: train.classes,
    trainRaw: train.raw,
    testRaw: test.raw,
    mTrain: train.m,
    mTest: test.m,
    height: HEIGHT,
    width: WIDTH,
    channels: CHANNELS,
    features: FEATURES,
    trainPath,
    testPath,
  };
}
