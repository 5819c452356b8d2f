/**
 * The scoreboard (`<site>/index.html`): every experiment with claims reproduced / total, trial
 * statuses, seconds, backend and adapter, the profile (full / quick) that produced it, links;
 * above it, the way to the benchmarks page (always there: with results, or saying how to get
 * them, so the bench run can refresh that page without rewriting this one).
 */
import { markup } from "./escape.ts";
import { formatSeconds } from "./format.ts";
import { htmlDocument, htmlTable } from "./html_page.ts";
import { BENCH_ID, urls } from "./layout.ts";
import type { ExperimentData } from "./runstore.ts";
import {
  adapterText,
  claimRows,
  claimTally,
  distinct,
  profileNote,
  profileText,
  statusSummary,
  totalSeconds,
} from "./tables.ts";

/** The index page; `compare` adds a link to compare.html. */
export function indexHtml(experiments: readonly ExperimentData[], compare: boolean): string {
  const tallies = experiments.map((e) => claimTally(claimRows(e)));
  const reproduced = tallies.reduce((s, t) => s + t.reproduced, 0);
  const claims = tallies.reduce((s, t) => s + t.claims, 0);
  const quick = experiments.filter((e) => profileText(e) === "quick" || profileText(e) === "mixed")
    .length;
  const table = htmlTable(
    [
      "Experiment",
      "Claims reproduced",
      "Checks passed",
      "Status",
      "Seconds",
      "Backend",
      "Adapter",
      "Profile",
      "Pages",
    ],
    experiments.map((exp, i) => {
      const t = tallies[i];
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
          markup`<span class="profile-${profileText(exp)}" title="${
            profileNote(profileText(exp))
          }">${profileText(exp)}</span>`,
          markup`<a href="${urls.page(exp.id)}">HTML</a> · <a href="${
            urls.markdown(exp.id)
          }">Markdown</a>`,
        ],
      };
    }),
    "scoreboard",
  );
  const body = markup`<nav><a href="${urls.page(BENCH_ID)}">Benchmarks</a></nav>
<header>
<h1>Lecture results reproduced</h1>
<p>${reproduced} of ${claims} claims reproduced across ${experiments.length} experiment${
    experiments.length === 1 ? "" : "s"
  }.</p>
${
    quick > 0
      ? markup`<p class="profile-quick">${quick} of ${experiments.length} experiment${
        experiments.length === 1 ? "" : "s"
      } ran (in part) with the --quick profile: shortened runs, so their figures are not the full runs'.</p>`
      : ""
  }
</header>
${table}
${compare ? markup`<p><a href="compare.html">Run-store comparison</a></p>` : ""}
<p class="muted"><a href="index.md">Markdown version</a></p>`;
  return htmlDocument({ title: "Lecture results reproduced", body });
}
