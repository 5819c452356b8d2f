/**
 * Builds the static report site from one or more run stores (DESIGN.md §3 "Report site"): the
 * scoreboard, one HTML and one markdown page per experiment, each chart as .vl.json and .svg,
 * the trials' files, the benchmark page, and the scripts the pages need, all in one folder that
 * opens from file://.
 */
import { join, resolve } from "node:path";
import { type BenchInput, defaultBenchResults, readBenchResults } from "./bench_data.ts";
import { benchHash, benchWarning, reuseBenchPage, writeBenchPage } from "./bench_site.ts";
import { renderCharts, type RenderedChart } from "./charts.ts";
import { compareHtml, compareMarkdown } from "./compare_pages.ts";
import { compareStores } from "./compare.ts";
import { experimentHtml } from "./html_experiment.ts";
import { indexHtml } from "./html_index.ts";
import { ASSETS_DIR } from "./layout.ts";
import { experimentMarkdown, indexMarkdown } from "./markdown.ts";
import { type ExperimentData, loadRunStores, TRIAL_FILES } from "./runstore.ts";
import { experimentHash, generatorHash, readSiteState, writeSiteState } from "./site_state.ts";
import { buildAtomically, checkOutDir, copyTree } from "./staging.ts";
import { copyAssets } from "./vendor.ts";

/** What to build: run-store folders (merged as shards), the site folder, an optional comparison. */
export interface BuildOptions {
  runs: string[];
  out: string;
  /** Two run-store folders to compare side by side (compare.md / compare.html). */
  compare?: [string, string];
  /**
   * The benchmark results bench.html shows (default: bench/results/latest.json, where
   * `deno task bench` writes them). Missing or malformed, the page says so instead.
   */
  bench?: string;
  /** Where a malformed results file is reported, one line (default: stderr). */
  warn?: (line: string) => void;
}

/** What was built. */
export interface BuildResult {
  /** Path of the site's index.html. */
  index: string;
  /** Experiment ids in the site. */
  experiments: string[];
  /** Ids whose pages were rendered this time; the rest were unchanged and copied. */
  rendered: string[];
  /** Trial folders that did not count (incomplete or unreadable), with the reason. */
  skipped: string[];
  /** The bench page: what its results file held, and whether it was rendered or copied. */
  bench: { state: BenchInput["state"]; rendered: boolean };
}

/**
 * Builds the site into `opts.out`, replacing it whole. Throws `ReportInputError` for bad input,
 * before anything is written.
 */
export async function buildReport(opts: BuildOptions): Promise<BuildResult> {
  await checkOutDir(opts.out);
  const store = await loadRunStores(opts.runs);
  const comparison = opts.compare
    ? compareStores(
      await loadRunStores([opts.compare[0]]),
      await loadRunStores([opts.compare[1]]),
      opts.compare,
    )
    : null;
  const generator = await generatorHash();
  const previous = await readSiteState(opts.out);
  const inputs: Record<string, string> = {};
  const rendered: string[] = [];
  const bench = await readBenchResults(opts.bench ?? defaultBenchResults());
  const warning = benchWarning(bench);
  if (warning) (opts.warn ?? ((line: string) => console.error(line)))(warning);
  const benchInputs = benchHash(bench, generator);
  let benchRendered = false;

  await buildAtomically(opts.out, async (stage) => {
    await copyAssets(join(stage, ASSETS_DIR));
    for (const exp of store.experiments) {
      const hash = experimentHash(exp, generator);
      inputs[exp.id] = hash;
      const reused = previous?.inputs[exp.id] === hash &&
        await reuseExperiment(opts.out, stage, exp.id);
      if (!reused) {
        await writeExperiment(stage, exp);
        rendered.push(exp.id);
      }
    }
    await Deno.writeTextFile(join(stage, "index.html"), indexHtml(store.experiments, !!comparison));
    await Deno.writeTextFile(
      join(stage, "index.md"),
      indexMarkdown(store.experiments, !!comparison),
    );
    if (comparison) {
      await Deno.writeTextFile(join(stage, "compare.html"), compareHtml(comparison));
      await Deno.writeTextFile(join(stage, "compare.md"), compareMarkdown(comparison));
    }
    const benchReused = previous?.bench === benchInputs &&
      await reuseBenchPage(resolve(opts.out), stage, bench);
    if (!benchReused) {
      await writeBenchPage(stage, bench);
      benchRendered = true;
    }
    await writeSiteState(stage, { generator, inputs, bench: benchInputs });
  });

  return {
    index: join(opts.out, "index.html"),
    experiments: store.experiments.map((e) => e.id),
    rendered,
    skipped: [...store.skipped],
    bench: { state: bench.state, rendered: benchRendered },
  };
}

/** An unchanged experiment's outputs, copied from the previous site; false if any is missing. */
async function reuseExperiment(out: string, stage: string, id: string): Promise<boolean> {
  const from = resolve(out);
  for (const name of [`${id}.html`, `${id}.md`, id]) {
    if (!await copyTree(join(from, name), join(stage, name))) return false;
  }
  return true;
}

/** Renders one experiment: charts, trial files, markdown and HTML pages. */
async function writeExperiment(stage: string, exp: ExperimentData): Promise<void> {
  const dir = join(stage, exp.id);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const charts: RenderedChart[] = await renderCharts(exp);
  for (const c of charts) {
    await Deno.writeTextFile(
      join(dir, `${c.file}.vl.json`),
      JSON.stringify(c.spec, null, 2) + "\n",
    );
    await Deno.writeTextFile(join(dir, `${c.file}.svg`), c.svg);
  }
  // The trials' own files travel with the site, so its links work when published alone; the
  // texts already read are written, so a trial rerun mid-build cannot mismatch its page.
  for (const t of exp.trials) {
    const to = join(dir, "trials", t.key);
    await Deno.mkdir(to, { recursive: true });
    for (const f of TRIAL_FILES) await Deno.writeTextFile(join(to, f), t.files[f]);
  }
  await Deno.writeTextFile(
    join(stage, `${exp.id}.md`),
    experimentMarkdown(exp, charts.map((c) => c.file)),
  );
  await Deno.writeTextFile(
    join(stage, `${exp.id}.html`),
    experimentHtml(exp, charts.map((c) => ({ ...c, title: c.chart.title }))),
  );
}
