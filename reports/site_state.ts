/**
 * Change detection: the site keeps a hash of each experiment's inputs (its record, every trial's
 * files, and the generator itself), and of the bench page's (the benchmark results file), so a
 * rebuild re-renders only pages whose hash changed and copies the rest from the previous site.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExperimentData } from "./runstore.ts";
import { STATE_FILE } from "./staging.ts";
import { OWN_ASSETS, vendorSources } from "./vendor.ts";

/** What `<site>/.report-state.json` holds. */
export interface SiteState {
  /** Hash of the report code, assets and vendored versions that built the site. */
  generator: string;
  /** Input hash per experiment id. */
  inputs: Record<string, string>;
  /**
   * Input hash of the bench page: the generator and the benchmark results as read (absent in
   * a state written before the page existed, which re-renders it).
   */
  bench?: string;
}

/** Reads the previous site's state; null when there is none or it is unreadable. */
export async function readSiteState(out: string): Promise<SiteState | null> {
  try {
    const state = JSON.parse(await Deno.readTextFile(join(out, STATE_FILE))) as SiteState;
    return typeof state.generator === "string" && typeof state.inputs === "object" ? state : null;
  } catch {
    return null;
  }
}

/**
 * Writes the state into the (staging) site folder. Through a temporary file and a rename: the
 * bench run updates the state of a live site, where a half-written state would read as none.
 */
export async function writeSiteState(dir: string, state: SiteState): Promise<void> {
  const tmp = join(dir, `${STATE_FILE}.tmp`);
  await Deno.writeTextFile(tmp, JSON.stringify(state, null, 2) + "\n");
  await Deno.rename(tmp, join(dir, STATE_FILE));
}

/**
 * Hash of everything besides the run store that shapes a page: this folder's modules and assets
 * (editing the report code re-renders every page), the vendored package versions and the PNG
 * encoder's.
 */
export async function generatorHash(): Promise<string> {
  const hash = createHash("sha256");
  const here = fileURLToPath(new URL(".", import.meta.url));
  const names: string[] = [];
  for await (const e of Deno.readDir(here)) {
    if (e.isFile && e.name.endsWith(".ts")) names.push(e.name);
  }
  for (const name of names.sort()) hash.update(name).update(await Deno.readFile(join(here, name)));
  for (const name of OWN_ASSETS) {
    hash.update(name).update(await Deno.readFile(join(here, "assets", name)));
  }
  for (const v of await vendorSources()) hash.update(`${v.pkg}@${v.version}`);
  // The image grids' PNG bytes come from fast-png; its resolved location names its version.
  const png = import.meta.resolve("fast-png");
  hash.update(`fast-png@${/fast-png[@/](\d[^/]*)/.exec(png)?.[1] ?? png}`);
  return hash.digest("hex");
}

/** Hash of one experiment's inputs under a given generator. */
export function experimentHash(exp: ExperimentData, generator: string): string {
  const hash = createHash("sha256").update(generator).update(exp.id).update(
    JSON.stringify(exp.record),
  );
  for (const t of exp.trials) hash.update(t.key).update(t.hash);
  return hash.digest("hex");
}
