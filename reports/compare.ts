/**
 * Two run stores side by side (`--compare A B`): the same trials matched by experiment id and
 * trial key, each final metric with its difference B − A. A trial whose key differs only because
 * its config hash does (e.g. the other backend) is matched by identical params and seed instead.
 */
import type { TrialStatus } from "../harness/records.ts";
import { canonicalJson } from "../harness/hash.ts";
import {
  formatCell,
  formatNumber,
  formatSeconds,
  htmlDocument,
  htmlTable,
  markup,
  statusBadge,
} from "./html.ts";
import { code, markdownTable, md } from "./markdown.ts";
import { compareText, loadRunStores, type RunStores, type Trial } from "./runstore.ts";
import { finalValues, numericColumns } from "./spec_common.ts";

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
  status: { a: TrialStatus; b: TrialStatus };
  backend: { a: string; b: string };
  /** "full" or "quick" (a manifest from before profiles is a full run). */
  profile: { a: string; b: string };
  seconds: { a: number; b: number };
  metrics: ComparedMetric[];
}

/** One experiment present in both stores. */
export interface ComparedExperiment {
  id: string;
  title: string;
  trials: ComparedTrial[];
  onlyA: string[];
  onlyB: string[];
}

/** The whole comparison; `a` and `b` are the stores' labels (their paths). */
export interface Comparison {
  a: string;
  b: string;
  experiments: ComparedExperiment[];
  onlyA: string[];
  onlyB: string[];
}

/** Reads two run stores and compares them. */
export async function compareStores(dirs: [string, string]): Promise<Comparison> {
  return compareLoaded(await loadRunStores([dirs[0]]), await loadRunStores([dirs[1]]), dirs);
}

/** Matches trials across two stores and diffs their final metrics. */
export function compareLoaded(a: RunStores, b: RunStores, labels: [string, string]): Comparison {
  const byIdB = new Map(b.experiments.map((e) => [e.id, e]));
  const idsA = new Set(a.experiments.map((e) => e.id));
  const experiments: ComparedExperiment[] = [];
  for (const expA of a.experiments) {
    const expB = byIdB.get(expA.id);
    if (!expB) continue;
    const pairs = matchTrials(expA.trials, expB.trials);
    const matchedA = new Set(pairs.map((p) => p.a.key));
    const matchedB = new Set(pairs.map((p) => p.b.key));
    experiments.push({
      id: expA.id,
      title: expA.record.title,
      trials: pairs.map((p) => compareTrial(p.a, p.b, p.by)),
      onlyA: expA.trials.map((t) => t.key).filter((k) => !matchedA.has(k)),
      onlyB: expB.trials.map((t) => t.key).filter((k) => !matchedB.has(k)),
    });
  }
  return {
    a: labels[0],
    b: labels[1],
    experiments,
    onlyA: [...idsA].filter((id) => !byIdB.has(id)).sort(compareText),
    onlyB: [...byIdB.keys()].filter((id) => !idsA.has(id)).sort(compareText),
  };
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
  const identityB = groupBy([...restB.values()], identity);
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

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

function compareTrial(a: Trial, b: Trial, by: "key" | "params"): ComparedTrial {
  const finalsA = finalValues(a);
  const finalsB = finalValues(b);
  const names = [...new Set([...numericColumns(a), ...numericColumns(b)])];
  return {
    keyA: a.key,
    keyB: b.key,
    matchedBy: by,
    status: { a: a.manifest.status, b: b.manifest.status },
    backend: { a: a.manifest.backend, b: b.manifest.backend },
    profile: { a: a.manifest.profile ?? "full", b: b.manifest.profile ?? "full" },
    seconds: { a: a.manifest.seconds, b: b.manifest.seconds },
    metrics: names.map((name) => {
      const m: ComparedMetric = { name, a: finalsA[name], b: finalsB[name] };
      if (typeof m.a === "number" && typeof m.b === "number") m.diff = m.a === m.b ? 0 : m.b - m.a;
      return m;
    }),
  };
}

// --- compare.md and compare.html: the comparison as tables, one per experiment ---

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
        { className: "compare" },
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
