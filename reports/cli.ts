/**
 * `deno task report [--runs DIR]... [--out DIR] [--bench FILE]`: builds the report site and prints
 * its index path; `deno task report --compare A B [--out DIR]` builds a comparison site of its
 * own (default site-compare/) instead. Bad input prints one line on stderr and exits with code 2 with
 * nothing written; the site is written with write access to exactly its folder and its builds
 * folder (harness/relaunch.ts).
 */
import type { Catalog } from "../harness/catalog.ts";
import { UsageError } from "../harness/errors.ts";
import { buildsFolder, checkApart, realPath } from "../harness/out_paths.ts";
import { canWrite, relaunch } from "../harness/relaunch.ts";
import { buildComparison } from "./compare.ts";
import { buildReport, checkSiteSteady } from "./site.ts";

/** The one-line user error of this command (exit 2). */
const ReportInputError = UsageError;

/** Parsed command line. */
export interface ReportArgs {
  runs: string[];
  out: string;
  compare?: [string, string];
  /** Benchmark results for bench.html; undefined: bench/results/latest.json. */
  bench?: string;
  /** Count trials computed by older code too. */
  includeStale: boolean;
  help: boolean;
}

/** `--help` text. */
export const USAGE = `Build the static report site from a run store, or compare two run stores.

Usage: deno task report [--runs DIR]... [--out DIR] [--include-stale] [--bench FILE]
       deno task report --compare A B [--out DIR] [--include-stale]

  --runs DIR     run store to read (default: runs). Repeat to merge shards of one sweep: the
                 union of their trials; a trial key found twice counts once, the newest wins.
  --out DIR      site folder to write (default: site; with --compare: site-compare). It is
                 replaced whole, and only if it is new, empty or a site this command wrote.
  --compare A B  write a comparison site instead: each experiment in both run stores with
                 its curves from both on the same charts (A solid, B dashed) and its claims
                 with both stores' verdicts per backend, changed verdicts flagged.
  --include-stale  count trials computed by other code than the current (they are shown
                 apart and left out of the scoreboard by default)
  --bench FILE   benchmark results for bench.html (default: bench/results/latest.json, written
                 by \`deno task bench\`). Without the file, bench.html says how to measure;
                 with a malformed one, a warning line on stderr, bench.html says what is wrong
                 and the rest of the site is built as usual.
  --help, -h     show this text.

Prints the path of the site's index.html. Bad input, or a site that cannot be written, exits
with code 2 and one line on stderr.`;

const HINT = "run `deno task report --help` for usage";

/** Parses the CLI arguments; throws `ReportInputError` with a one-line message on bad input. */
export function parseReportArgs(args: readonly string[]): ReportArgs {
  const runs: string[] = [];
  let out: string | undefined;
  let compare: [string, string] | undefined;
  let bench: string | undefined;
  let help = false;
  let includeStale = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (what: string): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("-"))) {
        throw new ReportInputError(`${flag} needs ${what}; ${HINT}`);
      }
      return v;
    };
    switch (flag) {
      case "--help":
      case "-h":
        help = true;
        break;
      case "--include-stale":
        includeStale = true;
        break;
      case "--runs":
        runs.push(value("a run-store folder, e.g. --runs runs"));
        break;
      case "--out":
        if (out !== undefined) throw new ReportInputError(`--out given twice; ${HINT}`);
        out = value("a site folder, e.g. --out site");
        break;
      case "--bench":
        if (bench !== undefined) throw new ReportInputError(`--bench given twice; ${HINT}`);
        bench = value("a results file, e.g. --bench bench/results/latest.json");
        break;
      case "--compare": {
        if (compare !== undefined) throw new ReportInputError(`--compare given twice; ${HINT}`);
        if (inline !== undefined) {
          throw new ReportInputError(`--compare takes two folders: --compare A B; ${HINT}`);
        }
        const a = args[++i];
        const b = args[++i];
        if ([a, b].some((v) => v === undefined || v.startsWith("-"))) {
          throw new ReportInputError(
            `--compare needs two run-store folders: --compare A B; ${HINT}`,
          );
        }
        compare = [a, b];
        break;
      }
      default:
        throw new ReportInputError(
          arg.startsWith("-")
            ? `unknown flag ${flag}; ${HINT}`
            : `unexpected argument "${arg}"; pass run stores with --runs DIR (${HINT})`,
        );
    }
  }
  if (compare && runs.length > 0) {
    throw new ReportInputError(`--compare A B names the run stores; drop --runs; ${HINT}`);
  }
  if (compare && bench !== undefined) {
    throw new ReportInputError(`--bench builds the report site, not a comparison; ${HINT}`);
  }
  return {
    runs: runs.length > 0 ? runs : compare ? [...compare] : ["runs"],
    out: out ?? (compare ? "site-compare" : "site"),
    compare,
    bench,
    includeStale,
    help,
  };
}

/** Runs the command with this catalogue; returns the exit code. */
export async function reportCommand(catalog: Catalog, args: readonly string[]): Promise<number> {
  try {
    const parsed = parseReportArgs(args);
    if (parsed.help) {
      console.log(USAGE);
      return 0;
    }
    const site = checkSiteSteady(parsed.out, "--out");
    const builds = buildsFolder(site);
    checkApart([
      { flag: "--out", given: parsed.out, real: site },
      { flag: "the site's build folder", given: builds, real: builds },
      ...[...new Set(parsed.runs)].map((r) => ({
        flag: parsed.compare ? "--compare" : "--runs",
        given: r,
        real: realPath(r),
      })),
    ]);
    if (!canWrite([site, builds])) {
      return await relaunch(new URL(Deno.mainModule), args, [site, builds]);
    }
    if (parsed.compare) {
      const done = await buildComparison({
        stores: parsed.compare,
        out: parsed.out,
        catalog,
        includeStale: parsed.includeStale,
      });
      console.log(
        `Comparison of ${parsed.compare[0]} (A) and ${parsed.compare[1]} (B): ${done.index}`,
      );
      return 0;
    }
    const result = await buildReport({ ...parsed, catalog });
    if (result.corrupt.length > 0) {
      console.error(
        `note: ${result.corrupt.length} corrupt trial folder(s) not counted, e.g. ` +
          `${result.corrupt[0].dir}: ${result.corrupt[0].problems[0]}`,
      );
    }
    console.log(result.index);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) {
      console.error(`error: cannot write the site: ${e.message.split("\n")[0]}`);
      return 2;
    }
    console.error(`error: report failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
