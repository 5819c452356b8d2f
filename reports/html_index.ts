/** The scoreboard (`<site>/index.markup`): every experiment, claims reproduced, links. */
import { markup } from "./escape.ts";
import { formatSeconds } from "./format.ts";
import { htmlDocument, htmlTable } from "./html_page.ts";
import { urls } from "./layout.ts";
import type { ExperimentData } from "./runstore.ts";
import { adapterText, claimRows, claimTally, statusSummary, totalSeconds } from "./tables.ts";

/** The index page; `compare` adds a link to compare.html. */
export function indexHtml(experiments: readonly ExperimentData[], compare: boolean): string {
  const tallies = experiments.map((e) => claimTally(claimRows(e)));
  const reproduced = tallies.reduce((s, t) => s + t.reproduced, 0);
  const claims = tallies.reduce((s, t) => s + t.claims, 0);
  const table = htmlTable(
    [
      "Experiment",
      "Claims reproduced",
      "Checks passed",
      "Trials",
      "Seconds",
      "Backend",
      "Adapter",
      "Pages",
    ],
    experiments.map((exp, i) => {
      const t = tallies[i];
      const distinct = (values: string[]) => [...new Set(values)].join("; ") || "—";
      return {
        className: t.reproduced < t.claims ? "failed" : undefined,
        cells: [
          markup`<a href="${
            urls.page(exp.id)
          }">${exp.record.title}</a><br><span class="muted">${exp.record.source}</span>`,
          markup`<span class="${
            t.reproduced === t.claims ? "pass" : "fail"
          }">${t.reproduced} / ${t.claims}</span>`,
          `${t.passed} / ${t.checks}`,
          statusSummary(exp),
          formatSeconds(totalSeconds(exp)),
          distinct(exp.trials.map((tr) => tr.manifest.backend)),
          distinct(exp.trials.map(adapterText)),
          markup`<a href="${urls.page(exp.id)}">HTML</a> · <a href="${
            urls.markdown(exp.id)
          }">Markdown</a>`,
        ],
      };
    }),
    "scoreboard",
  );
  const body = markup`<header>
<h1>Lecture results reproduced</h1>
<p>${reproduced} of ${claims} claims reproduced across ${experiments.length} experiment${
    experiments.length === 1 ? "" : "s"
  }.</p>
</header>
${table}
${compare ? markup`<p><a href="compare.html">Run-store comparison</a></p>` : ""}
<p class="muted"><a href="index.md">Markdown version</a></p>`;
  return htmlDocument({ title: "Lecture results reproduced", body });
}
