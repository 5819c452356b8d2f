/**
 * The table `deno task experiment` ends with: one row per experiment, counting its claims by
 * verdict with the same vocabulary and the same rule as the site: a claim judged on several
 * trials stands at the worst of its verdicts (harness/verdict.ts combineVerdicts); reproduced
 * exactly, within the stated tolerance, not reproduced (and of those, the declared divergences).
 */
import type { TrialStatus } from "./records.ts";
import type { TrialOutcome } from "./runner.ts";
import type { ClaimResult } from "./records.ts";
import { combineVerdicts, standingOf } from "./verdict.ts";

export interface SummaryRow {
  experiment: string;
  trials: number;
  statuses: TrialStatus[];
  /** Claims (distinct ids, each at its worst verdict over the trials that judged it). */
  reproduced: number;
  within: number;
  notReproduced: number;
  /** Of the not reproduced, those declared as known divergences. */
  tracked: number;
  /** Not reproduced and not declared; declared divergences that reproduced. */
  regressions: number;
  graduations: number;
  seconds: number;
}

/** One row per experiment, in the order of `ids` (each outcome's experiment). */
export function summarize(ids: readonly string[], outcomes: readonly TrialOutcome[]): SummaryRow[] {
  const rows = new Map<string, SummaryRow>();
  const judged = new Map<string, Map<string, ClaimResult[]>>();
  ids.forEach((id, i) => {
    const o = outcomes[i];
    const claims = judged.get(id) ?? new Map<string, ClaimResult[]>();
    for (const c of o.result.claims) claims.set(c.id, [...claims.get(c.id) ?? [], c]);
    judged.set(id, claims);
    const row = rows.get(id) ?? {
      experiment: id,
      trials: 0,
      statuses: [],
      reproduced: 0,
      within: 0,
      notReproduced: 0,
      tracked: 0,
      regressions: 0,
      graduations: 0,
      seconds: 0,
    };
    row.trials++;
    row.statuses.push(o.status);
    row.seconds += o.seconds;
    rows.set(id, row);
  });
  for (const [id, claims] of judged) {
    const row = rows.get(id)!;
    for (const results of claims.values()) {
      const verdict = combineVerdicts(results.map((c) => c.verdict))!;
      if (verdict === "reproduced") row.reproduced++;
      else if (verdict === "within-tolerance") row.within++;
      else row.notReproduced++;
      const standing = standingOf({ verdict, diverges: results.find((c) => c.diverges)?.diverges });
      if (standing === "tracked") row.tracked++;
      if (standing === "regression") row.regressions++;
      if (standing === "graduation") row.graduations++;
    }
  }
  return [...rows.values()];
}

const HEADER = [
  "experiment",
  "trials",
  "claims",
  "exact",
  "within tol.",
  "not (declared)",
  "seconds",
];

function cells(r: Omit<SummaryRow, "experiment" | "statuses">, trials: string): string[] {
  const total = r.reproduced + r.within + r.notReproduced;
  return [
    trials,
    `${r.reproduced + r.within}/${total}`,
    `${r.reproduced}`,
    `${r.within}`,
    `${r.notReproduced} (${r.tracked})`,
    r.seconds.toFixed(2),
  ];
}

export function formatSummary(
  rows: readonly SummaryRow[],
  backend: string,
  adapter?: string,
): string {
  const body = rows.map((r) => {
    const odd = r.statuses.filter((s) => s !== "ok");
    const trials = odd.length
      ? `${r.trials} (${odd.length} ${[...new Set(odd)].join("/")})`
      : `${r.trials}`;
    return [r.experiment, ...cells(r, trials)];
  });
  const sum = (f: (r: SummaryRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const total = {
    trials: sum((r) => r.trials),
    reproduced: sum((r) => r.reproduced),
    within: sum((r) => r.within),
    notReproduced: sum((r) => r.notReproduced),
    tracked: sum((r) => r.tracked),
    regressions: sum((r) => r.regressions),
    graduations: sum((r) => r.graduations),
    seconds: sum((r) => r.seconds),
  };
  body.push(["total", ...cells(total, `${total.trials}`)]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (c: string[]) =>
    c.map((x, i) => i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i])).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const on = `backend: ${backend}${adapter ? ` (${adapter})` : ""}`;
  const lines = [on, line(HEADER), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)];
  lines.push(
    `claims reproduced: ${total.reproduced} exactly, ${total.within} within the stated ` +
      `tolerance; not reproduced: ${total.notReproduced} (${total.tracked} declared divergences, ` +
      `${total.regressions} not declared); declared divergences that reproduced: ` +
      `${total.graduations}`,
  );
  return lines.join("\n");
}
