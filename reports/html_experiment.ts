/** One experiment's HTML page: facts, claims, sweep, charts (static SVG + interactive), trials. */
import type { TopLevelSpec } from "vega-lite";
import { markup, type SafeHtml } from "./escape.ts";
import { formatCell, formatJson, formatSeconds } from "./format.ts";
import { chartFigure, htmlDocument, htmlTable, passCell, statusBadge } from "./html_page.ts";
import { urls } from "./layout.ts";
import type { ExperimentData, Trial } from "./runstore.ts";
import { bestNote, formatAggregate, type SweepTable } from "./sweep.ts";
import {
  adapterText,
  claimRows,
  claimTally,
  experimentFacts,
  formatParam,
  formatTolerance,
  gitText,
  profileNote,
  profileText,
  statusCounts,
  sweepTable,
} from "./tables.ts";

/** What the page needs of a chart: its file stem, spec and rendered SVG. */
export interface PageChart {
  title: string;
  file: string;
  spec: TopLevelSpec;
  svg: string;
}

/** The experiment page as a complete HTML document. */
export function experimentHtml(exp: ExperimentData, charts: readonly PageChart[]): string {
  const { record } = exp;
  const profile = profileText(exp);
  const body = markup`<nav><a href="index.html">← All experiments</a> · <a href="${
    urls.markdown(exp.id)
  }">Markdown version</a></nav>
<header>
<h1>${record.title}</h1>
${record.source ? markup`<p class="source">Source: ${record.source}</p>` : ""}
<p class="profile">Profile: <strong class="profile-${profile}">${profile}</strong> <span class="muted">(${
    profileNote(profile)
  })</span></p>
${record.description ? markup`<p>${record.description}</p>` : ""}
</header>
<section id="facts"><h2>Run facts</h2>
<dl class="facts">${
    experimentFacts(exp).map((f) => markup`<dt>${f.label}</dt><dd>${f.value}</dd>`)
  }</dl>
</section>
${claimsSection(exp)}
${sweepSection(exp)}
${chartsSection(exp.id, charts)}
${trialsSection(exp)}`;
  return htmlDocument({ title: record.title, body, scripts: charts.length > 0 });
}

function claimsSection(exp: ExperimentData): SafeHtml {
  const rows = claimRows(exp);
  const t = claimTally(rows);
  const table = htmlTable(
    [
      "Claim (lecture's words)",
      "Source",
      "Expected",
      "Tolerance",
      "Trial",
      "Observed",
      "Reproduced",
    ],
    rows.map((c) => ({
      className: c.pass === false ? "failed" : undefined,
      cells: [
        c.text,
        c.source,
        formatJson(c.expected),
        formatTolerance(c.tolerance),
        c.trial === null
          ? markup`<span class="na">not measured</span>`
          : markup`<span class="key">${c.trial}</span>`,
        // The cell shows six digits; the full measured value is one hover away.
        c.observed === undefined
          ? "—"
          : markup`<span title="${JSON.stringify(c.observed)}">${formatJson(c.observed)}</span>`,
        passCell(c.pass),
      ],
    })),
    "claims",
  );
  return markup`<section id="claims"><h2>Claims</h2>
<p>${t.reproduced} of ${t.claims} claims reproduced (${t.passed} of ${t.checks} checks passed).</p>
${rows.length > 0 ? table : ""}
</section>`;
}

function sweepSection(exp: ExperimentData): SafeHtml {
  const sweep = sweepTable(exp);
  if (sweep.rows.length === 0) {
    return markup`<section id="sweep"><h2>Sweep</h2><p>No finished trials.</p></section>`;
  }
  const perTrial = trialSweepTable(exp, sweep);
  if (!sweep.aggregated) {
    const note = bestNote(sweep, false);
    return markup`<section id="sweep"><h2>Sweep</h2>
${perTrial}
${sweep.bestKey && note ? markup`<p class="muted">${note}</p>` : ""}
</section>`;
  }
  const note = bestNote(sweep, true);
  const table = htmlTable(
    [
      ...sweep.paramColumns,
      "seeds",
      ...sweep.metricColumns.map((c) => `final ${c} (mean ± sd)`),
      "status",
      "seconds",
    ],
    sweep.groups.map((g, i) => {
      const best = i === sweep.bestGroup;
      const star = best ? markup` <span class="best-mark" title="${note ?? ""}">★ best</span>` : "";
      const params = sweep.paramColumns.map((p) => formatParam(g.params[p]));
      const seeds = g.seeds.join(", ");
      return {
        className: best ? "best" : undefined,
        cells: [
          ...(params.length > 0 ? [markup`${params[0]}${star}`, ...params.slice(1)] : []),
          params.length > 0 ? seeds : markup`${seeds}${star}`,
          ...sweep.metricColumns.map((c) => formatAggregate(g.finals[c])),
          statusCounts(g.statuses),
          formatSeconds(g.seconds),
        ],
      };
    }),
    "sweep aggregated",
  );
  return markup`<section id="sweep"><h2>Sweep</h2>
<p>Each setting over its seeds: mean ± sample standard deviation of every final metric
(a non-finite final, e.g. a diverged cost, is counted, not averaged in).</p>
${table}
${sweep.bestGroup !== null && note ? markup`<p class="muted">${note}</p>` : ""}
<details><summary>Per trial (${sweep.rows.length})</summary>
${perTrial}
</details>
</section>`;
}

function trialSweepTable(exp: ExperimentData, sweep: SweepTable): SafeHtml {
  const byKey = new Map(exp.trials.map((t) => [t.key, t]));
  const note = bestNote(sweep, false) ?? "";
  return htmlTable(
    [
      "Trial",
      ...sweep.paramColumns,
      "seed",
      ...sweep.metricColumns.map((c) => `final ${c}`),
      "status",
      "seconds",
    ],
    sweep.rows.map((r) => ({
      className: r.key === sweep.bestKey ? "best" : undefined,
      cells: [
        markup`<span class="key">${r.key}</span>${
          r.key === sweep.bestKey
            ? markup` <span class="best-mark" title="${note}">★ best</span>`
            : ""
        }`,
        ...sweep.paramColumns.map((p) => formatParam(r.params[p])),
        r.seed,
        ...sweep.metricColumns.map((c) => formatCell(r.finals[c])),
        statusBadge(r.status, statusTitle(byKey.get(r.key))),
        formatSeconds(r.seconds),
      ],
    })),
    "sweep",
  );
}

function statusTitle(trial: Trial | undefined): string | undefined {
  if (!trial) return undefined;
  const m = trial.manifest;
  if (m.error) return m.error;
  return m.divergedAt !== undefined ? `diverged at step ${m.divergedAt}` : undefined;
}

function chartsSection(id: string, charts: readonly PageChart[]): SafeHtml {
  if (charts.length === 0) return markup``;
  return markup`<section id="charts"><h2>Charts</h2>
${
    charts.map((c, i) =>
      chartFigure(i, {
        ...c,
        svgUrl: urls.chartSvg(id, c.file),
        specUrl: urls.chartSpec(id, c.file),
      })
    )
  }</section>`;
}

function trialsSection(exp: ExperimentData): SafeHtml {
  if (exp.trials.length === 0) return markup``;
  const table = htmlTable(
    [
      "Trial",
      "Status",
      "Params",
      "Seed",
      "Backend",
      "Adapter",
      "Deno",
      "OS",
      "Git",
      "Finished",
      "Seconds",
      "Files",
    ],
    exp.trials.map((t) => {
      const m = t.manifest;
      return {
        cells: [
          markup`<span class="key">${t.key}</span>`,
          markup`${statusBadge(m.status)}${
            m.error ? markup`<br><span class="muted">${m.error}</span>` : ""
          }`,
          markup`<code>${JSON.stringify(m.params)}</code>`,
          m.seed,
          m.backend,
          adapterText(t),
          m.deno ?? "—",
          `${m.os ?? "—"} (${m.cpus ?? "?"} cpus)`,
          markup`<span title="${m.git?.commit ?? ""}">${gitText(t)}</span>`,
          m.finished ?? "—",
          formatSeconds(m.seconds),
          ["metrics.csv", "manifest.json", "result.json"].map((f, i) =>
            markup`${i > 0 ? " · " : ""}<a href="${urls.trialFile(exp.id, t.key, f)}">${f}</a>`
          ),
        ],
      };
    }),
    "trials",
  );
  return markup`<section id="trials"><h2>Trials</h2>
${table}
</section>`;
}
