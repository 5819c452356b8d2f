/**
 * Translation tests on feature maps: images moved by whole pixels, maps compared position by
 * position with the same move undone, and the relative size of a change. Images and maps are
 * stored as the backends' conv layers hold them: one column per image, row (map, row, column).
 */

/** Each column (a `side` × `side` image of `m`) moved down by dy and right by dx, zeros coming in. */
export function shiftImages(
  x: Float64Array,
  m: number,
  side: number,
  dy: number,
  dx: number,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = dy; r < side; r++) {
    for (let c = dx; c < side; c++) {
      const to = (r * side + c) * m, from = ((r - dy) * side + (c - dx)) * m;
      for (let i = 0; i < m; i++) out[to + i] = x[from + i];
    }
  }
  return out;
}

/**
 * max |maps(shifted)[f, r, c] − maps(original)[f, r − dy, c − dx]| over the positions both
 * cover (r ≥ dy, c ≥ dx), every map f and every image: `side` × `side` maps, one per row block.
 */
export function shiftedDiff(
  shifted: Float64Array,
  original: Float64Array,
  maps: number,
  side: number,
  m: number,
  dy: number,
  dx: number,
): number {
  let d = 0;
  for (let f = 0; f < maps; f++) {
    for (let r = dy; r < side; r++) {
      for (let c = dx; c < side; c++) {
        const a = ((f * side + r) * side + c) * m, b = ((f * side + r - dy) * side + c - dx) * m;
        for (let i = 0; i < m; i++) d = Math.max(d, Math.abs(shifted[a + i] - original[b + i]));
      }
    }
  }
  return d;
}

/** ‖u − v‖ / ‖v‖. */
export function relChange(u: Float64Array, v: Float64Array): number {
  let num = 0, den = 0;
  v.forEach((x, i) => {
    num += (u[i] - x) ** 2;
    den += x * x;
  });
  return Math.sqrt(num / den);
}
