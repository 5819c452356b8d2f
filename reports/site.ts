/**
 * Builds the static report site from one or more run stores: the lectures' index, the claims
 * page, one HTML and one markdown page per experiment, each chart as .vl.json and .svg, the
 * trials' files, the benchmark page, the lectures' texts and the scripts the pages need — one
 * folder that opens from file:// with no network.
 *
 * Each build writes into a staging folder of its own (`<parent>/.<site>.builds/<pid>-<n>/`),
 * checks that the result is whole, and swaps it in under an exclusive lock, so two builds into
 * one site never mix or break it: the last to finish wins, whole. A failed build leaves the
 * previous site as it was.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../harness/catalog.ts";
import { codeHashOf } from "../harness/catalog.ts";
import { UsageError } from "../harness/errors.ts";
import { buildsFolder, checkSite, SITE_MARKER } from "../harness/out_paths.ts";
import { LECTURES } from "../harness/sources.ts";
import {
  benchWarning,
  defaultBenchResults,
  readBenchResults,
  writeBenchPage,
} from "./bench_page.ts";
import { renderCharts, type RenderedChart } from "./charts.ts";
import { ASSETS_DIR, CHART_SCRIPTS } from "./html.ts";
import { claimsMarkdown, experimentMarkdown, indexMarkdown } from "./markdown.ts";
import { claimsHtml, experimentHtml, indexHtml } from "./pages.ts";
import { type BrowserRun, RUN_SCRIPT } from "./run_panel.ts";
import { type ExperimentData, loadRunStores, TRIAL_FILES, type Unreadable } from "./runstore.ts";

/** What to build. */
export interface BuildOptions {
  /** Run-store folders, merged as shards of one sweep. */ runs: string[];
  /** The site folder: replaced whole. */ out: string;
  /**
   * The current catalogue: trials whose code hash is not its code's are shown as stale and not
   * counted, and the claims page lists the statements cited but not re-run.
   */
  catalog?: Catalog;
  /** Count stale trials too (`--include-stale`). */ includeStale?: boolean;
  /** Benchmark results for bench.html (default bench/results/latest.json). */ bench?: string;
  /** Where a malformed results file is reported, one line (default: stderr). */
  warn?: (line: string) => void;
  /**
   * The bundle and data that give each experiment page a "Run in this browser" panel (built by
   * web/build.ts from the catalogue); no panel without it.
   */
  browserRun?: BrowserRun;
}

/** What was built. */
export interface BuildResult {
  /** Path of the site's index.html. */ index: string;
  /** Ids of the experiments the stores hold, each given a page. */ experiments: string[];
  /** Corrupt trial folders, not counted (also listed on their pages). */ corrupt: Unreadable[];
}

// --- Assets ---------------------------------------------------------------------------------

/** A file the site copies from an npm package: its UMD build, found from its resolved entry. */
const VENDOR = [
  { pkg: "vega", file: "build/vega.min.js", load: () => import("vega") },
  { pkg: "vega-lite", file: "build/vega-lite.min.js", load: () => import("vega-lite") },
  { pkg: "vega-embed", file: "build/vega-embed.min.js", load: () => import("vega-embed") },
] as const;

/**
 * An npm package's installed folder: `import.meta.resolve` maps the bare name through deno.json's
 * import map to its entry file on disk; walking up to the folder whose package.json names the
 * package finds exactly the pinned version the SVGs were rendered with. (The packages' "exports"
 * hide `build/*.min.js` from `npm:` specifiers.) The literal dynamic imports make Deno install
 * them with the rest of the module graph; calling one installs a package not there yet.
 */
async function packageRoot(v: (typeof VENDOR)[number]): Promise<string> {
  let resolved = import.meta.resolve(v.pkg);
  if (!resolved.startsWith("file:")) {
    await v.load();
    resolved = import.meta.resolve(v.pkg);
  }
  for (let dir = dirname(fileURLToPath(resolved)); dir !== dirname(dir); dir = dirname(dir)) {
    const text = await Deno.readTextFile(join(dir, "package.json")).catch(() => null);
    if (text !== null && (JSON.parse(text) as { name?: string }).name === v.pkg) return dir;
  }
  throw new Error(`no package.json for ${v.pkg} above ${resolved}`);
}

/** The report's own files under reports/assets/. */
const OWN_ASSETS = ["report.css", "charts.js", RUN_SCRIPT];

/** Copies the vendored builds (with their licences), the report's assets and the lectures. */
export async function copyAssets(dir: string): Promise<void> {
  await Deno.mkdir(join(dir, "lectures"), { recursive: true });
  for (const v of VENDOR) {
    const root = await packageRoot(v);
    await Deno.copyFile(join(root, v.file), join(dir, v.file.split("/").pop()!));
    await Deno.copyFile(join(root, "LICENSE"), join(dir, `LICENSE-${v.pkg}.txt`)).catch(() => {});
  }
  for (const own of OWN_ASSETS) {
    await Deno.copyFile(fileURLToPath(new URL(`./assets/${own}`, import.meta.url)), join(dir, own));
  }
  // The lectures the sources cite, so a source label links to the text it quotes.
  for (const file of Object.values(LECTURES)) {
    await Deno.copyFile(
      fileURLToPath(new URL(`../lectures/${file}`, import.meta.url)),
      join(dir, "lectures", file),
    );
  }
}

// --- Pages ----------------------------------------------------------------------------------

async function writeCharts(dir: string, charts: readonly RenderedChart[]): Promise<void> {
  for (const c of charts) {
    await Deno.writeTextFile(
      join(dir, `${c.file}.vl.json`),
      JSON.stringify(c.spec, null, 2) + "\n",
    );
    await Deno.writeTextFile(join(dir, `${c.file}.svg`), c.svg);
  }
}

/** Renders one experiment: charts, trial files, markdown and HTML pages. */
async function writeExperiment(
  stage: string,
  exp: ExperimentData,
  browserRun?: BrowserRun,
): Promise<RenderedChart[]> {
  const dir = join(stage, exp.id);
  await Deno.mkdir(dir, { recursive: true });
  const counted = await renderCharts(exp.record, exp.counted);
  const customTrials = exp.trials.filter((t) => t.placement === "custom");
  const custom = customTrials.length > 0
    ? await renderCharts(exp.record, customTrials, "custom-")
    : [];
  await writeCharts(dir, [...counted, ...custom]);
  // The trials' own files travel with the site, as read, so its links work when published alone.
  for (const t of exp.trials) {
    const to = join(dir, "trials", t.key);
    await Deno.mkdir(to, { recursive: true });
    for (const f of TRIAL_FILES) await Deno.writeTextFile(join(to, f), t.files[f]);
  }
  await Deno.writeTextFile(
    join(stage, `${exp.id}.md`),
    experimentMarkdown(exp, counted.map((c) => c.file)),
  );
  await Deno.writeTextFile(
    join(stage, `${exp.id}.html`),
    experimentHtml(exp, { counted, custom }, browserRun?.panel(exp.id)),
  );
  return counted;
}

/** The files a whole site has; a build missing any is not swapped in. */
function requiredFiles(experiments: readonly ExperimentData[]): string[] {
  return [
    "index.html",
    "index.md",
    "claims.html",
    "bench.html",
    SITE_MARKER,
    ...[...CHART_SCRIPTS, "report.css"].map((f) => join(ASSETS_DIR, f)),
    ...experiments.flatMap((e) => [`${e.id}.html`, `${e.id}.md`]),
  ];
}

// --- Build ----------------------------------------------------------------------------------

/** The site cannot be written where the user pointed (a file in the path, read-only): exit 2. */
export class SiteWriteError extends UsageError {}

/** Whether an error is the file system refusing (has an OS error code, or is a Deno fs error). */
function isFileSystemError(e: unknown): boolean {
  return e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable ||
    e instanceof Deno.errors.NotADirectory || e instanceof Deno.errors.IsADirectory ||
    e instanceof Deno.errors.AlreadyExists || e instanceof Deno.errors.NotFound ||
    (e instanceof Error && typeof (e as { code?: unknown }).code === "string");
}

/** Runs a step that writes the site; a refusal of the file system becomes a SiteWriteError. */
async function writing<T>(given: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof UsageError || !isFileSystemError(e)) throw e;
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new SiteWriteError(`cannot write the site ${given}: ${why}`);
  }
}

/**
 * `checkSite` (harness/out_paths.ts), steady while another build swaps the site (it may vanish
 * for an instant between two renames): retried then; a path through a file is a SiteWriteError.
 */
export function checkSiteSteady(path: string, flag: string): string {
  for (let attempt = 0;; attempt++) {
    try {
      return checkSite(path, flag);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound && attempt < 20) continue;
      if (e instanceof Deno.errors.NotADirectory) {
        throw new SiteWriteError(
          `${flag} ${path}: part of the path is a file, not a folder; give a folder for the site`,
        );
      }
      throw e;
    }
  }
}

let builds = 0;

/** Runs `fn` holding the builds folder's exclusive lock (an flock: released if we die). */
async function underLock<T>(folder: string, fn: () => Promise<T>): Promise<T> {
  const lock = await Deno.open(join(folder, ".lock"), { create: true, write: true });
  try {
    await lock.lock(true);
    return await fn();
  } finally {
    lock.close();
  }
}

/** A build's id: `<pid>-<n>-<ms>`; its staging folder, old site and lock file are named by it. */
const BUILD = /^(\d+-\d+-\d+)(\.old|\.lock)?$/;

/**
 * Removes what killed builds left in the builds folder (call under its lock): the staging
 * folder `<pid>-<n>-<ms>`, the old site `<…>.old` and the lock file `<…>.lock` of every build
 * whose process is gone. A running build holds an flock on its lock file for its whole life and
 * the kernel drops it when the process ends, however it ends; so a build is gone when its lock
 * can be taken (or it has none). Returns the ids removed.
 */
export async function removeStaleBuilds(folder: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const e of Deno.readDirSync(folder)) {
    const m = BUILD.exec(e.name);
    if (m) ids.add(m[1]);
  }
  const removed: string[] = [];
  for (const id of [...ids].sort()) {
    const lockPath = join(folder, `${id}.lock`);
    const file = await Deno.open(lockPath, { write: true }).catch(() => null);
    const gone = file === null ? true : await file.tryLock(true);
    file?.close();
    if (!gone) continue;
    for (const name of [id, `${id}.old`, `${id}.lock`]) {
      await Deno.remove(join(folder, name), { recursive: true }).catch(() => {});
    }
    removed.push(id);
  }
  return removed;
}

/**
 * Writes a site through a staging folder of its own (`<parent>/.<site>.builds/<pid>-<n>-<ms>/`):
 * `fill` writes the pages into it and returns the files a whole site has, the marker goes in
 * last, the result must hold every one of them (else nothing is swapped and the error says what
 * is missing), and it replaces `site` whole under the builds folder's lock. What killed builds
 * left there is removed first. `given` names the site in errors.
 */
export async function writeSiteStaged(
  site: string,
  given: string,
  marker: string,
  fill: (stage: string) => Promise<string[]>,
): Promise<void> {
  const folder = buildsFolder(site);
  const id = `${Deno.pid}-${++builds}-${Date.now()}`;
  const stage = join(folder, id);
  const alive = await writing(given, async () => {
    await Deno.mkdir(folder, { recursive: true });
    return await underLock(folder, async () => {
      await removeStaleBuilds(folder);
      // Held until this build ends: how the next build knows it is still running.
      const own = await Deno.open(join(folder, `${id}.lock`), { create: true, write: true });
      await own.lock(true);
      return own;
    });
  });
  try {
    await writing(given, () => Deno.mkdir(stage));
    const required = await writing(given, () => fill(stage));
    await writing(given, () =>
      Deno.writeTextFile(
        join(stage, SITE_MARKER),
        JSON.stringify({ site: marker, built: new Date().toISOString() }) + "\n",
      ));
    const missing = [];
    for (const f of [...required, SITE_MARKER]) {
      if (!await Deno.stat(join(stage, f)).then(() => true, () => false)) missing.push(f);
    }
    if (missing.length > 0) throw new Error(`the built site lacks ${missing.join(", ")}`);
    await writing(given, () => underLock(folder, () => swapIn(stage, site)));
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
    await Deno.remove(join(folder, `${id}.lock`)).catch(() => {});
    alive.close();
  }
}

/**
 * Builds the site into `opts.out`, replacing it whole. Throws UsageError for bad input before
 * anything is written, SiteWriteError (a UsageError) when the site cannot be written.
 */
export async function buildReport(opts: BuildOptions): Promise<BuildResult> {
  const site = checkSiteSteady(opts.out, "--out");
  const catalog = opts.catalog;
  const store = await loadRunStores(opts.runs, {
    codeHash: catalog ? catalogHashes(catalog) : undefined,
    includeStale: opts.includeStale,
  });
  const bench = await readBenchResults(opts.bench ?? defaultBenchResults());
  const warning = benchWarning(bench);
  if (warning) (opts.warn ?? ((line: string) => console.error(line)))(warning);

  await writeSiteStaged(site, opts.out, "lecture results report", async (stage) => {
    await copyAssets(join(stage, ASSETS_DIR));
    const runAssets = await opts.browserRun?.write(
      join(stage, ASSETS_DIR),
      store.experiments.map((e) => e.id),
    ) ?? [];
    const thumbnails = new Map<string, { file: string; title: string }>();
    for (const exp of store.experiments) {
      const charts = await writeExperiment(stage, exp, opts.browserRun);
      // The key figure is the module's first chart: its author lists them in reading order.
      if (charts[0]) thumbnails.set(exp.id, { file: charts[0].file, title: charts[0].chart.title });
    }
    const cited = catalog?.cited ?? [];
    await Deno.writeTextFile(
      join(stage, "index.html"),
      indexHtml(store.experiments, thumbnails, store.corrupt),
    );
    await Deno.writeTextFile(join(stage, "index.md"), indexMarkdown(store.experiments));
    await Deno.writeTextFile(join(stage, "claims.html"), claimsHtml(store.experiments, cited));
    await Deno.writeTextFile(join(stage, "claims.md"), claimsMarkdown(store.experiments, cited));
    await writeBenchPage(stage, bench);
    return [...requiredFiles(store.experiments), ...runAssets.map((f) => join(ASSETS_DIR, f))];
  });
  return {
    index: join(opts.out, "index.html"),
    experiments: store.experiments.map((e) => e.id),
    corrupt: store.corrupt,
  };
}

/**
 * The current code's hash per experiment id, computed once each (undefined: not in this code,
 * so its trials are stale).
 */
export function catalogHashes(catalog: Catalog): (id: string) => string | undefined {
  const hashes = new Map<string, string | undefined>();
  return (id) => {
    if (!hashes.has(id)) {
      const entry = catalog.entries.find((e) => e.experiment.id === id);
      hashes.set(id, entry ? codeHashOf(entry) : undefined);
    }
    return hashes.get(id);
  };
}

/**
 * Replaces `site` with `stage` (call under the builds folder's lock, which orders concurrent
 * builds): the old site is renamed into the builds folder, the new one into place, the old one
 * removed. Each swap is two renames, so a reader sees the old site or the new one.
 */
async function swapIn(stage: string, site: string): Promise<void> {
  const old = `${stage}.old`;
  const hadOld = await Deno.rename(site, old).then(() => true, (e) => {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  });
  try {
    await Deno.rename(stage, site);
  } catch (e) {
    if (hadOld) await Deno.rename(old, site).catch(() => {});
    throw e;
  }
  if (hadOld) await Deno.remove(old, { recursive: true });
}
