/** Entry point of `deno task report`: the report command with this project's catalogue. */
import { catalog } from "../experiments/index.ts";
import { reportCommand } from "../reports/cli.ts";

if (import.meta.main) Deno.exit(await reportCommand(catalog, Deno.args));
