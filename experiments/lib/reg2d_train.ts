/**
 * The course's 2-D regularisation data set as experiments that train on its training split use
 * it: the data-file check the CLI runs first, and the training split as an XY (or the course's
 * planar flower in its place).
 */
import { findDataFile } from "../../data/lookup.ts";
import { coursePlanar } from "../../data/planar.ts";
import { loadReg2d, REG2D_FILES, REG2D_HINT, type XY } from "../../data/reg2d.ts";

/** Throws DataError naming the missing files (an experiment's `checkData`). */
export function checkReg2d(dataDir?: string): void {
  for (const f of Object.values(REG2D_FILES)) findDataFile(f, { dataDir, hint: REG2D_HINT });
}

/** The training split (211 points, 106 of class 1). */
export async function reg2dTrain(dataDir?: string): Promise<XY> {
  const d = await loadReg2d({ dataDir });
  return { X: d.trainX, Y: d.trainY, m: d.mTrain };
}

/** `reg2d`: the training split above; `planar`: the course's planar flower (400 points). */
export function trainingSet2d(name: "reg2d" | "planar", dataDir?: string): Promise<XY> {
  return name === "planar" ? Promise.resolve(coursePlanar()) : reg2dTrain(dataDir);
}
