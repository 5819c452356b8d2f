/**
 * Where a command may write, checked before anything runs: the run store (`--out`), the report
 * site (`--site`) and the folder the site's builds are staged in, each resolved through symlinks
 * to its real path, none the same as or inside another, none a file. The commands then run with
 * write access to exactly these real paths (harness/relaunch.ts), and the store refuses a symlink
 * inside it that leads out of it, so no write lands where the user did not point.
 */
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "./errors.ts";

/** The marker a report site carries (reports/ writes it): a folder a build may replace. */
export const SITE_MARKER = ".report-state.json";

/** The real absolute path of `p`: its longest existing prefix through realpath, the rest as given. */
export function realPath(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let head = abs;
  for (;;) {
    try {
      const real = Deno.realPathSync(head);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound) || dirname(head) === head) throw e;
      rest.push(basename(head));
      head = dirname(head);
    }
  }
}

function statOf(p: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(p);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** True when `inner` is `outer` or below it (both real, absolute). */
export function within(inner: string, outer: string): boolean {
  const r = relative(outer, inner);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && r !== "..");
}

/** The folder a site's builds are staged in, beside it: `<parent>/.<name>.builds`. */
export function buildsFolder(realSite: string): string {
  return join(dirname(realSite), `.${basename(realSite)}.builds`);
}

/** `--out DIR` for a run store: absent or a folder. Returns its real path. */
export function checkStore(path: string, flag = "--out"): string {
  const real = realPath(path);
  const info = statOf(real);
  if (info && !info.isDirectory) {
    throw new UsageError(
      `${flag} ${path} is a file, not a folder; give a folder for the run store`,
    );
  }
  return real;
}

/**
 * `--site DIR` for a report: absent, an empty folder, or a site this tool wrote (a build replaces
 * it whole, so anything else — `--site .`, a typo — is refused). Returns its real path.
 */
export function checkSite(path: string, flag = "--site"): string {
  const real = realPath(path);
  const info = statOf(real);
  if (!info) return real;
  if (!info.isDirectory) {
    throw new UsageError(`${flag} ${path} is a file, not a folder; give a folder for the site`);
  }
  if (statOf(join(real, SITE_MARKER))) return real;
  for (const _ of Deno.readDirSync(real)) {
    throw new UsageError(
      `${flag} ${path} is a non-empty folder that is not a report site (no ${SITE_MARKER}); ` +
        "give a new or empty folder",
    );
  }
  return real;
}

/** Refuses outputs that are the same folder or nest inside one another. */
export function checkApart(outputs: readonly { flag: string; given: string; real: string }[]) {
  for (const a of outputs) {
    for (const b of outputs) {
      if (a === b || !within(a.real, b.real)) continue;
      const how = a.real === b.real ? "is the same folder as" : "is inside";
      throw new UsageError(
        `${a.flag} ${a.given} ${how} ${b.flag} ${b.given}; give folders apart from each other`,
      );
    }
  }
}

/**
 * Refuses a symlink inside the store (`<out>/<experiment>` or `<out>/<experiment>/<key>`) whose
 * target is outside the store: Deno's write permission checks a path's text, not where it
 * leads, so such a link would carry trial writes out of the folder the user named.
 */
export function checkStoreLinks(realStore: string, entries: readonly string[]): void {
  for (const rel of entries) {
    const p = join(realStore, rel);
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(p);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    if (!info.isSymlink) continue;
    let target: string;
    try {
      target = Deno.realPathSync(p);
    } catch {
      target = Deno.readLinkSync(p);
    }
    if (!within(target, realStore)) {
      throw new UsageError(
        `${p} is a symlink to ${target}, outside the run store; remove it (trials are ` +
          "written only inside the store)",
      );
    }
  }
}

/**
 * Checks that the process can write into `dir` (creating it if absent) by writing and removing a
 * probe file, so a read-only folder is one clear line before any trial runs.
 */
export function probeWritable(dir: string, flag: string, given: string): void {
  const probe = join(dir, `.write-probe-${Deno.pid}`);
  let created = false;
  try {
    if (!statOf(dir)) {
      Deno.mkdirSync(dir, { recursive: true });
      created = true;
    }
    Deno.writeTextFileSync(probe, "");
    Deno.removeSync(probe);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new UsageError(
      `${flag} ${given}: cannot write there (${why}); give a folder you can write to`,
    );
  } finally {
    if (created) {
      try {
        Deno.removeSync(dir); // nothing written: the folder appears with the first trial
      } catch { /* not empty or gone */ }
    }
  }
}
