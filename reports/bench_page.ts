/**
 * The report's bench page: bench.html and bench.md from the benchmark results
 * (`deno task bench` writes bench/results/latest.json) — when and how they were measured, the
 * machine and adapter, then each section as its table (formatted as `deno task bench` prints
 * it), notes and charts (reports/spec_bench.ts).
 *
 * - Reading: the results file is checked against the `BenchReport` shape field by field, so a
 *   malformed one is reported in one line naming what is wrong, and costs the page its results,
 *   never the rest of the site. Without usable results the page stays, saying why and how to
 *   produce them, so the scoreboard's link always leads somewhere.
 * - Writing: every build renders the page into its staging folder; `deno task bench` refreshes
 *   it in place in an existing site once new results are written (`refreshBenchPage`), so the
 *   page follows the measurements without a full rebuild.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import type { BenchReport, Cell, Column, Section } from "../bench/report.ts";
import { benchHeading, formatBenchCell, isNumericColumn } from "../bench/report.ts";
import { SITE_MARKER } from "../harness/out_paths.ts";
import { renderSvg } from "./charts.ts";
import {
  CHART_SCRIPTS,
  chartFigure,
  htmlDocument,
  htmlTable,
  markup,
  relativeUrl,
  safeFileName,
  type SafeHtml,
  urls,
} from "./html.ts";
import { code, markdownTable, md } from "./markdown.ts";
import { benchChartSpecs } from "./spec_bench.ts";
import { noteSpec } from "./spec_common.ts";
import { describeAdapter, type Fact } from "./tables.ts";

// ---- Reading the results file.

/**
 * Where `deno task bench` writes its results: beside the bench code, whatever the working
 * folder, as bench/main.ts does; on a clone that never ran the bench, the published run the
 * README's Speed section quotes (bench/published/), so every site shows measured figures and
 * says when and where they were measured. (A function: resolved on use, so importing the report
 * code from a non-file URL does not fail here.)
 */
export function defaultBenchResults(): string {
  const latest = fileURLToPath(new URL("../bench/results/latest.json", import.meta.url));
  if (existsSync(latest)) return latest;
  return fileURLToPath(new URL(`../bench/published/${PUBLISHED_BENCH}`, import.meta.url));
}

/** The bench run the README's Speed section quotes, committed in bench/published/. */
export const PUBLISHED_BENCH = "2026-12-03.json";

/** The results file as the page sees it: absent, unusable (and why), or read. */
export type BenchInput =
  | { state: "missing"; file: string }
  | { state: "invalid"; file: string; problem: string }
  | { state: "ok"; file: string; text: string; report: BenchReport };

/** Reads and checks the results file; never throws for a missing or malformed file. */
export async function readBenchResults(file: string): Promise<BenchInput> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { state: "missing", file };
    return { state: "invalid", file, problem: `unreadable (${firstLine(e)})` };
  }
  try {
    return { state: "ok", file, text, report: parseBenchReport(text) };
  } catch (e) {
    if (!(e instanceof BenchFormatError)) throw e;
    return { state: "invalid", file, problem: e.message };
  }
}

/** The path as a user would type it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = relative(Deno.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/**
 * What is wrong with a results file, as a phrase to follow its name, e.g.
 * "sections[0].rows[2].webgpu is an object, not a number, string or null".
 */
export class BenchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchFormatError";
  }
}

/** Parses and checks a results file's text; throws `BenchFormatError` saying what is wrong. */
export function parseBenchReport(text: string): BenchReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BenchFormatError(`not valid JSON (${firstLine(e)})`);
  }
  const top = object(value, "the top level");
  if (top.schema !== 1) {
    throw new BenchFormatError(
      top.schema === undefined
        ? "no schema field (this report reads schema 1)"
        : `schema ${JSON.stringify(top.schema)} (this report reads schema 1)`,
    );
  }
  const runtime = object(top.runtime, "runtime");
  const load = object(runtime.loadAverage, "runtime.loadAverage");
  const adapter = top.adapter === null ? null : object(top.adapter, "adapter");
  return {
    schema: 1,
    createdAt: string(top.createdAt, "createdAt"),
    quick: boolean(top.quick, "quick"),
    runtime: {
      deno: string(runtime.deno, "runtime.deno"),
      v8: string(runtime.v8, "runtime.v8"),
      os: string(runtime.os, "runtime.os"),
      cpus: number(runtime.cpus, "runtime.cpus"),
      loadAverage: {
        before: nullableNumber(load.before, "runtime.loadAverage.before"),
        after: nullableNumber(load.after, "runtime.loadAverage.after"),
      },
    },
    adapter,
    sections: list(top.sections, "sections").map((s, i) => section(s, `sections[${i}]`)),
  };
}

function section(value: unknown, at: string): Section {
  const s = object(value, at);
  const columns = list(s.columns, `${at}.columns`).map((c, i) => column(c, `${at}.columns[${i}]`));
  const rows = list(s.rows, `${at}.rows`).map((r, i) => {
    const row = object(r, `${at}.rows[${i}]`);
    // Only the columns' cells are shown, so only they must be cells; a missing one reads "—".
    const cells: Record<string, Cell> = {};
    for (const c of columns) {
      const v = row[c.key];
      if (v === undefined) continue;
      if (v !== null && typeof v !== "number" && typeof v !== "string") {
        throw new BenchFormatError(
          `${at}.rows[${i}].${c.key} is ${describe(v)}, not a number, string or null`,
        );
      }
      cells[c.key] = v;
    }
    return cells;
  });
  return {
    id: string(s.id, `${at}.id`),
    title: string(s.title, `${at}.title`),
    columns,
    rows,
    notes: list(s.notes, `${at}.notes`).map((n, i) => string(n, `${at}.notes[${i}]`)),
  };
}

function column(value: unknown, at: string): Column {
  const c = object(value, at);
  const out: Column = { key: string(c.key, `${at}.key`), label: string(c.label, `${at}.label`) };
  if (c.unit !== undefined) out.unit = string(c.unit, `${at}.unit`);
  if (c.digits !== undefined) {
    // toFixed's range; anything else would throw while formatting a cell.
    if (typeof c.digits !== "number" || !Number.isInteger(c.digits) || c.digits < 0) {
      throw new BenchFormatError(`${at}.digits is ${describe(c.digits)}, not a whole number ≥ 0`);
    }
    out.digits = Math.min(c.digits, 20);
  }
  return out;
}

function object(v: unknown, at: string): Record<string, unknown> {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    return v as Record<string, unknown>;
  }
  throw new BenchFormatError(`${at} is ${describe(v)}, not an object`);
}

function list(v: unknown, at: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not a list`);
}

function string(v: unknown, at: string): string {
  if (typeof v === "string") return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not a string`);
}

function number(v: unknown, at: string): number {
  if (typeof v === "number") return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not a number`);
}

function nullableNumber(v: unknown, at: string): number | null {
  return v === null ? null : number(v, at);
}

function boolean(v: unknown, at: string): boolean {
  if (typeof v === "boolean") return v;
  throw new BenchFormatError(`${at} is ${describe(v)}, not true or false`);
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  const text = JSON.stringify(v);
  return text.length > 40 ? `${typeof v} ${text.slice(0, 37)}...` : text;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

// ---- The page.

/** The benchmark page's name: bench.html and bench.md, its charts and results under bench/. */
export const BENCH_ID = "bench";

/** The benchmark results' file name under `<site>/bench/`. */
export const BENCH_RESULTS_FILE = "latest.json";

/** A rendered chart of a section: its file stem under `<site>/bench/`, spec and SVG. */
export interface BenchPageChart {
  title: string;
  file: string;
  spec: TopLevelSpec;
  svg: string;
}

/** A section as the page shows it: the section, its anchor id and its charts. */
export interface BenchPageSection {
  section: Section;
  anchor: string;
  charts: BenchPageChart[];
}

const TITLE = "Benchmarks";

/** A run of text, or a command or path set as code. */
export type Segment = string | { code: string };

/** What the page says when there are no results to show: why, and how to measure them. */
export function benchPlaceholder(input: BenchInput): Segment[] {
  const file = { code: displayPath(input.file) };
  const bench = { code: "deno task bench" };
  switch (input.state) {
    case "missing":
      return [
        "No benchmark results yet (no ",
        file,
        "). Run ",
        bench,
        " (with ",
        { code: "--quick" },
        ": a few minutes) to measure them; they show here after the run (in ",
        { code: "site/" },
        ") or after the next ",
        { code: "deno task report" },
        ".",
      ];
    case "invalid":
      return [
        "The benchmark results in ",
        file,
        ` cannot be shown: ${input.problem}. Run `,
        bench,
        " to measure again.",
      ];
    case "ok":
      return [];
  }
}

function segmentsHtml(segments: readonly Segment[]): SafeHtml {
  return markup`${segments.map((s) => typeof s === "string" ? s : markup`<code>${s.code}</code>`)}`;
}

function segmentsMarkdown(segments: readonly Segment[]): string {
  return segments.map((s) => typeof s === "string" ? md(s) : code(s.code)).join("");
}

/** "2026-11-22T02:03:19.198Z" as "2026-11-22 02:03:19 UTC"; anything else as recorded. */
export function measuredAt(createdAt: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(createdAt);
  return m ? `${m[1]} ${m[2]} UTC` : createdAt;
}

/** How and where the results were measured (when: the page's first line). */
export function benchFacts(r: BenchReport): Fact[] {
  const load = (v: number | null) => (v === null ? "unknown" : String(v));
  return [
    {
      label: "profile",
      value: r.quick ? "quick (--quick: fewer sizes and repetitions)" : "full",
    },
    { label: "deno", value: `${r.runtime.deno} (V8 ${r.runtime.v8})` },
    { label: "os", value: `${r.runtime.os}, ${r.runtime.cpus} cpus` },
    {
      label: "load average",
      value: `${load(r.runtime.loadAverage.before)} before, ${
        load(r.runtime.loadAverage.after)
      } after (1 minute; other work on the machine skews the timings)`,
    },
    {
      label: "adapter",
      value: r.adapter ? describeAdapter(r.adapter) : "none (the webgpu columns are empty)",
    },
  ];
}

/** A number cell: formatted as the bench prints it, the full value one hover away. */
function htmlCell(v: Cell | undefined, c: Column): SafeHtml | string {
  const text = formatBenchCell(v, c);
  return typeof v === "number" && String(v) !== text
    ? markup`<span title="${String(v)}">${text}</span>`
    : text;
}

function sectionHtml(p: BenchPageSection, firstChart: number): SafeHtml {
  const s = p.section;
  const table = htmlTable(
    s.columns.map(benchHeading),
    s.rows.map((r) => ({ cells: s.columns.map((c) => htmlCell(r[c.key], c)) })),
    { className: "bench", numeric: s.columns.map((c) => isNumericColumn(s, c)) },
  );
  return markup`<section id="${p.anchor}"><h2>${s.title}</h2>
${s.rows.length > 0 ? table : markup`<p class="muted">No rows measured.</p>`}
${
    s.notes.length > 0
      ? markup`<ul class="notes">${s.notes.map((n) => markup`<li>${n}</li>`)}</ul>`
      : ""
  }
${
    p.charts.map((c, i) =>
      chartFigure(firstChart + i, {
        ...c,
        description: `${c.title}, one bar per measured case.`,
        svgUrl: urls.chartSvg(BENCH_ID, c.file),
        specUrl: urls.chartSpec(BENCH_ID, c.file),
      })
    )
  }</section>`;
}

/** The bench page as a complete HTML document. */
export function benchHtml(input: BenchInput, sections: readonly BenchPageSection[]): string {
  const nav = markup`<nav><a href="index.html">← All experiments</a> · <a href="${
    urls.markdown(BENCH_ID)
  }">Markdown version</a>${
    input.state === "ok"
      ? markup` · <a href="${relativeUrl(BENCH_ID, BENCH_RESULTS_FILE)}">Results as JSON</a>`
      : ""
  }</nav>`;
  if (input.state !== "ok") {
    const body = markup`${nav}
<header><h1>${TITLE}</h1></header>
<p class="${input.state === "invalid" ? "fail" : "muted"}">${
      segmentsHtml(benchPlaceholder(input))
    }</p>`;
    return htmlDocument({ title: TITLE, body });
  }
  const r = input.report;
  let chart = 0;
  const parts = sections.map((p) => {
    const html = sectionHtml(p, chart);
    chart += p.charts.length;
    return html;
  });
  const body = markup`${nav}
<header>
<h1>${TITLE}</h1>
<p>Measured ${measuredAt(r.createdAt)} by <code>deno task bench${
    r.quick ? " --quick" : ""
  }</code>.</p>
${
    r.quick
      ? markup`<p class="profile-quick">Quick profile: fewer sizes and repetitions, so the figures are rougher than a full run's.</p>`
      : ""
  }
${
    sections.length > 0
      ? markup`<p>${
        sections.map((p, i) =>
          markup`${i > 0 ? " · " : ""}<a href="#${p.anchor}">${p.section.title}</a>`
        )
      }</p>`
      : markup`<p class="muted">No sections measured.</p>`
  }
</header>
<section id="machine"><h2>Machine</h2>
<dl class="facts">${benchFacts(r).map((f) => markup`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>
</section>
${parts}`;
  return htmlDocument({ title: TITLE, body, scripts: chart > 0 ? CHART_SCRIPTS : [] });
}

/** The bench page as markdown. */
export function benchMarkdown(input: BenchInput, sections: readonly BenchPageSection[]): string {
  const out = [`# ${TITLE}`, ""];
  if (input.state !== "ok") {
    out.push(segmentsMarkdown(benchPlaceholder(input)));
    return out.join("\n") + "\n";
  }
  const r = input.report;
  out.push(
    `Measured ${md(measuredAt(r.createdAt))} by \`deno task bench${r.quick ? " --quick" : ""}\`` +
      ` ([results as JSON](${relativeUrl(BENCH_ID, BENCH_RESULTS_FILE)})).`,
    "",
  );
  if (r.quick) {
    out.push(
      "Quick profile: fewer sizes and repetitions, so the figures are rougher than a full run's.",
      "",
    );
  }
  out.push("## Machine", "");
  out.push(markdownTable(["Fact", "Value"], benchFacts(r).map((f) => [f.label, md(f.value)])));
  for (const { section: s, charts } of sections) {
    out.push("", `## ${md(s.title)}`, "");
    if (s.rows.length === 0) out.push("No rows measured.");
    else {
      out.push(markdownTable(
        s.columns.map((c) => md(benchHeading(c))),
        s.rows.map((row) => s.columns.map((c) => md(formatBenchCell(row[c.key], c)))),
        s.columns.map((c) => isNumericColumn(s, c)),
      ));
    }
    if (s.notes.length > 0) out.push("", ...s.notes.map((n) => `- ${md(n)}`));
    for (const c of charts) {
      out.push("", `![${md(c.title)}](${urls.chartSvg(BENCH_ID, c.file)})`, "");
      out.push(`[Vega-Lite spec](${urls.chartSpec(BENCH_ID, c.file)})`);
    }
  }
  return out.join("\n").trimEnd() + "\n";
}

// ---- Writing it into a site.

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
