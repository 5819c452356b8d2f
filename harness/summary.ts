/** The table `deno task experiment` ends with: one row per experiment. */
import type { TrialStatus } from "./records.ts";

export interface SummaryRow {
  experiment: string;
  trials: number;
  statuses: TrialStatus[];
  passed: number;
  total: number;
  seconds: number;
}

export function formatSummary(
  rows: readonly SummaryRow[],
  backend: string,
  adapter?: string,
): string {
  const header = ["experiment", "trials", "claims reproduced", "seconds"];
  const body = rows.map((r) => {
    const odd = r.statuses.filter((s) => s !== "ok");
    const trials = odd.length
      ? `${r.trials} (${odd.length} ${[...new Set(odd)].join("/")})`
      : `${r.trials}`;
    return [r.experiment, trials, `${r.passed}/${r.total}`, r.seconds.toFixed(2)];
  });
  const passed = rows.reduce((s, r) => s + r.passed, 0);
  const total = rows.reduce((s, r) => s + r.total, 0);
  const seconds = rows.reduce((s, r) => s + r.seconds, 0);
  body.push([
    "total",
    `${rows.reduce((s, r) => s + r.trials, 0)}`,
    `${passed}/${total}`,
    seconds.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const on = `backend: ${backend}${adapter ? ` (${adapter})` : ""}`;
  return [on, line(header), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)].join(
    "\n",
  );
}
