/**
 * Finding and reading data files. Large or licence-bound data is not committed, so a file may live
 * in one of several places; the search order lets a user override the shared copy without editing
 * code:
 *
 * 1. `dataDir` (the CLI's `--data-dir`),
 * 2. the `HARNESS_DATA_DIR` environment variable,
 * 3. this repo's `data/` folder,
 * 4. `shared/data/` in the folder that holds the repo (the team's shared copies).
 *
 * This module is the loaders' only way to the file system. A web page runs the same loaders on
 * its twin, lookup_page.ts (same exports), which the page's bundle puts in its place: there the
 * files come from the scripts the report ships (web/build.ts).
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "./errors.ts";

/** The environment variable naming an extra data folder (searched after `--data-dir`). */
export const DATA_DIR_ENV = "HARNESS_DATA_DIR";

/** Options for {@link findDataFile}. */
export interface FindDataOptions {
  /** Folder searched first (the CLI's `--data-dir`); relative paths resolve against the cwd. */
  dataDir?: string;
  /** Where to get the file, quoted in the not-found message (a course, a URL, a script). */
  hint: string;
}

/** This module's folder: the repo's `data/`. */
function repoDataDir(): string | undefined {
  // Only a local checkout has folders to search; a module loaded over http has none.
  if (!import.meta.url.startsWith("file:")) return undefined;
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Reads `HARNESS_DATA_DIR` without prompting or throwing: if --allow-env was not granted the
 * variable is treated as unset, so loaders still work from the other folders.
 */
function envDataDir(): string | undefined {
  try {
    const status = Deno.permissions.querySync({ name: "env", variable: DATA_DIR_ENV });
    if (status.state !== "granted") return undefined;
    const value = Deno.env.get(DATA_DIR_ENV);
    return value && value.trim() !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folders searched for data files, in order, absolute and without duplicates.
 * @param dataDir The CLI's `--data-dir`, searched first when given.
 */
export function dataSearchDirs(dataDir?: string): string[] {
  const dirs: string[] = [];
  if (dataDir !== undefined && dataDir.trim() !== "") dirs.push(resolve(dataDir));
  const env = envDataDir();
  if (env !== undefined) dirs.push(resolve(env));
  const repoData = repoDataDir();
  if (repoData !== undefined) {
    dirs.push(repoData);
    // repo/data -> repo -> the folder holding the repo -> shared/data
    dirs.push(resolve(repoData, "..", "..", "shared", "data"));
  }
  return [...new Set(dirs)];
}

/** True if `path` is an existing regular file; a missing read permission is a user error. */
function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return false;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new DataError(
        `cannot look for data file ${path}: read access denied (run with --allow-read): ${
          (e as Error).message
        }`,
        { cause: e },
      );
    }
    throw e;
  }
}

/**
 * Returns the path of the first existing copy of `relPath` in {@link dataSearchDirs}.
 *
 * @param relPath Path inside a data folder, e.g. `"catvnoncat/train_catvnoncat.h5"`. An absolute
 *   path is checked as it is.
 * @param opts `dataDir` searched first; `hint` says where to get the file.
 * @throws {DataError} if no folder holds the file; the one-line message names the file, the
 *   folders searched, where to put it and where to get it.
 */
export function findDataFile(relPath: string, opts: FindDataOptions): string {
  const dirs = isAbsolute(relPath) ? [] : dataSearchDirs(opts.dataDir);
  const candidates = isAbsolute(relPath) ? [relPath] : dirs.map((d) => join(d, relPath));
  for (const path of candidates) {
    if (isFile(path)) return path;
  }
  const where = isAbsolute(relPath)
    ? `put it at ${relPath}`
    : `put it in one of those folders as ${relPath} (or pass --data-dir DIR, or set ${DATA_DIR_ENV})`;
  const searched = isAbsolute(relPath) ? "" : ` (searched: ${dirs.join(", ")})`;
  throw new DataError(
    `data file ${relPath} not found${searched}; ${where}; get it from: ${opts.hint}`,
  );
}

/**
 * Reads a data file whole.
 * @param path What {@link findDataFile} returned.
 * @throws {DataError} if the file cannot be read.
 */
export async function readDataFile(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new DataError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Reads a data file whole as UTF-8 text.
 * @param path What {@link findDataFile} returned.
 * @throws {DataError} if the file cannot be read.
 */
export async function readDataFileText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new DataError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The folders of the data that ships with the code (Iris), read from here and never looked for
 * elsewhere. Their files are part of the code hash of every module that imports this one
 * (harness/code_hash.ts follows `new URL("./<folder>/", import.meta.url)`).
 */
const PACKAGED_FOLDERS = [new URL("./iris/", import.meta.url)];

/**
 * The text of a file that ships with the code, `data/<relPath>` (e.g. `iris/iris_uci.csv`).
 * @throws {Error} if `relPath` is not in a packaged folder.
 */
export function readPackagedText(relPath: string): string {
  const url = new URL(`./${relPath}`, import.meta.url);
  if (!PACKAGED_FOLDERS.some((folder) => url.href.startsWith(folder.href))) {
    throw new Error(`data/${relPath} is not in a folder of data shipped with the code`);
  }
  return Deno.readTextFileSync(url);
}
