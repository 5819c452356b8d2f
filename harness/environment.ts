/**
 * Facts about where trials run, gathered once per process for every manifest: the runtime, the
 * machine, the git commit, and a hash of the code that experiments execute.
 */
import { sha256 } from "./hash.ts";

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

/** The layers an experiment's numbers depend on; a change in any reruns cached trials. */
const CODE_DIRS = ["kernels", "nn", "data", "harness"];
const codeHashes = new Map<string, string>();

/** Hash of the experiment's module source together with the code below it. */
export function codeHash(moduleUrl: URL): string {
  const hit = codeHashes.get(moduleUrl.href);
  if (hit) return hit;
  const parts: string[] = [sha256(Deno.readTextFileSync(moduleUrl))];
  for (const dir of CODE_DIRS) {
    for (const file of listCode(new URL(`${dir}/`, ROOT))) {
      parts.push(`${file.href.slice(ROOT.href.length)}:${sha256(Deno.readFileSync(file))}`);
    }
  }
  const h = sha256(parts.join("\n"));
  codeHashes.set(moduleUrl.href, h);
  return h;
}

function listCode(dir: URL): URL[] {
  const out: URL[] = [];
  for (const e of [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1)) {
    const url = new URL(e.isDirectory ? `${e.name}/` : e.name, dir);
    if (e.isDirectory) out.push(...listCode(url));
    else if (/\.(ts|wgsl)$/.test(e.name)) out.push(url);
  }
  return out;
}
