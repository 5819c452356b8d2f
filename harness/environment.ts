/**
 * Facts about where trials run, gathered once per process for every manifest: the runtime, the
 * machine and the git commit. The commit and the dirty flag are read from the repository's files
 * by isomorphic-git, never by running `git`: a clone's config (core.fsmonitor, hooks, filters)
 * could otherwise make every experiment run a program of its choosing.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import git from "isomorphic-git";

export interface RunEnvironment {
  deno: string;
  os: string;
  cpus: number;
  git: { commit: string | null; dirty: boolean | null };
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** HEAD's commit and whether a tracked file differs from it; nulls when this is no checkout. */
async function gitState(): Promise<RunEnvironment["git"]> {
  let commit: string;
  try {
    commit = await git.resolveRef({ fs, dir: ROOT, ref: "HEAD" });
  } catch {
    return { commit: null, dirty: null }; // not a checkout, or unreadable: the manifest says unknown
  }
  try {
    // Rows are [file, head, workdir, stage]; head 0 is an untracked file (not counted, as
    // `git status --untracked-files=no`), [1, 1, 1] a tracked file unchanged.
    const rows = await git.statusMatrix({ fs, dir: ROOT });
    const dirty = rows.some(([, head, work, stage]) => head !== 0 && !(work === 1 && stage === 1));
    return { commit, dirty };
  } catch {
    return { commit, dirty: null };
  }
}

let cached: Promise<RunEnvironment> | undefined;

export function runEnvironment(): Promise<RunEnvironment> {
  cached ??= gitState().then((g) => ({
    deno: Deno.version.deno,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    cpus: navigator.hardwareConcurrency,
    git: g,
  }));
  return cached;
}
