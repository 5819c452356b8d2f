/**
 * The HTML every page is made of: escaping (every string that reaches a page from a module, the
 * run store or the CLI goes through the `markup` tag, which escapes each interpolation unless it
 * is already `SafeHtml`), how figures read, the page shell, tables, chart figures, badges, and
 * where each output lives in the site:
 *
 * ```
 * <site>/index.html, index.md          the lectures, each experiment with its verdicts
 * <site>/claims.html, claims.md        every claim of the catalogue by lecture, per backend
 * <site>/<id>.html, <id>.md            one page per experiment
 * <site>/<id>/<chart>.vl.json, .svg    each chart
 * <site>/<id>/trials/<key>/…           the trials' files as read
 * <site>/bench.html, bench.md          benchmark results
 * <site>/assets/                       scripts and the style sheet
 * ```
 */
import type { TopLevelSpec } from "vega-lite";
import type { Json } from "../harness/experiment.ts";
import type { Source } from "../harness/sources.ts";
import { type Check, describeCheck, figure } from "../harness/verdict.ts";

// --- Escaping -------------------------------------------------------------------------------

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** A fragment of markup that is already safe; `markup` inserts it unchanged. */
export class SafeHtml {
  /** Wraps markup that was escaped or built from trusted parts. */
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What `markup` accepts in an interpolation; null and undefined render as nothing. */
export type HtmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | SafeHtml
  | readonly HtmlValue[];

/** Marks trusted markup (e.g. an SVG vega rendered, which escapes its own text). */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/**
 * Tagged template for markup: escapes every interpolation except `SafeHtml`; joins arrays. (Not
 * named `html`: deno fmt reflows templates with that tag, which would change the pages' text.)
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join("");
  return escapeHtml(String(value));
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` become \u escapes so
 * `</script>` or `<!--` inside data cannot end the element; JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A description's inline markdown as HTML: `code` and *emphasis* / **strong**, everything else
 * escaped. Descriptions are written with backticks; the page shows code, not backticks.
 */
export function inlineMarkdown(text: string): SafeHtml {
  const parts: string[] = [];
  // Emphasis only between word boundaries: `n_h`, `a_b_c` and `2*x*y` stay as written.
  const re =
    /`([^`]+)`|(?<![\w*])\*\*(\S(?:[^*]*\S)?)\*\*(?![\w*])|(?<![\w*])\*(\S(?:[^*]*\S)?)\*(?![\w*])|(?<!\w)_(\S(?:[^_]*\S)?)_(?!\w)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push(escapeHtml(text.slice(last, m.index)));
    if (m[1] !== undefined) parts.push(`<code>${escapeHtml(m[1])}</code>`);
    else if (m[2] !== undefined) parts.push(`<strong>${escapeHtml(m[2])}</strong>`);
    else parts.push(`<em>${escapeHtml(m[3] ?? m[4])}</em>`);
    last = m.index! + m[0].length;
  }
  parts.push(escapeHtml(text.slice(last)));
  return raw(parts.join(""));
}

/**
 * A relative URL built from path segments, each percent-encoded (keys may hold `#`, `?`, `%`);
 * parentheses too, so the URL can stand in a markdown link `[text](url)`.
 */
export function relativeUrl(...segments: string[]): string {
  return segments
    .map((s) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16))
    )
    .join("/");
}

/** The folder holding copied scripts and the style sheet. */
export const ASSETS_DIR = "assets";

/** Site-relative URLs of the outputs. */
export const urls = {
  page: (id: string): string => relativeUrl(`${id}.html`),
  markdown: (id: string): string => relativeUrl(`${id}.md`),
  chartSvg: (id: string, file: string): string => relativeUrl(id, `${file}.svg`),
  chartSpec: (id: string, file: string): string => relativeUrl(id, `${file}.vl.json`),
  trialFile: (id: string, key: string, file: string): string =>
    relativeUrl(id, "trials", key, file),
  asset: (file: string): string => relativeUrl(ASSETS_DIR, file),
  lecture: (file: string): string => relativeUrl(ASSETS_DIR, "lectures", file),
};

/** A file name safe on every file system and in URLs, unique within `taken`. */
export function safeFileName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || "chart";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base}-${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

// --- Figures --------------------------------------------------------------------------------

/** Six significant digits; NaN and ±Infinity spelled out (a diverged cost must stay visible). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toPrecision(6)));
}

/** A JSON value on one line, numbers shortened by `formatNumber`; undefined reads "—". */
export function formatJson(value: Json | undefined): string {
  if (value === undefined) return "—";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (value === null || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatJsonNested(v)).join(", ")}]`;
  const entries = Object.entries(value).map(([k, v]) => `${k}: ${formatJsonNested(v)}`);
  return `{${entries.join(", ")}}`;
}

// Strings inside arrays/objects keep their quotes so ["a, b"] is not read as two items.
function formatJsonNested(value: Json): string {
  return typeof value === "string" ? JSON.stringify(value) : formatJson(value);
}

/** A metric cell: numbers via `formatNumber`, labels as they are, missing as "—". */
export function formatCell(value: number | string | undefined): string {
  if (value === undefined) return "—";
  return typeof value === "number" ? formatNumber(value) : value;
}

/** Wall-clock seconds: "0.59 s", "12.3 s", "4 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

/**
 * A value as a sentence states it (harness/verdict.ts `figure`), with records written
 * `{Z: [3, 10], W: [3, 2]}` rather than as raw JSON, so a long one wraps like text.
 */
export function readable(value: Json | undefined): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value) && value.length <= 12) return `[${value.map(nested).join(", ")}]`;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${nested(v)}`).join(", ")}}`;
  }
  return figure(value);
}

function nested(value: Json): string {
  return typeof value === "string" ? JSON.stringify(value) : readable(value);
}

/** The check in words ("90.0 exactly", "≥ 85"), its expected value written by `readable`. */
export function checkWords(check: Check, expected: Json, tolerance?: number): string {
  const mark = "\u0000";
  return describeCheck(check, mark, tolerance).replace(mark, readable(expected));
}

// --- Page parts -----------------------------------------------------------------------------

/** The scripts a page with charts loads, in dependency order (all copied into the site). */
export const CHART_SCRIPTS = [
  "vega.min.js",
  "vega-lite.min.js",
  "vega-embed.min.js",
  "charts.js",
] as const;

/** A complete HTML document: the page's body inside `<main>`, chart scripts at the end. */
export function htmlDocument(
  opts: { title: string; nav?: SafeHtml; body: SafeHtml; scripts?: readonly string[] },
): string {
  const scripts = (opts.scripts ?? []).map((s) =>
    markup`<script src="${urls.asset(s)}"></script>\n`
  );
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<link rel="stylesheet" href="${urls.asset("report.css")}">
</head>
<body>
${opts.nav ? markup`<nav aria-label="Site">${opts.nav}</nav>` : ""}
<main>
${opts.body}
</main>
${scripts}</body>
</html>
`.value;
}

/**
 * A table: headers are text, cells may be text or markup; a row's `className` tags it. Columns
 * flagged in `numeric` are right-aligned (class "num"), so figures line up by their digits. The
 * table scrolls inside its own box when wider than the page, never the page itself.
 */
export function htmlTable(
  headers: readonly HtmlValue[],
  rows: readonly { cells: readonly HtmlValue[]; className?: string }[],
  opts: { className?: string; numeric?: readonly boolean[]; caption?: string } = {},
): SafeHtml {
  const numeric = opts.numeric ?? [];
  const cls = (i: number) => numeric[i] ? markup` class="num"` : "";
  // tabindex: a table wider than its box scrolls, and a keyboard must reach it to scroll it.
  return markup`<div class="table-wrap" tabindex="0"><table${
    opts.className ? markup` class="${opts.className}"` : ""
  }>${opts.caption ? markup`<caption>${opts.caption}</caption>` : ""}
<thead><tr>${headers.map((h, i) => markup`<th scope="col"${cls(i)}>${h}</th>`)}</tr></thead>
<tbody>
${
    rows.map((r) =>
      markup`<tr${r.className ? markup` class="${r.className}"` : ""}>${
        r.cells.map((c, i) => markup`<td${cls(i)}>${c}</td>`)
      }</tr>\n`
    )
  }</tbody>
</table></div>`;
}

/** What a chart figure shows: its rendered SVG, its spec, where both are saved, what it shows. */
export interface FigureChart {
  title: string;
  /** A sentence saying what the chart shows: its text alternative. */
  description: string;
  spec: TopLevelSpec;
  svg: string;
  svgUrl: string;
  specUrl: string;
}

/**
 * One chart: the static SVG (with a title and description for screen readers), upgraded in
 * place to an interactive view by assets/charts.js from the inlined spec; `n` numbers the charts
 * of a page, keeping their element ids apart.
 */
export function chartFigure(n: number, c: FigureChart, claims?: SafeHtml): SafeHtml {
  // Claims sit beside a chart that leaves them room at 1,280 px, under a wider one.
  const layout = claims === undefined
    ? ""
    : svgWidth(c.svg) <= BESIDE_MAX_WIDTH
    ? " claims-beside"
    : " claims-below";
  const svg = accessibleSvg(
    scopeSvgIds(c.svg, `chart-${n}-`),
    `chart-${n}`,
    c.title,
    c.description,
  );
  return markup`<figure class="chart${layout}" id="figure-${n}" aria-labelledby="chart-${n}-caption">
<div class="chart-main">
<div class="chart-box"><div class="chart-static" id="chart-${n}-static">${raw(svg)}</div>
<div class="chart-live" id="chart-${n}-live" hidden role="group" aria-label="${c.title} (interactive): ${c.description}"></div></div>
<script type="application/json" class="vl-spec"
 data-target="chart-${n}-live" data-static="chart-${n}-static">${
    raw(jsonForScript(c.spec))
  }</script>
<figcaption id="chart-${n}-caption"><strong>${c.title}.</strong> ${c.description} <span class="files"><a href="${c.svgUrl}">SVG</a> · <a href="${c.specUrl}">Vega-Lite spec</a></span></figcaption>
</div>
${claims ? markup`<div class="figure-claims">${claims}</div>` : ""}</figure>
`;
}

/** Widest chart (px) that leaves room for its claims beside it in a 1,280 px window. */
export const BESIDE_MAX_WIDTH = 700;

/** The width a rendered SVG declares (0 when it declares none). */
export function svgWidth(svg: string): number {
  const m = /<svg\b[^>]*\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : 0;
}

/**
 * The SVG with role="img", a <title> and a <desc>, so it has a text alternative. Vega marks an
 * empty mark container (a layer its filter empties) as a graphic symbol, which would then lack
 * one: it becomes a group, as the other containers are.
 */
function accessibleSvg(svg: string, id: string, title: string, description: string): string {
  return svg.replace(
    /role="graphics-symbol"( aria-roledescription="[^"]*mark container")/g,
    'role="graphics-object"$1',
  ).replace(
    /<svg\b([^>]*)>/,
    (_m, attrs: string) =>
      `<svg${attrs} role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${
        escapeHtml(title)
      }</title><desc id="${id}-d">${escapeHtml(description)}</desc>`,
  );
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

/** A status badge: ok, diverged or failed. */
export function statusBadge(status: string, title?: string): SafeHtml {
  const cls = ["ok", "diverged", "failed"].includes(status) ? status : "unknown";
  return markup`<span class="status ${cls}"${
    title ? markup` title="${title}"` : ""
  }>${status}</span>`;
}

/** A source as a readable label, with its file and section (or reason) on hover. */
export function sourceLabel(s: Source): SafeHtml {
  const hover = s.kind === "lecture"
    ? `${s.file}, section “${s.section}”${s.quote ? `: “${s.quote}”` : ""}`
    : s.kind === "project"
    ? s.reason
    : `the course's programming assignment${s.version ? `, ${s.version}` : ""}`;
  if (s.kind === "lecture") {
    return markup`<a class="source-label" href="${
      urls.lecture(s.file)
    }" title="${hover}">${s.label}</a>`;
  }
  return markup`<span class="source-label ${s.kind}" title="${hover}">${s.label}</span>`;
}
