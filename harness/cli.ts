/**
 * `deno task experiment`: validates the request, runs the planned trials on one backend into
 * the run store, prints a summary table and rebuilds the report. The catalogue and the report
 * builder are handed in by the entry point (cli/experiment.ts), so harness/ imports neither.
 */
import { openBackend } from "../kernels/select.ts";
import { type Catalog, type CatalogEntry, codeHashOf, findExperiment } from "./catalog.ts";
import { claimRecord } from "./claims.ts";
import { join } from "node:path";
import { EXPERIMENT_HELP, type ExperimentArgs, parseExperimentArgs, quoted } from "./cli_args.ts";
import { UsageError } from "./errors.ts";
import type { Experiment, Params, ParamValue } from "./experiment.ts";
import { describe, parseValue, specFor, splitAssignment, sweepValues } from "./params.ts";
import { resolveTolerance } from "./verdict.ts";
import { formatSummary, summarize } from "./summary.ts";
import { type PlannedTrial, runSweep } from "./sweep.ts";
import { expandTrials, shardOf } from "./trials.ts";
import {
  buildsFolder,
  checkApart,
  checkSite,
  checkStore,
  checkStoreLinks,
  probeWritable,
} from "./out_paths.ts";
import { canWrite, relaunch } from "./relaunch.ts";
import { RunStore } from "./store.ts";
import { verifyStore } from "./verify.ts";

/** Builds the report from run stores; returns the index page's path. */
export type BuildReport = (runs: string[], site: string) => Promise<string>;

/** Resolves ids, params, sweeps and seeds into trials; throws UsageError on any mistake. */
function plan(catalog: Catalog, args: ExperimentArgs, backend: string): PlannedTrial[] {
  const entries = args.ids.length === 0 ? [...catalog.entries] : args.ids.map((id) => {
    const e = findExperiment(catalog, id);
    if (!e) {
      throw new UsageError(`unknown experiment ${quoted(id)} (run with --list to see the ids)`);
    }
    return e;
  });
  const all = entries.flatMap((entry) => {
    const exp = entry.experiment;
    exp.checkData?.(args.dataDir);
    const set: Params = {};
    const sweep: Record<string, ParamValue[]> = {};
    const named = (flag: string, k: string) => {
      if (k in set || k in sweep) {
        throw new UsageError(
          `${flag} ${quoted(k)}: ${quoted(k)} is already set or swept; name each param once`,
        );
      }
    };
    for (const text of args.sets) {
      const [k, v] = splitAssignment("--set", text);
      const spec = specFor(exp.id, exp.params, k);
      named("--set", k);
      set[k] = parseValue(exp.id, k, spec, v);
    }
    for (const text of args.sweeps) {
      const [k, v] = splitAssignment("--sweep", text);
      const spec = specFor(exp.id, exp.params, k);
      named("--sweep", k);
      sweep[k] = sweepValues(exp.id, k, spec, v);
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
  const out = args.json ? console.error : console.log;
  // Validate everything before a device is opened or a file written: where the command writes,
  // then the plan.
  if (args.verify) verifyPreflight(catalog, args);
  const store = checkStore(args.out);
  const outputs = [{ flag: "--out", given: args.out, real: store }];
  if (args.report && !args.verify) {
    const site = checkSite(args.site);
    outputs.push({ flag: "--site", given: args.site, real: site });
    outputs.push({
      flag: "the site's build folder",
      given: buildsFolder(site),
      real: buildsFolder(site),
    });
  }
  checkApart(outputs);
  if (!args.verify) {
    const planned = plan(catalog, args, args.backend ?? "webgpu");
    checkStoreLinks(store, [
      ...new Set(
        planned.flatMap((p) => [p.entry.experiment.id, join(p.entry.experiment.id, p.trial.key)]),
      ),
    ]);
  }
  const grants = outputs.map((o) => o.real);
  if (!canWrite(grants)) return await relaunch(new URL(Deno.mainModule), argv, grants);
  probeWritable(store, "--out", args.out);
  if (outputs.length > 1) probeWritable(outputs[2].real, "--site", args.site);
  if (args.verify) return await verify(catalog, { ...args, out: store }, out);
  const backend = await openBackend(args.backend);
  const planned = plan(catalog, args, backend.name);
  if (planned.length === 0) {
    out(
      `warning: shard ${args.shard!.index}/${args.shard!.count} has no trials (the plan has ` +
        `${plan(catalog, { ...args, shard: undefined }, backend.name).length}); nothing to run`,
    );
    backend.destroy();
    return 0;
  }
  let outcomes;
  try {
    outcomes = await runSweep(planned, {
      out: store,
      backend,
      jobs: args.jobs,
      force: args.force,
      dataDir: args.dataDir,
      json: args.json,
      heartbeat: args.heartbeat,
      batch: args.batch,
    });
  } finally {
    backend.destroy();
  }
  const rows = summarize(planned.map((p) => p.entry.experiment.id), outcomes);
  out("");
  out(formatSummary(rows, backend.name, backend.adapter?.description));
  out(`Run store: ${args.out}`);
  if (args.report) {
    await buildReport([store], outputs[1].real);
    out(`Report: ${join(args.site, "index.html")}`);
  }
  // --strict guards every verdict both ways: a claim that stopped reproducing (regression), a
  // declared divergence that now reproduces (graduation), a trial that failed.
  const regressions = rows.reduce((s, r) => s + r.regressions + r.graduations, 0);
  const failed = outcomes.filter((o) => o.status === "failed").length;
  return args.strict && regressions + failed > 0 ? 1 : 0;
}

/** What `--verify` needs before anything runs: known ids, and a store holding trials. */
function verifyPreflight(catalog: Catalog, args: ExperimentArgs): void {
  for (const id of args.ids) {
    if (!findExperiment(catalog, id)) {
      throw new UsageError(`unknown experiment ${quoted(id)} (see --list)`);
    }
  }
  const store = new RunStore(args.out);
  let isDir = false;
  try {
    isDir = Deno.statSync(args.out).isDirectory;
  } catch { /* missing: said below */ }
  if (!isDir) {
    throw new UsageError(`--verify: ${args.out} is not a run store (give one with --out DIR)`);
  }
  if (store.listTrials(args.ids).length === 0) {
    throw new UsageError(
      `--verify: ${args.out} holds no trials${
        args.ids.length ? ` of ${args.ids.join(", ")}` : ""
      }` +
        " (run the experiments into it first, or give another store with --out DIR)",
    );
  }
}

/** `--verify`: reruns the store's trials and compares; exit 1 unless every one is identical. */
async function verify(
  catalog: Catalog,
  args: ExperimentArgs,
  out: (line: string) => void,
): Promise<number> {
  const lines = await verifyStore(catalog, args.out, args.ids, {
    backend: args.backend,
    open: (name) => openBackend(name),
    say: out,
  });
  const count = (o: string) => lines.filter((l) => l.outcome === o).length;
  out(
    `verified ${lines.length} trials: ${count("identical")} identical, ${count("within")} ` +
      `within float32 tolerance of another backend, ${count("differs")} differ, ` +
      `${count("unverifiable")} could not be verified`,
  );
  return count("differs") + count("unverifiable") > 0 ? 1 : 0;
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
