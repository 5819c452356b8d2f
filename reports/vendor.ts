/**
 * The browser builds copied into `<site>/assets/` so pages work from file:// with no network.
 *
 * How the files are found: `import.meta.resolve("vega")` maps the bare name through deno.json's
 * import map to the package's entry file on disk — in Deno's global npm cache, or in
 * node_modules/ when a project enables `nodeModulesDir` — so walking up from it to the folder
 * whose package.json names the package finds the installed copy of exactly the pinned version
 * the SVGs were rendered with. Neither `createRequire` nor `npm:vega/build/...` can reach these
 * files: the packages' "exports" maps hide `build/*.min.js`. The `load` thunks are literal
 * dynamic imports, so Deno installs the packages with the rest of the module graph; calling one
 * is the fallback if a package was not installed yet.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A file the site copies from an npm package. */
export interface VendorFile {
  /** Package name as mapped in deno.json. */
  pkg: string;
  /** Path inside the package. */
  file: string;
  /** File name under `<site>/assets/`. */
  as: string;
  load: () => Promise<unknown>;
}

/** The UMD builds the pages load (they define the globals vega, vegaLite, vegaEmbed). */
export const VENDOR_FILES: readonly VendorFile[] = [
  { pkg: "vega", file: "build/vega.min.js", as: "vega.min.js", load: () => import("vega") },
  {
    pkg: "vega-lite",
    file: "build/vega-lite.min.js",
    as: "vega-lite.min.js",
    load: () => import("vega-lite"),
  },
  {
    pkg: "vega-embed",
    file: "build/vega-embed.min.js",
    as: "vega-embed.min.js",
    load: () => import("vega-embed"),
  },
];

/** An installed package: its root folder and version. */
export interface InstalledPackage {
  root: string;
  version: string;
}

/** Finds an npm package's installed folder from its resolved entry file. */
export async function locatePackage(entry: VendorFile): Promise<InstalledPackage> {
  let resolved = import.meta.resolve(entry.pkg);
  if (!resolved.startsWith("file:")) {
    // Not installed yet (e.g. first run with a cold cache): importing installs it.
    await entry.load();
    resolved = import.meta.resolve(entry.pkg);
  }
  if (!resolved.startsWith("file:")) {
    throw new Error(`cannot locate npm package ${entry.pkg} on disk (resolved to ${resolved})`);
  }
  for (let dir = dirname(fileURLToPath(resolved)); dir !== dirname(dir); dir = dirname(dir)) {
    const text = await Deno.readTextFile(join(dir, "package.json")).catch(() => null);
    if (text === null) continue;
    const pkg = JSON.parse(text) as { name?: string; version?: string };
    if (pkg.name === entry.pkg) return { root: dir, version: pkg.version ?? "unknown" };
  }
  throw new Error(`no package.json for ${entry.pkg} above ${resolved}`);
}

/** Each vendored file's absolute source path and the package version it came from. */
export async function vendorSources(): Promise<
  { source: string; as: string; pkg: string; version: string; license: string }[]
> {
  return await Promise.all(VENDOR_FILES.map(async (v) => {
    const { root, version } = await locatePackage(v);
    return {
      source: join(root, v.file),
      as: v.as,
      pkg: v.pkg,
      version,
      license: join(root, "LICENSE"),
    };
  }));
}

/** Copies the vendored builds (and their licences) plus the report's own assets into `dir`. */
export async function copyAssets(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const v of await vendorSources()) {
    await Deno.copyFile(v.source, join(dir, v.as));
    // The licence travels with the minified build; a package without one still works.
    await Deno.copyFile(v.license, join(dir, `LICENSE-${v.pkg}.txt`)).catch(() => {});
  }
  for (const own of OWN_ASSETS) {
    await Deno.copyFile(fileURLToPath(new URL(`./assets/${own}`, import.meta.url)), join(dir, own));
  }
}

/** The report's own files under reports/assets/. */
export const OWN_ASSETS: readonly string[] = ["report.css", "charts.js"];
