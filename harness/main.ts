/**
 * `deno task experiment`: validates the request, runs the planned trials on one backend into
 * the run store, prints a summary table and rebuilds the report.
 */
import { openBackend } from "../kernels/select.ts";
import { catalog, type CatalogEntry, findExperiment } from "../experiments/index.ts";
import { EXPERIMENT_HELP, type ExperimentArgs, parseExperimentArgs } from "./cli_args.ts";
import { codeHash } from "./environment.ts";
import { UsageError } from "./errors.ts";
import type { Params, ParamValue } from "./experiment.ts";
import { describe, parseValue, specFor, splitAssignment, sweepValues } from "./params.ts";
import { formatSummary, type SummaryRow } from "./summary.ts";
import { type PlannedTrial, runSweep } from "./sweep.ts";
import { expandTrials, shardOf } from "./trials.ts";
import { verifyStore } from "./verify.ts";

/** Resolves ids, params, sweeps and seeds into trials; throws UsageError on any mistake. */
function plan(args: ExperimentArgs, backend: string): PlannedTrial[] {
  const entries = args.ids.length === 0 ? [...catalog] : args.ids.map((id) => {
    const e = findExperiment(id);
    if (!e) throw new UsageError(`unknown experiment "${id}" (run with --list to see the ids)`);
    return e;
  });
  const all = entries.flatMap((entry) => {
    const exp = entry.experiment;
    exp.checkData?.(args.dataDir);
    const set: Params = {};
    for (const text of args.sets) {
      const [k, v] = splitAssignment("--set", text);
      set[k] = parseValue(exp.id, k, specFor(exp.id, exp.params, k), v);
    }
    const sweep: Record<string, ParamValue[]> = {};
    for (const text of args.sweeps) {
      const [k, v] = splitAssignment("--sweep", text);
      sweep[k] = sweepValues(exp.id, k, specFor(exp.id, exp.params, k), v);
    }
    const hash = codeHash(entry.url);
    return expandTrials(exp, {
      set,
      sweep,
      random: args.random,
      seeds: args.seeds,
      quick: args.quick,
      backend,
      codeHash: hash,
    }).map((trial) => ({ entry, trial, codeHash: hash, profile: profileOf(exp, args.quick) }));
  });
  return args.shard ? shardOf(all, args.shard.index, args.shard.count) : all;
}

/** The profile a trial ran in: "quick" only when the experiment has a quick variant. */
function profileOf(exp: CatalogEntry["experiment"], quick: boolean): "full" | "quick" {
  return quick && exp.quick ? "quick" : "full";
}

function experimentHelp(entry: CatalogEntry): string {
  const e = entry.experiment;
  const params = Object.entries(e.params).map(([k, s]) => `  ${k}: ${s.doc} (${describe(s)})`);
  return `${e.id}: ${e.title}\nSource: ${e.source}\n\n${e.description}\n\nParams:\n${
    params.join("\n")
  }\n`;
}

function summarize(
  planned: readonly PlannedTrial[],
  outcomes: Awaited<ReturnType<typeof runSweep>>,
): SummaryRow[] {
  const rows = new Map<string, SummaryRow>();
  planned.forEach((p, i) => {
    const o = outcomes[i];
    const id = p.entry.experiment.id;
    const row = rows.get(id) ??
      { experiment: id, trials: 0, statuses: [], passed: 0, total: 0, seconds: 0 };
    row.trials++;
    row.statuses.push(o.status);
    row.passed += o.result.claims.filter((c) => c.pass).length;
    row.total += o.result.claims.length;
    row.seconds += o.seconds;
    rows.set(id, row);
  });
  return [...rows.values()];
}

async function main(argv: string[]): Promise<number> {
  const args = parseExperimentArgs(argv);
  if (args.help) {
    const one = args.ids.length === 1 ? findExperiment(args.ids[0]) : undefined;
    console.log(one ? experimentHelp(one) : EXPERIMENT_HELP);
    return 0;
  }
  if (args.list) {
    const width = Math.max(...catalog.map((e) => e.experiment.id.length));
    for (const { experiment: e } of catalog) console.log(`${e.id.padEnd(width)}  ${e.title}`);
    return 0;
  }
  if (args.verify) {
    for (const id of args.ids) {
      if (!findExperiment(id)) throw new UsageError(`unknown experiment "${id}" (see --list)`);
    }
    try {
      Deno.statSync(args.out);
    } catch {
      throw new UsageError(`--verify: no run store at ${args.out} (give one with --out DIR)`);
    }
  } else {
    // Validate everything before a device is opened or a file written.
    plan(args, args.backend ?? "webgpu");
  }
  const backend = await openBackend(args.backend);
  const out = args.json ? console.error : console.log;
  if (args.verify) {
    try {
      const lines = await verifyStore(args.out, args.ids, backend, out);
      const bad = lines.filter((l) => !l.ok).length;
      out(`verified ${lines.length} trials: ${lines.length - bad} match, ${bad} differ`);
      return bad > 0 ? 1 : 0;
    } finally {
      backend.destroy();
    }
  }
  const planned = plan(args, backend.name);
  let outcomes;
  try {
    outcomes = await runSweep(planned, {
      out: args.out,
      backend,
      jobs: args.jobs,
      force: args.force,
      dataDir: args.dataDir,
      json: args.json,
      batch: args.batch,
    });
  } finally {
    backend.destroy();
  }
  const rows = summarize(planned, outcomes);
  out("");
  out(formatSummary(rows, backend.name, backend.adapter?.description));
  out(`Run store: ${args.out}`);
  if (args.report) {
    const { buildReport } = await import("../reports/site.ts");
    const report = await buildReport({ runs: [args.out], out: args.site });
    out(`Report: ${report.index}`);
  }
  const failures = rows.reduce((s, r) => s + r.total - r.passed, 0) +
    outcomes.filter((o) => o.status === "failed").length;
  return args.strict && failures > 0 ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    const userFacing = e instanceof UsageError ||
      (e instanceof Error && ["BackendUnavailableError", "DataError"].includes(e.name));
    if (userFacing) {
      console.error(`error: ${(e as Error).message}`);
      Deno.exit(2);
    }
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      // The task grants writes to runs/ and site/ only: say how to write elsewhere.
      console.error(
        `error: ${e.message.split("\n")[0]} — \`deno task experiment\` may write only ` +
          `runs/ and site/; for other folders run \`deno run -A harness/main.ts ...\``,
      );
      Deno.exit(2);
    }
    throw e;
  }
}
