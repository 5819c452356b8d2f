/**
 * The course's 2-D regularisation data (the "which positions should the goalkeeper kick to"
 * exercise): points (x1, x2) with a 0/1 label, 211 for training and 200 for testing, as CSV files
 * `reg2d/train.csv` and `reg2d/test.csv` with the header `x1,x2,y`.
 */
import { parseCsvRows } from "./csv.ts";
import { DataError } from "./errors.ts";
import { findDataFile, readDataFileText } from "./lookup.ts";

/** Where to get the files, quoted when they are missing. */
export const REG2D_HINT =
  "the course's regularisation exercise (data.mat: X, y as train.csv and Xval, yval as " +
  "test.csv, columns x1,x2,y with a header), saved as reg2d/train.csv and reg2d/test.csv";

/** Paths inside a data folder. */
export const REG2D_FILES = { train: "reg2d/train.csv", test: "reg2d/test.csv" } as const;

const HEADER = ["x1", "x2", "y"];

/** One split as the models take it. */
export interface XY {
  /** 2 × m, row-major: x1 of all examples, then x2 (X[f, i] at `f * m + i`). */
  X: Float64Array;
  /** 1 × m labels, 0 or 1. */
  Y: Float64Array;
  m: number;
}

/** Both splits and the files they came from. */
export interface Reg2d {
  trainX: Float64Array;
  trainY: Float64Array;
  testX: Float64Array;
  testY: Float64Array;
  mTrain: number;
  mTest: number;
  trainPath: string;
  testPath: string;
}

/** Options for {@link loadReg2d}. */
export interface Reg2dOptions {
  /** Folder searched first (the CLI's `--data-dir`). */
  dataDir?: string;
}

// A plain decimal number: Number() alone would also accept "", " ", "0x1f" and "Infinity".
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses reg2d CSV text (header `x1,x2,y`, then one example per line).
 *
 * @param text The file's contents.
 * @param source Names the file in error messages.
 * @throws {DataError} naming the file and line for a wrong header, a row without exactly three
 *   fields, a value that is not a finite number, or a label other than 0/1.
 */
export function parseReg2dCsv(text: string, source: string): XY {
  // Rows are kept one per line (no skipping) so a row's index + 1 is its line number.
  const data = parseCsvRows(text.replace(/^\uFEFF/, ""), true).rows;
  const header = (data[0] ?? []).map((h) => h.trim());
  if (header.join(",") !== HEADER.join(",")) {
    throw new DataError(
      `${source}:1: expected the header ${HEADER.join(",")}, found "${header.join(",")}"`,
    );
  }
  const x1: number[] = [];
  const x2: number[] = [];
  const y: number[] = [];
  for (let r = 1; r < data.length; r++) {
    const row = data[r];
    if (row.length === 1 && row[0].trim() === "") continue; // blank line (e.g. the final newline)
    const line = r + 1;
    if (row.length !== 3) {
      throw new DataError(`${source}:${line}: expected 3 fields (x1,x2,y), found ${row.length}`);
    }
    const values = row.map((field, c) => {
      const s = field.trim();
      if (!NUMBER.test(s)) {
        throw new DataError(`${source}:${line}: ${HEADER[c]} is "${field}", not a finite number`);
      }
      return Number(s);
    });
    if (values[2] !== 0 && values[2] !== 1) {
      throw new DataError(`${source}:${line}: y is ${row[2]}; labels must be 0 or 1`);
    }
    x1.push(values[0]);
    x2.push(values[1]);
    y.push(values[2]);
  }
  const m = y.length;
  if (m === 0) throw new DataError(`${source}: no examples after the header`);
  const X = new Float64Array(2 * m);
  X.set(x1, 0);
  X.set(x2, m);
  return { X, Y: Float64Array.from(y), m };
}

async function readSplit(path: string): Promise<XY> {
  return parseReg2dCsv(await readDataFileText(path), path);
}

/**
 * Loads `reg2d/train.csv` and `reg2d/test.csv` from the data folders.
 * @throws {DataError} if a file is missing or has a malformed row.
 */
export async function loadReg2d(opts: Reg2dOptions = {}): Promise<Reg2d> {
  const find = (rel: string) => findDataFile(rel, { dataDir: opts.dataDir, hint: REG2D_HINT });
  const trainPath = find(REG2D_FILES.train);
  const testPath = find(REG2D_FILES.test);
  const train = await readSplit(trainPath);
  const test = await readSplit(testPath);
  return {
    trainX: train.X,
    trainY: train.Y,
    testX: test.X,
    testY: test.Y,
    mTrain: train.m,
    mTest: test.m,
    trainPath,
    testPath,
  };
}
