/**
 * Two run stores compared (`deno task report --compare A B [--out DIR]`), as a site of its own
 * (default `site-compare/`, so a plain `report` into `site/` never removes it): for every
 * experiment in both stores, its learning curves and sweep summaries drawn from both stores on
 * the same charts, one dash per store (as `dvc plots diff` overlays revisions); the charts drawn
 * from outputs (decision boundaries, images, bars) side by side; a claims table with both
 * stores' verdicts on each backend, the claims whose verdict changed flagged; and the final
 * metrics of the trials found in both, with B − A. Trials are matched by key, else (another
 * config hash, e.g. another backend) by identical params and seed.
 */
import { join } from "node:path";
import type { Catalog } from "../harness/catalog.ts";
import type { ExperimentRecord } from "../harness/records.ts";
import { isReproduced, VERDICT_WORDS } from "../harness/verdict.ts";
import { canonicalJson } from "../harness/hash.ts";
import {
  chartTrials,
  paramDefaults,
  renderChart,
  renderCharts,
  type RenderedChart,
} from "./charts.ts";
import {
  ASSETS_DIR,
  CHART_SCRIPTS,
  chartFigure,
  checkWords,
  formatCell,
  formatNumber,
  htmlDocument,
  htmlTable,
  markup,
  readable,
  safeFileName,
  type SafeHtml,
  urls,
} from "./html.ts";
import { code, markdownTable, md } from "./markdown.ts";
import { verdictBadge } from "./pages.ts";
import {
  compareText,
  type ExperimentData,
  loadRunStores,
  type RunStores,
  type Trial,
} from "./runstore.ts";
import { backendOrder, type ClaimView, claimViews, type OnBackend } from "./scoreboard.ts";
import { catalogHashes, checkSiteSteady, copyAssets, writeSiteStaged } from "./site.ts";
import type { ChartTrial } from "./spec_common.ts";
import { finalValues, numericColumns } from "./spec_common.ts";

/** The two stores' names on charts and tables. */
export const STORES = ["A", "B"] as const;
type Store = typeof STORES[number];

/** One final metric in both stores. */
export interface ComparedMetric {
  name: string;
  a?: number | string;
  b?: number | string;
  /** B − A when both are numbers (0 when they are equal, even both infinite). */
  diff?: number;
}

/** One trial found in both stores. */
export interface ComparedTrial {
  keyA: string;
  keyB: string;
  matchedBy: "key" | "params";
  metrics: ComparedMetric[];
}

/** A claim's verdicts on each backend in both stores. */
export interface ComparedClaim {
  id: string;
  text: string;
  /** The check in words (B's declaration, else A's). */
  expected: string;
  a?: ClaimView;
  b?: ClaimView;
  /** A backend judged it in both stores with different outcomes (reproduced or not). */
  changed: boolean;
}

/** One experiment present in both stores. */
export interface ComparedExperiment {
  id: string;
  title: string;
  /** The record the charts follow: B's (the newer code, usually), else A's. */
  record: ExperimentRecord;
  a: ExperimentData;
  b: ExperimentData;
  claims: ComparedClaim[];
  trials: ComparedTrial[];
  onlyA: string[];
  onlyB: string[];
}

/** The whole comparison; `labels` are the stores' folders as given. */
export interface Comparison {
  labels: [string, string];
  experiments: ComparedExperiment[];
  onlyA: string[];
  onlyB: string[];
}

/** Matches two loaded stores: experiments by id, trials by key or params, claims by id. */
export function compareLoaded(a: RunStores, b: RunStores, labels: [string, string]): Comparison {
  const byIdB = new Map(b.experiments.map((e) => [e.id, e]));
  const idsA = new Set(a.experiments.map((e) => e.id));
  const experiments: ComparedExperiment[] = [];
  for (const expA of a.experiments) {
    const expB = byIdB.get(expA.id);
    if (!expB) continue;
    const pairs = matchTrials(expA.counted, expB.counted);
    const matchedA = new Set(pairs.map((p) => p.a.key));
    const matchedB = new Set(pairs.map((p) => p.b.key));
    experiments.push({
      id: expA.id,
      title: expB.record.title,
      record: expB.record,
      a: expA,
      b: expB,
      claims: compareClaims(expA, expB),
      trials: pairs.map((p) => compareTrial(p.a, p.b, p.by)),
      onlyA: expA.counted.map((t) => t.key).filter((k) => !matchedA.has(k)),
      onlyB: expB.counted.map((t) => t.key).filter((k) => !matchedB.has(k)),
    });
  }
  return {
    labels,
    experiments,
    onlyA: [...idsA].filter((id) => !byIdB.has(id)).sort(compareText),
    onlyB: [...byIdB.keys()].filter((id) => !idsA.has(id)).sort(compareText),
  };
}

function compareClaims(a: ExperimentData, b: ExperimentData): ComparedClaim[] {
  const viewsA = new Map(claimViews(a).map((v) => [v.id, v]));
  const viewsB = new Map(claimViews(b).map((v) => [v.id, v]));
  const ids = [...new Set([...viewsB.keys(), ...viewsA.keys()])];
  return ids.map((id) => {
    const va = viewsA.get(id);
    const vb = viewsB.get(id);
    const v = (vb ?? va)!;
    const changed = [...(va?.backends ?? [])].some(([name, on]) => {
      const other = vb?.backends.get(name);
      return other !== undefined && isReproduced(other.verdict) !== isReproduced(on.verdict);
    });
    return {
      id,
      text: v.text,
      expected: checkWords(v.check, v.expected),
      a: va,
      b: vb,
      changed,
    };
  });
}

interface Pair {
  a: Trial;
  b: Trial;
  by: "key" | "params";
}

function matchTrials(trialsA: readonly Trial[], trialsB: readonly Trial[]): Pair[] {
  const pairs: Pair[] = [];
  const restB = new Map(trialsB.map((t) => [t.key, t]));
  const restA: Trial[] = [];
  for (const ta of trialsA) {
    const tb = restB.get(ta.key);
    if (tb) {
      pairs.push({ a: ta, b: tb, by: "key" });
      restB.delete(ta.key);
    } else restA.push(ta);
  }
  // Second pass: same params and seed under another config hash; only unambiguous matches.
  const identityB = new Map<string, Trial[]>();
  for (const t of restB.values()) {
    identityB.set(identity(t), [...identityB.get(identity(t)) ?? [], t]);
  }
  for (const ta of restA) {
    const candidates = identityB.get(identity(ta));
    if (candidates?.length === 1) {
      pairs.push({ a: ta, b: candidates[0], by: "params" });
      identityB.delete(identity(ta));
    }
  }
  return pairs.sort((p, q) => compareText(p.a.key, q.a.key));
}

function identity(t: Trial): string {
  return canonicalJson({ params: t.manifest.params, seed: t.manifest.seed });
}

function compareTrial(a: Trial, b: Trial, by: "key" | "params"): ComparedTrial {
  const finalsA = finalValues(a);
  const finalsB = finalValues(b);
  const names = [...new Set([...numericColumns(a), ...numericColumns(b)])];
  return {
    keyA: a.key,
    keyB: b.key,
    matchedBy: by,
    metrics: names.map((name) => {
      const m: ComparedMetric = { name, a: finalsA[name], b: finalsB[name] };
      if (typeof m.a === "number" && typeof m.b === "number") m.diff = m.a === m.b ? 0 : m.b - m.a;
      return m;
    }),
  };
}

// --- Charts ---------------------------------------------------------------------------------

/** Trials as charts see them, tagged with their store (keys made unique over both stores). */
function tagged(trials: readonly Trial[], store: Store): ChartTrial[] {
  return chartTrials(trials).map((t) => ({ ...t, key: `${store}:${t.key}`, store }));
}

/** What one chart of the record becomes: one overlay, or one chart per store side by side. */
type ComparedChart =
  | { kind: "overlay"; chart: RenderedChart }
  | { kind: "apart"; charts: [RenderedChart, RenderedChart] };

/** The kinds drawn from both stores on the same axes; the others are drawn per store. */
const OVERLAID = new Set(["line", "summary"]);

async function compareCharts(e: ComparedExperiment): Promise<ComparedChart[]> {
  const defaults = paramDefaults(e.record);
  const taken = new Set<string>();
  const out: ComparedChart[] = [];
  for (const chart of e.record.charts) {
    if (OVERLAID.has(chart.kind)) {
      const file = safeFileName(chart.name, taken);
      const trials = [...tagged(e.a.counted, "A"), ...tagged(e.b.counted, "B")];
      out.push({ kind: "overlay", chart: await renderChart(chart, trials, defaults, file) });
    } else {
      const record = { ...e.record, charts: [chart] };
      const [a] = await renderCharts(record, e.a.counted, "A-");
      const [b] = await renderCharts(record, e.b.counted, "B-");
      out.push({ kind: "apart", charts: [a, b] });
    }
  }
  return out;
}

// --- Pages ----------------------------------------------------------------------------------

function storeLine(labels: [string, string]): SafeHtml {
  return markup`<ul class="stores"><li><strong>A</strong> (solid lines): <code>${
    labels[0]
  }</code></li><li><strong>B</strong> (dashed lines): <code>${labels[1]}</code></li></ul>`;
}

/** A claim's verdict in one store on one backend: the badge and what was observed. */
function verdictCell(v: ClaimView | undefined, on: OnBackend | undefined): SafeHtml {
  if (!v || !on) return markup`<span class="muted">—</span>`;
  const observed = on.judged.map((j) => readable(j.observed)).join("; ");
  return markup`${
    verdictBadge(on.verdict, v.diverges !== undefined)
  }<br><span class="observed">${observed}</span>`;
}

/** The claims table: both stores' verdicts per backend, changed ones flagged. */
export function claimsTable(e: ComparedExperiment): SafeHtml {
  const backends = backendOrder(
    e.claims.flatMap((c) => [...(c.a?.backends.keys() ?? []), ...(c.b?.backends.keys() ?? [])]),
  );
  return htmlTable(
    ["Claim", "Expected", ...backends.flatMap((b) => [`${b} · A`, `${b} · B`])],
    e.claims.map((c) => ({
      className: c.changed ? "changed" : undefined,
      cells: [
        markup`${c.text}${c.changed ? markup` <span class="fail">(verdict changed)</span>` : ""}`,
        c.expected,
        ...backends.flatMap((b) => [
          verdictCell(c.a, c.a?.backends.get(b)),
          verdictCell(c.b, c.b?.backends.get(b)),
        ]),
      ],
    })),
    { className: "compare-claims" },
  );
}

function metricsTable(e: ComparedExperiment): SafeHtml {
  return htmlTable(
    ["Trial", "Metric", "A", "B", "B − A"],
    e.trials.flatMap((t) =>
      t.metrics.map((m) => ({
        cells: [
          markup`<span class="key">${
            t.matchedBy === "key" ? t.keyA : `${t.keyA} ↔ ${t.keyB}`
          }</span>`,
          `final ${m.name}`,
          formatCell(m.a),
          formatCell(m.b),
          m.diff === undefined ? "—" : formatNumber(m.diff),
        ],
      }))
    ),
    { className: "compare-metrics", numeric: [false, false, true, true, true] },
  );
}

function comparedPage(c: Comparison, e: ComparedExperiment, charts: ComparedChart[]): string {
  let n = 0;
  const figure = (r: RenderedChart, caption?: string) =>
    chartFigure(n++, {
      title: caption ? `${r.chart.title} (${caption})` : r.chart.title,
      description: r.description,
      spec: r.spec,
      svg: r.svg,
      svgUrl: urls.chartSvg(e.id, r.file),
      specUrl: urls.chartSpec(e.id, r.file),
    });
  const changed = e.claims.filter((x) => x.changed).length;
  const body = markup`<header>
<h1>${e.title}: A against B</h1>
${storeLine(c.labels)}
<p class="${changed > 0 ? "disagree" : "muted"}">${
    changed > 0
      ? `${changed} claim${changed === 1 ? "" : "s"} changed verdict between A and B.`
      : "No claim changed verdict between A and B."
  }</p>
</header>
<section id="claims"><h2>Claims</h2>${claimsTable(e)}</section>
<section id="charts"><h2>Charts</h2>
${
    charts.map((ch) =>
      ch.kind === "overlay"
        ? figure(ch.chart)
        : markup`<div class="side-by-side">${figure(ch.charts[0], "A")}${
          figure(ch.charts[1], "B")
        }</div>`
    )
  }
</section>
<details id="metrics"><summary>Final metrics of the trials in both stores (${e.trials.length})</summary>
${e.trials.length > 0 ? metricsTable(e) : markup`<p>No trial is in both stores.</p>`}
${e.onlyA.length ? markup`<p>Only in A: ${e.onlyA.join(", ")}</p>` : ""}
${e.onlyB.length ? markup`<p>Only in B: ${e.onlyB.join(", ")}</p>` : ""}
</details>`;
  return htmlDocument({
    title: `${e.title}: A against B`,
    nav: markup`<a href="index.html">Comparison</a> · <a href="index.md">Markdown</a>`,
    body,
    scripts: CHART_SCRIPTS,
  });
}

function comparisonIndex(c: Comparison): string {
  const rows = c.experiments.map((e) => {
    const changed = e.claims.filter((x) => x.changed).length;
    // Claims judged in that store and reproduced on every backend that judged them.
    const count = (side: "a" | "b") =>
      e.claims.filter((x) => {
        const on = [...(x[side]?.backends.values() ?? [])];
        return on.length > 0 && on.every((o) => isReproduced(o.verdict));
      }).length;
    return {
      className: changed > 0 ? "changed" : undefined,
      cells: [
        markup`<a href="${urls.page(e.id)}">${e.title}</a>`,
        String(e.claims.length),
        String(count("a")),
        String(count("b")),
        changed > 0 ? markup`<span class="fail">${changed}</span>` : "0",
      ],
    };
  });
  const body = markup`<header><h1>Run stores compared</h1>
${storeLine(c.labels)}
<p class="lead">Each experiment in both stores: its curves from both on the same charts (A solid, B dashed), and its claims with both stores' verdicts on each backend.</p></header>
${
    htmlTable(
      [
        "Experiment",
        "Claims",
        "Reproduced in A (every backend)",
        "Reproduced in B (every backend)",
        "Changed verdict",
      ],
      rows,
      { className: "compare-index", numeric: [false, true, true, true, true] },
    )
  }
${c.onlyA.length ? markup`<p>Experiments only in A: ${c.onlyA.join(", ")}</p>` : ""}
${c.onlyB.length ? markup`<p>Experiments only in B: ${c.onlyB.join(", ")}</p>` : ""}`;
  return htmlDocument({ title: "Run stores compared", body });
}

/** The comparison as markdown: the claims of each experiment with both stores' verdicts. */
export function comparisonMarkdown(c: Comparison): string {
  const out = [
    "# Run stores compared",
    "",
    `A: ${code(c.labels[0])}`,
    "",
    `B: ${code(c.labels[1])}`,
    "",
  ];
  for (const e of c.experiments) {
    out.push(`## ${md(e.title)}`, "");
    const backends = backendOrder(
      e.claims.flatMap((x) => [...(x.a?.backends.keys() ?? []), ...(x.b?.backends.keys() ?? [])]),
    );
    const word = (v: ClaimView | undefined, b: string) => {
      const on = v?.backends.get(b);
      return on ? md(VERDICT_WORDS[on.verdict]) : "—";
    };
    out.push(
      markdownTable(
        ["claim", "expected", ...backends.flatMap((b) => [`${b} A`, `${b} B`]), "changed"],
        e.claims.map((x) => [
          md(x.text),
          md(x.expected),
          ...backends.flatMap((b) => [word(x.a, b), word(x.b, b)]),
          x.changed ? "**yes**" : "",
        ]),
      ),
      "",
    );
  }
  if (c.onlyA.length) out.push(`Experiments only in A: ${c.onlyA.map(md).join(", ")}`, "");
  if (c.onlyB.length) out.push(`Experiments only in B: ${c.onlyB.map(md).join(", ")}`, "");
  return out.join("\n").trimEnd() + "\n";
}

// --- Build ----------------------------------------------------------------------------------

/** What to compare and where. */
export interface CompareOptions {
  stores: [string, string];
  /** The comparison's own site folder (replaced whole). */
  out: string;
  /** The current catalogue: stale trials are left out of both sides, as on the report. */
  catalog?: Catalog;
  includeStale?: boolean;
}

/** Builds the comparison site; returns its index.html path and the experiments compared. */
export async function buildComparison(
  opts: CompareOptions,
): Promise<{ index: string; experiments: string[] }> {
  const site = checkSiteSteady(opts.out, "--out");
  const load = (dir: string) =>
    loadRunStores([dir], {
      codeHash: opts.catalog ? catalogHashes(opts.catalog) : undefined,
      includeStale: opts.includeStale,
    });
  const comparison = compareLoaded(
    await load(opts.stores[0]),
    await load(opts.stores[1]),
    opts.stores,
  );
  await writeSiteStaged(site, opts.out, "run-store comparison", async (stage) => {
    await copyAssets(join(stage, ASSETS_DIR));
    for (const e of comparison.experiments) {
      const charts = await compareCharts(e);
      const dir = join(stage, e.id);
      await Deno.mkdir(dir, { recursive: true });
      for (const r of charts.flatMap((c) => c.kind === "overlay" ? [c.chart] : c.charts)) {
        await Deno.writeTextFile(
          join(dir, `${r.file}.vl.json`),
          JSON.stringify(r.spec, null, 2) + "\n",
        );
        await Deno.writeTextFile(join(dir, `${r.file}.svg`), r.svg);
      }
      await Deno.writeTextFile(join(stage, `${e.id}.html`), comparedPage(comparison, e, charts));
    }
    await Deno.writeTextFile(join(stage, "index.html"), comparisonIndex(comparison));
    await Deno.writeTextFile(join(stage, "index.md"), comparisonMarkdown(comparison));
    return [
      "index.html",
      "index.md",
      ...CHART_SCRIPTS.map((f) => join(ASSETS_DIR, f)),
      ...comparison.experiments.map((e) => `${e.id}.html`),
    ];
  });
  return {
    index: join(opts.out, "index.html"),
    experiments: comparison.experiments.map((e) => e.id),
  };
}
