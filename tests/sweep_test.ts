/**
 * The sweep harness end to end through the CLI: expansion and typing, caching, resume after a
 * kill, --jobs, sharding, divergence and --verify.
 */
import { strict as assert } from "node:assert";
import { catalog } from "../experiments/index.ts";
import { findExperiment } from "../harness/catalog.ts";
import { parseSeeds } from "../harness/cli_args.ts";
import { sweepValues } from "../harness/params.ts";
import { parseMetricsCsv } from "../harness/trial_files.ts";
import { sha256 } from "../harness/hash.ts";
import { expandTrials, shardOf } from "../harness/trials.ts";
import { metricsDifference } from "../harness/verify.ts";
import { listFiles, ROOT, runCli } from "./helpers.ts";

const MAIN = "cli/experiment.ts";
const adaline = findExperiment(catalog, "adaline-learning-rate")!.experiment;

Deno.test("sweep specs: lists, log and linear ranges, typed", () => {
  const lr = adaline.params.lr, epochs = adaline.params.epochs;
  assert.deepEqual(sweepValues("x", "lr", lr, "0.1,0.01"), [0.1, 0.01]);
  assert.deepEqual(sweepValues("x", "lr", lr, "log:1e-4..1:5"), [0.0001, 0.001, 0.01, 0.1, 1]);
  assert.deepEqual(sweepValues("x", "epochs", epochs, "lin:1..50:8"), [
    1,
    8,
    15,
    22,
    29,
    36,
    43,
    50,
  ]);
  assert.deepEqual(sweepValues("x", "epochs", epochs, "lin:1..3:5"), [1, 2, 3]);
  assert.throws(() => sweepValues("x", "epochs", epochs, "1,2.5"), /not an integer/);
  assert.throws(() => sweepValues("x", "lr", lr, "log:0..1:3"), /lo, hi > 0/);
  assert.deepEqual(parseSeeds("3"), { count: 3 });
  assert.deepEqual(parseSeeds("4,5"), { list: [4, 5] });
});

Deno.test("expansion: default points × sweeps × seeds, keys unique, hashes stable", () => {
  const req = {
    set: {},
    sweep: { epochs: [10, 20] },
    seeds: { count: 2 } as const,
    backend: "cpu",
    codeHash: "c",
  };
  const trials = expandTrials(adaline, req);
  assert.equal(trials.length, 3 * 2 * 2);
  assert.equal(new Set(trials.map((t) => t.key)).size, trials.length);
  assert.deepEqual([...new Set(trials.map((t) => t.seed))], [1, 2]);
  const again = expandTrials(adaline, req);
  assert.deepEqual(again.map((t) => t.configHash), trials.map((t) => t.configHash));
  const otherCode = expandTrials(adaline, { ...req, codeHash: "d" });
  assert.deepEqual(otherCode.map((t) => t.key), trials.map((t) => t.key), "same folder");
  assert.notDeepEqual(otherCode.map((t) => t.configHash), trials.map((t) => t.configHash));
  const gpu = expandTrials(adaline, { ...req, backend: "webgpu" });
  assert.ok(gpu.every((t, i) => t.key !== trials[i].key), "backends do not share a trial");
});

Deno.test("shards are disjoint and their union is the sweep", () => {
  const items = Array.from({ length: 17 }, (_, i) => i);
  const shards = [0, 1, 2].map((i) => shardOf(items, i, 3));
  assert.deepEqual(shards.flat().sort((a, b) => a - b), items);
  assert.ok(shards.every((s) => s.length >= 5 && s.length <= 6));
});

async function storeSnapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir)) {
    if (f.endsWith("metrics.csv") || f.endsWith("result.json")) {
      out[f] = await Deno.readTextFile(`${dir}/${f}`);
    }
  }
  return out;
}

Deno.test("--jobs 1 and --jobs 2 write identical stores; --shard i/3 unions to the sweep", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "perceptron-iris",
    "adaline-learning-rate",
    "--backend",
    "cpu",
    "--seeds",
    "2",
    "--sweep",
    "epochs=10,11",
    "--no-report",
  ];
  assert.equal((await runCli(MAIN, [...args, "--out", `${dir}/j1`, "--jobs", "1"])).code, 0);
  const j2 = await runCli(MAIN, [...args, "--out", `${dir}/j2`, "--jobs", "2"]);
  assert.equal(j2.code, 0, j2.stderr);
  const [a, b] = [await storeSnapshot(`${dir}/j1`), await storeSnapshot(`${dir}/j2`)];
  assert.equal(Object.keys(a).length, 2 * (4 + 12));
  assert.deepEqual(b, a);
  for (const i of [0, 1, 2]) {
    assert.equal(
      (await runCli(MAIN, [...args, "--out", `${dir}/shards`, "--shard", `${i}/3`])).code,
      0,
    );
  }
  assert.deepEqual(await storeSnapshot(`${dir}/shards`), a);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a killed sweep resumes: finished trials are not rerun and the store completes", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "run",
    "-A",
    MAIN,
    "perceptron-iris",
    "--backend",
    "cpu",
    "--sweep",
    "epochs=lin:300..400:12",
    "--out",
    dir,
    "--no-report",
  ];
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  let seen = "";
  while ((seen.match(/^\[/gm)?.length ?? 0) < 3) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  child.kill("SIGKILL");
  await child.status;
  await reader.cancel();
  const finished =
    listFiles(`${dir}/perceptron-iris`).filter((f) => f.endsWith("manifest.json")).length;
  assert.ok(finished >= 3 && finished < 12, `finished ${finished}`);
  const again = await runCli(MAIN, args.slice(3));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.match(/\(cached\)/g)?.length, finished);
  const dirs = listFiles(`${dir}/perceptron-iris`).filter((f) => f.endsWith("manifest.json"));
  assert.equal(dirs.length, 12);
  for (const f of dirs) {
    const trial = f.replace("/manifest.json", "");
    for (const name of ["metrics.csv", "result.json"]) {
      assert.ok(listFiles(`${dir}/perceptron-iris/${trial}`).includes(name));
    }
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a cost that overflows marks the trial diverged and the sweep goes on", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli(MAIN, [
    "adaline-learning-rate",
    "--backend",
    "cpu",
    "--set",
    "epochs=150",
    "--out",
    dir,
    "--no-report",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  const diverged = lines.filter((l) => l.status === "diverged");
  assert.equal(diverged.length, 1);
  assert.equal(diverged[0].params.lr, 0.01);
  assert.equal(diverged[0].params.standardize, false);
  assert.ok(diverged[0].divergedAt > 10 && diverged[0].divergedAt < 150);
  assert.equal(lines.filter((l) => l.status === "ok").length, 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--verify passes on an untouched store and fails on a tampered one", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(
    (await runCli(MAIN, ["adaline-learning-rate", "--backend", "cpu", "--out", dir, "--no-report"]))
      .code,
    0,
  );
  const ok = await runCli(MAIN, ["--verify", "--backend", "cpu", "--out", dir]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /verified 3 trials: 3 identical/);
  const csv = listFiles(dir).find((f) => f.endsWith("metrics.csv"))!;
  const text = await Deno.readTextFile(`${dir}/${csv}`);
  await Deno.writeTextFile(
    `${dir}/${csv}`,
    text.replace(/\n2,([0-9.]+)/, (_, v) => `\n2,${Number(v) * 1.01}`),
  );
  // An edited file no longer matches the hash its manifest recorded: the trial is corrupt.
  const bad = await runCli(MAIN, ["--verify", "--backend", "cpu", "--out", dir]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /UNVERIFIED adaline-learning-rate .*metrics\.csv is not the file/);
  // A consistent store whose numbers differ from a rerun (as other code would write): differs.
  const manifestPath = `${dir}/${csv.replace("metrics.csv", "manifest.json")}`;
  const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
  manifest.files["metrics.csv"] = sha256(await Deno.readTextFile(`${dir}/${csv}`));
  await Deno.writeTextFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  const differs = await runCli(MAIN, ["--verify", "--backend", "cpu", "--out", dir]);
  assert.equal(differs.code, 1);
  assert.match(
    differs.stdout,
    /MISMATCH adaline-learning-rate .*metrics differ: largest relative difference 9\.9\de-3/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--batch auto runs an lr sweep together, equal to one-by-one runs within float32, and --verify reruns the batch", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "planar-shallow",
    "--quick",
    "--set",
    "hidden=4",
    "--set",
    "logistic=false",
    "--set",
    "iterations=300",
    "--sweep",
    "lr=0.3,0.6,1.2",
    "--backend",
    "webgpu",
    "--no-report",
  ];
  const on = await runCli(MAIN, [...args, "--out", `${dir}/on`]);
  assert.equal(on.code, 0, on.stderr);
  const off = await runCli(MAIN, [...args, "--out", `${dir}/off`, "--batch", "off"]);
  assert.equal(off.code, 0, off.stderr);
  const a = await storeSnapshot(`${dir}/on`), b = await storeSnapshot(`${dir}/off`);
  const csvs = Object.keys(a).filter((f) => f.endsWith("metrics.csv"));
  assert.equal(csvs.length, 3);
  for (const f of csvs) {
    const diff = metricsDifference(parseMetricsCsv(a[f]), parseMetricsCsv(b[f]));
    assert.ok(diff < 1e-3, `${f}: relative difference ${diff}`);
  }
  // The manifests name the batch, and --verify reruns it as one: byte for byte again.
  const manifests = listFiles(`${dir}/on`).filter((f) => f.endsWith("manifest.json"));
  assert.equal(manifests.length, 3);
  for (const f of manifests) {
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/on/${f}`)).batch.length, 3);
  }
  const verify = await runCli(MAIN, ["--verify", "--backend", "webgpu", "--out", `${dir}/on`]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /verified 3 trials: 3 identical/);
  assert.match(verify.stdout, /identical on webgpu \(rerun in its batch of 3\)/);
  assert.equal(
    (await runCli(MAIN, [...args, "--out", `${dir}/x`, "--batch", "sometimes"])).code,
    2,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--batch auto stacks learning-rate's 7 logistic regressions: every file as --batch off writes it, on webgpu and cpu", async () => {
  const dir = await Deno.makeTempDir();
  for (const backend of ["webgpu", "cpu"]) {
    const args = ["learning-rate", "--quick", "--backend", backend, "--no-report"];
    const on = await runCli(MAIN, [...args, "--out", `${dir}/${backend}-on`]);
    assert.equal(on.code, 0, on.stderr);
    const off = await runCli(MAIN, [...args, "--out", `${dir}/${backend}-off`, "--batch", "off"]);
    assert.equal(off.code, 0, off.stderr);
    // The stacked products add each trial's terms in its lone order: byte for byte the same.
    const a = await storeSnapshot(`${dir}/${backend}-on`);
    assert.equal(Object.keys(a).length, 14);
    assert.deepEqual(a, await storeSnapshot(`${dir}/${backend}-off`));
    const manifests = listFiles(`${dir}/${backend}-on`).filter((f) => f.endsWith("manifest.json"));
    for (const f of manifests) {
      const m = JSON.parse(await Deno.readTextFile(`${dir}/${backend}-on/${f}`));
      assert.equal(m.batch.length, 7);
      assert.deepEqual(m.training, { layered: 0, fused: 0, stacked: 1 });
    }
  }
  const verify = await runCli(MAIN, ["--verify", "--out", `${dir}/webgpu-on`]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /verified 7 trials: 7 identical/);
  assert.match(verify.stdout, /identical on webgpu \(rerun in its batch of 7\)/);
  await Deno.remove(dir, { recursive: true });
});
