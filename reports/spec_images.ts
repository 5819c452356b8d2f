/**
 * Image grids (kind "images"): each image drawn from its pixels — encoded as a PNG data URL in
 * the spec, so the SVG is self-contained — with its title (true / predicted label) beneath;
 * highlighted images (e.g. misclassified) are framed in red. Positions are computed here in
 * pixels (unscaled x/y), so the grid looks the same in the SVG and the interactive view.
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputChart, Params } from "../harness/experiment.ts";
import type { ImageGrid } from "../schema/payloads.ts";
import { readImageGrid } from "./spec_common.ts";
import { encode } from "fast-png";
import { base64ToBytes, bytesToBase64 } from "../schema/base64.ts";
import type { ChartDatum, ChartTrial, Vl } from "./spec_common.ts";
import { outputSpec, type PanelKind } from "./spec_common.ts";

/** The image grid's own data fields. */
export const IMAGES = {
  url: "__url",
  title: "__title",
  /** The title wrapped to the cell's width, one string per line. */
  lines: "__lines",
  highlight: "__highlight",
  cx: "__cx",
  cy: "__cy",
  x0: "__x0",
  x1: "__x1",
  y0: "__y0",
  y1: "__y1",
  ty: "__ty",
  note: "__note",
} as const;

/** Images are shown about this many pixels on their long side (small ones in whole multiples). */
const TARGET = 64;
/** The grid's width budget in pixels. */
const MAX_WIDTH = 640;
const FRAME = "#c62828";

/** How big an image is drawn: small ones scaled up by a whole factor (crisp pixels). */
export function displaySize(width: number, height: number): { width: number; height: number } {
  const long = Math.max(width, height);
  const scale = long <= TARGET ? Math.floor(TARGET / long) : TARGET / long;
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** Title lines under an image: at most this many, the last cut with an ellipsis if need be. */
const MAX_LINES = 3;
const LINE_HEIGHT = 12;
/** An average glyph's width at the titles' 10 px font, for wrapping. */
const CHAR_WIDTH = 5.6;

/** Wraps a title at spaces into lines of about `chars` characters, at most MAX_LINES. */
export function wrapTitle(title: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of title.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + " " + word).length <= chars) {
      lines[lines.length - 1] += " " + word;
    } else lines.push(word);
  }
  if (lines.length > MAX_LINES) {
    lines.splice(MAX_LINES - 1, Infinity, lines.slice(MAX_LINES - 1).join(" "));
  }
  return lines.length > 0 ? lines : [""];
}

/** The grid's layout in pixels and one datum per image. */
export function imagesData(grid: ImageGrid): {
  values: ChartDatum[];
  width: number;
  height: number;
  image: { width: number; height: number };
} {
  const image = displaySize(grid.width, grid.height);
  const cellW = Math.max(image.width, 96) + 12;
  const titles = grid.images.map((im) => wrapTitle(im.title, Math.floor((cellW - 6) / CHAR_WIDTH)));
  const cellH = image.height + 14 + LINE_HEIGHT * Math.max(...titles.map((t) => t.length));
  const columns = Math.max(1, Math.min(grid.images.length, Math.floor(MAX_WIDTH / cellW)));
  const rows = Math.ceil(grid.images.length / columns);
  const values = grid.images.map((im, i): ChartDatum => {
    const cx = (i % columns) * cellW + cellW / 2;
    const top = Math.floor(i / columns) * cellH + 4;
    const datum: ChartDatum = {
      [IMAGES.title]: im.title,
      [IMAGES.lines]: titles[i],
      [IMAGES.highlight]: im.highlight === true,
      [IMAGES.cx]: cx,
      [IMAGES.cy]: top + image.height / 2,
      [IMAGES.x0]: cx - image.width / 2 - 3,
      [IMAGES.x1]: cx + image.width / 2 + 3,
      [IMAGES.y0]: top - 3,
      [IMAGES.y1]: top + image.height + 3,
      [IMAGES.ty]: top + image.height + 6,
    };
    try {
      datum[IMAGES.url] = pixelsToPngDataUrl(im.pixels, grid.width, grid.height, grid.channels);
    } catch (e) {
      datum[IMAGES.note] = `not drawn: ${(e as Error).message}`;
    }
    return datum;
  });
  return { values, width: columns * cellW, height: rows * cellH, image };
}

const px = (field: string): Vl => ({ field, type: "quantitative", scale: null });

function panel(grid: ImageGrid, _chart: OutputChart, _single: boolean): Vl {
  const { values, width, height, image } = imagesData(grid);
  const tooltip: Vl[] = [
    { field: IMAGES.title, type: "nominal", title: "image" },
    { field: IMAGES.highlight, type: "nominal", title: "highlighted" },
  ];
  const layer: Vl[] = [
    {
      transform: [{ filter: `datum[${JSON.stringify(IMAGES.url)}] != null` }],
      mark: { type: "image", width: image.width, height: image.height, smooth: false },
      encoding: {
        url: { field: IMAGES.url, type: "nominal" },
        x: px(IMAGES.cx),
        y: px(IMAGES.cy),
        // The accessible label and tooltip name the image, not its data URL.
        description: { field: IMAGES.title, type: "nominal" },
        tooltip,
      },
    },
    {
      transform: [{ filter: `datum[${JSON.stringify(IMAGES.highlight)}] === true` }],
      mark: { type: "rect", fillOpacity: 0, stroke: FRAME, strokeWidth: 2.5 },
      encoding: {
        x: px(IMAGES.x0),
        x2: { field: IMAGES.x1 },
        y: px(IMAGES.y0),
        y2: { field: IMAGES.y1 },
      },
    },
    {
      mark: {
        type: "text",
        baseline: "top",
        fontSize: 10,
        lineHeight: LINE_HEIGHT,
        limit: Math.max(image.width, 96) + 8,
      },
      encoding: {
        text: { field: IMAGES.lines, type: "nominal" },
        x: px(IMAGES.cx),
        y: px(IMAGES.ty),
        color: {
          condition: { test: `datum[${JSON.stringify(IMAGES.highlight)}] === true`, value: FRAME },
          value: "#1d1d1f",
        },
        tooltip,
      },
    },
  ];
  if (values.some((d) => d[IMAGES.note] !== undefined)) {
    layer.push({
      transform: [{ filter: `datum[${JSON.stringify(IMAGES.note)}] != null` }],
      mark: { type: "text", fontSize: 9, color: FRAME, limit: image.width + 8 },
      encoding: {
        text: { field: IMAGES.note, type: "nominal" },
        x: px(IMAGES.cx),
        y: px(IMAGES.cy),
      },
    });
  }
  return { width, height, data: { values }, layer, view: { stroke: null } };
}

const IMAGES_KIND: PanelKind<ImageGrid> = {
  what: "an ImageGrid",
  read: readImageGrid,
  panel,
  columns: 1,
};

/** Builds an image-grid chart. */
export function imagesSpec(
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  return outputSpec(
    IMAGES_KIND,
    chart,
    trials,
    defaults,
    (grids) =>
      grids.some((g) => g.images.some((im) => im.highlight))
        ? "framed in red: highlighted (e.g. misclassified)"
        : undefined,
  );
}

/**
 * An image as a PNG data URL, so the chart's `image` marks draw it from the spec itself: the SVG
 * stays one self-contained file and pages work from file:// (no fetches). PNG encoding is
 * fast-png's (pinned in deno.json), not hand-written.
 */
export function pixelsToPngDataUrl(
  pixels: string,
  width: number,
  height: number,
  channels: 1 | 3,
): string {
  const bytes = base64ToBytes(pixels);
  const expected = width * height * channels;
  if (bytes.length !== expected) {
    throw new Error(
      `pixels decode to ${bytes.length} bytes; ${width}×${height}×${channels} needs ${expected}`,
    );
  }
  const png = encode({ width, height, data: bytes, channels, depth: 8 });
  return `data:image/png;base64,${bytesToBase64(png)}`;
}
