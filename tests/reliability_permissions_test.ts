/**
 * Least privilege: the tasks start with read access only and run again with write access to
 * exactly the folders a command names (resolved through symlinks); a symlink inside a store that
 * leads out of it is refused; the repository's git config cannot make an experiment run a
 * program.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { listFiles, ROOT } from "./helpers.ts";

/** Runs a command as its task does: read, env and run permissions, no write. */
async function asTask(script: string, args: string[], cwd = ROOT) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", "--allow-run", script, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("the experiment task writes a store and a site anywhere the user names, through a symlink too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "harness-perm-" });
  Deno.mkdirSync(join(dir, "elsewhere"));
  Deno.symlinkSync(join(dir, "elsewhere"), join(dir, "link"));
  const r = await asTask("cli/experiment.ts", [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--out",
    join(dir, "link", "runs"),
    "--site",
    join(dir, "site"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  // The store went where the link leads; the site beside it; nothing else was written.
  assert.ok(listFiles(join(dir, "elsewhere", "runs")).some((f) => f.endsWith("result.json")));
  assert.ok(listFiles(join(dir, "site")).includes("index.html"));
  const top = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepEqual(
    top.filter((n) => ![".site.builds", "elsewhere", "link", "site"].includes(n)),
    [],
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a symlink inside a store that leads out of it is refused before anything runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "harness-perm-" });
  Deno.mkdirSync(join(dir, "store"));
  Deno.mkdirSync(join(dir, "outside"));
  Deno.symlinkSync(join(dir, "outside"), join(dir, "store", "perceptron-iris"));
  const r = await asTask("cli/experiment.ts", [
    "perceptron-iris",
    "--backend",
    "cpu",
    "--out",
    join(dir, "store"),
    "--no-report",
  ]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(
    r.stderr.trim(),
    /^error: .*perceptron-iris is a symlink to .*outside, outside the run store; remove it/,
  );
  assert.deepEqual(listFiles(join(dir, "outside")), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the report task writes only the site it is given", async () => {
  const dir = await Deno.makeTempDir({ prefix: "harness-perm-" });
  const run = await asTask("cli/experiment.ts", [
    "cross-entropy",
    "--backend",
    "cpu",
    "--out",
    join(dir, "runs"),
    "--no-report",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const r = await asTask("cli/report.ts", [
    "--runs",
    join(dir, "runs"),
    "--out",
    join(dir, "pages"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(listFiles(join(dir, "pages")).includes("cross-entropy.html"));
  const bad = await asTask("cli/report.ts", [
    "--runs",
    join(dir, "runs"),
    "--out",
    join(dir, "runs"),
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: /);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("git config in the checkout cannot make an experiment run a program", async () => {
  const dir = await Deno.makeTempDir({ prefix: "harness-git-" });
  const clone = join(dir, "clone");
  const git = (args: string[], cwd = ROOT) =>
    new Deno.Command("git", { args, cwd, stdout: "null", stderr: "null" }).output();
  assert.ok((await git(["clone", "--quiet", "--local", "--no-hardlinks", ROOT, clone])).success);
  // Whatever the working tree holds beyond the last commit is copied over, so the clone runs
  // this code.
  for (
    const f of listFiles(ROOT).filter((f) =>
      /^(cli|harness|kernels|nn|data|numpy|schema|experiments|reports|lectures)\//.test(f) ||
      f === "deno.json" || f === "deno.lock"
    )
  ) {
    Deno.mkdirSync(join(clone, f, ".."), { recursive: true });
    Deno.copyFileSync(join(ROOT, f), join(clone, f));
  }
  const marker = join(dir, "ran");
  for (
    const [k, v] of [["core.fsmonitor", `touch ${marker}`], ["core.hooksPath", dir], [
      "alias.status",
      `!touch ${marker}`,
    ]]
  ) {
    assert.ok((await git(["config", k, v], clone)).success);
  }
  Deno.writeTextFileSync(join(dir, "post-checkout"), `#!/bin/sh\ntouch ${marker}\n`);
  const r = await asTask("cli/experiment.ts", [
    "cross-entropy",
    "--backend",
    "cpu",
    "--out",
    join(dir, "runs"),
    "--no-report",
  ], clone);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!listFiles(dir).includes("ran"), "a configured program ran");
  const manifest = listFiles(join(dir, "runs")).find((f) => f.endsWith("manifest.json"))!;
  const m = JSON.parse(Deno.readTextFileSync(join(dir, "runs", manifest)));
  assert.match(m.git.commit, /^[0-9a-f]{40}$/, "the commit is still read");
  await Deno.remove(dir, { recursive: true });
});
