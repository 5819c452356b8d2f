/**
 * The code a trial's numbers depend on, as one hash: the experiment module and every module it
 * imports, transitively (relative static imports and re-exports), together with the files those
 * modules load by `new URL("./<folder>/…", import.meta.url)` (WGSL kernels, bundled data: every
 * file under that folder). Editing any of them changes the hash, so cached trials rerun and the
 * report shows older ones as stale. npm packages are pinned by the lockfile and left out.
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "./hash.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** `import … from "./x.ts"`, `export … from "./x.ts"`, `import "./x.ts"`. */
const STATIC_IMPORT = /(?:^|[\s;}])(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']/g;
const BARE_IMPORT = /(?:^|[\s;])import\s*["'](\.{1,2}\/[^"']+)["']/g;
/** `new URL("./wgsl/…", import.meta.url)` or a template starting with a folder. */
const LOADED_FOLDER = /new URL\(\s*[`"'](\.\/[A-Za-z0-9_.-]+)\//g;

/** The sorted files (absolute paths) that a module's numbers depend on. */
export function codeFiles(modulePath: string): string[] {
  const seen = new Set<string>();
  const todo = [resolve(modulePath)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith(".ts")) continue;
    const text = Deno.readTextFileSync(file);
    for (const re of [STATIC_IMPORT, BARE_IMPORT]) {
      for (const m of text.matchAll(re)) todo.push(resolve(dirname(file), m[1]));
    }
    for (const m of text.matchAll(LOADED_FOLDER)) {
      for (const f of filesUnder(resolve(dirname(file), m[1]))) todo.push(f);
    }
  }
  return [...seen].sort();
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...filesUnder(p));
    else if (e.isFile) out.push(p);
  }
  return out;
}

const cache = new Map<string, string>();

/**
 * Hash over the relative path and content of every file `codeFiles` finds from each module
 * (the experiment, and the harness module that builds its context).
 */
export function codeHash(...modules: (URL | string)[]): string {
  const paths = modules.map((m) => typeof m === "string" ? resolve(m) : fileURLToPath(m));
  const key = paths.join("\n");
  const hit = cache.get(key);
  if (hit) return hit;
  const files = [...new Set(paths.flatMap(codeFiles))].sort();
  const parts = files.map((f) => `${relative(ROOT, f)}:${sha256(Deno.readFileSync(f))}`);
  const h = sha256(parts.join("\n"));
  cache.set(key, h);
  return h;
}
