/**
 * How `webgpu` computes C = op(A)·op(B): which WGSL kernel, specialised how, on how many
 * workgroups, and whether k is split into partial products that a second dispatch sums.
 *
 * The adapter decides. On a real GPU (`isFallbackAdapter` false) the classic shared-memory tiled
 * kernel (`matmul_tiled.wgsl`). On llvmpipe (Mesa's software rasterizer) every per-lane storage
 * load is a scalar loop and workgroup memory is no faster, so speed follows the multiply-adds
 * per loaded value: the register-blocked kernels `matmul_rb<rows>x<cols>` keep a block of C
 * per invocation and read vec4s; a cost model below picks the block and whether to compute Cᵀ
 * instead (so a narrow side of C gets the short tile axis). When C has too few blocks to keep every core
 * busy (the lectures' 20×12288 · 12288×209), k is split across workgroups (split-K) and
 * `matmul_reduce.wgsl` sums the partials. Large products there read both operands from
 * rgba32float textures (`matmul_rb<rows>x<cols>_tex`, kernels/operand_textures.ts): in these
 * kernels a texel fetch of 4 floats costs 1.4–1.9× less than the storage reads it replaces (1.55×
 * faster at 1024² in all), though in isolation (`deno task bench --only reads`) the two cost alike.
 *
 * `matmulKnobs` forces a variant, tile, orientation or split, for tests and benchmarks.
 */

/** Kernel families: `rb` register-blocked (llvmpipe), `tiled` shared memory (GPUs), `simple`. */
export type MatmulVariant = "rb" | "tiled" | "simple";
export const MATMUL_VARIANTS: readonly MatmulVariant[] = ["rb", "tiled", "simple"];

/**
 * The generated register-blocked tiles, rows × columns of C per invocation (kernel
 * `matmul_rb<rows>x<cols>`). Larger blocks load less per multiply-add but llvmpipe's JIT time
 * grows steeply with them (measured cold: 16×16 ~1.4 s, 20×16 ~2.6 s, 16×32 ~18 s, 32×32 ~30 s).
 */
export const RB_TILES: readonly (readonly [number, number])[] = [
  [4, 32],
  [8, 32],
  [16, 16],
  [20, 16],
];

/** Overrides of the automatic choice; undefined fields are chosen automatically. */
export interface MatmulKnobs {
  variant?: MatmulVariant;
  /** Number of k partitions (1 = no split-K); ignored by `simple`. */
  splitK?: number;
  /** `rb` only: the tile, as `"<rows>x<cols>"` of RB_TILES. */
  tile?: string;
  /** `rb` only: compute Cᵀ = op(B)ᵀ·op(A)ᵀ (true) or C directly (false). */
  transposed?: boolean;
  /** `rb` only: read both operands from textures (`matmul_rb*_tex`, true) or storage (false). */
  textures?: boolean;
}

/** The process-wide knobs (empty: automatic). Tests and benchmarks set and reset them. */
export const matmulKnobs: MatmulKnobs = {};

/** Replaces the knobs; call with no argument to return to the automatic choice. */
export function setMatmulKnobs(k: MatmulKnobs = {}): void {
  for (const key of Object.keys(matmulKnobs) as (keyof MatmulKnobs)[]) delete matmulKnobs[key];
  Object.assign(matmulKnobs, k);
}

/** A matrix product's geometry: op(A) is m×k, op(B) is k×n; `lda`/`ldb` are storage row lengths. */
export interface MatmulProblem {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  lda: number;
  ldb: number;
  /**
   * The adapter's largest 2-D texture side, or 0 when operands may not go through textures;
   * a stored operand fits when its rows and its rows' texels (4 floats each) are within it.
   */
  maxTexture?: number;
  /**
   * C is `rowBlocks` × `colBlocks` products side by side (stacked models, nn/many.ts): k is
   * partitioned as for one block alone, so that every element is summed in the order of the
   * block's own product (`MatmulOptions.rowBlocks`).
   */
  rowBlocks?: number;
  colBlocks?: number;
}

export interface MatmulPlan {
  variant: MatmulVariant;
  kernel: string;
  constants: Record<string, number>;
  /** u32 uniform words for the main dispatch. */
  uniform: number[];
  /** Bind the operands as (A, B) or swapped (B, A) for a transposed `rb` product. */
  swap: boolean;
  /** `rb` only: the kernel reads both operands from textures (kernels/operand_textures.ts). */
  textures: boolean;
  groups: [number, number, number];
  /** k partitions; > 1 means the main dispatch writes `splits` partial products to reduce. */
  splits: number;
  /** k per partition (the last may be shorter). */
  kchunk: number;
  /** Uniform words and workgroups of `matmul_reduce` when `splits` > 1. */
  reduce: { uniform: number[]; groups: [number, number] } | null;
}

const MAX_GROUPS = 65535;
/** Partial products may take at most this many floats (beyond it split-K is scaled back). */
const MAX_PARTIAL_FLOATS = 1 << 24;

/** Plans the product for an adapter; `fallback` is `isFallbackAdapter` (llvmpipe and the like). */
export function planMatmul(pr: MatmulProblem, fallback: boolean): MatmulPlan {
  const variant = matmulKnobs.variant ?? (fallback ? "rb" : "tiled");
  if (variant === "simple") return planSimple(pr);
  const forced = blockPartition(pr, fallback);
  if (variant === "tiled") return planTiled(pr, forced);
  return planRb(pr, forced);
}

/**
 * The k partition of one block's product, for a product of blocks side by side: each kernel
 * adds an element's terms in k order within a partition and the partitions in order, whatever
 * its tile, so the same partition gives each block its lone product's sums bit for bit.
 * Undefined when there is one block, the blocks are uneven, or `splitK` is forced.
 */
function blockPartition(pr: MatmulProblem, fallback: boolean): [number, number] | undefined {
  const rb = pr.rowBlocks ?? 1, cb = pr.colBlocks ?? 1;
  if (rb * cb <= 1 || pr.m % rb !== 0 || pr.n % cb !== 0) return undefined;
  if (matmulKnobs.splitK !== undefined) return undefined;
  // The block's own product: a stacked dimension that is an operand's row length (Aᵀ's rows,
  // B's columns) shortens that leading dimension too, as in the lone product.
  const lone = planMatmul(
    {
      ...pr,
      m: pr.m / rb,
      n: pr.n / cb,
      lda: pr.transA ? pr.lda / rb : pr.lda,
      ldb: pr.transB ? pr.ldb : pr.ldb / cb,
      rowBlocks: 1,
      colBlocks: 1,
    },
    fallback,
  );
  return [lone.kchunk, lone.splits];
}

function withReduce(
  plan: Omit<MatmulPlan, "reduce">,
  len: number,
): MatmulPlan {
  if (plan.splits <= 1) return { ...plan, reduce: null };
  const groups = Math.ceil(len / 256);
  const y = Math.ceil(groups / MAX_GROUPS);
  return {
    ...plan,
    reduce: { uniform: [len, plan.splits], groups: [Math.ceil(groups / y), y] },
  };
}

/**
 * llvmpipe ends any shader loop after 65,535 iterations, so one workgroup's share of k stays
 * below 4 × 65,535 (the `rb` kernel steps k by 4, `tiled` by 16).
 */
const MAX_KCHUNK = 4 * 65535;

/** k per partition for a wish of `want` partitions: a multiple of 4, and the partitions it makes. */
function partition(k: number, want: number, mn: number): [number, number] {
  const cap = Math.max(1, Math.floor(MAX_PARTIAL_FLOATS / mn));
  const least = Math.ceil(k / MAX_KCHUNK);
  const s = Math.max(least, Math.min(Math.floor(want), cap, Math.ceil(k / 4)));
  const kchunk = Math.ceil(k / s / 4) * 4;
  return [kchunk, Math.ceil(k / kchunk)];
}

function planSimple(pr: MatmulProblem): MatmulPlan {
  const { m, n, k, transA, transB, lda, ldb } = pr;
  if (k > 65535) {
    throw new Error(`matmul: the simple kernel loops over k once: k = ${k} is past llvmpipe's cap`);
  }
  const [ai, aq] = transA ? [1, lda] : [lda, 1];
  const [bq, bj] = transB ? [1, ldb] : [ldb, 1];
  return {
    variant: "simple",
    kernel: "matmul",
    constants: {},
    uniform: [m, n, k, ai, aq, bq, bj],
    swap: false,
    textures: false,
    groups: [Math.ceil(n / 32), Math.ceil(m / 32), 1],
    splits: 1,
    kchunk: k,
    reduce: null,
  };
}

function planTiled(pr: MatmulProblem, forced?: [number, number]): MatmulPlan {
  const { m, n, k, transA, transB, lda, ldb } = pr;
  const [ai, aq] = transA ? [1, lda] : [lda, 1];
  const [bq, bj] = transB ? [1, ldb] : [ldb, 1];
  const gx = Math.ceil(n / 64), gy = Math.ceil(m / 64);
  // A GPU wants hundreds of workgroups in flight: split k when the blocks of C are few.
  const want = matmulKnobs.splitK ??
    (gx * gy < 32 && k >= 512 ? Math.min(64 / (gx * gy), k / 256) : 1);
  const [kchunk, splits] = forced ?? partition(k, want, m * n);
  return withReduce({
    variant: "tiled",
    kernel: "matmul_tiled",
    constants: {},
    uniform: [m, n, k, ai, aq, bq, bj, kchunk],
    swap: false,
    textures: false,
    groups: [gx, gy, splits],
    splits,
    kchunk,
  }, m * n);
}

/**
 * The llvmpipe cost model, in ns of one core, from measurements on this adapter (Mesa 22.3,
 * 8-lane AVX2): a vec4 storage load ~3 ns per lane (more when streaming from memory), a
 * multiply-add ~0.05 ns per lane (8 lanes per instruction, accumulators spilled to L1), a scalar
 * store ~3 ns, and ~7 ns when C is stored transposed (a scattered store per element).
 */
const NS_VEC4_LOAD = 3;
/** A texel fetch of 4 floats, fitted to the `_tex` kernels (1.4–1.9× below storage reads). */
const NS_TEXEL_LOAD = 1.8;
/** Products below this many multiply-adds keep storage operands: packing would not pay. */
const TEXTURE_MIN_MACS = 1 << 20;
/**
 * Nor do products this short in k: their time goes to storing C, and texture operands measured
 * 2× slower than storage for (12288×20)·(20×209) (22 vs 12 ms).
 */
const TEXTURE_MIN_K = 64;
const NS_FMA = 0.05;
const NS_STORE = 3;
const NS_STORE_TRANSPOSED = 7;
const NS_DISPATCH = 35_000;

/** vec4 loads per group of 4 k for one operand of a TM- (or TN-) wide tile. */
function vec4Loads(width: number, kc: boolean, ld: number): number {
  let loads = 0;
  if (kc) { for (let r = 0; r < width; r++) loads += (r * ld) % 4 === 0 ? 1 : 2; }
  else for (let u = 0; u < 4; u++) loads += width / 4 + ((u * ld) % 4 === 0 ? 0 : 1);
  return loads;
}

interface RbChoice {
  tile: readonly [number, number];
  transposed: boolean;
  splits: number;
  kchunk: number;
  ns: number;
}

/** The kernel's view of the problem: C' = A'·B' with C' = C, or Cᵀ when `transposed`. */
function rbView(pr: MatmulProblem, transposed: boolean) {
  return transposed
    ? { M: pr.n, N: pr.m, aKc: pr.transB, lda: pr.ldb, bKc: !pr.transA, ldb: pr.lda }
    : { M: pr.m, N: pr.n, aKc: !pr.transA, lda: pr.lda, bKc: pr.transB, ldb: pr.ldb };
}

/** Estimated time of one `rb` configuration on 2 cores. */
function rbCost(
  pr: MatmulProblem,
  tile: readonly [number, number],
  transposed: boolean,
  textures: boolean,
  want?: number,
  forced?: [number, number],
  simd = false,
): RbChoice {
  const view = rbView(pr, transposed);
  const { M, N, aKc, bKc } = view;
  // Texture rows start on a texel: no unaligned rows.
  const lda = textures ? 0 : view.lda, ldb = textures ? 0 : view.ldb;
  const [rows, cols] = tile;
  const tilesM = Math.ceil(M / rows), tilesN = Math.ceil(N / cols);
  const groupsX = Math.ceil(tilesN / 8), groupsY = Math.ceil(tilesM / 8);
  // 8 invocations share one SIMD instruction: lanes along x come in chunks of 8, and a chunk
  // costs as much with one tile in it as with 8 (`simd`; the partition's choice still counts
  // only the tiles, see planRb).
  const lanes = tilesM * (simd ? 8 : Math.min(tilesN, 8)) * groupsX;
  const perGroup = (textures ? NS_TEXEL_LOAD : NS_VEC4_LOAD) *
      (vec4Loads(rows, aKc, lda) + vec4Loads(cols, bKc, ldb)) +
    NS_FMA * 4 * rows * cols;
  const kGroups = Math.ceil(pr.k / 4);
  const wgs = groupsX * groupsY;
  // Split k when C has too few workgroups to keep 2 cores evenly busy.
  const wish = want ?? (wgs < 16 && pr.k >= 256 ? Math.min(16 / wgs, pr.k / 128) : 1);
  const [kchunk, splits] = forced ?? partition(pr.k, wish, M * N);
  const store = transposed ? NS_STORE_TRANSPOSED : NS_STORE;
  const work = lanes * kGroups * perGroup + splits * M * N * store;
  const units = wgs * splits;
  const reduce = splits > 1 ? NS_DISPATCH + splits * M * N * 0.5 : 0;
  // Workgroups are whole units of work for one core: few of them balance poorly.
  const ns = (work / Math.min(2, units)) * (units >= 2 ? 1 + 1 / units : 1) + reduce;
  return { tile, transposed, splits, kchunk, ns };
}

/** Whether both stored operands fit textures and the product is large enough to pack them. */
function texturesFit(pr: MatmulProblem): boolean {
  const D = pr.maxTexture ?? 0;
  const fits = (rows: number, cols: number) => rows <= D && Math.ceil(cols / 4) <= D;
  const a = pr.transA ? [pr.k, pr.m] : [pr.m, pr.k];
  const b = pr.transB ? [pr.n, pr.k] : [pr.k, pr.n];
  return D > 0 && fits(a[0], a[1]) && fits(b[0], b[1]);
}

function planRb(pr: MatmulProblem, forced?: [number, number]): MatmulPlan {
  const kn = matmulKnobs;
  const orientations = kn.transposed === undefined ? [false, true] : [kn.transposed];
  const tiles = kn.tile === undefined
    ? RB_TILES
    : RB_TILES.filter(([r, c]) => `${r}x${c}` === kn.tile);
  if (tiles.length === 0) {
    const have = RB_TILES.map(([r, c]) => `${r}x${c}`).join(", ");
    throw new Error(`matmul: no rb tile ${kn.tile} (have ${have})`);
  }
  if (kn.textures && !texturesFit(pr)) {
    throw new Error(`matmul: the operands of ${pr.m}×${pr.k}·${pr.k}×${pr.n} do not fit textures`);
  }
  const textures = kn.textures ??
    (texturesFit(pr) && pr.m * pr.n * pr.k >= TEXTURE_MIN_MACS && pr.k >= TEXTURE_MIN_K);
  // Two passes. The first chooses how k is split, as this planner always has: the split sets
  // the order in which each element's terms are added, so keeping it keeps every product's
  // numbers (and the trials' results) bit for bit. The second chooses the tile and orientation
  // for that split counting whole 8-lane SIMD chunks (a chunk with one tile costs as much as a
  // full one): a narrow C no longer gets a tile that leaves 7 of 8 lanes idle (14×12288·
  // 12288×209 measured 38 ms that way, 6 ms with a tile that fills them).
  const cheapest = (f: (t: boolean, tile: readonly [number, number]) => RbChoice) => {
    let best: RbChoice | null = null;
    for (const t of orientations) {
      for (const tile of tiles) {
        const c = f(t, tile);
        if (!best || c.ns < best.ns) best = c;
      }
    }
    return best!;
  };
  const first = cheapest((t, tile) => rbCost(pr, tile, t, textures, kn.splitK, forced));
  const split: [number, number] = [first.kchunk, first.splits];
  const best = cheapest((t, tile) => rbCost(pr, tile, t, textures, undefined, split, true));
  const { tile: [rows, cols], transposed, splits, kchunk } = best;
  const { M, N, aKc, lda, bKc, ldb } = rbView(pr, transposed);
  return withReduce({
    variant: "rb",
    kernel: `matmul_rb${rows}x${cols}${textures ? "_tex" : ""}`,
    constants: {
      A_KC: aKc ? 1 : 0,
      B_KC: bKc ? 1 : 0,
      // Texture rows are aligned: one pipeline whatever the leading dimensions.
      A_S: textures ? 0 : lda % 4,
      B_S: textures ? 0 : ldb % 4,
    },
    uniform: [M, N, pr.k, lda, ldb, kchunk, pr.k % 4 === 0 ? 0 : 1, transposed ? 1 : 0],
    swap: transposed,
    textures,
    groups: [Math.ceil(N / cols / 8), Math.ceil(M / rows / 8), splits],
    splits,
    kchunk,
  }, pr.m * pr.n);
}
