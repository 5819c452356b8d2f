/**
 * `deno task experiment`: validates the request, runs the planned trials on one backend into
 * the run store, prints a summary table and rebuilds the report. The catalogue and the report
 * builder are handed in by the entry point (cli/experiment.ts), so harness/ imports neither.
 */
import { openBackend } from "../kernels/select.ts";
import { type Catalog, type CatalogEntry, codeHashOf, findExperiment } from "./catalog.ts";
import { claimRecord } from "./claims.ts";
import { EXPERIMENT_HELP, type ExperimentArgs, parseExperimentArgs } from "./cli_args.ts";
import { UsageError } from "./errors.ts";
import type { Experiment, Params, ParamValue } from "./experiment.ts";
import { describe, parseValue, specFor, splitAssignment, sweepValues } from "./params.ts";
import { resolveTolerance } from "./verdict.ts";
import { formatSummary, summarize } from "./summary.ts";
import { type PlannedTrial, runSweep } from "./sweep.ts";
import { expandTrials, shardOf } from "./trials.ts";
import { verifyStore } from "./verify.ts";

/** Builds the report from run stores; returns the index page's path. */
export type BuildReport = (runs: string[], site: string) => Promise<string>;

/** Resolves ids, params, sweeps and seeds into trials; throws UsageError on any mistake. */
function plan(catalog: Catalog, args: ExperimentArgs, backend: string): PlannedTrial[] {
  const entries = args.ids.length === 0 ? [...catalog.entries] : args.ids.map((id) => {
    const e = findExperiment(catalog, id);
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
    const hash = codeHashOf(entry);
    const request = { quick: args.quick, backend, codeHash: hash };
    // The experiment's own setups: a trial among them belongs to the lecture's figures.
    const own = new Set(expandTrials(exp, { ...request, set: {}, sweep: {} }).map((t) => t.key));
    return expandTrials(exp, {
      ...request,
      set,
      sweep,
      random: args.random,
      seeds: args.seeds,
    }).map((trial): PlannedTrial => ({
      entry,
      trial,
      codeHash: hash,
      profile: profileOf(exp, args.quick),
      plan: own.has(trial.key) ? "default" : "custom",
    }));
  });
  return args.shard ? shardOf(all, args.shard.index, args.shard.count) : all;
}

/** The profile a trial ran in: "quick" only when the experiment has a quick variant. */
function profileOf(exp: Experiment, quick: boolean): "full" | "quick" {
  return quick && exp.quick ? "quick" : "full";
}

function experimentHelp(entry: CatalogEntry): string {
  const e = entry.experiment;
  const params = Object.entries(e.params).map(([k, s]) => `  ${k}: ${s.doc} (${describe(s)})`);
  const claims = e.claims.map((c) => `  ${c.id}: ${c.text}`);
  return `${e.id}: ${e.title}\nSource: ${e.source.label}\n\n${e.description}\n\nParams:\n${
    params.join("\n")
  }\n\nClaims:\n${claims.join("\n")}\n`;
}

/**
 * `--list --json`: every experiment with its claims as declared (id, text, source, check,
 * expected, the tolerance per arithmetic, the settings it applies to, any declared divergence),
 * and the statements cited but not re-run.
 */
export function catalogJson(catalog: Catalog): unknown {
  return {
    experiments: catalog.entries.map(({ experiment: e }) => ({
      id: e.id,
      title: e.title,
      source: e.source,
      description: e.description,
      params: e.params,
      claims: e.claims.map((c) => ({
        ...claimRecord(c, e.source),
        tolerance: {
          float64: resolveTolerance(c.check, "float64"),
          float32: resolveTolerance(c.check, "float32"),
        },
      })),
    })),
    cited: catalog.cited,
  };
}

async function main(catalog: Catalog, buildReport: BuildReport, argv: string[]): Promise<number> {
  const args = parseExperimentArgs(argv);
  if (args.help) {
    const one = args.ids.length === 1 ? findExperiment(catalog, args.ids[0]) : undefined;
    console.log(one ? experimentHelp(one) : EXPERIMENT_HELP);
    return 0;
  }
  if (args.list) {
    if (args.json) {
      console.log(JSON.stringify(catalogJson(catalog), null, 2));
      return 0;
    }
    const width = Math.max(...catalog.entries.map((e) => e.experiment.id.length));
    for (const { experiment: e } of catalog.entries) {
      console.log(`${e.id.padEnd(width)}  ${e.title}`);
    }
    return 0;
  }
  if (args.verify) {
    for (const id of args.ids) {
      if (!findExperiment(catalog, id)) {
        throw new UsageError(`unknown experiment "${id}" (see --list)`);
      }
    }
    try {
      Deno.statSync(args.out);
    } catch {
      throw new UsageError(`--verify: no run store at ${args.out} (give one with --out DIR)`);
    }
  } else {
    // Validate everything before a device is opened or a file written.
    plan(catalog, args, args.backend ?? "webgpu");
  }
  const backend = await openBackend(args.backend);
  const out = args.json ? console.error : console.log;
  if (args.verify) {
    try {
      const lines = await verifyStore(catalog, args.out, args.ids, backend, out);
      const bad = lines.filter((l) => !l.ok).length;
      out(`verified ${lines.length} trials: ${lines.length - bad} match, ${bad} differ`);
      return bad > 0 ? 1 : 0;
    } finally {
      backend.destroy();
    }
  }
  const planned = plan(catalog, args, backend.name);
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
  const rows = summarize(planned.map((p) => p.entry.experiment.id), outcomes);
  out("");
  out(formatSummary(rows, backend.name, backend.adapter?.description));
  out(`Run store: ${args.out}`);
  if (args.report) out(`Report: ${await buildReport([args.out], args.site)}`);
  // --strict guards every verdict both ways: a claim that stopped reproducing (regression), a
  // declared divergence that now reproduces (graduation), a trial that failed.
  const regressions = rows.reduce((s, r) => s + r.regressions + r.graduations, 0);
  const failed = outcomes.filter((o) => o.status === "failed").length;
  return args.strict && regressions + failed > 0 ? 1 : 0;
}

/** Runs `deno task experiment` with `argv` and exits with its code (2 on bad input). */
export async function experimentCommand(
  catalog: Catalog,
  buildReport: BuildReport,
  argv: string[],
): Promise<never> {
  try {
    Deno.exit(await main(catalog, buildReport, argv));
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
          `runs/ and site/; for other folders run \`deno run -A cli/experiment.ts ...\``,
      );
      Deno.exit(2);
    }
    throw e;
  }
}
