/**
 * Store integrity: nothing finished is lost and nothing corrupt is counted. Each case damages a
 * real store the way a crash, a full disk or a careless edit would, then checks that a rerun
 * names the bad trial, keeps it under `.corrupt/` and recomputes it, and that `--verify` names
 * every trial it could not verify and exits 1.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { parseJson } from "../schema/json.ts";
import { listFiles, runCli } from "./helpers.ts";

const MAIN = "cli/experiment.ts";
const RUN = ["perceptron-iris", "cross-entropy", "--backend", "cpu", "--no-report"];

/** A fresh store with the two experiments' trials; returns it and the perceptron trial's folder. */
async function freshStore(): Promise<{ dir: string; trial: string }> {
  const dir = await Deno.makeTempDir({ prefix: "harness-store-" });
  const r = await runCli(MAIN, [...RUN, "--out", dir]);
  assert.equal(r.code, 0, r.stderr);
  const key = listFiles(join(dir, "perceptron-iris")).find((f) => f.endsWith("/manifest.json"))!
    .split("/")[0];
  return { dir, trial: join(dir, "perceptron-iris", key) };
}

const DAMAGE: [string, (trial: string) => void, RegExp][] = [
  [
    "an edited observation with pass left true",
    (t) => {
      const f = join(t, "result.json");
      Deno.writeTextFileSync(
        f,
        Deno.readTextFileSync(f).replace('"observed": 6', '"observed": 12345'),
      );
    },
    /result\.json is not the file its manifest recorded|stored reproduced/,
  ],
  [
    "an empty result.json",
    (t) => Deno.writeTextFileSync(join(t, "result.json"), ""),
    /result\.json/,
  ],
  [
    "a truncated result.json",
    (t) => {
      const f = join(t, "result.json");
      Deno.writeTextFileSync(f, Deno.readTextFileSync(f).slice(0, 200));
    },
    /result\.json is not valid JSON/,
  ],
  [
    "a truncated metrics.csv",
    (t) => {
      const f = join(t, "metrics.csv");
      const text = Deno.readTextFileSync(f);
      Deno.writeTextFileSync(f, text.slice(0, Math.floor(text.length / 2)));
    },
    /metrics\.csv/,
  ],
  [
    "a garbage manifest.json",
    (t) => Deno.writeTextFileSync(join(t, "manifest.json"), "{garbage"),
    /manifest\.json is not valid JSON/,
  ],
  [
    "a missing manifest.json",
    (t) => Deno.removeSync(join(t, "manifest.json")),
    /manifest\.json is missing/,
  ],
];

for (const [what, damage, reason] of DAMAGE) {
  Deno.test(`${what}: named, set aside, recomputed; --verify names it and exits 1`, async () => {
    const { dir, trial } = await freshStore();
    const original = Deno.readTextFileSync(join(trial, "metrics.csv"));
    damage(trial);
    const verify = await runCli(MAIN, ["--verify", "--out", dir]);
    assert.equal(verify.code, 1, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /UNVERIFIED perceptron-iris .*corrupt/);
    assert.match(verify.stdout, reason);
    const rerun = await runCli(MAIN, [...RUN, "--out", dir]);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(
      rerun.stdout,
      /corrupt trial perceptron-iris .* set aside to .*\.corrupt.* and recomputed/,
    );
    // Kept, not deleted: the damaged folder is under .corrupt/ with the reason beside it.
    const kept = listFiles(join(dir, "perceptron-iris", ".corrupt"));
    assert.ok(kept.some((f) => f.endsWith("REASON.txt")), kept.join(", "));
    // Recomputed: the trial is whole again, with the same numbers as before the damage.
    assert.equal(Deno.readTextFileSync(join(trial, "metrics.csv")), original);
    const after = await runCli(MAIN, ["--verify", "--out", dir]);
    assert.equal(after.code, 0, after.stdout);
    assert.match(after.stdout, /verified 2 trials: 2 identical/);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("--verify on an empty store says so, exit 2", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli(MAIN, ["--verify", "--out", dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: --verify: .* holds no trials/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a temporary folder a killed writer left is removed on the next run", async () => {
  const { dir, trial } = await freshStore();
  const key = trial.split("/").at(-1)!;
  const stale = join(dir, "perceptron-iris", `.${key}.999999.tmp`);
  Deno.mkdirSync(stale);
  Deno.writeTextFileSync(join(stale, "metrics.csv"), "half");
  const r = await runCli(MAIN, [...RUN, "--out", dir, "--force"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!listFiles(join(dir, "perceptron-iris")).some((f) => f.includes(".tmp")));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("NaN and ±Infinity stay distinct in result.json, and a non-finite output marks the trial diverged", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli(MAIN, [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--set",
    "eta=1e308",
    "--no-report",
    "--out",
    dir,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const result = listFiles(dir).find((f) => f.endsWith("result.json"))!;
  const text = Deno.readTextFileSync(join(dir, result));
  const parsed = parseJson(text) as { status: string; outputs: { weights: number[] } };
  assert.equal(parsed.status, "diverged");
  assert.ok(parsed.outputs.weights.some((w) => !Number.isFinite(w)), text.slice(0, 300));
  assert.match(text, /"\$number": "(-?Infinity|NaN)"/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a killed sweep resumes: finished trials are kept, the rest computed, the store equals an uninterrupted one", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--sweep",
    "eta=lin:0.05..1:12",
    "--sweep",
    "epochs=300",
    "--no-report",
  ];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args, "--out", join(dir, "killed")],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  // Kill it after its first finished trial.
  const reader = child.stdout.getReader();
  let seen = "";
  while (!/\[1\/12\]/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  const resumed = await runCli(MAIN, [...args, "--out", join(dir, "killed")]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /cached/);
  const whole = await runCli(MAIN, [...args, "--out", join(dir, "whole")]);
  assert.equal(whole.code, 0);
  const files = (root: string) =>
    listFiles(root).filter((f) => /(metrics\.csv|result\.json)$/.test(f) && !f.includes("/."));
  assert.deepEqual(files(join(dir, "killed")), files(join(dir, "whole")));
  for (const f of files(join(dir, "whole"))) {
    assert.equal(
      Deno.readTextFileSync(join(dir, "killed", f)),
      Deno.readTextFileSync(join(dir, "whole", f)),
      f,
    );
  }
  await Deno.remove(dir, { recursive: true });
});
