/** Shared test plumbing: running the CLI as a user would, and running one trial in-process. */
import { strict as assert } from "node:assert";
import { delimiter, join } from "node:path";
import type { Backend } from "../kernels/backend.ts";
import { catalog } from "../experiments/index.ts";
import { codeHashOf, findExperiment } from "../harness/catalog.ts";
import type { Params } from "../harness/experiment.ts";
import { standingOf } from "../harness/verdict.ts";
import { runTrial, type TrialOutcome } from "../harness/runner.ts";
import { RunStore } from "../harness/store.ts";
import { expandTrials } from "../harness/trials.ts";

export const ROOT = new URL("../", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno run -A <script> ...args` from the repo root. */
export async function runCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Every file below `dir`, relative, sorted (empty when it does not exist). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of Deno.readDirSync(d)) {
      if (e.isDirectory) walk(`${d}/${e.name}`, `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  try {
    walk(dir, "");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

/**
 * Runs the trials of experiment `id` (its default sweep, or one point with `set`; `quick` for
 * the quick profile) on `backend` into a temporary store, as the CLI would.
 */
export async function runExperiment(
  id: string,
  backend: Backend,
  set: Params = {},
  quick = false,
): Promise<TrialOutcome[]> {
  const entry = findExperiment(catalog, id);
  if (!entry) throw new Error(`no experiment ${id}`);
  const store = new RunStore(await Deno.makeTempDir({ prefix: "harness-test-" }));
  const hash = codeHashOf(entry);
  const trials = expandTrials(entry.experiment, {
    set,
    sweep: {},
    quick,
    backend: backend.name,
    codeHash: hash,
  });
  const outcomes: TrialOutcome[] = [];
  for (const t of trials) {
    outcomes.push(
      await runTrial(entry.experiment, t, { store, backend, force: false, codeHash: hash }),
    );
  }
  await Deno.remove(store.root, { recursive: true });
  return outcomes;
}

/** Claims judged so far in this test process, by id: what the suite reports it checked. */
export const claimsChecked: Set<string> = new Set();

/**
 * Runs an experiment's default trials (the quick profile when `quick`) and asserts that every
 * trial finished and every claim judged on it stands as the catalogue declares: reproduced, or
 * not reproduced with a declared divergence for that arithmetic. A regression (not reproduced,
 * not declared) and a graduation (declared, yet reproduced) both fail. Returns the claims judged.
 */
export async function assertClaimsAsDeclared(
  id: string,
  backend: Backend,
  quick = true,
): Promise<number> {
  const outcomes = await runExperiment(id, backend, {}, quick);
  assert.ok(outcomes.length > 0, `${id} has no trials`);
  let judged = 0;
  for (const o of outcomes) {
    assert.notEqual(o.status, "failed", `${id} ${o.trial.key}: ${o.manifest.error}`);
    for (const c of o.result.claims) {
      const standing = standingOf(c);
      assert.ok(
        standing === "expected" || standing === "tracked",
        `${id} ${o.trial.key} ${c.id} on ${backend.name}: ${standing} — ${c.verdict}, observed ` +
          `${JSON.stringify(c.observed)}${c.error ? ` (${c.error})` : ""}, expected ` +
          JSON.stringify(c.expected),
      );
      claimsChecked.add(`${id}/${c.id}`);
      judged++;
    }
  }
  assert.ok(findExperiment(catalog, id)!.experiment.claims.length > 0, `${id} has no claims`);
  return judged;
}

/** Where Chromium is: $CHROMIUM_PATH, /usr/bin/chromium, or chromium / chromium-browser on PATH. */
export function findChromium(): { path: string | null; why: string } {
  const isFile = (p: string) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  };
  const env = Deno.env.get("CHROMIUM_PATH");
  if (env) {
    return isFile(env)
      ? { path: env, why: "" }
      : { path: null, why: `CHROMIUM_PATH=${env} is not a file` };
  }
  if (isFile("/usr/bin/chromium")) return { path: "/usr/bin/chromium", why: "" };
  const dirs = (Deno.env.get("PATH") ?? "").split(delimiter).filter(Boolean);
  for (const name of ["chromium", "chromium-browser"]) {
    for (const dir of dirs) {
      if (isFile(join(dir, name))) return { path: join(dir, name), why: "" };
    }
  }
  return {
    path: null,
    why: "no Chromium found (not /usr/bin/chromium, no chromium or chromium-browser on PATH, " +
      "no CHROMIUM_PATH); install it with `apt-get install -y chromium`",
  };
}
