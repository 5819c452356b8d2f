/**
 * Where each output lives in the site folder. Every page sits at the top, so links between them
 * need no `../`; an experiment's charts and trial files sit in its own folder.
 *
 * ```
 * <site>/index.html, index.md                 scoreboard (index.md: the markdown twin)
 * <site>/<id>.html, <id>.md                   one page per experiment
 * <site>/<id>/<chart>.vl.json, <chart>.svg    each chart
 * <site>/<id>/trials/<key>/{manifest.json, metrics.csv, result.json}
 * <site>/compare.html, compare.md             with --compare
 * <site>/bench.html, bench.md                 benchmark results (bench/results/latest.json),
 *                                             or how to produce them
 * <site>/bench/<chart>.vl.json, <chart>.svg   the benchmark charts
 * <site>/bench/latest.json                    the results as measured
 * <site>/assets/                              scripts and style sheet
 * ```
 */
import { relativeUrl } from "./escape.ts";

/** The folder holding copied scripts and the style sheet. */
export const ASSETS_DIR = "assets";

/** The benchmark page's name: bench.html and bench.md, its charts and results under bench/. */
export const BENCH_ID = "bench";

/** The benchmark results' file name under `<site>/bench/`. */
export const BENCH_RESULTS_FILE = "latest.json";

/** A file name safe on every file system and in URLs, unique within `taken`. */
export function safeFileName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || "chart";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base}-${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Site-relative URLs of an experiment's outputs (and the bench page's, under `BENCH_ID`). */
export const urls = {
  page: (id: string): string => relativeUrl(`${id}.html`),
  markdown: (id: string): string => relativeUrl(`${id}.md`),
  chartSvg: (id: string, file: string): string => relativeUrl(id, `${file}.svg`),
  chartSpec: (id: string, file: string): string => relativeUrl(id, `${file}.vl.json`),
  trialFile: (id: string, key: string, file: string): string =>
    relativeUrl(id, "trials", key, file),
  asset: (file: string): string => relativeUrl(ASSETS_DIR, file),
  benchResults: (): string => relativeUrl(BENCH_ID, BENCH_RESULTS_FILE),
};
