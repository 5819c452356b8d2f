/**
 * Headless SVG rendering: Vega-Lite compiles to Vega, and a Vega view with the "none" renderer
 * draws to an SVG string, no browser or canvas needed. vega and vega-lite load on first use so a
 * rebuild with nothing changed never pays for them.
 */
import type { TopLevelSpec } from "vega-lite";

/** Renders a Vega-Lite spec to a standalone SVG document string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
