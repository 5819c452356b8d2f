/**
 * The scale-out path on a real cluster manager: a one-node Slurm cluster on localhost (munged,
 * slurmctld, slurmd from Debian's packages, installed when missing), a 4-task array of
 * deploy/slurm/sweep.sbatch and the merge job after it (deploy/slurm/submit.sh), compared with
 * the same sweep run in one process: the same trials, byte-identical metrics.csv and result.json.
 * The daemons run with this test's own config, ports and munge socket, and are stopped at the
 * end. Skips, saying why, where Slurm cannot be had (not Linux, not root, no apt-get).
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { listFiles, ROOT } from "./helpers.ts";

const SWEEP = [
  "perceptron-iris",
  "--backend",
  "cpu",
  "--sweep",
  "eta=0.01,0.1,1",
  "--sweep",
  "epochs=5,10",
];

async function sh(cmd: string, args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const out = await new Deno.Command(cmd, { args, env, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { ok: out.success, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function has(cmd: string): Promise<boolean> {
  return (await sh("sh", ["-c", `command -v ${cmd}`]).catch(() => ({ ok: false }))).ok;
}

/** Why this machine cannot run the test, or null once Slurm's binaries are there. */
async function unavailable(): Promise<string | null> {
  if (Deno.build.os !== "linux") return "Slurm needs Linux";
  const bins = ["slurmctld", "slurmd", "munged", "sbatch", "squeue", "scontrol"];
  if ((await Promise.all(bins.map(has))).every(Boolean)) return null;
  if (Deno.uid() !== 0) return "Slurm is not installed and installing it needs root";
  if (!(await has("apt-get"))) return "Slurm is not installed and there is no apt-get";
  const install = await sh("sh", [
    "-c",
    "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd munge slurm-client " +
    "|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " +
    "slurmctld slurmd munge slurm-client)",
  ]);
  if (!install.ok) return `installing slurmctld slurmd munge failed: ${install.stderr.slice(-300)}`;
  return (await Promise.all(bins.map(has))).every(Boolean) ? null : "Slurm binaries still missing";
}

const reason = await unavailable();
if (reason) console.log(`slurm_test skipped: ${reason}`);

/** A TCP port nobody listens on. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A one-node cluster in `dir`: its own config, state, ports and munge socket. */
async function startCluster(
  dir: string,
): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  // The node's name as Slurm will see it (Deno.hostname would need --allow-sys).
  const host = (await sh("hostname", [])).stdout.trim();
  for (const d of ["state", "spool", "log", "munge"]) {
    await Deno.mkdir(join(dir, d), { recursive: true });
  }
  const key = join(dir, "munge", "munge.key");
  const socket = join(dir, "munge", "munge.sock");
  const made = await sh("mungekey", ["--create", `--keyfile=${key}`]);
  if (!made.ok) throw new Error(`mungekey: ${made.stderr}`);
  await Deno.chmod(key, 0o600);
  const conf = join(dir, "slurm.conf");
  await Deno.writeTextFile(
    conf,
    [
      "ClusterName=harness-test",
      `SlurmctldHost=${host}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      `SlurmctldPort=${freePort()}`,
      `SlurmdPort=${freePort()}`,
      "AuthType=auth/munge",
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SchedulerType=sched/backfill",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "ReturnToService=2",
      "MpiDefault=none",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      `NodeName=${host} CPUs=${navigator.hardwareConcurrency} RealMemory=2000 State=UNKNOWN`,
      `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env = { SLURM_CONF: conf };
  const munge = await sh("munged", [
    `--socket=${socket}`,
    `--key-file=${key}`,
    `--pid-file=${dir}/munge/munged.pid`,
    `--log-file=${dir}/log/munged.log`,
    `--seed-file=${dir}/munge/munged.seed`,
    "--force",
  ]);
  if (!munge.ok) throw new Error(`munged: ${munge.stderr}`);
  const stop = async () => {
    await sh("scontrol", ["shutdown"], env);
    for (const pid of ["slurmctld.pid", "slurmd.pid", "munge/munged.pid"]) {
      const text = await Deno.readTextFile(join(dir, pid)).catch(() => "");
      const n = Number(text.trim());
      if (n > 0) {
        try {
          Deno.kill(n, "SIGTERM");
        } catch { /* already stopped */ }
      }
    }
  };
  for (const daemon of ["slurmctld", "slurmd"]) {
    const r = await sh(daemon, ["-f", conf], env);
    if (!r.ok) {
      await stop();
      throw new Error(`${daemon}: ${r.stderr}`);
    }
  }
  // Ready when the node reports idle.
  for (let i = 0; i < 60; i++) {
    const s = await sh("sinfo", ["-h", "-o", "%t"], env);
    if (s.stdout.trim() === "idle") return { env, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error("the Slurm node never became idle");
}

Deno.test({
  name: "a 4-task Slurm array of shards, merged, equals the single-process run",
  ignore: reason !== null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "harness-slurm-" });
    const cluster = await startCluster(join(dir, "cluster"));
    try {
      const deno = Deno.execPath();
      const single = await sh(deno, [
        "run",
        "-A",
        "cli/experiment.ts",
        ...SWEEP,
        "--out",
        join(dir, "single"),
        "--no-report",
      ]);
      assert.ok(single.ok, single.stderr);
      const t0 = performance.now();
      const env = {
        ...cluster.env,
        DENO: deno,
        SHARDS: join(dir, "runs-shard"),
        MERGED: join(dir, "merged"),
        SITE: join(dir, "site"),
        SBATCH_ARGS: `--output=${join(dir, "slurm-%j.out")}`,
      };
      const submit = await sh("deploy/slurm/submit.sh", ["4", ...SWEEP], env);
      assert.ok(submit.ok, submit.stderr);
      const ids = [...submit.stdout.matchAll(/job (\d+)/g)].map((m) => m[1]);
      assert.equal(ids.length, 2, submit.stdout);
      for (let i = 0;; i++) {
        const q = await sh("squeue", ["-h", "-j", ids.join(",")], cluster.env);
        if (q.stdout.trim() === "") break;
        assert.ok(i < 600, "the Slurm jobs did not finish within 5 minutes");
        await new Promise((r) => setTimeout(r, 500));
      }
      const seconds = (performance.now() - t0) / 1000;
      const logs = (await Promise.all(
        [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".out"))
          .map(async (e) => `${e.name}:\n${await Deno.readTextFile(join(dir, e.name))}`),
      )).join("\n");
      const files = (root: string) =>
        listFiles(root).filter((f) =>
          /\/(metrics\.csv|result\.json)$/.test(f) && !f.includes("/.")
        );
      const want = files(join(dir, "single"));
      assert.ok(want.length >= 12, `the single run wrote ${want.length} files`);
      assert.deepEqual(
        files(join(dir, "merged")),
        want,
        `merged store differs in its trials\n${logs}`,
      );
      for (const f of want) {
        assert.equal(
          await Deno.readTextFile(join(dir, "merged", f)),
          await Deno.readTextFile(join(dir, "single", f)),
          `${f} differs between the Slurm run and the single-process run`,
        );
      }
      assert.ok(
        (await Deno.stat(join(dir, "site", "index.html"))).isFile,
        "the merge job built no report",
      );
      console.log(
        `slurm: 4-task array + merge finished in ${seconds.toFixed(1)} s; ${
          want.length / 2
        } trials identical to the single-process run`,
      );
    } finally {
      await cluster.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
