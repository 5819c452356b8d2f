/**
 * MT19937 (Mersenne Twister) exactly as numpy's legacy `RandomState` runs it.
 *
 * Why not `npm:@stdlib/random-base-mt19937`: its stream and integer seeding do equal numpy's
 * for seeds 1..2**32-1, but it rejects seed 0 (`np.random.seed(0)` is the most common seed
 * in lecture notebooks), working around that means building its private state array by
 * hand, and it pulls in ~190 `@stdlib/*` packages. The generator itself is 50 lines.
 *
 * @module
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** The 32-bit Mersenne Twister with numpy's `mt19937_seed` (= reference `init_genrand`). */
export class MT19937 {
  readonly #key = new Uint32Array(N);
  #pos = N;

  /** @param seed an integer in 0..2**32-1 (the caller validates; it is taken mod 2**32). */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** numpy `mt19937_seed`: Knuth's linear recurrence fills the key, next draw re-twists. */
  seed(seed: number): void {
    const key = this.#key;
    key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1];
      // Math.imul keeps the product mod 2**32, as C's uint32 arithmetic does.
      key[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.#pos = N;
  }

  /** Next raw 32-bit output, an integer in 0..2**32-1 (numpy `mt19937_next32`). */
  nextUint32(): number {
    if (this.#pos >= N) this.#twist();
    let y = this.#key[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy `mt19937_next_double`: 53 random bits, a = 27 high bits, b = 26 low bits. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  #twist(): void {
    const key = this.#key;
    for (let i = 0; i < N; i++) {
      const y = (key[i] & UPPER_MASK) | (key[(i + 1) % N] & LOWER_MASK);
      key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.#pos = 0;
  }
}
