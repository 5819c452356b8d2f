/**
 * lookup.ts's twin for a web page: the same exports, the files coming from the page instead of
 * the file system. The page's bundle (web/build.ts) puts this module in lookup.ts's place, so
 * the loaders (iris.ts, reg2d.ts, catvnoncat.ts through h5.ts) run unchanged on the same bytes:
 * the report writes each data file the page needs, as read by lookup.ts, into a script
 * (`assets/data/<pack>.js`) that registers it, base64, under its path in a data folder:
 *
 * ```js
 * (globalThis.labData ??= {})["iris/iris_uci.csv"] = "NS4xLDMuNSwxLjQsMC4yLElyaXMtc2V0b3Nh…";
 * ```
 *
 * tests/web_bundle_test.ts checks that both modules export the same names with the same types.
 */
import { base64ToBytes } from "../schema/base64.ts";
import { DataError } from "./errors.ts";

/** Same as lookup.ts: not read in a page, which has no environment. */
export const DATA_DIR_ENV = "HARNESS_DATA_DIR";

/** Same as lookup.ts. */
export interface FindDataOptions {
  dataDir?: string;
  hint: string;
}

/** The page's files, by path in a data folder, as base64 (filled by the data scripts). */
function registry(): Record<string, string> {
  const g = globalThis as { labData?: Record<string, string> };
  return g.labData ?? {};
}

/** A page searches no folders: its files are the ones its scripts registered. */
export function dataSearchDirs(_dataDir?: string): string[] {
  return [];
}

/**
 * The file's key when the page holds it (its path in a data folder: what `read*` take).
 * @throws {DataError} naming the file and the script that would have brought it.
 */
export function findDataFile(relPath: string, opts: FindDataOptions): string {
  if (Object.hasOwn(registry(), relPath)) return relPath;
  throw new DataError(
    `data file ${relPath} is not in this page (its script under assets/data/ was not loaded); ` +
      `get it from: ${opts.hint}`,
  );
}

function bytesOf(path: string): Uint8Array {
  const data = registry();
  if (!Object.hasOwn(data, path)) throw new DataError(`cannot read ${path}: not in this page`);
  return base64ToBytes(data[path]);
}

/** The file's bytes, as the report read them. */
export function readDataFile(path: string): Promise<Uint8Array> {
  return Promise.resolve().then(() => bytesOf(path));
}

/** The file's text (UTF-8), as the report read it. */
export function readDataFileText(path: string): Promise<string> {
  return Promise.resolve().then(() => new TextDecoder().decode(bytesOf(path)));
}

/** The text of a file that ships with the code (e.g. `iris/iris_uci.csv`), from the page. */
export function readPackagedText(relPath: string): string {
  return new TextDecoder().decode(bytesOf(relPath));
}
