/**
 * Two run stores side by side (`--compare A B`): the same trials matched by experiment id and
 * trial key, each final metric with its difference B − A. A trial whose key differs only because
 * its config hash does (e.g. the other backend) is matched by identical params and seed instead.
 */
import type { Json } from "../harness/experiment.ts";
import type { TrialStatus } from "../harness/records.ts";
import { finalValues, numericColumns } from "./metrics.ts";
import { compareText, type RunStore, type Trial } from "./runstore.ts";

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

/** Matches trials across two stores and diffs their final metrics. */
export function compareStores(a: RunStore, b: RunStore, labels: [string, string]): Comparison {
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

/** JSON with object keys sorted, so equal params compare equal whatever their order. */
export function canonicalJson(value: Json | Record<string, Json>): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort(compareText);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function compareTrial(a: Trial, b: Trial, by: "key" | "params"): ComparedTrial {
  const finalsA = finalValues(a.metrics);
  const finalsB = finalValues(b.metrics);
  const names = [...new Set([...numericColumns(a.metrics), ...numericColumns(b.metrics)])];
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
