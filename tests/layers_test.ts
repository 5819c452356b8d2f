/**
 * The layers and the imports allowed between them (ARCHITECTURE.md): every relative import from
 * one source folder into another must be one this table allows, and the table itself is acyclic,
 * so the folders form a DAG. A new upward import fails here, naming the file and the import.
 */
import { strict as assert } from "node:assert";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "./helpers.ts";

/** Folder → the folders its modules may import. */
export const ALLOWED: Record<string, readonly string[]> = {
  numpy: [],
  schema: [],
  kernels: ["numpy", "schema"],
  nn: ["kernels", "numpy", "schema"],
  data: ["numpy", "schema"],
  harness: ["nn", "kernels", "data", "numpy", "schema"],
  experiments: ["harness", "nn", "data", "kernels", "numpy", "schema"],
  bench: ["experiments", "harness", "nn", "data", "kernels", "numpy", "schema"],
  reports: ["bench", "harness", "numpy", "schema"],
  // The page's bundle: the catalogue and the layers below it, and the report's chart builders
  // (pure), so a page re-runs its experiment with the same code the site was built from.
  web: ["reports", "experiments", "harness", "nn", "data", "kernels", "numpy", "schema"],
  cli: [
    "web",
    "reports",
    "bench",
    "experiments",
    "harness",
    "nn",
    "data",
    "kernels",
    "numpy",
    "schema",
  ],
};

const IMPORT =
  /(?:^|[\s;}])(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)|(?:^|[\s;])import\s*["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Every import between two of the folders: [from file, to file] relative to the root. */
export function crossImports(): [string, string][] {
  const out: [string, string][] = [];
  for (const folder of Object.keys(ALLOWED)) {
    for (const file of sourceFiles(join(ROOT, folder))) {
      const text = Deno.readTextFileSync(file);
      for (const m of text.matchAll(IMPORT)) {
        const target = resolve(dirname(file), m[1] ?? m[2] ?? m[3]);
        out.push([relative(ROOT, file), relative(ROOT, target)]);
      }
    }
  }
  return out.filter(([a, b]) => a.split("/")[0] !== b.split("/")[0]);
}

Deno.test("the allowed imports between folders form a DAG", () => {
  const state = new Map<string, "visiting" | "done">();
  const visit = (f: string, path: string[]) => {
    assert.notEqual(state.get(f), "visiting", `cycle: ${[...path, f].join(" → ")}`);
    if (state.get(f) === "done") return;
    state.set(f, "visiting");
    for (const g of ALLOWED[f]) visit(g, [...path, f]);
    state.set(f, "done");
  };
  for (const f of Object.keys(ALLOWED)) visit(f, []);
});

Deno.test("every import between folders goes down the layers", () => {
  const bad = crossImports().filter(([from, to]) => {
    const a = from.split("/")[0], b = to.split("/")[0];
    return !(b in ALLOWED) ? false : !ALLOWED[a].includes(b);
  }).map(([from, to]) => `${from} imports ${to}`);
  assert.deepEqual(bad, []);
});

Deno.test("nn/ sees the backends only through their interface, kernels/backend.ts", () => {
  const bad = crossImports().filter(([from, to]) =>
    from.startsWith("nn/") && to.startsWith("kernels/") && to !== "kernels/backend.ts"
  ).map(([from, to]) => `${from} imports ${to}`);
  assert.deepEqual(bad, []);
});

Deno.test("the check sees an upward import", () => {
  const upward = crossImports().some(([from, to]) =>
    from.startsWith("harness/") && to.startsWith("kernels/")
  );
  assert.ok(upward, "harness imports kernels (allowed): the scan must see cross-folder imports");
  assert.ok(!ALLOWED.kernels.includes("harness"), "kernels may not import harness");
});
