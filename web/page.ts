/**
 * The entry of the page's bundle: web/build.ts bundles it, with the whole catalogue, the kernels
 * and the chart builders, into the site's `assets/browser-run.js`, wrapped in a global function
 * `labBundle` that runs as the script loads. In a page it installs `globalThis.labRun`
 * (web/page_api.ts), the API the panel drives; in a worker made from the same source it serves
 * the runs the page sends. It exports nothing: the bundle is a classic script.
 */
import { api, serveInWorker, type WorkerScope } from "./page_api.ts";

// The page's worker is made of this bundle's source with `labWorker` set (page_api.ts `start`).
const scope = globalThis as unknown as WorkerScope & { labWorker?: boolean };
if (scope.labWorker === true) {
  serveInWorker(scope);
} else {
  (globalThis as { labRun?: typeof api }).labRun = api;
}
