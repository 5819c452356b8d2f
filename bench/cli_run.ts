/**
 * The harness CLI run as a user runs it, for the benchmarks that time whole commands (the
 * catalogue, the batched sweeps): `cli/experiment.ts` with `--json` into a fresh temporary store
 * (removed afterwards), so nothing cached is reused and nothing of the user's is touched.
 */

/** One trial's `--json` line, as far as the benchmarks read it. */
export interface CliTrialLine {
  experiment: string;
  seconds: number;
  cached: boolean;
  started: string;
  status: string;
  batch?: unknown;
}

/** Runs `cli/experiment.ts ARGS --out TMP --no-report --json`; its wall time and trial lines. */
export async function runExperimentCli(
  args: readonly string[],
  what: string,
): Promise<{ ms: number; trials: CliTrialLine[] }> {
  const root = new URL("../", import.meta.url);
  const out = await Deno.makeTempDir({ prefix: `bench-${what}-` });
  try {
    const cmd = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--config",
        new URL("deno.json", root).pathname,
        "--allow-read",
        `--allow-write=${out}`,
        "--allow-env",
        "--allow-run=git",
        new URL("cli/experiment.ts", root).pathname,
        ...args,
        "--out",
        out,
        "--no-report",
        "--json",
      ],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "piped",
    });
    const t = performance.now();
    const r = await cmd.output();
    const ms = performance.now() - t;
    const trials = new TextDecoder().decode(r.stdout).trim().split("\n")
      .filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as CliTrialLine);
    if (!r.success && trials.length === 0) {
      const err = new TextDecoder().decode(r.stderr).trim().split("\n").slice(-3).join(" | ");
      throw new Error(`${what} run failed (exit ${r.code}): ${err}`);
    }
    return { ms, trials };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}
