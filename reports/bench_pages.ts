/**
 * bench.html and bench.md: the benchmark results (bench/results/latest.json) as a page of the
 * report — when and how they were measured, the machine and adapter, then each section as its
 * table (formatted as `deno task bench` prints it), notes and charts. Without usable results
 * the page stays, saying why and how to produce them, so the scoreboard's link always leads
 * somewhere.
 */
import type { TopLevelSpec } from "vega-lite";
import type { BenchReport, Cell, Column, Section } from "../bench/report.ts";
import { type BenchInput, displayPath } from "./bench_data.ts";
import { benchHeading, formatBenchCell, isNumericColumn } from "../bench/report.ts";
import {
  CHART_SCRIPTS,
  chartFigure,
  htmlDocument,
  htmlTable,
  markup,
  relativeUrl,
  type SafeHtml,
  urls,
} from "./html.ts";
import { code, markdownTable, md } from "./markdown.ts";

/** The benchmark page's name: bench.html and bench.md, its charts and results under bench/. */
export const BENCH_ID = "bench";

/** The benchmark results' file name under `<site>/bench/`. */
export const BENCH_RESULTS_FILE = "latest.json";
import { describeAdapter, type Fact } from "./tables.ts";

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
