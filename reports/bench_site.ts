/**
 * The bench page in the site. Every build renders it into the staging folder from the current
 * results file (or copies it from the previous site when neither the results nor the report code
 * changed); `deno task bench` refreshes it in place in an existing site once new results are
 * written, so the page follows the measurements without a full rebuild.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { type BenchInput, displayPath, readBenchResults } from "./bench_data.ts";
import { benchHtml, benchMarkdown, type BenchPageSection } from "./bench_pages.ts";
import { BENCH_ID, BENCH_RESULTS_FILE, safeFileName } from "./layout.ts";
import { renderSvg } from "./render.ts";
import { generatorHash, readSiteState, writeSiteState } from "./site_state.ts";
import { benchChartSpecs } from "./spec_bench.ts";
import { noteSpec } from "./spec_common.ts";
import { copyTree } from "./staging.ts";

/** The page's files at the top of the site (the folder only with results to show). */
function benchOutputs(input: BenchInput): string[] {
  const pages = [`${BENCH_ID}.html`, `${BENCH_ID}.md`];
  return input.state === "ok" ? [...pages, BENCH_ID] : pages;
}

/** Hash of what shapes the page: the generator, and the results as read or why they are not. */
export function benchHash(input: BenchInput, generator: string): string {
  const hash = createHash("sha256").update(generator).update(BENCH_ID).update(input.state);
  if (input.state === "ok") hash.update(input.text);
  else {
    // Only the placeholder names the file (as seen from the working folder): a page with
    // results stays valid whoever refreshed it from wherever.
    hash.update(displayPath(input.file));
    if (input.state === "invalid") hash.update(input.problem);
  }
  return hash.digest("hex");
}

/** The one stderr line a build prints for an unusable results file; null when usable or absent. */
export function benchWarning(input: BenchInput): string | null {
  if (input.state !== "invalid") return null;
  return `warning: ${displayPath(input.file)}: ${input.problem}; ${BENCH_ID}.html shows no ` +
    "results until `deno task bench` rewrites it";
}

/** Renders bench.html, bench.md and, with results, bench/ (each chart, the results file). */
export async function writeBenchPage(dir: string, input: BenchInput): Promise<void> {
  const sections: BenchPageSection[] = [];
  if (input.state === "ok") {
    const folder = join(dir, BENCH_ID);
    await Deno.mkdir(folder, { recursive: true });
    // The results travel with the site, as measured, so the page's figures can be checked.
    await Deno.writeTextFile(join(folder, BENCH_RESULTS_FILE), input.text);
    const files = new Set<string>();
    const anchors = new Set<string>(["machine"]);
    for (const section of input.report.sections) {
      const charts = [];
      for (const c of benchChartSpecs(section)) {
        const file = safeFileName(`${section.id}-${c.unit}`, files);
        let spec = c.spec;
        let svg: string;
        try {
          svg = await renderSvg(spec);
        } catch (e) {
          // A section vega cannot draw costs its chart, not the page.
          spec = noteSpec(
            c.title,
            `This chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`,
          );
          svg = await renderSvg(spec);
        }
        await Deno.writeTextFile(
          join(folder, `${file}.vl.json`),
          JSON.stringify(spec, null, 2) + "\n",
        );
        await Deno.writeTextFile(join(folder, `${file}.svg`), svg);
        charts.push({ title: c.title, file, spec, svg });
      }
      sections.push({ section, anchor: safeFileName(`bench-${section.id}`, anchors), charts });
    }
  }
  await Deno.writeTextFile(join(dir, `${BENCH_ID}.md`), benchMarkdown(input, sections));
  await Deno.writeTextFile(join(dir, `${BENCH_ID}.html`), benchHtml(input, sections));
}

/** Copies the previous site's bench page into the staging folder; false if any part is missing. */
export async function reuseBenchPage(
  out: string,
  stage: string,
  input: BenchInput,
): Promise<boolean> {
  for (const name of benchOutputs(input)) {
    if (!await copyTree(join(out, name), join(stage, name))) return false;
  }
  return true;
}

/**
 * Re-renders the bench page of the report site at `site` from `results`, in place: the new
 * files are written to a hidden folder inside the site, then renamed over the old ones one by
 * one (each rename atomic), and the site's state records the results' hash, so the next build
 * copies the page rather than rendering it again. Returns what was read, or null when `site`
 * is not a report site (then nothing is written: `deno task report` will build it whole).
 */
export async function refreshBenchPage(site: string, results: string): Promise<BenchInput | null> {
  const state = await readSiteState(site);
  if (!state) return null;
  const input = await readBenchResults(results);
  const generator = await generatorHash();
  const stage = join(site, `.${BENCH_ID}.staging`);
  const old = join(site, `.${BENCH_ID}.old`);
  await Deno.remove(stage, { recursive: true }).catch(() => {});
  await Deno.mkdir(stage);
  try {
    await writeBenchPage(stage, input);
    // The folder first, the pages last: the new pages never link charts not there yet.
    await Deno.remove(old, { recursive: true }).catch(() => {});
    const hadOld = await Deno.rename(join(site, BENCH_ID), old).then(() => true, (e) => {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    });
    try {
      if (input.state === "ok") await Deno.rename(join(stage, BENCH_ID), join(site, BENCH_ID));
    } catch (e) {
      if (hadOld) await Deno.rename(old, join(site, BENCH_ID)).catch(() => {});
      throw e;
    }
    for (const page of [`${BENCH_ID}.md`, `${BENCH_ID}.html`]) {
      await Deno.rename(join(stage, page), join(site, page));
    }
    await writeSiteState(site, { ...state, bench: benchHash(input, generator) });
    await Deno.remove(old, { recursive: true }).catch(() => {});
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
  return input;
}
