/**
 * A 16-trial learning-rate sweep of planar-shallow against one trial, measured two ways in one
 * run:
 * - kernel level: `trainBatched` on 16 networks vs 1 (nn/fused.ts; the data on the device, no
 *   evaluation), the training alone;
 * - harness level: `cli/experiment.ts planar-shallow --sweep lr=… --batch auto` as a user runs
 *   it, a `deno run` subprocess writing into a fresh temporary run store (no cached trials), vs
 *   the same command with one learning rate. Wall time of the whole command (process start,
 *   planning, training, each trial's accuracy and decision boundary, the store), and the time
 *   the trials themselves took (their manifests' seconds, summed).
 *
 * The network is the experiment's default one, [2, 4, 1] tanh on the course's 400 planar points
 * for 10000 iterations from RandomState(2) weights; logistic regression (the experiment's
 * per-trial comparison, trained one trial at a time) is switched off so that the sweep times
 * the batched network.
 */
import { coursePlanar } from "../data/planar.ts";
import { RandomState } from "../numpy/rng.ts";
import { trainBatched } from "../nn/fused.ts";
import { initializeParameters } from "../nn/init.ts";
import type { BenchContext, BenchModule, Cell, Section } from "./report.ts";
import { median } from "./timing.ts";

const ITERATIONS = 10000;
const SPEC = { layerDims: [2, 4, 1], hidden: "tanh" as const };
/** The sweep's learning rates, 0.1·1.2^i: all train without diverging. */
export const SWEEP_LRS: readonly number[] = Array.from({ length: 16 }, (_, i) => 0.1 * 1.2 ** i);

/** Milliseconds of `trainBatched` on the planar network with these learning rates. */
async function kernelSweep(ctx: BenchContext, lrs: readonly number[], iterations: number) {
  const g = ctx.gpu!;
  const d = coursePlanar();
  const X = g.fromArray(d.X, [2, d.m]), Y = g.fromArray(d.Y, [1, d.m]);
  const values = initializeParameters(new RandomState(2), SPEC.layerDims, "random", {
    scale: 0.01,
  });
  try {
    await g.flush();
    const t = performance.now();
    await trainBatched(
      g,
      SPEC,
      lrs.map(() => values),
      X,
      Y,
      lrs.map((learningRate) => ({ learningRate })),
      { optimizer: "gd", epochs: iterations, logEvery: 1000 },
    );
    return performance.now() - t;
  } finally {
    X.dispose();
    Y.dispose();
  }
}

/** One harness run's figures. */
export interface HarnessRun {
  /** Wall time of the whole command. */
  ms: number;
  /** The trials' own time (manifest seconds, summed), ms. */
  trialMs: number;
  trials: number;
  /** Trials reused from a store: 0 in a fresh one. */
  cached: number;
  /** Distinct start times: 1 when the trials ran as one batch. */
  batches: number;
  statuses: string[];
}

/**
 * Runs `cli/experiment.ts planar-shallow` for these learning rates in a `deno run` subprocess
 * with a fresh temporary run store, and times it.
 */
export async function harnessSweep(
  lrs: readonly number[],
  iterations: number,
): Promise<HarnessRun> {
  const root = new URL("../", import.meta.url);
  const out = await Deno.makeTempDir({ prefix: "bench-sweep-" });
  try {
    const cmd = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--config",
        new URL("deno.json", root).pathname,
        "--allow-read",
        `--allow-write=${out}`,
        "--allow-env",
        "--allow-run=git",
        new URL("cli/experiment.ts", root).pathname,
        "planar-shallow",
        "--set",
        "hidden=4",
        "--set",
        `iterations=${iterations}`,
        "--set",
        "logistic=false",
        "--sweep",
        `lr=${lrs.join(",")}`,
        "--batch",
        "auto",
        "--out",
        out,
        "--no-report",
        "--json",
      ],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "piped",
    });
    const t = performance.now();
    const r = await cmd.output();
    const ms = performance.now() - t;
    if (!r.success) {
      const err = new TextDecoder().decode(r.stderr).trim().split("\n").slice(-3).join(" | ");
      throw new Error(`harness sweep failed (exit ${r.code}): ${err}`);
    }
    const rows = new TextDecoder().decode(r.stdout).trim().split("\n").map((l) =>
      JSON.parse(l) as { seconds: number; cached: boolean; started: string; status: string }
    );
    return {
      ms,
      trialMs: 1000 * rows.reduce((a, m) => a + m.seconds, 0),
      trials: rows.length,
      cached: rows.filter((m) => m.cached).length,
      batches: new Set(rows.map((m) => m.started)).size,
      statuses: rows.map((m) => m.status),
    };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

export const sweepBench: BenchModule = {
  id: "sweep",
  describe: "planar lr sweep, 16 trials batched vs 1: trainBatched and the harness CLI",
  async run(ctx: BenchContext): Promise<Section> {
    const rows: Record<string, Cell>[] = [];
    const notes: string[] = [];
    const runs = ctx.quick ? 1 : 3;
    const iterations = ctx.quick ? ITERATIONS / 10 : ITERATIONS;
    const one = SWEEP_LRS.slice(0, 1);
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    if (ctx.gpu) {
      ctx.log(`sweep: trainBatched, ${iterations} iterations`);
      // First runs compile the kernels (Mesa also caches them on disk): not counted.
      await kernelSweep(ctx, one, 10);
      await kernelSweep(ctx, SWEEP_LRS, 10);
      const k1: number[] = [], k16: number[] = [];
      for (let r = 0; r < runs; r++) {
        k1.push(await kernelSweep(ctx, one, iterations));
        k16.push(await kernelSweep(ctx, SWEEP_LRS, iterations));
      }
      const [a, b] = [median(k16), median(k1)];
      rows.push(
        { case: "trainBatched: 16 trials", ms: a, trialMs: null, ratio: a / b },
        { case: "trainBatched: 1 trial", ms: b, trialMs: null, ratio: 1 },
      );
      notes.push(`kernel level (training only): 16 trials / 1 = ${ratio(a, b)}`);
    } else {
      notes.push("no WebGPU adapter: kernel level not measured");
    }
    ctx.log(`sweep: harness CLI, ${iterations} iterations`);
    await harnessSweep(one, 10);
    await harnessSweep(SWEEP_LRS, 10);
    const h1: HarnessRun[] = [], h16: HarnessRun[] = [];
    for (let r = 0; r < runs; r++) {
      h1.push(await harnessSweep(one, iterations));
      h16.push(await harnessSweep(SWEEP_LRS, iterations));
    }
    const bad = [...h1, ...h16].find((h) =>
      h.cached > 0 || h.batches !== 1 || h.statuses.some((s) => s !== "ok")
    );
    if (bad) {
      notes.push(
        `harness: a run was not one fresh batch of ok trials (${bad.cached} cached, ` +
          `${bad.batches} batches, ${bad.statuses.join(" ")})`,
      );
    }
    const [w16, w1] = [median(h16.map((h) => h.ms)), median(h1.map((h) => h.ms))];
    const [t16, t1] = [median(h16.map((h) => h.trialMs)), median(h1.map((h) => h.trialMs))];
    rows.push(
      {
        case: "harness CLI: 16-trial sweep (--batch auto)",
        ms: w16,
        trialMs: t16,
        ratio: w16 / w1,
      },
      { case: "harness CLI: 1-trial sweep", ms: w1, trialMs: t1, ratio: 1 },
    );
    notes.push(
      `harness level (whole command): 16 trials / 1 = ${ratio(w16, w1)}; the trials' own ` +
        `time (training, accuracy, decision boundary): ${ratio(t16, t1)}`,
      `planar-shallow [2,4,1] tanh, ${iterations} iterations, lr 0.1·1.2^i, logistic=false; ` +
        `medians of ${runs} run(s); a fresh run store each time`,
    );
    return {
      id: "sweep",
      title: "Learning-rate sweep of planar-shallow, batched (ms)",
      columns: [
        { key: "case", label: "case" },
        { key: "ms", label: "wall", unit: "ms" },
        { key: "trialMs", label: "in trials", unit: "ms" },
        { key: "ratio", label: "× one trial", digits: 2 },
      ],
      rows,
      notes,
    };
  },
};
