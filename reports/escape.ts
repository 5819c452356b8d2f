/**
 * Escaping for every string that reaches a page from a module, the run store or the CLI. Pages
 * are built with the `markup` tag, which escapes each interpolation unless it is already
 * `SafeHtml`, so forgetting to escape takes effort rather than care. (Not named `html`: deno fmt
 * reflows templates with that tag, which would change the pages' text.)
 */

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
  /** The markup itself. */
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

/** Tagged template for markup: escapes every interpolation except `SafeHtml`; joins arrays. */
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
 * Inline markdown text, safe inside a table cell: HTML specials become entities (renderers pass
 * raw HTML through), markdown punctuation and pipes are backslash-escaped, newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    .replace(/[\\`*_[\]|#!~]/g, (c) => "\\" + c)
    .replace(/\r?\n/g, " ");
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

/**
 * A markdown code span: its content is never read as markdown or HTML, so keys and hashes stay
 * readable (no backslashes) and still safe. The fence outgrows any backtick run inside; a pipe
 * is escaped because GFM splits table cells on it even within code.
 */
export function markdownCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const body = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
