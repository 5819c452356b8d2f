/**
 * `deno task report [--runs DIR]... [--out DIR] [--compare A B]`: builds the report site and
 * prints its index path. Bad input prints one line on stderr and exits with code 2.
 */
import { parseReportArgs, USAGE } from "./cli.ts";
import { ReportInputError } from "./errors.ts";
import { buildReport } from "./site.ts";

/** Runs the CLI; returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const parsed = parseReportArgs(args);
    if (parsed.help) {
      console.log(USAGE);
      return 0;
    }
    const result = await buildReport(parsed);
    if (result.skipped.length > 0) {
      console.error(
        `note: ${result.skipped.length} trial folder(s) not counted (incomplete or unreadable), ` +
          `e.g. ${result.skipped[0]}`,
      );
    }
    console.log(result.index);
    return 0;
  } catch (e) {
    if (e instanceof ReportInputError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    console.error(`error: report failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
