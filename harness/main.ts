/**
 * `deno task experiment`: validates the request, runs the trials of each experiment on one
 * backend into the run store, prints a summary table and rebuilds the report.
 */
import { openBackend } from "../kernels/select.ts";
import { catalog, type CatalogEntry, findExperiment } from "../experiments/index.ts";
import { EXPERIMENT_HELP, type ExperimentArgs, parseExperimentArgs } from "./cli_args.ts";
import { claimRecord } from "./claims.ts";
import { codeHash } from "./environment.ts";
import { UsageError } from "./errors.ts";
import type { Params, ParamValue } from "./experiment.ts";
import { describe, parseValue, specFor, splitAssignment, sweepValues } from "./params.ts";
import { runTrial, type TrialOutcome } from "./runner.ts";
import { RunStore } from "./store.ts";
import { expandTrials, type Trial } from "./trials.ts";
import { formatSummary, type SummaryRow } from "./summary.ts";

interface Plan {
  entry: CatalogEntry;
  trials: Trial[];
}

/** Resolves ids, params, sweeps and seeds into trials; throws UsageError on any mistake. */
function plan(args: ExperimentArgs, backend: string): Plan[] {
  const entries = args.ids.length === 0 ? [...catalog] : args.ids.map((id) => {
    const e = findExperiment(id);
    if (!e) throw new UsageError(`unknown experiment "${id}" (run with --list to see the ids)`);
    return e;
  });
  return entries.map((entry) => {
    const exp = entry.experiment;
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
    const trials = expandTrials(exp, {
      set,
      sweep,
      seeds: args.seeds,
      backend,
      codeHash: codeHash(entry.url),
    });
    return { entry, trials };
  });
}

function experimentHelp(entry: CatalogEntry): string {
  const e = entry.experiment;
  const params = Object.entries(e.params).map(([k, s]) => `  ${k}: ${s.doc} (${describe(s)})`);
  return `${e.id}: ${e.title}\nSource: ${e.source}\n\n${e.description}\n\nParams:\n${
    params.join("\n")
  }\n`;
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
  // Validate everything against the backend that was asked for (the key includes it) before
  // opening a device; the fallback re-plans on cpu.
  plan(args, args.backend ?? "webgpu");
  const backend = await openBackend(args.backend);
  const plans = plan(args, backend.name);
  const out = args.json ? console.error : console.log;
  const store = new RunStore(args.out);
  const rows: SummaryRow[] = [];
  let failures = 0;
  try {
    for (const { entry, trials } of plans) {
      const exp = entry.experiment;
      store.writeExperiment({
        id: exp.id,
        title: exp.title,
        source: exp.source,
        description: exp.description,
        params: exp.params,
        charts: [...exp.charts],
        claims: exp.claims.map(claimRecord),
      });
      const outcomes: TrialOutcome[] = [];
      for (const [i, trial] of trials.entries()) {
        const o = await runTrial(exp, trial, {
          store,
          backend,
          force: args.force,
          dataDir: args.dataDir,
          codeHash: codeHash(entry.url),
        });
        outcomes.push(o);
        const passed = o.result.claims.filter((c) => c.pass).length;
        if (args.json) console.log(JSON.stringify({ ...o.manifest, claims: o.result.claims }));
        out(
          `[${i + 1}/${trials.length}] ${exp.id} ${trial.key}: ${o.status}${
            o.cached ? " (cached)" : ""
          }, claims ${passed}/${o.result.claims.length}, ${o.seconds.toFixed(2)} s`,
        );
      }
      const claims = outcomes.flatMap((o) => o.result.claims);
      const passed = claims.filter((c) => c.pass).length;
      failures += claims.length - passed + outcomes.filter((o) => o.status === "failed").length;
      rows.push({
        experiment: exp.id,
        trials: outcomes.length,
        statuses: outcomes.map((o) => o.status),
        passed,
        total: claims.length,
        seconds: outcomes.reduce((s, o) => s + o.seconds, 0),
      });
    }
  } finally {
    backend.destroy();
  }
  out("");
  out(formatSummary(rows, backend.name, backend.adapter?.description));
  out(`Run store: ${args.out}`);
  if (args.report) {
    const { buildReport } = await import("../reports/site.ts");
    const report = await buildReport({ runs: [args.out], out: args.site });
    out(`Report: ${report.index}`);
  }
  return args.strict && failures > 0 ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.name.endsWith("UnavailableError")) ||
      (e instanceof Error && e.name === "DataError")) {
      console.error(`error: ${e.message}`);
      Deno.exit(2);
    }
    throw e;
  }
}
