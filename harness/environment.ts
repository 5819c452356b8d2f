/**
 * Facts about where trials run, gathered once per process for every manifest: the runtime, the
 * machine and the git commit.
 */
export interface RunEnvironment {
  deno: string;
  os: string;
  cpus: number;
  git: { commit: string | null; dirty: boolean | null };
}

const ROOT = new URL("../", import.meta.url);

function git(args: string[]): string | null {
  try {
    const out = new Deno.Command("git", { args, cwd: ROOT, stdout: "piped", stderr: "null" })
      .outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null; // no git, no permission, or not a checkout: the manifest says unknown
  }
}

let cached: RunEnvironment | undefined;

export function runEnvironment(): RunEnvironment {
  if (cached) return cached;
  const commit = git(["rev-parse", "HEAD"]);
  const status = commit === null ? null : git(["status", "--porcelain", "--untracked-files=no"]);
  cached = {
    deno: Deno.version.deno,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    cpus: navigator.hardwareConcurrency,
    git: { commit, dirty: status === null ? null : status.length > 0 },
  };
  return cached;
}
