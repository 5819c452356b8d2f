/**
 * Concurrency: two processes sweeping into one store compute each trial once and neither
 * crashes; a process killed while holding a trial's lock leaves nothing stuck. (Two report
 * builds into one site: tests/report_test.ts.)
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { RunStore } from "../harness/store.ts";
import { listFiles, ROOT } from "./helpers.ts";

const MAIN = "cli/experiment.ts";

function start(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

Deno.test("two processes running one sweep into one store: no crash, every trial computed once", async () => {
  for (let round = 0; round < 3; round++) {
    const dir = await Deno.makeTempDir({ prefix: "harness-conc-" });
    const args = [
      "perceptron-iris",
      "--backend",
      "cpu",
      "--sweep",
      "eta=lin:0.01..1:20",
      "--sweep",
      "epochs=10,100",
      "--no-report",
      "--out",
      dir,
    ];
    const [a, b] = await Promise.all([start(args).output(), start(args).output()]);
    const dec = new TextDecoder();
    for (const o of [a, b]) assert.equal(o.code, 0, dec.decode(o.stderr));
    const lines = [a, b].flatMap((o) =>
      dec.decode(o.stdout).split("\n").filter((l) => /^\[\d+\/40\]/.test(l))
    );
    const computed = lines.filter((l) => !l.includes("(cached)")).length;
    assert.equal(lines.length, 80, "each process reports every trial");
    assert.equal(computed, 40, `round ${round}: ${computed} trials computed for 40 planned`);
    assert.ok(!listFiles(join(dir, "perceptron-iris")).some((f) => f.includes(".tmp")));
    assert.equal(new RunStore(dir).listTrials().length, 40);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a holder killed mid-trial does not leave its lock stuck", async () => {
  const dir = await Deno.makeTempDir({ prefix: "harness-lock-" });
  const store = new RunStore(dir);
  // A child takes a trial's lock and is killed while holding it.
  const script = join(dir, "hold.ts");
  Deno.writeTextFileSync(
    script,
    `import { RunStore } from ${
      JSON.stringify(new URL("../harness/store.ts", import.meta.url).href)
    };
await new RunStore(${JSON.stringify(dir)}).lock("exp", "key");
console.log("held");
await new Promise(() => {});`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(ROOT, "deno.json"), script],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), /held/);
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  const lock = await store.lock("exp", "key"); // returns at once: the kernel freed it
  lock.release();
  await Deno.remove(dir, { recursive: true });
});
