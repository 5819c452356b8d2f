/** The HTML shell every page shares, and table helpers for the page writers. */
import type { TopLevelSpec } from "vega-lite";
import { type HtmlValue, jsonForScript, markup, raw, SafeHtml } from "./escape.ts";
import { urls } from "./layout.ts";

/** The scripts an experiment page loads, in dependency order (all copied into the site). */
export const PAGE_SCRIPTS = [
  "vega.min.js",
  "vega-lite.min.js",
  "vega-embed.min.js",
  "charts.js",
] as const;

/** A complete HTML document; `scripts` adds the chart scripts at the end of the body. */
export function htmlDocument(
  opts: { title: string; body: SafeHtml; scripts?: boolean },
): string {
  const scripts = opts.scripts
    ? PAGE_SCRIPTS.map((s) => markup`<script src="${urls.asset(s)}"></script>\n`)
    : [];
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<link rel="stylesheet" href="${urls.asset("report.css")}">
</head>
<body>
${opts.body}
${scripts}</body>
</html>
`.value;
}

/**
 * A table: headers are text, cells may be text or markup; a row's `className` tags it. Columns
 * flagged in `numeric` are right-aligned (class "num"), so figures line up by their digits.
 */
export function htmlTable(
  headers: readonly HtmlValue[],
  rows: readonly { cells: readonly HtmlValue[]; className?: string }[],
  className?: string,
  numeric: readonly boolean[] = [],
): SafeHtml {
  const cls = (i: number) => numeric[i] ? markup` class="num"` : "";
  return markup`<table${className ? markup` class="${className}"` : ""}>
<thead><tr>${headers.map((h, i) => markup`<th${cls(i)}>${h}</th>`)}</tr></thead>
<tbody>
${
    rows.map((r) =>
      markup`<tr${r.className ? markup` class="${r.className}"` : ""}>${
        r.cells.map((c, i) => markup`<td${cls(i)}>${c}</td>`)
      }</tr>\n`
    )
  }</tbody>
</table>`;
}

/** What a chart figure shows: its rendered SVG, its spec and where both are saved. */
export interface FigureChart {
  title: string;
  spec: TopLevelSpec;
  svg: string;
  svgUrl: string;
  specUrl: string;
}

/**
 * One chart: the static SVG, upgraded in place to an interactive view by assets/charts.js from
 * the inlined spec; `n` numbers the charts of a page, keeping their element ids apart.
 */
export function chartFigure(n: number, c: FigureChart): SafeHtml {
  return markup`<figure class="chart">
<div id="chart-${n}-static">${raw(scopeSvgIds(c.svg, `chart-${n}-`))}</div>
<div id="chart-${n}-live" hidden></div>
<script type="application/json" class="vl-spec"
 data-target="chart-${n}-live" data-static="chart-${n}-static">${
    raw(jsonForScript(c.spec))
  }</script>
<figcaption>${c.title} — <a href="${c.svgUrl}">SVG</a> · <a href="${c.specUrl}">Vega-Lite spec</a></figcaption>
</figure>
`;
}

/**
 * Prefixes the ids inside a rendered SVG (clip paths, gradients) so several charts inlined in one
 * page never resolve `url(#clip1)` to another chart's element.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]*)"/g, (_, id) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]*)\)/g, (_, id) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]*)"/g, (_, id) => `href="#${prefix}${id}"`);
}

/** ✓ / ✗ / — with a class the style sheet colours. */
export function passCell(pass: boolean | null): SafeHtml {
  if (pass === null) return markup`<span class="na" title="not measured">—</span>`;
  return pass
    ? markup`<span class="pass" title="reproduced">✓</span>`
    : markup`<span class="fail" title="not reproduced">✗</span>`;
}

/** A status badge: ok, diverged or failed. */
export function statusBadge(status: string, title?: string): SafeHtml {
  const cls = ["ok", "diverged", "failed"].includes(status) ? status : "unknown";
  return markup`<span class="status ${cls}"${
    title ? markup` title="${title}"` : ""
  }>${status}</span>`;
}
