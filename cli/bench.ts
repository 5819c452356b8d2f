/**
 * Entry point of `deno task bench`: the benchmarks, and the report's refresh of the site's bench
 * page, loaded only after the measurements so the report code (and vega) cost them nothing.
 */
import { benchCommand } from "../bench/main.ts";

if (import.meta.main) {
  Deno.exit(
    await benchCommand(Deno.args, async (site, results) => {
      const { refreshBenchPage } = await import("../reports/bench_page.ts");
      return await refreshBenchPage(site, results);
    }),
  );
}
