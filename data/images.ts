/**
 * Turning stacks of uint8 images into the lectures' design matrix. The course flattens images
 * with numpy as `images.reshape(m, -1).T / 255`: each image in C order (row, column, channel)
 * becomes one column, so the matrix is features × examples and, stored row-major like the
 * backends' tensors, element (f, i) sits at index f·m + i. Labels become one-hot columns the
 * same way.
 */

/**
 * Flattens `m` images of `features` uint8 values each (stored image after image) into a
 * features × m matrix, row-major, divided by `scale`.
 *
 * @param raw Image-major pixels, at least `m * features` of them.
 * @param m Number of images to use (the first `m`).
 * @param features Values per image (height · width · channels).
 * @param scale Divisor; 255 maps pixels to [0, 1].
 */
export function imagesToColumns(
  raw: Uint8Array,
  m: number,
  features: number,
  scale = 255,
): Float64Array {
  if (raw.length < m * features) {
    throw new RangeError(`imagesToColumns: need ${m * features} values, got ${raw.length}`);
  }
  const x = new Float64Array(features * m);
  for (let i = 0; i < m; i++) {
    const src = i * features;
    for (let f = 0; f < features; f++) x[f * m + i] = raw[src + f] / scale;
  }
  return x;
}

/**
 * Pads each of `m` single-channel `height` × `width` images with `pad` zero pixels on every side
 * (LeNet-5 reads MNIST's 28 × 28 digits as 32 × 32, i.e. `pad` 2).
 *
 * @returns Image-major pixels of (height + 2·pad) × (width + 2·pad) each.
 */
export function padImages(
  raw: Uint8Array,
  m: number,
  height: number,
  width: number,
  pad: number,
): Uint8Array {
  if (pad === 0) return raw.slice(0, m * height * width);
  const h = height + 2 * pad;
  const w = width + 2 * pad;
  const out = new Uint8Array(m * h * w);
  for (let i = 0; i < m; i++) {
    for (let r = 0; r < height; r++) {
      const src = (i * height + r) * width;
      out.set(raw.subarray(src, src + width), (i * h + r + pad) * w + pad);
    }
  }
  return out;
}

/**
 * One-hot encodes labels as a classes × m matrix, row-major (Y[k, i] = 1 if label i is k), the
 * layout a softmax output layer is compared against.
 */
export function oneHot(labels: ArrayLike<number>, classes = 10): Float64Array {
  const m = labels.length;
  const y = new Float64Array(classes * m);
  for (let i = 0; i < m; i++) y[labels[i] * m + i] = 1;
  return y;
}
