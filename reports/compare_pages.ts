/** compare.md and compare.html: the comparison as tables, one per experiment. */
import { escapeMarkdown as md, markdownCode as code, markup } from "./escape.ts";
import type { ComparedTrial, Comparison } from "./compare.ts";
import { formatCell, formatNumber, formatSeconds } from "./format.ts";
import { htmlDocument, htmlTable, statusBadge } from "./html_page.ts";
import { markdownTable } from "./markdown.ts";

const HEADERS = ["Trial", "Metric", "A", "B", "B − A"];

// Long format (one row per trial × metric) keeps the table narrow whatever the metrics are.
function rows(trial: ComparedTrial): string[][] {
  const label = trial.matchedBy === "key" ? trial.keyA : `${trial.keyA} ↔ ${trial.keyB}`;
  return [
    [
      label,
      "status",
      trial.status.a,
      trial.status.b,
      trial.status.a === trial.status.b ? "same" : "differs",
    ],
    [
      label,
      "backend",
      trial.backend.a,
      trial.backend.b,
      trial.backend.a === trial.backend.b ? "same" : "differs",
    ],
    [
      label,
      "profile",
      trial.profile.a,
      trial.profile.b,
      trial.profile.a === trial.profile.b ? "same" : "differs",
    ],
    [
      label,
      "seconds",
      formatSeconds(trial.seconds.a),
      formatSeconds(trial.seconds.b),
      formatNumber(trial.seconds.b - trial.seconds.a),
    ],
    ...trial.metrics.map((m) => [
      label,
      `final ${m.name}`,
      formatCell(m.a),
      formatCell(m.b),
      m.diff === undefined ? "—" : formatNumber(m.diff),
    ]),
  ];
}

/** The comparison as markdown. */
export function compareMarkdown(c: Comparison): string {
  const out = ["# Run-store comparison", "", `A: ${code(c.a)}`, "", `B: ${code(c.b)}`, ""];
  for (const e of c.experiments) {
    out.push(`## ${md(e.title)}`, "");
    if (e.trials.length === 0) out.push("No trial in both stores.", "");
    else {out.push(
        markdownTable(
          HEADERS,
          e.trials.flatMap(rows).map((r) => [code(r[0]), ...r.slice(1).map(md)]),
        ),
        "",
      );}
    if (e.onlyA.length) out.push(`Only in A: ${e.onlyA.map(code).join(", ")}`, "");
    if (e.onlyB.length) out.push(`Only in B: ${e.onlyB.map(code).join(", ")}`, "");
  }
  if (c.onlyA.length) out.push(`Experiments only in A: ${c.onlyA.map(md).join(", ")}`, "");
  if (c.onlyB.length) out.push(`Experiments only in B: ${c.onlyB.map(md).join(", ")}`, "");
  return out.join("\n").trimEnd() + "\n";
}

/** The comparison as an HTML page. */
export function compareHtml(c: Comparison): string {
  const sections = c.experiments.map((e) =>
    markup`<section><h2>${e.title}</h2>
${
      e.trials.length === 0 ? markup`<p>No trial in both stores.</p>` : htmlTable(
        HEADERS,
        e.trials.flatMap(rows).map((r) => ({
          cells: r[1] === "status" ? [r[0], r[1], statusBadge(r[2]), statusBadge(r[3]), r[4]] : r,
        })),
        "compare",
      )
    }
${e.onlyA.length ? markup`<p>Only in A: ${e.onlyA.join(", ")}</p>` : ""}
${e.onlyB.length ? markup`<p>Only in B: ${e.onlyB.join(", ")}</p>` : ""}
</section>`
  );
  const nav =
    markup`<a href="index.html">← All experiments</a> · <a href="compare.md">Markdown</a>`;
  const body = markup`<nav>${nav}</nav>
<h1>Run-store comparison</h1>
<p>A: <code>${c.a}</code><br>B: <code>${c.b}</code></p>
${sections}
${c.onlyA.length ? markup`<p>Experiments only in A: ${c.onlyA.join(", ")}</p>` : ""}
${c.onlyB.length ? markup`<p>Experiments only in B: ${c.onlyB.join(", ")}</p>` : ""}`;
  return htmlDocument({ title: "Run-store comparison", body });
}
