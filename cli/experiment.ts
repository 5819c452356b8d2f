/**
 * Entry point of `deno task experiment`: the harness's command with this project's catalogue
 * and report builder (each experiment page with its "Run in this browser" panel, web/build.ts).
 */
import { catalog } from "../experiments/index.ts";
import { experimentCommand } from "../harness/cli.ts";

if (import.meta.main) {
  await experimentCommand(catalog, async (runs, site) => {
    const { buildReport } = await import("../reports/site.ts");
    const { browserRun } = await import("../web/build.ts");
    return (await buildReport({ runs, out: site, catalog, browserRun: browserRun(catalog) }))
      .index;
  }, Deno.args);
}
