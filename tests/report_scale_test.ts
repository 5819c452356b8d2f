/**
 * The report at scale and under contention, each build in a process of its own (as users run it):
 *
 * - a store of 1,500 trials × 300 logged steps (planar-shallow's real experiment.json record,
 *   trials written by RunStore.writeTrial with its current code hash, so every trial counts)
 *   builds under a 1 GB V8 heap: charts inline a bounded subset, thinned, while the trials' own
 *   files are copied whole;
 * - two builds into one site at once, several rounds: both exit 0 and the site is whole;
 * - a killed build's staging folder (`<pid>-…` whose process is gone) is removed by the next.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import planarShallow from "../experiments/planar-shallow.ts";
import { applies, claimRecord } from "../harness/claims.ts";
import { codeHashOf } from "../harness/catalog.ts";
import type { MetricRow } from "../harness/experiment.ts";
import { RunStore } from "../harness/store.ts";
import {
  hash8,
  mulberry32,
  writeChartKinds,
  writeFixtureTrial,
} from "./fixtures/runstore/make_chart_kinds.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const EXPERIMENT = "planar-shallow";
const HIDDEN = 50;
const SEEDS = 30;
const STEPS = 300;

/** Writes the big store: hidden 1…50 × seeds 1…30, 300 logged steps each, with boundaries. */
function writeBigStore(root: string): number {
  // The module as the catalogue lists it: its code hash is the one the report compares with.
  const entry = {
    experiment: planarShallow,
    url: new URL("../experiments/planar-shallow.ts", import.meta.url),
  };
  const exp = entry.experiment;
  const store = new RunStore(root);
  store.writeExperiment({
    id: exp.id,
    title: exp.title,
    source: exp.source,
    description: exp.description,
    params: exp.params,
    charts: [...exp.charts],
    claims: exp.claims.map((c) => claimRecord(c, exp.source)),
  });
  const codeHash = codeHashOf(entry);
  const claims = exp.claims.map((c) => ({ c, rec: claimRecord(c, exp.source) }));
  let n = 0;
  for (let hidden = 1; hidden <= HIDDEN; hidden++) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rand = mulberry32(hidden * 1000 + seed);
      const rows: MetricRow[] = [];
      const floor = 0.15 + 0.5 / hidden;
      for (let i = 0; i < STEPS; i++) {
        const cost = floor + (0.693 - floor) * Math.exp(-i / 30) + 0.002 * rand();
        rows.push({ iteration: i * 17, cost });
      }
      const accuracy = Math.round(400 * Math.min(0.92, 0.6 + 0.3 * (1 - 1 / hidden))) / 4;
      rows.push({ iteration: STEPS * 17, accuracy });
      const grid = 20;
      const params = { hidden, iterations: 5000, logistic: false, lr: 1.2, logEvery: 17 };
      writeFixtureTrial(store, {
        experiment: EXPERIMENT,
        key: `hidden-${hidden}_seed-${seed}_${hash8(`${hidden}/${seed}`)}`,
        params,
        seed,
        codeHash,
        rows,
        outputs: {
          accuracy,
          boundary: {
            x: { min: -4, max: 4, n: grid },
            y: { min: -4, max: 4, n: grid },
            value: Array.from({ length: grid * grid }, (_, k) => (k % grid) / grid),
            points: {
              x: Array.from({ length: 100 }, () => 8 * rand() - 4),
              y: Array.from({ length: 100 }, () => 8 * rand() - 4),
              label: Array.from({ length: 100 }, (_, k) => k % 2),
            },
          },
          logisticBoundary: null,
        },
        // The hidden-size claims whose setting this trial is judge its accuracy.
        claims: claims.filter(({ c }) => applies(c, params) && /^hidden-\d+-accuracy$/.test(c.id))
          .map(({ rec }) => ({ claim: rec, observed: accuracy })),
        seconds: 1 + rand(),
      });
      n++;
    }
  }
  return n;
}

/** Runs the report CLI with a 1 GB heap; returns its exit, output and peak resident memory. */
async function boundedBuild(runs: string, out: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--max-old-space-size=1024",
      join(ROOT, "cli/report.ts"),
      "--runs",
      runs,
      "--out",
      out,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // The peak resident set (VmHWM) as /proc last saw it before the process ended.
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch { /* gone, or no /proc */ }
  }, 100);
  const output = await child.output();
  clearInterval(poll);
  const dec = new TextDecoder();
  return {
    code: output.code,
    stdout: dec.decode(output.stdout),
    stderr: dec.decode(output.stderr),
    peakMb: peakKb / 1024,
  };
}

Deno.test({
  name: "a report over 1,500 trials × 300 steps builds under a 1 GB heap",
  // Writing and reading 4,500 files takes a while on a shared machine.
  sanitizeResources: false,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "report_scale_" });
    try {
      const runs = join(tmp, "runs");
      let t = performance.now();
      const trials = writeBigStore(runs);
      const writeSeconds = (performance.now() - t) / 1000;
      assert.equal(trials, 1500);
      const site = join(tmp, "site");
      t = performance.now();
      const build = await boundedBuild(runs, site);
      const buildSeconds = (performance.now() - t) / 1000;
      assert.equal(build.code, 0, build.stderr);
      assert.equal(build.stdout.trim(), join(site, "index.html"));
      for (const f of ["index.html", "claims.html", `${EXPERIMENT}.html`, `${EXPERIMENT}.md`]) {
        assert.ok((await Deno.stat(join(site, f))).size > 0, f);
      }
      const page = await Deno.readTextFile(join(site, `${EXPERIMENT}.html`));
      // The charts inline a bounded subset: 10 of the 50 series, each thinned to ≤ 300 points.
      const cost = JSON.parse(await Deno.readTextFile(join(site, EXPERIMENT, "cost.vl.json")));
      const lines = new Set(cost.data.values.map((d: Record<string, unknown>) => d.__key));
      assert.equal(lines.size, 30, "3 seeds of each of 10 series");
      const series = new Set(cost.data.values.map((d: Record<string, unknown>) => d.__trial));
      assert.equal(series.size, 10);
      assert.ok(cost.data.values.length <= 12_000, `${cost.data.values.length} points inlined`);
      assert.match(JSON.stringify(cost.title), /10 of 50 series shown/);
      assert.match(JSON.stringify(cost.title), /30 of 1500 trials drawn/);
      const boundary = JSON.parse(
        await Deno.readTextFile(join(site, EXPERIMENT, "boundary.vl.json")),
      );
      assert.equal(boundary.concat.length, 12, "12 boundary panels of 1,500");
      assert.match(JSON.stringify(boundary.title), /12 of 1500 trials shown/);
      // Every trial's own files travel whole.
      const one = "hidden-7_seed-13_" + hash8("7/13");
      assert.equal(
        await Deno.readTextFile(join(site, EXPERIMENT, "trials", one, "metrics.csv")),
        await Deno.readTextFile(join(runs, EXPERIMENT, one, "metrics.csv")),
      );
      assert.equal(
        (await Deno.readTextFile(join(site, EXPERIMENT, "trials", one, "metrics.csv")))
          .trimEnd().split("\n").length,
        STEPS + 2,
      );
      assert.match(page, /1500 trials/);
      const size = (await Deno.stat(join(site, `${EXPERIMENT}.html`))).size / 1e6;
      console.log(
        `1,500 trials × ${STEPS} steps: store written in ${writeSeconds.toFixed(1)} s; report ` +
          `built in ${buildSeconds.toFixed(1)} s, peak RSS ${build.peakMb.toFixed(0)} MB ` +
          `(heap capped at 1024 MB), experiment page ${size.toFixed(2)} MB`,
      );
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

/** A small store written by the runner's code path: two experiments of the chart fixture. */
const smallStore = writeChartKinds;

async function reportCli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    // The task's own permissions: the command relaunches itself with write access to the site.
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      join(ROOT, "cli/report.ts"),
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** The files a whole site of the chart fixture has. */
const WHOLE = [
  "index.html",
  "index.md",
  "claims.html",
  "claims.md",
  "bench.html",
  ".report-state.json",
  "init-lr-sweep.html",
  "init-lr-sweep.md",
  "init-lr-sweep/cost.svg",
  "shallow-net-outputs.html",
  "shallow-net-outputs/boundary.vl.json",
  "assets/report.css",
  "assets/charts.js",
  "assets/vega.min.js",
  "assets/vega-lite.min.js",
  "assets/vega-embed.min.js",
];

Deno.test("two report builds into one site at once: both exit 0, the site stays whole", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "report_concurrent_" });
  try {
    const runs = join(tmp, "runs");
    smallStore(runs);
    const site = join(tmp, "site");
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all([
        reportCli(["--runs", runs, "--out", site]),
        reportCli(["--runs", runs, "--out", site]),
      ]);
      for (const r of results) {
        assert.equal(r.code, 0, `round ${round}: ${r.stderr}`);
        assert.equal(r.stdout.trim(), join(site, "index.html"));
      }
      for (const f of WHOLE) {
        assert.ok(
          await Deno.stat(join(site, f)).then(() => true, () => false),
          `round ${round}: ${f}`,
        );
      }
      // Nothing left behind but the lock: every staging folder was swapped in or removed.
      const left = [...Deno.readDirSync(join(tmp, ".site.builds"))].map((e) => e.name);
      assert.deepEqual(left, [".lock"], `round ${round}`);
    }
    console.log(`${rounds} rounds of two concurrent builds: every build exited 0, site whole`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a killed build's staging folder is removed by the next build", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "report_stale_stage_" });
  try {
    const runs = join(tmp, "runs");
    smallStore(runs);
    const site = join(tmp, "site");
    const builds = join(tmp, ".site.builds");
    // A build killed (SIGKILL) while it writes its staging folder.
    const doomed = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "cli/report.ts"), "--runs", runs, "--out", site],
      cwd: ROOT,
      stdout: "null",
      stderr: "null",
    }).spawn();
    const staging = (name: string) => /^\d+-\d+-\d+$/.test(name);
    let seen: string | undefined;
    for (let i = 0; i < 600 && !seen; i++) {
      await new Promise((r) => setTimeout(r, 25));
      seen = [...Deno.readDirSync(tmp)].some((e) => e.name === ".site.builds")
        ? [...Deno.readDirSync(builds)].map((e) => e.name).find(staging)
        : undefined;
    }
    doomed.kill("SIGKILL");
    await doomed.status;
    assert.ok(seen, "the killed build had started its staging folder");
    assert.ok(
      [...Deno.readDirSync(builds)].some((e) => e.name === seen),
      "and left it behind",
    );
    // A build still running (a lock held by this process stands in for it) is left alone.
    const live = `${Deno.pid}-99-1700000000000`;
    await Deno.mkdir(join(builds, live));
    const held = await Deno.open(join(builds, `${live}.lock`), { create: true, write: true });
    await held.lock(true);
    // A staging folder without a lock file (its build died before taking it) goes too.
    await Deno.mkdir(join(builds, "4194303-1-1700000000000"));
    try {
      const r = await reportCli(["--runs", runs, "--out", site]);
      assert.equal(r.code, 0, r.stderr);
      const left = [...Deno.readDirSync(builds)].map((e) => e.name).sort();
      assert.deepEqual(left, [".lock", live, `${live}.lock`].sort());
    } finally {
      held.close();
    }
    for (const f of WHOLE) assert.ok(await Deno.stat(join(site, f)).then(() => true, () => false));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
