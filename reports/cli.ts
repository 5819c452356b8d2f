/** Argument parsing for `deno task report` (pure, so tests call it directly). */
import { ReportInputError } from "./errors.ts";

/** Parsed command line. */
export interface ReportArgs {
  runs: string[];
  out: string;
  compare?: [string, string];
  /** Benchmark results for bench.html; undefined: bench/results/latest.json. */
  bench?: string;
  help: boolean;
}

/** `--help` text. */
export const USAGE = `Build the static report site from a run store.

Usage: deno task report [--runs DIR]... [--out DIR] [--compare A B] [--bench FILE] [--help]

  --runs DIR     run store to read (default: runs). Repeat to merge shards of one sweep: the
                 union of their trials; a trial key found twice counts once, the newest wins.
  --out DIR      site folder to write (default: site). It is replaced whole, and only if it is
                 new, empty or a site this command wrote. Unchanged experiments are not
                 re-rendered.
  --compare A B  also write compare.html and compare.md: the trials of run stores A and B
                 matched by experiment id and trial key, each final metric with B − A.
  --bench FILE   benchmark results for bench.html (default: bench/results/latest.json, written
                 by \`deno task bench\`). Without the file, bench.html says how to measure;
                 with a malformed one, a warning line on stderr, bench.html says what is wrong
                 and the rest of the site is built as usual.
  --help, -h     show this text.

Prints the path of the site's index.html. Bad input exits with code 2 and writes nothing.`;

const HINT = "run `deno task report --help` for usage";

/** Parses the CLI arguments; throws `ReportInputError` with a one-line message on bad input. */
export function parseReportArgs(args: readonly string[]): ReportArgs {
  const runs: string[] = [];
  let out: string | undefined;
  let compare: [string, string] | undefined;
  let bench: string | undefined;
  let help = false;
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
  return { runs: runs.length > 0 ? runs : ["runs"], out: out ?? "site", compare, bench, help };
}
