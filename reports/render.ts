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
    return compactGeometry(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Rounds the numbers in path data and transforms to 1/100 px: Vega writes full doubles
 * ("M69.00000000000001,193.33333333333334h7.666666666666671"), which more than doubles the size
 * of charts with thousands of marks (a decision boundary's cells) for no visible difference.
 * Text, labels and data stay as they are.
 */
export function compactGeometry(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_, name: string, value: string) => {
    const rounded = value.replace(
      /-?(?:\d+\.\d*|\.\d+|\d+(?=e))(?:e[-+]?\d+)?/gi,
      (n) => String(Math.round(Number(n) * 100) / 100),
    );
    return ` ${name}="${rounded}"`;
  });
}
