/** The HTML shell every page shares, and table helpers for the page writers. */
import { html, type HtmlValue, SafeHtml } from "./escape.ts";
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
    ? PAGE_SCRIPTS.map((s) => html`<script src="${urls.asset(s)}"></script>\n`)
    : [];
  return html`<!doctype html>
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

/** A table: headers are text, cells may be text or markup; `rowClass` tags whole rows. */
export function htmlTable(
  headers: readonly HtmlValue[],
  rows: readonly { cells: readonly HtmlValue[]; className?: string }[],
  className?: string,
): SafeHtml {
  return html`<table${className ? html` class="${className}"` : ""}>
<thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>
${
    rows.map((r) =>
      html`<tr${r.className ? html` class="${r.className}"` : ""}>${
        r.cells.map((c) => html`<td>${c}</td>`)
      }</tr>\n`
    )
  }</tbody>
</table>`;
}

/** ✓ / ✗ / — with a class the style sheet colours. */
export function passCell(pass: boolean | null): SafeHtml {
  if (pass === null) return html`<span class="na" title="not measured">—</span>`;
  return pass
    ? html`<span class="pass" title="reproduced">✓</span>`
    : html`<span class="fail" title="not reproduced">✗</span>`;
}

/** A status badge: ok, diverged or failed. */
export function statusBadge(status: string, title?: string): SafeHtml {
  const cls = ["ok", "diverged", "failed"].includes(status) ? status : "unknown";
  return html`<span class="status ${cls}"${title ? html` title="${title}"` : ""}>${status}</span>`;
}
