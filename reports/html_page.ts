/** The HTML shell every page shares, and table helpers for the page writers. */
import { type HtmlValue, markup, SafeHtml } from "./escape.ts";
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

/** A table: headers are text, cells may be text or markup; a row's `className` tags it. */
export function htmlTable(
  headers: readonly HtmlValue[],
  rows: readonly { cells: readonly HtmlValue[]; className?: string }[],
  className?: string,
): SafeHtml {
  return markup`<table${className ? markup` class="${className}"` : ""}>
<thead><tr>${headers.map((h) => markup`<th>${h}</th>`)}</tr></thead>
<tbody>
${
    rows.map((r) =>
      markup`<tr${r.className ? markup` class="${r.className}"` : ""}>${
        r.cells.map((c) => markup`<td>${c}</td>`)
      }</tr>\n`
    )
  }</tbody>
</table>`;
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
