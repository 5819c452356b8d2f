/**
 * Entry point of `deno task experiment`: the harness's command with this project's catalogue
 * and report builder.
 */
import { catalog } from "../experiments/index.ts";
import { experimentCommand } from "../harness/cli.ts";

if (import.meta.main) {
  await experimentCommand(catalog, async (runs, site) => {
    const { buildReport } = await import("../reports/site.ts");
    return (await buildReport({ runs, out: site, catalog })).index;
  }, Deno.args);
}
