/**
 * numpy's legacy `np.random.RandomState`, bit for bit, so that a lecture notebook's
 * `np.random.seed(1)` gives the same numbers here.
 *
 * Methods take a count `n` and return a flat array in C order; callers reshape. Every
 * method draws from the generator in the same order and amount as its numpy namesake, so
 * any interleaving of calls stays in step with numpy. Verified against numpy 2.4 on Linux
 * x86-64 (glibc, FMA CPU) by tests/rng_test.ts.
 *
 * @module
 */

import { log } from "./exact_log.ts";
import { MT19937 } from "./mt19937.ts";

/** Anything indexable and writable: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  /** The number of elements. */ readonly length: number;
  /** Element `index`, 0 ≤ index < length: read and written in place. */ [index: number]: T;
}

/** The largest seed numpy's RandomState accepts (2³² − 1). */
export const MAX_SEED = 4294967295;
const TWO32 = 4294967296;

/** numpy `gen_mask` on 32 bits: the smallest 2**k - 1 that is >= v. */
function mask32(v: number): number {
  v |= v >>> 1;
  v |= v >>> 2;
  v |= v >>> 4;
  v |= v >>> 8;
  v |= v >>> 16;
  return v >>> 0;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  }
}

/** numpy's legacy `RandomState`: MT19937 plus the cached second normal of the polar method. */
export class RandomState {
  #mt: MT19937;
  #hasGauss = false;
  #gauss = 0;

  /**
   * As `np.random.RandomState(seed)`: `seed` an integer in 0..2**32-1. Omitted, it is 5489, the
   * MT19937 reference default: numpy would seed from OS entropy, but a reproduction harness
   * must not depend on anything outside the seed.
   */
  constructor(seed = 5489) {
    RandomState.#checkSeed(seed);
    this.#mt = new MT19937(seed);
  }

  /** As `np.random.seed(seed)`: re-seeds MT19937 and drops any cached normal. */
  seed(seed: number): void {
    RandomState.#checkSeed(seed);
    this.#mt.seed(seed);
    this.#hasGauss = false;
    this.#gauss = 0;
  }

  static #checkSeed(seed: number): void {
    // numpy raises for these too ("Seed must be between 0 and 2**32 - 1"); non-integers
    // would otherwise be silently truncated by the uint32 conversion.
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(
        `RandomState seed must be an integer in 0..${MAX_SEED} (2**32 - 1), got ${seed}`,
      );
    }
  }

  /** One uniform double in [0, 1) with 53 random bits, as `np.random.random()`. */
  random(): number {
    return this.#mt.nextDouble();
  }

  /** `n` uniform doubles in [0, 1), as `np.random.rand(n)`. */
  rand(n: number): Float64Array {
    return this.randomSample(n);
  }

  /** `n` uniform doubles in [0, 1), as `np.random.random_sample(n)`. */
  randomSample(n: number): Float64Array {
    checkCount(n, "n");
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#mt.nextDouble();
    return out;
  }

  /** `n` doubles uniform in [low, high), as `np.random.uniform(low, high, n)`. */
  uniform(low: number, high: number, n: number): Float64Array {
    checkCount(n, "n");
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new RangeError(`uniform range high - low must be finite, got ${high} - ${low}`);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + range * this.#mt.nextDouble();
    return out;
  }

  /** One standard normal, numpy `legacy_gauss` (Marsaglia's polar method). */
  gauss(): number {
    // Each accepted pair yields two normals; numpy returns f*x2 and keeps f*x1 for the
    // next call, even across other methods, until re-seeded.
    if (this.#hasGauss) {
      const cached = this.#gauss;
      this.#hasGauss = false;
      this.#gauss = 0;
      return cached;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.#mt.nextDouble() - 1;
      x2 = 2 * this.#mt.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    // glibc's log, not Math.log: they differ by an ulp on ~0.03% of these r2.
    const f = Math.sqrt(-2 * log(r2) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /** `n` standard normals, as `np.random.randn(n)`. */
  randn(n: number): Float64Array {
    return this.standardNormal(n);
  }

  /** `n` standard normals, as `np.random.standard_normal(n)`. */
  standardNormal(n: number): Float64Array {
    checkCount(n, "n");
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.gauss();
    return out;
  }

  /** `n` normals `loc + scale * gauss()`, as `np.random.normal(loc, scale, n)`. */
  normal(loc: number, scale: number, n: number): Float64Array {
    checkCount(n, "n");
    if (!(scale >= 0)) throw new RangeError(`normal scale must be >= 0, got ${scale}`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = loc + scale * this.gauss();
    return out;
  }

  /**
   * numpy's masked rejection sampling of an integer in [0, rng] (`random_interval`, and
   * `random_bounded_uint64_fill` with `use_masked`): draw, AND with the smallest all-ones
   * mask covering rng, retry while above rng. Ranges below 2**32 use one 32-bit draw a try;
   * larger ones a 64-bit draw, high word first. rng must be a safe integer.
   */
  #bounded(rng: number): number {
    if (rng === 0) return 0;
    if (rng < TWO32) {
      const mask = mask32(rng);
      let v: number;
      do v = (this.#mt.nextUint32() & mask) >>> 0; while (v > rng);
      return v;
    }
    const maskHi = mask32(Math.floor(rng / TWO32));
    let v: number;
    do {
      const hi = (this.#mt.nextUint32() & maskHi) >>> 0;
      v = hi * TWO32 + this.#mt.nextUint32();
    } while (v > rng);
    return v;
  }

  /**
   * `n` integers uniform in [low, high), as `np.random.randint(low, high, n)` with its
   * default int64 dtype. low, high and high - low must be safe integers (|x| < 2**53), so
   * the Float64Array holds every result exactly.
   */
  randint(low: number, high: number, n: number): Float64Array {
    checkCount(n, "n");
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low >= high) {
      throw new RangeError(`randint needs safe integers low < high, got [${low}, ${high})`);
    }
    // Exact whenever the true difference is a safe integer; otherwise it is not safe.
    const rng = high - 1 - low;
    if (!Number.isSafeInteger(rng)) {
      throw new RangeError(`randint range high - low must be at most 2**53, got [${low}, ${high})`);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + this.#bounded(rng);
    return out;
  }

  /**
   * Shuffles `x` in place, as `np.random.shuffle(x)` on a 1-D array: Fisher-Yates from the
   * end, j = random_interval(i). For a 2-D array shuffle a row-index array and gather rows:
   * numpy swaps rows with exactly the same draws.
   */
  shuffle<T>(x: MutableArrayLike<T>): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.#bounded(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** A shuffled 0..n-1, as `np.random.permutation(n)` (arange then shuffle). */
  permutation(n: number): Int32Array {
    checkCount(n, "n");
    if (n > 0x7fffffff) throw new RangeError(`permutation n must be < 2**31, got ${n}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /**
   * `size` draws from 0..n-1, as `np.random.choice(n, size, replace)`; `replace` defaults to
   * true as in numpy. With replacement numpy calls randint(0, n, size); without, it takes
   * permutation(n)[:size], which consumes draws for all n even when size is small.
   */
  choice(n: number, size: number, replace = true): Int32Array {
    checkCount(n, "n");
    checkCount(size, "size");
    if (n > 0x7fffffff) throw new RangeError(`choice n must be < 2**31, got ${n}`);
    if (replace) {
      if (n === 0 && size > 0) throw new RangeError("choice from an empty range");
      return size === 0 ? new Int32Array(0) : Int32Array.from(this.randint(0, n, size));
    }
    if (size > n) {
      throw new RangeError(`choice without replacement needs size <= n, got ${size} > ${n}`);
    }
    return this.permutation(n).slice(0, size);
  }
}
