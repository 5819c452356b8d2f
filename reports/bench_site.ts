/**
 * The bench page in the site. Every build renders it into the staging folder from the current
 * results file (or copies it from the previous site when neither the results nor the report code
 * changed); `deno task bench` refreshes it in place in an existing site once new results are
 * written, so the page follows the measurements without a full rebuild.
 */
import { join } from "node:path";
import { SITE_MARKER } from "../harness/out_paths.ts";
import { type BenchInput, displayPath, readBenchResults } from "./bench_data.ts";
import {
  BENCH_ID,
  BENCH_RESULTS_FILE,
  benchHtml,
  benchMarkdown,
  type BenchPageSection,
} from "./bench_pages.ts";
import { renderSvg } from "./charts.ts";
import { safeFileName } from "./html.ts";
import { benchChartSpecs } from "./spec_bench.ts";
import { noteSpec } from "./spec_common.ts";

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

/**
 * Re-renders the bench page of the report site at `site` from `results`, in place: the new
 * files are written to a hidden folder inside the site, then renamed over the old ones one by
 * one (each rename atomic), and the rest of the site stays as it is. Returns what was read, or null when `site`
 * is not a report site (then nothing is written: `deno task report` will build it whole).
 */
export async function refreshBenchPage(site: string, results: string): Promise<BenchInput | null> {
  const isSite = await Deno.stat(join(site, SITE_MARKER)).then(() => true, () => false);
  if (!isSite) return null;
  const input = await readBenchResults(results);
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
    await Deno.remove(old, { recursive: true }).catch(() => {});
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
  return input;
}
