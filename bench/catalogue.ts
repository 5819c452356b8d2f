/**
 * The whole catalogue as a user runs it: `cli/experiment.ts --force` on webgpu into a fresh run
 * store (no report), timed as one command, with each experiment's seconds (its trials' own time,
 * from the manifests; a batch's time is shared evenly by its trials). The shader cache is warm
 * when the catalogue has run on this machine before (Mesa keeps compiled shaders on disk), as the
 * target assumes. Target: ≤ 2.5 minutes on an idle machine (the load average is reported).
 * `--quick` runs the quick profile instead.
 */
import { type CliTrialLine, runExperimentCli } from "./cli_run.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";

/** Runs the catalogue into a fresh store; wall seconds and the trials' lines. */
export async function runCatalogue(
  args: readonly string[],
): Promise<{ seconds: number; trials: CliTrialLine[] }> {
  const { ms, trials } = await runExperimentCli(["--force", ...args], "catalogue");
  return { seconds: ms / 1000, trials };
}

export const catalogueBench: BenchModule = {
  id: "catalogue",
  describe: "the whole catalogue on webgpu (--force, a fresh store): seconds per experiment",
  async run(ctx: BenchContext): Promise<Section> {
    const notes: string[] = [];
    ctx.log(`catalogue: cli/experiment.ts --force${ctx.quick ? " --quick" : ""} (minutes)`);
    const { seconds, trials } = await runCatalogue(ctx.quick ? ["--quick"] : []);
    const per = new Map<string, { seconds: number; trials: number; batched: number }>();
    for (const t of trials) {
      const e = per.get(t.experiment) ?? { seconds: 0, trials: 0, batched: 0 };
      e.seconds += t.seconds;
      e.trials++;
      if (t.batch) e.batched++;
      per.set(t.experiment, e);
    }
    const rows: Record<string, Cell>[] = [...per].sort((a, b) => b[1].seconds - a[1].seconds)
      .map(([id, e]) => ({
        case: id,
        seconds: e.seconds,
        trials: e.trials,
        batched: e.batched,
        share: e.seconds / seconds,
      }));
    const inTrials = trials.reduce((s, t) => s + t.seconds, 0);
    rows.push({ case: "total (the command)", seconds, trials: trials.length, batched: null });
    const failed = trials.filter((t) => t.status === "failed").length;
    notes.push(
      `the command: ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(2)} min; target ≤ 2.5 min ` +
        `on an idle machine: ${seconds <= 150 ? "met" : "not met"}); in the trials ` +
        `${inTrials.toFixed(1)} s, the rest start-up, planning, data and the store`,
      `${trials.length} trials, ${trials.filter((t) => t.batch).length} of them in batches` +
        (failed ? `, ${failed} failed` : ""),
    );
    return {
      id: "catalogue",
      title: "The catalogue on webgpu: seconds per experiment",
      columns: [
        { key: "case", label: "experiment" },
        { key: "seconds", label: "time", unit: "s" },
        { key: "trials", label: "trials", digits: 0 },
        { key: "batched", label: "in batches", digits: 0 },
        { key: "share", label: "share", digits: 3 },
      ],
      rows,
      notes,
    };
  },
};
