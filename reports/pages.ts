/**
 * The site's HTML pages. An experiment page reads like a short paper: the title, the lecture's
 * words, the verdicts per backend; then each claim beside the figure that shows it (observed
 * against expected in words, with the check); the sweep with its params as columns; runs made
 * with --set/--sweep apart; stale and corrupt trials, the trials and the machine facts folded
 * away at the end. The index lists the lectures in order with each experiment's key figure and
 * verdicts; the claims page lists every claim of the catalogue by lecture, and the statements
 * cited but not re-run.
 */
import type { CitedClaim } from "../harness/catalog.ts";
import { LECTURE_TITLES, type LectureNumber, lectureNumber } from "../harness/sources.ts";
import { isReproduced, type Verdict, VERDICT_WORDS } from "../harness/verdict.ts";
import type { RenderedChart } from "./charts.ts";
import {
  CHART_SCRIPTS,
  chartFigure,
  checkWords,
  formatCell,
  formatSeconds,
  htmlDocument,
  htmlTable,
  inlineMarkdown,
  markup,
  readable,
  type SafeHtml,
  sourceLabel,
  statusBadge,
  urls,
} from "./html.ts";
import type { ExperimentData, Trial, Unreadable } from "./runstore.ts";
import {
  backendOrder,
  type ClaimView,
  claimViews,
  experimentLecture,
  lectureOf,
  type OnBackend,
  tallies,
  type Tally,
  tallyText,
} from "./scoreboard.ts";
import {
  adapterText,
  bestNote,
  experimentFacts,
  formatAggregate,
  formatParam,
  gitText,
  profileNote,
  profileText,
  statusSummary,
  sweepTable,
  totalSeconds,
} from "./tables.ts";

/** A verdict as a badge: its mark, its words, and a class the style sheet colours. */
export function verdictBadge(v: Verdict | null, declared = false): SafeHtml {
  if (v === null) return markup`<span class="verdict none">not judged</span>`;
  const mark = v === "reproduced"
    ? "✓ "
    : v === "within-tolerance"
    ? "≈ "
    : v === "cited"
    ? ""
    : "✗ ";
  return markup`<span class="verdict ${v}${declared ? " declared" : ""}">${mark}${
    VERDICT_WORDS[v]
  }${declared && !isReproduced(v) ? " (declared)" : ""}</span>`;
}

/** One backend's tally as a line, e.g. "cpu: 9 of 10 reproduced (…)". */
function tallyLine(name: string, t: Tally): SafeHtml {
  return markup`<li><span class="backend">${name}</span> ${tallyText(t)}</li>`;
}

/** Links every page shares. */
function siteNav(extra?: SafeHtml): SafeHtml {
  return markup`<a href="index.html">Lectures</a> · <a href="claims.html">All claims</a> · <a href="${
    urls.page("bench")
  }">Benchmarks</a>${extra ? markup` · ${extra}` : ""}`;
}

// --- Experiment page ------------------------------------------------------------------------

/** What an experiment page draws: charts of the counted trials, and of the custom runs. */
export interface ExperimentCharts {
  counted: readonly RenderedChart[];
  custom: readonly RenderedChart[];
}

function claimCard(c: ClaimView): SafeHtml {
  const backends = [...c.backends.entries()];
  const worst = backends.length === 0
    ? "none"
    : backends.some(([, b]) => !isReproduced(b.verdict))
    ? "not-reproduced"
    : "reproduced";
  const rows = backends.map(([name, b]) => claimBackendRow(c, name, b));
  const notes = backends.flatMap(([name, b]) =>
    b.judged.filter((j) => j.note || j.error).map((j) =>
      markup`<li><span class="backend">${name}</span> ${j.note ?? ""}${
        j.error ? markup` <span class="error">(${j.error})</span>` : ""
      }</li>`
    )
  );
  return markup`<article class="claim ${worst}${
    c.diverges ? " declared" : ""
  }" id="claim-${c.id}" data-claim="${c.id}">
<h3>${c.text}</h3>
<p class="claim-meta">${sourceLabel(c.source)} · expected ${
    checkWords(c.check, c.expected)
  } · <code>${c.id}</code></p>
${
    rows.length > 0
      ? markup`<ul class="claim-verdicts">${rows}</ul>`
      : markup`<p class="muted">Not judged here: no trial of the experiment's own setups (in this profile) measured it.</p>`
  }
${
    c.diverges
      ? markup`<p class="divergence"><strong>Known divergence${
        c.diverges.dtype ? ` in ${c.diverges.dtype}` : ""
      }:</strong> ${c.diverges.reason}</p>`
      : ""
  }
${notes.length > 0 ? markup`<ul class="claim-notes">${notes}</ul>` : ""}
${
    c.disagree
      ? markup`<p class="disagree">The backends disagree: ${
        backends.map(([n, b]) => `${n} ${VERDICT_WORDS[b.verdict]}`).join(", ")
      }.</p>`
      : ""
  }
</article>`;
}

/**
 * What a backend observed: one trial's figure; a few trials' figures each with its trial; many
 * trials' as one figure when they agree, else their range (every figure is in the tooltip and
 * on the trials' result.json). The worst trial decides the verdict.
 */
export function observedText(b: OnBackend): string {
  const values = b.judged.map((j) => readable(j.observed));
  if (values.length === 1) return values[0];
  if (new Set(values).size === 1) return `${values[0]} (all ${values.length} trials)`;
  if (values.length <= 3) return b.judged.map((j, i) => `${values[i]} (${j.trial})`).join("; ");
  const numbers = b.judged.map((j) => j.observed);
  if (numbers.every((v) => typeof v === "number" && Number.isFinite(v))) {
    const sorted = (numbers as number[]).slice().sort((x, y) => x - y);
    return `${readable(sorted[0])} to ${readable(sorted.at(-1)!)} over ${values.length} trials`;
  }
  return `${values.slice(0, 2).join("; ")}; … (${values.length} trials)`;
}

function claimBackendRow(c: ClaimView, name: string, b: OnBackend): SafeHtml {
  const observed = observedText(b);
  const tolerance = b.judged.find((j) => j.tolerance !== undefined)?.tolerance;
  const each = b.judged.slice(0, 40).map((j) => `${j.trial}: ${readable(j.observed)}`);
  if (b.judged.length > each.length) each.push(`… ${b.judged.length - each.length} more`);
  return markup`<li><span class="backend">${name}</span> observed <span class="observed" title="${
    each.join("\n")
  }">${observed}</span> — expected ${checkWords(c.check, c.expected, tolerance)} ${
    verdictBadge(b.verdict, c.diverges !== undefined)
  }</li>`;
}

function verdictSummary(views: readonly ClaimView[]): SafeHtml {
  const t = tallies(views);
  if (t.size === 0) return markup`<p class="muted">No claim was judged in this store.</p>`;
  const disagree = views.filter((v) => v.disagree);
  return markup`<ul class="verdict-summary">${[...t].map(([n, x]) => tallyLine(n, x))}</ul>${
    disagree.length > 0
      ? markup`<p class="disagree">The backends disagree on ${disagree.length} claim${
        disagree.length === 1 ? "" : "s"
      }: ${disagree.map((v) => v.id).join(", ")}.</p>`
      : ""
  }`;
}

/** Charts with the claims each shows beside it; the claims no chart shows, before them. */
function claimsAndFigures(
  exp: ExperimentData,
  views: readonly ClaimView[],
  charts: readonly RenderedChart[],
): SafeHtml {
  const names = new Set(charts.map((c) => c.chart.name));
  const loose = views.filter((v) => !v.chart || !names.has(v.chart));
  const figures = charts.map((c, i) => {
    const mine = views.filter((v) => v.chart === c.chart.name);
    return chartFigure(
      i,
      {
        title: c.chart.title,
        description: c.description,
        spec: c.spec,
        svg: c.svg,
        svgUrl: urls.chartSvg(exp.id, c.file),
        specUrl: urls.chartSpec(exp.id, c.file),
      },
      mine.length > 0 ? markup`${mine.map(claimCard)}` : undefined,
    );
  });
  return markup`<section id="claims"><h2>Claims and figures</h2>
${loose.length > 0 ? markup`<div class="claims-list">${loose.map(claimCard)}</div>` : ""}
${figures}
</section>`;
}

function sweepSection(trials: readonly Trial[], id: string, heading: string): SafeHtml {
  const sweep = sweepTable(trials);
  if (sweep.rows.length === 0) return markup``;
  const aggregated = sweep.aggregated;
  const note = bestNote(sweep, aggregated);
  const rows = aggregated
    ? sweep.groups.map((g, i) => ({
      className: i === sweep.bestGroup ? "best" : undefined,
      cells: [
        ...sweep.paramColumns.map((p) => formatParam(g.params[p])),
        g.seeds.join(", "),
        ...sweep.metricColumns.map((c) => formatAggregate(g.finals[c])),
        markup`${i === sweep.bestGroup ? markup`<span class="best-mark">★</span> ` : ""}${
          g.statuses.join(", ")
        }`,
        formatSeconds(g.seconds),
      ],
    }))
    : sweep.rows.map((r) => ({
      className: r.key === sweep.bestKey ? "best" : undefined,
      cells: [
        ...sweep.paramColumns.map((p) => formatParam(r.params[p])),
        String(r.seed),
        ...sweep.metricColumns.map((c) => formatCell(r.finals[c])),
        markup`${r.key === sweep.bestKey ? markup`<span class="best-mark">★</span> ` : ""}${
          statusBadge(r.status)
        }`,
        formatSeconds(r.seconds),
      ],
    }));
  const headers = [
    ...sweep.paramColumns,
    aggregated ? "seeds" : "seed",
    ...sweep.metricColumns.map((c) => aggregated ? `final ${c} (mean ± sd)` : `final ${c}`),
    "status",
    "time",
  ];
  const numeric = headers.map((_, i) =>
    i >= sweep.paramColumns.length + 1 && i < headers.length - 2
  );
  return markup`<section id="${id}"><h2>${heading}</h2>
${htmlTable(headers, rows, { className: "sweep", numeric })}
${note ? markup`<p class="muted">${note}</p>` : ""}
</section>`;
}

function trialsTable(exp: ExperimentData, trials: readonly Trial[]): SafeHtml {
  return htmlTable(
    ["Trial", "Status", "Backend", "Seed", "Finished", "Time", "Files"],
    trials.map((t) => {
      const m = t.manifest;
      return {
        cells: [
          markup`<span class="key">${t.key}</span>`,
          markup`${
            statusBadge(
              m.status,
              m.error ??
                (m.divergedAt !== undefined ? `diverged at step ${m.divergedAt}` : undefined),
            )
          }`,
          m.backend,
          String(m.seed),
          m.finished ?? "—",
          formatSeconds(m.seconds),
          ["metrics.csv", "manifest.json", "result.json"].map((f, i) =>
            markup`${i > 0 ? " · " : ""}<a href="${urls.trialFile(exp.id, t.key, f)}">${f}</a>`
          ),
        ],
      };
    }),
    { className: "trials" },
  );
}

function corruptList(corrupt: readonly Unreadable[]): SafeHtml {
  return markup`<ul class="corrupt">${
    corrupt.map((c) => markup`<li><span class="key">${c.key}</span>: ${c.problems.join("; ")}</li>`)
  }</ul>`;
}

/** The experiment page as a complete HTML document. */
export function experimentHtml(exp: ExperimentData, charts: ExperimentCharts): string {
  const { record } = exp;
  const views = claimViews(exp);
  const custom = exp.trials.filter((t) => t.placement === "custom");
  const stale = exp.trials.filter((t) => t.placement === "stale" && !exp.counted.includes(t));
  const profile = profileText(exp.counted);
  const body = markup`<header>
<h1>${record.title}</h1>
<p class="source">${sourceLabel(record.source)}</p>
${record.description ? markup`<p class="lead">${inlineMarkdown(record.description)}</p>` : ""}
${verdictSummary(views)}
${
    profile === "quick" || profile === "mixed"
      ? markup`<p class="profile-quick">Profile: ${profile} — ${profileNote(profile)}.</p>`
      : ""
  }
</header>
${claimsAndFigures(exp, views, charts.counted)}
${sweepSection(exp.counted, "sweep", "Sweep")}
${
    custom.length > 0
      ? markup`<section id="custom"><h2>Other runs</h2>
<p class="muted">Trials made with <code>--set</code>, <code>--sweep</code>, <code>--random</code> or <code>--seeds</code>: not among the lecture's setups, so not in its figures or counts above.</p>
${sweepSection(custom, "custom-sweep", "Their sweep")}
${
        charts.custom.map((c, i) =>
          chartFigure(1000 + i, {
            title: c.chart.title,
            description: c.description,
            spec: c.spec,
            svg: c.svg,
            svgUrl: urls.chartSvg(exp.id, c.file),
            specUrl: urls.chartSpec(exp.id, c.file),
          })
        )
      }
</section>`
      : ""
  }
${
    stale.length > 0
      ? markup`<details id="stale"><summary>Stale trials (${stale.length}): computed by other code than the current, not counted</summary>
${trialsTable(exp, stale)}
</details>`
      : ""
  }
${
    exp.corrupt.length > 0
      ? markup`<details id="corrupt" open><summary>Corrupt trials (${exp.corrupt.length}): not counted</summary>
${corruptList(exp.corrupt)}
</details>`
      : ""
  }
<details id="trials"><summary>Trials and machine facts (${exp.trials.length} trials)</summary>
<dl class="facts">${
    experimentFacts(exp.trials).map((f) => markup`<dt>${f.label}</dt><dd>${f.value}</dd>`)
  }</dl>
${trialsTable(exp, exp.trials)}
</details>`;
  const any = charts.counted.length + charts.custom.length > 0;
  return htmlDocument({
    title: record.title,
    nav: siteNav(markup`<a href="${urls.markdown(exp.id)}">Markdown version</a>`),
    body,
    scripts: any ? CHART_SCRIPTS : [],
  });
}

// --- Index ----------------------------------------------------------------------------------

/** The lecture an experiment is listed under (scoreboard.ts experimentLecture). */
function lectureOfExperiment(exp: ExperimentData): LectureNumber | undefined {
  return experimentLecture(exp.record);
}

/** The index: the lectures in order, each experiment with its key figure and verdicts. */
export function indexHtml(
  experiments: readonly ExperimentData[],
  thumbnails: ReadonlyMap<string, { file: string; title: string }>,
  corrupt: readonly Unreadable[],
): string {
  const allViews = experiments.flatMap((e) => claimViews(e));
  const total = tallies(allViews);
  const lectures = [0, 1, 2, 3, 4] as LectureNumber[];
  const card = (exp: ExperimentData) => {
    const t = tallies(claimViews(exp));
    const thumb = thumbnails.get(exp.id);
    return markup`<li class="card">
<a href="${urls.page(exp.id)}">${
      thumb
        ? markup`<img src="${
          urls.chartSvg(exp.id, thumb.file)
        }" alt="${thumb.title}" loading="lazy" width="240">`
        : markup`<span class="no-figure">no figure</span>`
    }<span class="card-title">${exp.record.title}</span></a>
<ul class="card-verdicts">${
      t.size > 0
        ? [...t].map(([n, x]) =>
          markup`<li><span class="backend">${n}</span> ${x.reproduced + x.within}/${x.judged}${
            x.notReproduced > x.tracked
              ? markup` <span class="fail">(${x.notReproduced - x.tracked} undeclared ✗)</span>`
              : x.tracked > 0
              ? markup` <span class="muted">(${x.tracked} declared ✗)</span>`
              : ""
          }</li>`
        )
        : markup`<li class="muted">${
          exp.counted.length > 0 ? "no claim judged in this profile" : "no trials"
        }</li>`
    }</ul>
<p class="muted">${statusSummary(exp.counted)} · ${formatSeconds(totalSeconds(exp.counted))}</p>
</li>`;
  };
  const sections = lectures.map((n) => {
    const mine = experiments.filter((e) => lectureOfExperiment(e) === n);
    if (mine.length === 0) return markup``;
    return markup`<section class="lecture" id="lecture-${n}"><h2>Lecture ${n} · ${
      LECTURE_TITLES[n]
    }</h2>
<ul class="cards">${mine.map(card)}</ul></section>`;
  });
  const other = experiments.filter((e) => lectureOfExperiment(e) === undefined);
  const body = markup`<header>
<h1>Lecture results, re-run</h1>
<p class="lead">Every result the lectures print, re-run from seeded modules and judged against the figure measured in the run. A claim counts as reproduced only when that check passes; the checks, the observed figures and the trials behind them are on each page.</p>
<ul class="verdict-summary">${[...total].map(([n, x]) => tallyLine(n, x))}</ul>
<p><a href="claims.html">Every claim, by lecture</a></p>
${
    corrupt.length > 0
      ? markup`<p class="fail">${corrupt.length} corrupt trial${
        corrupt.length === 1 ? "" : "s"
      } not counted (listed on their experiments' pages).</p>`
      : ""
  }
</header>
${sections}
${
    other.length > 0
      ? markup`<section class="lecture"><h2>Other experiments</h2><ul class="cards">${
        other.map(card)
      }</ul></section>`
      : ""
  }`;
  return htmlDocument({ title: "Lecture results, re-run", nav: siteNav(), body });
}

// --- Claims page ----------------------------------------------------------------------------

/** Every claim of the catalogue by lecture, with its verdict per backend; then the cited ones. */
export function claimsHtml(
  experiments: readonly ExperimentData[],
  cited: readonly CitedClaim[],
): string {
  const views = experiments.flatMap((e) =>
    claimViews(e).map((v) => ({ v, exp: e, lecture: lectureOf(v, e.record.source) }))
  );
  const backends = backendOrder(views.flatMap(({ v }) => [...v.backends.keys()]));
  const table = (rows: typeof views) =>
    htmlTable(
      ["Claim", "Experiment", "Source", "Expected", ...backends],
      rows.map(({ v, exp }) => ({
        className: v.disagree ? "disagree" : undefined,
        cells: [
          markup`<a href="${urls.page(exp.id)}#claim-${v.id}">${v.text}</a>`,
          markup`<a href="${urls.page(exp.id)}">${exp.id}</a>`,
          sourceLabel(v.source),
          checkWords(v.check, v.expected),
          ...backends.map((b) => {
            const on = v.backends.get(b);
            return on ? verdictBadge(on.verdict, v.diverges !== undefined) : verdictBadge(null);
          }),
        ],
      })),
      { className: "all-claims" },
    );
  const sections = ([0, 1, 2, 3, 4] as LectureNumber[]).map((n) => {
    const rows = views.filter((x) => x.lecture === n);
    const mine = cited.filter((c) => lectureNumber(c.source) === n);
    if (rows.length === 0 && mine.length === 0) return markup``;
    return markup`<section id="lecture-${n}"><h2>Lecture ${n} · ${LECTURE_TITLES[n]}</h2>
${rows.length > 0 ? table(rows) : ""}
${
      mine.length > 0
        ? markup`<h3>Cited, not re-run here</h3><ul class="cited">${
          mine.map((c) =>
            markup`<li id="cited-${c.id}">${verdictBadge("cited")} ${c.text} — ${
              sourceLabel(c.source)
            }<br><span class="muted">Why not here: ${c.reason}</span></li>`
          )
        }</ul>`
        : ""
    }
</section>`;
  });
  const rest = views.filter((x) => x.lecture === undefined);
  const total = tallies(views.map((x) => x.v));
  const body = markup`<header><h1>Every claim, by lecture</h1>
<ul class="verdict-summary">${[...total].map(([n, x]) => tallyLine(n, x))}</ul>
<p class="muted">${cited.length} further statement${
    cited.length === 1 ? " is" : "s are"
  } cited but not re-run here, each with the reason.</p></header>
${sections}
${
    rest.length > 0
      ? markup`<section><h2>Claims without a lecture source</h2>${table(rest)}</section>`
      : ""
  }`;
  return htmlDocument({ title: "Every claim, by lecture", nav: siteNav(), body });
}

export { adapterText, gitText };
