/**
 * Picking images out of a dataset's raw pixels for the report's image grids (the chart kind
 * "images"): the bytes travel as base64 in result.json and the report draws them.
 */
import { bytesToBase64 } from "../schema/base64.ts";
import type { ImageGrid } from "../schema/payloads.ts";

/**
 * The images at `indices` of `raw` (m × height × width × channels bytes, C order as the HDF5
 * and IDX files store them), titled by `title(index)`.
 */
export function imageGrid(
  raw: Uint8Array,
  shape: { height: number; width: number; channels: 1 | 3 },
  indices: readonly number[],
  title: (index: number) => string,
  highlight: (index: number) => boolean = () => false,
): ImageGrid {
  const size = shape.height * shape.width * shape.channels;
  return {
    width: shape.width,
    height: shape.height,
    channels: shape.channels,
    images: indices.map((i) => ({
      pixels: bytesToBase64(raw.subarray(i * size, (i + 1) * size)),
      title: title(i),
      highlight: highlight(i),
    })),
  };
}
