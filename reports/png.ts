/**
 * An ImageGrid image as a PNG data URL, so the chart's `image` marks draw it from the spec
 * itself: the SVG stays one self-contained file and pages work from file:// (no fetches).
 * PNG encoding is fast-png's (pinned in deno.json), not hand-written.
 */
import { Buffer } from "node:buffer";
import { encode } from "fast-png";

/** Decodes base64 pixels (row-major, then channel, 0–255) and encodes them as a PNG data URL. */
export function pixelsToPngDataUrl(
  pixels: string,
  width: number,
  height: number,
  channels: 1 | 3,
): string {
  const bytes = new Uint8Array(Buffer.from(pixels, "base64"));
  const expected = width * height * channels;
  if (bytes.length !== expected) {
    throw new Error(
      `pixels decode to ${bytes.length} bytes; ${width}×${height}×${channels} needs ${expected}`,
    );
  }
  const png = encode({ width, height, data: bytes, channels, depth: 8 });
  return `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
}
