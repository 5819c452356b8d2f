/** `deno task experiment` as a user runs it: bad input, the run store it writes, the cache. */
import { strict as assert } from "node:assert";
import { listFiles, runCli } from "./helpers.ts";

const MAIN = "cli/experiment.ts";

const BAD_INPUT: [string, string[], RegExp][] = [
  ["unknown id", ["no-such-experiment"], /unknown experiment "no-such-experiment".*--list/],
  [
    "unknown param",
    ["perceptron-iris", "--set", "gamma=1"],
    /unknown param "gamma".*eta, epochs, iris/,
  ],
  ["ill-typed value", ["perceptron-iris", "--set", "epochs=ten"], /epochs="ten" is not a number/],
  ["non-integer", ["perceptron-iris", "--set", "epochs=2.5"], /epochs="2.5" is not an integer/],
  [
    "bad enum",
    ["perceptron-iris", "--set", "iris=sklearn"],
    /iris="sklearn" is not one of the choices \(one of uci, fisher/,
  ],
  [
    "malformed sweep",
    ["adaline-learning-rate", "--sweep", "lr"],
    /--sweep "lr": expected name=value/,
  ],
  [
    "empty sweep value",
    ["adaline-learning-rate", "--sweep", "lr=0.1,,0.2"],
    /empty value in the list/,
  ],
  [
    "malformed range",
    ["adaline-learning-rate", "--sweep", "lr=log:1e-4..x"],
    /expected log:lo\.\.hi:n/,
  ],
  ["unknown flag", ["--frobnicate"], /Unknown option '--frobnicate'/],
  ["bad backend", ["--backend", "tpu"], /--backend tpu: expected one of webgpu, cpu/],
  ["--jobs on webgpu", ["perceptron-iris", "--jobs", "2"], /--jobs 2 .*add --backend cpu/],
  [
    "bad seed",
    ["perceptron-iris", "--seeds", "1,-3"],
    /"-3" is not an integer in \[0, 4294967295\]/,
  ],
];

for (const [what, args, message] of BAD_INPUT) {
  Deno.test(`bad input (${what}) exits 2 with one line and writes nothing`, async () => {
    const dir = await Deno.makeTempDir();
    const r = await runCli(MAIN, [...args, "--out", `${dir}/runs`, "--site", `${dir}/site`]);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^error: /);
    assert.match(lines[0], message);
    assert.equal(r.stdout, "");
    assert.deepEqual(listFiles(dir), []);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("--list names every experiment; --help explains every flag", async () => {
  const list = await runCli(MAIN, ["--list"]);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^perceptron-iris\s+Rosenblatt/m);
  assert.match(list.stdout, /^adaline-learning-rate\s+Adaline/m);
  const help = await runCli(MAIN, ["--help"]);
  for (
    const flag of [
      "--list",
      "--backend",
      "--set",
      "--sweep",
      "--seeds",
      "--out",
      "--site",
      "--force",
      "--json",
      "--data-dir",
      "--strict",
    ]
  ) {
    assert.ok(help.stdout.includes(flag), `--help lacks ${flag}`);
  }
});

Deno.test("a run writes the run store of DESIGN.md, and a rerun is served from the cache", async () => {
  const dir = await Deno.makeTempDir();
  const args = ["adaline-learning-rate", "--backend", "cpu", "--out", `${dir}/runs`, "--no-report"];
  const r = await runCli(MAIN, args);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /adaline-learning-rate\s+3\s+6\/6\s+5\s+1\s+0 \(0\)/);
  const files = listFiles(`${dir}/runs`);
  assert.ok(files.includes("adaline-learning-rate/experiment.json"));
  const trials = files.filter((f) => f.endsWith("/manifest.json"));
  assert.equal(trials.length, 3);
  for (const m of trials) {
    const trialDir = `${dir}/runs/${m.replace("/manifest.json", "")}`;
    const manifest = JSON.parse(Deno.readTextFileSync(`${trialDir}/manifest.json`));
    for (
      const k of [
        "experiment",
        "params",
        "seed",
        "backend",
        "adapter",
        "deno",
        "git",
        "configHash",
        "codeHash",
        "plan",
        "files",
        "started",
        "finished",
        "seconds",
        "status",
      ]
    ) assert.ok(k in manifest, `manifest lacks ${k}`);
    assert.equal(manifest.backend, "cpu");
    assert.equal(manifest.status, "ok");
    const result = JSON.parse(Deno.readTextFileSync(`${trialDir}/result.json`));
    for (const c of result.claims) {
      for (
        const k of [
          "id",
          "text",
          "source",
          "expected",
          "check",
          "dtype",
          "observed",
          "pass",
          "verdict",
        ]
      ) {
        assert.ok(k in c, `claim lacks ${k}`);
      }
    }
    const csv = Deno.readTextFileSync(`${trialDir}/metrics.csv`).trim().split("\n");
    assert.equal(csv[0], "epoch,cost");
    assert.ok(csv.length >= 11);
  }
  const before = Deno.readTextFileSync(
    `${dir}/runs/${trials[0].replace("manifest", "metrics").replace(".json", ".csv")}`,
  );
  const again = await runCli(MAIN, args);
  assert.equal(again.code, 0);
  assert.equal(again.stdout.match(/\(cached\)/g)?.length, 3);
  const forced = await runCli(MAIN, [...args, "--force", "--json"]);
  const lines = forced.stdout.trim().split("\n");
  assert.equal(lines.length, 3);
  for (const l of lines) assert.equal(JSON.parse(l).experiment, "adaline-learning-rate");
  const after = Deno.readTextFileSync(
    `${dir}/runs/${trials[0].replace("manifest", "metrics").replace(".json", ".csv")}`,
  );
  assert.equal(after, before, "same seed, same backend: same bytes");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--sweep crosses with the default points and names trials by what differs", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli(MAIN, [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--sweep",
    "eta=0.1,1",
    "--sweep",
    "epochs=lin:5..10:2",
    "--out",
    dir,
    "--no-report",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const keys = listFiles(`${dir}/perceptron-iris`).filter((f) => f.endsWith("manifest.json"))
    .map((f) => f.split("/")[0].replace(/_[0-9a-f]{8}$/, "")).sort();
  assert.deepEqual(keys, ["epochs-5_seed-1", "eta-1_epochs-5_seed-1", "eta-1_seed-1", "seed-1"]);
  await Deno.remove(dir, { recursive: true });
});
