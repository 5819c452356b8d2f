/**
 * Entry point of `deno task report`: the report command with this project's catalogue, each
 * experiment page with its "Run in this browser" panel (web/build.ts).
 */
import { catalog } from "../experiments/index.ts";
import { reportCommand } from "../reports/cli.ts";
import { browserRun } from "../web/build.ts";

if (import.meta.main) Deno.exit(await reportCommand(catalog, Deno.args, browserRun(catalog)));
