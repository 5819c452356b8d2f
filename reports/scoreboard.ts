/**
 * What the site counts, in one place: each claim of an experiment with its verdict on each
 * backend that judged it (from the counted trials only: current code, the experiment's own
 * setups), the worst verdict over the trials of a backend (harness/verdict.ts combineVerdicts,
 * the rule the CLI summary uses too), and whether the backends disagree. The verdicts shown are
 * the stored ones, which every read has re-checked from their stored fields (runstore.ts).
 */
import type { Divergence, Json } from "../harness/experiment.ts";
import type { ClaimRecord, ClaimResult } from "../harness/records.ts";
import { type LectureNumber, lectureNumber, type Source } from "../harness/sources.ts";
import {
  type Check,
  combineVerdicts,
  isReproduced,
  type Standing,
  standingOf,
  type Verdict,
} from "../harness/verdict.ts";
import type { ExperimentData, Trial } from "./runstore.ts";

/** A claim as judged on one trial. */
export interface Judged {
  trial: string;
  observed: Json;
  verdict: Verdict;
  tolerance?: number;
  note?: string;
  error?: string;
  diverges?: Divergence;
}

/** A claim's standing on one backend. */
export interface OnBackend {
  /** The worst verdict over the trials that judged it. */
  verdict: Verdict;
  standing: Standing;
  judged: Judged[];
}

/** One claim of an experiment, with its verdict per backend. */
export interface ClaimView {
  experiment: string;
  id: string;
  text: string;
  source: Source;
  expected: Json;
  check: Check;
  diverges?: Divergence;
  chart?: string;
  /** Backend name → its verdict; empty when no counted trial judged the claim. */
  backends: Map<string, OnBackend>;
  /** Reproduced on one backend and not on another. */
  disagree: boolean;
}

/** The backends in the order pages show them. */
export function backendOrder(names: Iterable<string>): string[] {
  const rank = (n: string) => n === "cpu" ? 0 : n === "webgpu" ? 1 : 2;
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

function judged(t: Trial, c: ClaimResult): Judged {
  const j: Judged = { trial: t.key, observed: c.observed, verdict: c.verdict };
  if (c.tolerance !== undefined) j.tolerance = c.tolerance;
  if (c.note !== undefined) j.note = c.note;
  if (c.error !== undefined) j.error = c.error;
  if (c.diverges !== undefined) j.diverges = c.diverges;
  return j;
}

/**
 * The experiment's claims in the record's order (then any a trial judged that the record does
 * not declare), each with its verdict per backend over `trials` (the counted ones by default).
 */
export function claimViews(
  exp: ExperimentData,
  trials: readonly Trial[] = exp.counted,
): ClaimView[] {
  const declared = new Map<string, ClaimRecord>(exp.record.claims.map((c) => [c.id, c]));
  const results = new Map<string, { trial: Trial; claim: ClaimResult }[]>();
  for (const t of trials) {
    for (const c of t.result.claims) {
      results.set(c.id, [...results.get(c.id) ?? [], { trial: t, claim: c }]);
    }
  }
  const ids = [...declared.keys(), ...[...results.keys()].filter((id) => !declared.has(id))];
  return ids.map((id) => {
    const rec = declared.get(id);
    const measured = results.get(id) ?? [];
    const first = rec ?? measured[0].claim;
    const byBackend = new Map<string, { trial: Trial; claim: ClaimResult }[]>();
    for (const m of measured) {
      const b = m.trial.manifest.backend;
      byBackend.set(b, [...byBackend.get(b) ?? [], m]);
    }
    const backends = new Map<string, OnBackend>();
    for (const name of backendOrder(byBackend.keys())) {
      const list = byBackend.get(name)!;
      const verdict = combineVerdicts(list.map((m) => m.claim.verdict))!;
      const diverges = list.find((m) => m.claim.diverges)?.claim.diverges;
      backends.set(name, {
        verdict,
        standing: standingOf({ verdict, diverges }),
        judged: list.map((m) => judged(m.trial, m.claim)),
      });
    }
    const outcomes = new Set([...backends.values()].map((b) => isReproduced(b.verdict)));
    const view: ClaimView = {
      experiment: exp.id,
      id,
      text: first.text,
      source: first.source,
      expected: first.expected,
      check: first.check,
      backends,
      disagree: outcomes.size > 1,
    };
    if (rec?.diverges) view.diverges = rec.diverges;
    if (rec?.chart) view.chart = rec.chart;
    return view;
  });
}

/** Claims counted by verdict on one backend. */
export interface Tally {
  /** Claims judged on this backend. */
  judged: number;
  reproduced: number;
  within: number;
  notReproduced: number;
  /** Of the not reproduced, declared divergences. */
  tracked: number;
}

export function emptyTally(): Tally {
  return { judged: 0, reproduced: 0, within: 0, notReproduced: 0, tracked: 0 };
}

/** Adds one backend verdict to a tally. */
export function addTo(t: Tally, on: OnBackend): void {
  t.judged++;
  if (on.verdict === "reproduced") t.reproduced++;
  else if (on.verdict === "within-tolerance") t.within++;
  else t.notReproduced++;
  if (on.standing === "tracked") t.tracked++;
}

/** Per backend: the claims counted by verdict. */
export function tallies(views: readonly ClaimView[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const v of views) {
    for (const [name, on] of v.backends) {
      const t = out.get(name) ?? emptyTally();
      addTo(t, on);
      out.set(name, t);
    }
  }
  return new Map(backendOrder(out.keys()).map((n) => [n, out.get(n)!]));
}

/** "9 of 10 reproduced (8 exactly, 1 within tolerance); 1 not (declared)". */
export function tallyText(t: Tally): string {
  const ok = t.reproduced + t.within;
  const parts = [`${ok} of ${t.judged} reproduced`];
  if (ok > 0) parts[0] += ` (${t.reproduced} exactly, ${t.within} within tolerance)`;
  if (t.notReproduced > 0) {
    parts.push(
      `${t.notReproduced} not reproduced` +
        (t.tracked > 0 ? ` (${t.tracked} a declared divergence${t.tracked > 1 ? "s" : ""})` : ""),
    );
  }
  return parts.join("; ");
}

/** The lecture a claim belongs to on the claims page: its source's, else its experiment's. */
export function lectureOf(
  claim: { source: Source },
  experimentSource: Source,
): LectureNumber | undefined {
  return lectureNumber(claim.source) ?? lectureNumber(experimentSource);
}

/**
 * The lecture an experiment is listed under: its own source's; for one that reproduces a course
 * assignment, the lecture its claims cite most (ties: the earliest); else none.
 */
export function experimentLecture(
  record: { source: Source; claims: readonly { source: Source }[] },
): LectureNumber | undefined {
  const own = lectureNumber(record.source);
  if (own !== undefined) return own;
  const counts = new Map<LectureNumber, number>();
  for (const c of record.claims) {
    const n = lectureNumber(c.source);
    if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best: LectureNumber | undefined;
  for (const [n, k] of [...counts].sort(([a], [b]) => a - b)) {
    if (best === undefined || k > counts.get(best)!) best = n;
  }
  return best;
}
