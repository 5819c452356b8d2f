/**
 * The markdown twins of the pages (`<site>/<id>.md`, `index.md`, `claims.md`): the same claims,
 * verdicts and tables for readers of plain text and for diffing two reports.
 */
import type { CitedClaim } from "../harness/catalog.ts";
import { LECTURE_TITLES, type LectureNumber, lectureNumber } from "../harness/sources.ts";
import { VERDICT_WORDS } from "../harness/verdict.ts";
import { checkWords, formatCell, formatSeconds, readable, urls } from "./html.ts";
import type { ExperimentData } from "./runstore.ts";
import {
  backendOrder,
  claimViews,
  experimentLecture,
  lectureOf,
  tallies,
  tallyText,
} from "./scoreboard.ts";
import { bestNote, experimentFacts, formatAggregate, formatParam, sweepTable } from "./tables.ts";

/**
 * Inline markdown text, safe inside a table cell: HTML specials become entities (renderers pass
 * raw HTML through), markdown punctuation and pipes are backslash-escaped, newlines are spaces.
 */
export function md(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!)
    .replace(/[\\`*_[\]|#!~]/g, (c) => "\\" + c)
    .replace(/\r?\n/g, " ");
}

/**
 * A markdown code span: its content is never read as markdown or HTML, so keys and hashes stay
 * readable and safe. The fence outgrows any backtick run inside; a pipe is escaped because GFM
 * splits table cells on it even within code.
 */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const body = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A markdown table; every cell must already be escaped. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly string[][],
  numeric: readonly boolean[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = headers.map((_, i) => (numeric[i] ? "---:" : "---"));
  return [line(headers), line(rule), ...rows.map(line)].join("\n");
}

/** An experiment's page as markdown; `charts` are the file stems of its charts, in order. */
export function experimentMarkdown(exp: ExperimentData, charts: readonly string[]): string {
  const { record } = exp;
  const views = claimViews(exp);
  const out: string[] = [`# ${md(record.title)}`, "", `Source: ${md(record.source.label)}`, ""];
  if (record.description) out.push(md(record.description), "");
  for (const [name, t] of tallies(views)) out.push(`- **${md(name)}**: ${md(tallyText(t))}`);
  out.push("", "## Claims", "");
  for (const v of views) {
    out.push(`### ${md(v.text)}`, "");
    out.push(
      `${md(v.source.label)} · expected ${md(checkWords(v.check, v.expected))} · ${code(v.id)}`,
      "",
    );
    if (v.backends.size === 0) out.push("Not judged here.", "");
    for (const [name, b] of v.backends) {
      const observed = b.judged.map((j) => readable(j.observed)).join("; ");
      const tolerance = b.judged.find((j) => j.tolerance !== undefined)?.tolerance;
      out.push(
        `- **${md(name)}**: observed ${md(observed)} — expected ${
          md(checkWords(v.check, v.expected, tolerance))
        } — ${md(VERDICT_WORDS[b.verdict])}${
          v.diverges && b.verdict === "not-reproduced" ? " (declared)" : ""
        }`,
      );
    }
    if (v.diverges) out.push("", `Known divergence: ${md(v.diverges.reason)}`);
    out.push("");
  }
  const sweep = sweepTable(exp.counted);
  if (sweep.rows.length > 0) {
    out.push("## Sweep", "");
    const headers = [
      ...sweep.paramColumns,
      sweep.aggregated ? "seeds" : "seed",
      ...sweep.metricColumns.map((c) => `final ${c}`),
      "status",
      "time",
    ].map(md);
    const rows = sweep.aggregated
      ? sweep.groups.map((g) => [
        ...sweep.paramColumns.map((p) => md(formatParam(g.params[p]))),
        g.seeds.join(", "),
        ...sweep.metricColumns.map((c) => md(formatAggregate(g.finals[c]))),
        g.statuses.join(", "),
        formatSeconds(g.seconds),
      ])
      : sweep.rows.map((r) => [
        ...sweep.paramColumns.map((p) => md(formatParam(r.params[p]))),
        String(r.seed),
        ...sweep.metricColumns.map((c) => md(formatCell(r.finals[c]))),
        r.status,
        formatSeconds(r.seconds),
      ]);
    out.push(markdownTable(headers, rows));
    const note = bestNote(sweep, sweep.aggregated);
    if (note) out.push("", md(note));
    out.push("");
  }
  if (charts.length > 0) {
    out.push("## Charts", "");
    for (const c of charts) out.push(`![${md(c)}](${urls.chartSvg(exp.id, c)})`);
    out.push("");
  }
  out.push("## Trials", "");
  out.push(markdownTable(
    ["trial", "status", "backend", "placement", "files"],
    exp.trials.map((t) => [
      code(t.key),
      t.manifest.status,
      md(t.manifest.backend),
      t.placement,
      `[result](${urls.trialFile(exp.id, t.key, "result.json")})`,
    ]),
  ));
  out.push(
    "",
    markdownTable(
      ["fact", "value"],
      experimentFacts(exp.trials).map((f) => [md(f.label), md(f.value)]),
    ),
  );
  if (exp.corrupt.length > 0) {
    out.push("", "## Corrupt trials (not counted)", "");
    for (const c of exp.corrupt) out.push(`- ${code(c.key)}: ${md(c.problems.join("; "))}`);
  }
  return out.join("\n") + "\n";
}

/** The index as markdown: the lectures in order, each experiment with its verdicts. */
export function indexMarkdown(experiments: readonly ExperimentData[]): string {
  const out = ["# Lecture results, re-run", ""];
  for (const [name, t] of tallies(experiments.flatMap((e) => claimViews(e)))) {
    out.push(`- **${md(name)}**: ${md(tallyText(t))}`);
  }
  out.push("", "[Every claim, by lecture](claims.md) · [Benchmarks](bench.md)", "");
  for (const n of [0, 1, 2, 3, 4] as LectureNumber[]) {
    const mine = experiments.filter((e) => experimentLecture(e.record) === n);
    if (mine.length === 0) continue;
    out.push(`## Lecture ${n} · ${md(LECTURE_TITLES[n])}`, "");
    for (const e of mine) {
      const t = [...tallies(claimViews(e))].map(([b, x]) =>
        `${b} ${x.reproduced + x.within}/${x.judged}`
      );
      out.push(
        `- [${md(e.record.title)}](${urls.markdown(e.id)}): ${md(t.join(", ") || "no trials")}`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}

/** The claims page as markdown. */
export function claimsMarkdown(
  experiments: readonly ExperimentData[],
  cited: readonly CitedClaim[],
): string {
  const views = experiments.flatMap((e) =>
    claimViews(e).map((v) => ({ v, exp: e, lecture: lectureOf(v, e.record.source) }))
  );
  const backends = backendOrder(views.flatMap(({ v }) => [...v.backends.keys()]));
  const out = ["# Every claim, by lecture", ""];
  for (const n of [0, 1, 2, 3, 4, undefined] as (LectureNumber | undefined)[]) {
    const rows = views.filter((x) => x.lecture === n);
    const mine = n === undefined ? [] : cited.filter((c) => lectureNumber(c.source) === n);
    if (rows.length === 0 && mine.length === 0) continue;
    out.push(
      n === undefined
        ? "## Without a lecture source"
        : `## Lecture ${n} · ${md(LECTURE_TITLES[n])}`,
      "",
    );
    if (rows.length > 0) {
      out.push(markdownTable(
        ["claim", "experiment", "source", "expected", ...backends],
        rows.map(({ v, exp }) => [
          md(v.text),
          `[${md(exp.id)}](${urls.markdown(exp.id)})`,
          md(v.source.label),
          md(checkWords(v.check, v.expected)),
          ...backends.map((b) => {
            const on = v.backends.get(b);
            return on ? md(VERDICT_WORDS[on.verdict]) : "—";
          }),
        ]),
      ));
      out.push("");
    }
    for (const c of mine) {
      out.push(`- cited, not re-run: ${md(c.text)} (${md(c.source.label)}): ${md(c.reason)}`);
    }
    if (mine.length > 0) out.push("");
  }
  return out.join("\n");
}
