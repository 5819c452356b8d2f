/**
 * Writing the site all at once: it is built in a hidden sibling folder and renamed into place,
 * so a failed or killed build leaves the previous site (or nothing) rather than half a site.
 */
import { basename, dirname, join, resolve } from "node:path";
import { ReportInputError } from "./errors.ts";

/** The file marking a folder as a report site (and holding its change-detection state). */
export const STATE_FILE = ".report-state.json";

/**
 * Checks that `out` may be replaced: absent, an empty folder, or a site this tool wrote. Refusing
 * anything else keeps `--out .` or a typo from wiping an unrelated folder.
 */
export async function checkOutDir(out: string): Promise<void> {
  const info = await Deno.stat(out).catch(() => null);
  if (info === null) return;
  if (!info.isDirectory) {
    throw new ReportInputError(`--out ${out} is a file, not a folder; pass a folder for the site`);
  }
  const isSite = await Deno.stat(join(out, STATE_FILE)).then(() => true, () => false);
  if (isSite) return;
  for await (const _ of Deno.readDir(out)) {
    throw new ReportInputError(
      `--out ${out} is a non-empty folder that is not a report site (no ${STATE_FILE}); ` +
        "pass a new or empty folder",
    );
  }
}

/** Runs `build` on a fresh staging folder beside `out`, then swaps it in for `out`. */
export async function buildAtomically(
  out: string,
  build: (stage: string) => Promise<void>,
): Promise<void> {
  const target = resolve(out);
  const parent = dirname(target);
  // Only when missing: mkdir of an existing folder still asks for write access to it.
  if (!(await Deno.stat(parent).then((i) => i.isDirectory, () => false))) {
    await Deno.mkdir(parent, { recursive: true });
  }
  // Fixed names beside the site (`.site.staging`, `.site.old`), so that the tasks can grant
  // write access to exactly these; a leftover of a killed build is cleared first.
  const stage = join(parent, `.${basename(target)}.staging`);
  await Deno.remove(stage, { recursive: true }).catch(() => {});
  await Deno.mkdir(stage);
  try {
    await build(stage);
  } catch (e) {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
    throw e;
  }
  const old = join(parent, `.${basename(target)}.old`);
  await Deno.remove(old, { recursive: true }).catch(() => {});
  const hadOld = await Deno.rename(target, old).then(() => true, (e) => {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  });
  try {
    await Deno.rename(stage, target);
  } catch (e) {
    if (hadOld) await Deno.rename(old, target).catch(() => {});
    await Deno.remove(stage, { recursive: true }).catch(() => {});
    throw e;
  }
  if (hadOld) await Deno.remove(old, { recursive: true });
}

/** Copies a file or folder tree, creating parents; false when `from` does not exist. */
export async function copyTree(from: string, to: string): Promise<boolean> {
  const info = await Deno.stat(from).catch(() => null);
  if (!info) return false;
  if (info.isFile) {
    await Deno.mkdir(dirname(to), { recursive: true });
    await Deno.copyFile(from, to);
    return true;
  }
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copyTree(join(from, entry.name), join(to, entry.name));
  }
  return true;
}
