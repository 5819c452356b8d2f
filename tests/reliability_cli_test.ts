/**
 * Bad input, tried as a careless or hostile user would: each case is one line on stderr saying
 * what was wrong and what to do, exit code 2, and nothing written. Then the long-work
 * experience: an empty shard warns, Ctrl-C says how to resume, the heartbeat reaches a log.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { expandTrials } from "../harness/trials.ts";
import { catalog } from "../experiments/index.ts";
import { findExperiment } from "../harness/catalog.ts";
import { listFiles, ROOT, runCli } from "./helpers.ts";

const MAIN = "cli/experiment.ts";

/** [what, args (run in a fresh folder `D`), the line's pattern]; `D/` is replaced by the folder. */
const CASES: [string, string[], RegExp][] = [
  [
    "--site names a file",
    ["perceptron-iris", "--site", "D/file.txt"],
    /--site .*file\.txt is a file/,
  ],
  ["--out names a file", ["perceptron-iris", "--out", "D/file.txt"], /--out .*file\.txt is a file/],
  [
    "--out is the site",
    ["perceptron-iris", "--out", "D/x", "--site", "D/x"],
    /is the same folder as/,
  ],
  [
    "--out inside the site",
    ["perceptron-iris", "--out", "D/site/runs", "--site", "D/site"],
    /is inside --site/,
  ],
  ["--out inside the site's builds", [
    "perceptron-iris",
    "--out",
    "D/.site.builds/x",
    "--site",
    "D/site",
  ], /is inside the site's build folder/],
  [
    "--jobs -1",
    ["perceptron-iris", "--backend", "cpu", "--jobs", "-1"],
    /--jobs "-1": expected a whole number from 1 to 256/,
  ],
  ["--jobs 0x10", ["perceptron-iris", "--backend", "cpu", "--jobs", "0x10"], /--jobs "0x10"/],
  [
    "an integer param as 0x10",
    ["perceptron-iris", "--set", "epochs=0x10"],
    /epochs="0x10" is not a number/,
  ],
  [
    "an integer param as 1e1",
    ["perceptron-iris", "--set", "epochs=1e1"],
    /epochs="1e1" is not an integer/,
  ],
  [
    "an integer param as 0b11",
    ["perceptron-iris", "--set", "epochs=0b11"],
    /epochs="0b11" is not a number/,
  ],
  ["--seeds 0x10", ["perceptron-iris", "--seeds", "0x10,1"], /"0x10" is not an integer/],
  [
    "--out given twice",
    ["perceptron-iris", "--out", "D/a", "--out", "D/b"],
    /--out is given 2 times; give it once/,
  ],
  [
    "--backend given twice",
    ["perceptron-iris", "--backend", "cpu", "--backend", "cpu"],
    /--backend is given 2 times/,
  ],
  [
    "a param set twice",
    ["perceptron-iris", "--set", "eta=1", "--set", "eta=2"],
    /"eta" is already set or swept/,
  ],
  [
    "a param set and swept",
    ["perceptron-iris", "--set", "eta=1", "--sweep", "eta=1,2"],
    /"eta" is already set or swept/,
  ],
  [
    "a sweep past the cap",
    ["perceptron-iris", "--sweep", "eta=lin:1..2:100000000"],
    /100000000 points is more than 10000/,
  ],
  ["a plan past the cap", [
    "perceptron-iris",
    "--sweep",
    "eta=lin:0.01..1:10000",
    "--sweep",
    "epochs=lin:1..100:100",
  ], /plans 1,000,000 trials, more than 100,000/],
  [
    "an id with a newline",
    ["perceptron-iris\nrm -rf"],
    /unknown experiment "perceptron-iris\\nrm -rf"/,
  ],
  ["an id with an ANSI escape", ["\u001b[31mred"], /unknown experiment "\\u001b\[31mred"/],
  [
    "--verify on a file",
    ["--verify", "--out", "README.md"],
    /--verify: README\.md is not a run store/,
  ],
  ["--verify on a folder with no trials", ["--verify", "--out", "D"], /holds no trials/],
  ["--heartbeat 0", ["perceptron-iris", "--heartbeat", "0"], /--heartbeat "0"/],
  [
    "an initSeed RandomState cannot take",
    ["init-circles", "--set", "initSeed=4294967296"],
    /initSeed="4294967296" is above the maximum 4294967295/,
  ],
];

for (const [what, args, message] of CASES) {
  Deno.test(`bad input (${what}): one line, exit 2, nothing written`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "harness-cli-" });
    Deno.writeTextFileSync(join(dir, "file.txt"), "a user's file\n");
    const given = args.map((a) => a.replace(/^D(?=\/|$)/, dir));
    const site = given.includes("--site") ? [] : ["--site", join(dir, "site")];
    const out = given.includes("--out") ? [] : ["--out", join(dir, "runs")];
    const r = await runCli(MAIN, [...given, ...out, ...site]);
    assert.equal(r.code, 2, `${what}: ${r.stdout}${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^error: /);
    assert.match(lines[0], message);
    assert.ok(!r.stderr.includes("\u001b"), "no raw escape reaches the terminal");
    assert.deepEqual(listFiles(dir), ["file.txt"], "nothing written");
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("a read-only folder is one clear line before any trial runs", async () => {
  const r = await runCli(MAIN, [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--out",
    "/proc/harness-runs",
    "--no-report",
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr.trim(),
    /^error: --out \/proc\/harness-runs: cannot write there .*; give a folder you can write to$/,
  );
});

Deno.test("an empty shard warns and exits 0", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli(MAIN, [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--shard",
    "3/4",
    "--out",
    dir,
    "--no-report",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /warning: shard 3\/4 has no trials \(the plan has 1\)/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a 30,000-point sweep plans (the expansion is linear)", () => {
  const exp = findExperiment(catalog, "perceptron-iris")!.experiment;
  const values = Array.from({ length: 30_000 }, (_, i) => 0.001 + i * 1e-5);
  const trials = expandTrials(exp, {
    set: {},
    sweep: { eta: values },
    backend: "cpu",
    codeHash: "x",
  });
  assert.equal(trials.length, 30_000);
  assert.equal(new Set(trials.map((t) => t.key)).size, 30_000);
});

Deno.test("Ctrl-C says how many trials were saved and how to resume, exit 130", async () => {
  const dir = await Deno.makeTempDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "perceptron-iris",
      "--backend",
      "cpu",
      "--sweep",
      "eta=lin:0.01..1:50",
      "--sweep",
      "epochs=2000",
      "--out",
      dir,
      "--no-report",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  let seen = "";
  while (!/\[1\/50\]/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  child.kill("SIGINT");
  reader.releaseLock();
  const out = await child.output();
  assert.equal(out.code, 130);
  assert.match(
    new TextDecoder().decode(out.stderr),
    /interrupted: \d+ of 50 trials saved; rerun the same command to resume/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("off a terminal a heartbeat line reports the running trial's step and an ETA", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli(MAIN, [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--set",
    "epochs=2500",
    "--heartbeat",
    "1",
    "--out",
    dir,
    "--no-report",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /… 0\/1 trials done, running perceptron-iris .*, ETA/);
  await Deno.remove(dir, { recursive: true });
});
