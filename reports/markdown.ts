/** The markdown twin of an experiment page (`<site>/<id>.md`) and of the scoreboard. */
import { escapeMarkdown as md, markdownCode as code } from "./escape.ts";
import { formatCell, formatJson, formatSeconds } from "./format.ts";
import { BENCH_ID, urls } from "./layout.ts";
import type { ExperimentData } from "./runstore.ts";
import { bestNote, formatAggregate } from "./sweep.ts";
import {
  adapterText,
  claimRows,
  claimTally,
  distinct,
  experimentFacts,
  formatParam,
  formatTolerance,
  profileNote,
  profileText,
  statusCounts,
  statusSummary,
  sweepTable,
  totalSeconds,
} from "./tables.ts";

/**
 * A markdown table; every cell must already be escaped. Columns flagged in `numeric` are
 * right-aligned, so figures line up by their digits.
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly string[][],
  numeric: readonly boolean[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = headers.map((_, i) => (numeric[i] ? "---:" : "---"));
  return [line(headers), line(rule), ...rows.map(line)].join("\n");
}

/** ✓ reproduced, ✗ not, — not measured. */
export function passMark(pass: boolean | null): string {
  return pass === null ? "—" : pass ? "✓" : "✗";
}

/** An experiment's page as markdown; `charts` are the file stems of its charts, in order. */
export function experimentMarkdown(exp: ExperimentData, charts: readonly string[]): string {
  const { record } = exp;
  const out: string[] = [`# ${md(record.title)}`, ""];
  if (record.source) out.push(`Source: ${md(record.source)}`, "");
  const profile = profileText(exp);
  out.push(`Profile: **${md(profile)}** (${md(profileNote(profile))})`, "");
  if (record.description) out.push(md(record.description), "");

  out.push("## Run facts", "");
  out.push(
    markdownTable(["Fact", "Value"], experimentFacts(exp).map((f) => [f.label, md(f.value)])),
  );

  const claims = claimRows(exp);
  const tally = claimTally(claims);
  out.push("", "## Claims", "");
  out.push(
    `${tally.reproduced} of ${tally.claims} claims reproduced ` +
      `(${tally.passed} of ${tally.checks} checks passed).`,
    "",
  );
  if (claims.length > 0) {
    out.push(markdownTable(
      ["Claim", "Source", "Expected", "Tolerance", "Trial", "Observed", "Reproduced"],
      claims.map((c) => [
        md(c.text),
        md(c.source),
        md(formatJson(c.expected)),
        md(formatTolerance(c.tolerance)),
        c.trial === null ? "not measured" : code(c.trial),
        md(formatJson(c.observed)),
        passMark(c.pass),
      ]),
    ));
  }

  const sweep = sweepTable(exp);
  out.push("", "## Sweep", "");
  if (sweep.rows.length === 0) out.push("No finished trials.");
  else {
    if (sweep.aggregated) {
      out.push(
        "Each setting over its seeds: mean ± sample standard deviation of every final metric " +
          "(a non-finite final is counted, not averaged in).",
        "",
      );
      out.push(markdownTable(
        [
          ...sweep.paramColumns.map(md),
          "seeds",
          ...sweep.metricColumns.map((c) => `final ${md(c)} (mean ± sd)`),
          "status",
          "seconds",
        ],
        sweep.groups.map((g, i) => {
          const cells = [
            ...sweep.paramColumns.map((p) => md(formatParam(g.params[p]))),
            md(g.seeds.join(", ")),
            ...sweep.metricColumns.map((c) => md(formatAggregate(g.finals[c]))),
            md(statusCounts(g.statuses)),
            formatSeconds(g.seconds),
          ];
          if (i === sweep.bestGroup) cells[0] = `★ ${cells[0]}`;
          return cells;
        }),
      ));
      const note = bestNote(sweep, true);
      if (sweep.bestGroup !== null && note) out.push("", note);
      out.push("", "### Per trial", "");
    }
    out.push(markdownTable(
      [
        "Trial",
        ...sweep.paramColumns.map(md),
        "seed",
        ...sweep.metricColumns.map((c) => `final ${md(c)}`),
        "status",
        "seconds",
      ],
      sweep.rows.map((r) => [
        (r.key === sweep.bestKey ? "★ " : "") + code(r.key),
        ...sweep.paramColumns.map((p) => md(formatParam(r.params[p]))),
        md(String(r.seed)),
        ...sweep.metricColumns.map((c) => md(formatCell(r.finals[c]))),
        md(r.status),
        formatSeconds(r.seconds),
      ]),
    ));
    const note = bestNote(sweep, false);
    if (sweep.bestKey && note) out.push("", note);
  }

  if (charts.length > 0) {
    out.push("", "## Charts", "");
    record.charts.forEach((chart, i) => {
      if (i > 0) out.push("");
      out.push(`![${md(chart.title)}](${urls.chartSvg(exp.id, charts[i])})`, "");
      out.push(`[Vega-Lite spec](${urls.chartSpec(exp.id, charts[i])})`);
    });
  }

  if (exp.trials.length > 0) out.push("", "## Trials", "");
  for (const t of exp.trials) {
    const files = ["metrics.csv", "manifest.json", "result.json"]
      .map((f) => `[${f}](${urls.trialFile(exp.id, t.key, f)})`)
      .join(" · ");
    const error = t.manifest.error ? ` — ${md(t.manifest.error)}` : "";
    out.push(`- ${code(t.key)} (${md(t.manifest.status)}${error}): ${files}`);
  }
  return out.join("\n").trimEnd() + "\n";
}

/** The scoreboard as markdown (`<site>/index.md`). */
export function indexMarkdown(experiments: readonly ExperimentData[], compare: boolean): string {
  const rows = experiments.map((exp) => {
    const t = claimTally(claimRows(exp));
    return [
      `[${md(exp.record.title)}](${urls.markdown(exp.id)})`,
      `${t.reproduced} / ${t.claims}`,
      `${t.passed} / ${t.checks}`,
      md(statusSummary(exp)),
      formatSeconds(totalSeconds(exp)),
      md(distinct(exp.trials.map((tr) => tr.manifest.backend))),
      md(distinct(exp.trials.map(adapterText))),
      md(profileText(exp)),
    ];
  });
  const out = [
    "# Lecture results reproduced",
    "",
    markdownTable(
      [
        "Experiment",
        "Claims reproduced",
        "Checks passed",
        "Status",
        "Seconds",
        "Backend",
        "Adapter",
        "Profile",
      ],
      rows,
    ),
  ];
  if (compare) out.push("", "[Run-store comparison](compare.md)");
  out.push("", `[Benchmarks](${urls.markdown(BENCH_ID)})`);
  return out.join("\n") + "\n";
}
