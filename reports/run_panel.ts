/**
 * The "Run in this browser" panel of an experiment page: the experiment's params as inputs, its
 * own setups to start from, the backend, and the places where the run's status, live charts and
 * judged claims appear. The page's script (assets/run.js) loads the bundle and data the panel
 * names, runs the trial and fills them. What the bundle holds is built outside reports/ (web/),
 * and handed to the site by the command as a `BrowserRun`.
 *
 * Contract for tests and readers: `<id>.html?run` starts the first setup on load (`&backend=cpu`
 * or `webgpu` picks the backend, else WebGPU where the browser has it); while it runs
 * `document.documentElement.dataset.browserRun` is "running", then "done" or "failed: …"; the
 * live claims table has one row per judged claim, `data-claim="<id>"` and `data-pass`.
 */
import type { Params, ParamSpec, ParamValue } from "../harness/experiment.ts";
import { jsonForScript, markup, raw, type SafeHtml } from "./html.ts";

/** One of the experiment's own setups (a default point and seed), named by what differs. */
export interface RunSetup {
  /** Its name in the panel's menu: the params that differ, and the seed. */ label: string;
  /** Every param's value. */ params: Params;
  /** The trial's seed. */ seed: number;
}

/**
 * An experiment's panel: the scripts it loads before a run (relative to the assets folder, in
 * order: data, then the bundle), its setups (the first is the default trial) and the data packs
 * it ships; or why the page cannot run the experiment.
 */
export type RunPanel =
  | { scripts: readonly string[]; setups: readonly RunSetup[]; data: readonly string[] }
  | { reason: string };

/** The page runs' bundle and data: built by web/build.ts, handed to the site by the command. */
export interface BrowserRun {
  /**
   * Writes the bundles and the data scripts the panels of `ids` (the site's experiments) use
   * into the site's assets folder; returns their paths in it.
   */
  write(assetsDir: string, ids: readonly string[]): Promise<string[]>;
  /** The panel of an experiment (after `write`); undefined for one not in the catalogue. */
  panel(id: string): RunPanel | undefined;
}

/** The page script that drives the panel, in the assets folder. */
export const RUN_SCRIPT = "run.js";

function valueText(v: ParamValue | undefined): string {
  return v === undefined ? "" : String(v);
}

/** One param's input: a select for enums and booleans, else text (read as `--set` reads it). */
function paramInput(name: string, spec: ParamSpec, value: ParamValue | undefined): SafeHtml {
  const id = `run-param-${name}`;
  const hint = `run-param-${name}-hint`;
  const choices = spec.type === "enum"
    ? spec.choices
    : spec.type === "boolean"
    ? ["false", "true"]
    : null;
  const control = choices
    ? markup`<select id="${id}" name="${name}" aria-describedby="${hint}">${
      choices.map((c) =>
        markup`<option${c === valueText(value) ? markup` selected` : ""}>${c}</option>`
      )
    }</select>`
    : markup`<input id="${id}" name="${name}" type="text" inputmode="${
      spec.type === "integer" ? "numeric" : "decimal"
    }" value="${valueText(value)}" size="8" aria-describedby="${hint}">`;
  return markup`<div class="run-param"><label for="${id}">${name}</label> ${control}
<span class="run-hint" id="${hint}">${spec.doc}</span></div>`;
}

/** The panel's section, or the reason the experiment cannot run in a page. */
export function runPanelHtml(
  id: string,
  params: Record<string, ParamSpec>,
  panel: RunPanel,
): SafeHtml {
  if ("reason" in panel) {
    return markup`<section id="browser-run" class="browser-run unavailable" aria-labelledby="browser-run-h">
<h2 id="browser-run-h">Run in this browser</h2>
<p class="muted">This page cannot re-run the experiment: ${panel.reason}.</p>
</section>`;
  }
  const first = panel.setups[0];
  const names = Object.keys(params);
  return markup`<section id="browser-run" class="browser-run" aria-labelledby="browser-run-h">
<h2 id="browser-run-h">Run in this browser</h2>
<p class="muted">The same module, kernels and seeded RandomState as the trials above, bundled from the project's sources when this report was built, run here: on WebGPU where this browser has it, else on the cpu backend in the page. The charts fill as the trial logs, and its claims are judged here by the same checks.</p>
<form class="run-form" data-experiment="${id}" data-scripts="${JSON.stringify(panel.scripts)}">
<script type="application/json" class="run-setups">${raw(jsonForScript(panel.setups))}</script>
<div class="run-row">
<label for="run-setup">Setup</label>
<select id="run-setup" name="__setup">${
    panel.setups.map((s, i) =>
      markup`<option value="${i}">${i + 1}. ${s.label}${
        panel.setups.some((o) => o.seed !== s.seed)
          ? ""
          : markup`, seed ${s.seed}`
      }</option>`
    )
  }</select>
<label for="run-backend">Backend</label>
<select id="run-backend" name="__backend"><option value="auto">WebGPU if available, else cpu</option><option value="webgpu">WebGPU (float32)</option><option value="cpu">cpu (float64)</option></select>
</div>
<details class="run-params"${
    names.length <= 4 ? markup` open` : ""
  }><summary>Params (${names.length}) and seed</summary>
<div class="run-param-grid">
${names.map((n) => paramInput(n, params[n], first?.params[n]))}
<div class="run-param"><label for="run-seed">seed</label> <input id="run-seed" name="__seed" type="text" inputmode="numeric" value="${
    String(first?.seed ?? 0)
  }" size="8" aria-describedby="run-seed-hint">
<span class="run-hint" id="run-seed-hint">The RandomState seed of the trial.</span></div>
</div>
</details>
<div class="run-row"><button type="submit" class="run-start">Run</button> <button type="button" class="run-stop" hidden>Stop</button></div>
</form>
<p class="run-status" role="status" aria-live="polite">Not run yet: choose a setup (the first is the one the report's first trial ran) and press Run.</p>
<div class="run-errors" hidden></div>
<div class="run-charts"></div>
<div class="run-claims"></div>
</section>`;
}
