/**
 * A lecture is cited only for what its text states: every lecture source in the catalogue names
 * a slide heading that is a line of that lecture's file, and its quote (if any) is in the text.
 */
import { strict as assert } from "node:assert";
import { catalog } from "../experiments/index.ts";
import { claimRecord } from "../harness/claims.ts";
import { ASSIGNMENTS, LECTURES, type Source } from "../harness/sources.ts";
import { ROOT } from "./helpers.ts";

/** Markdown and slide decorations stripped, whitespace collapsed: how a heading is compared. */
export function normalise(text: string): string {
  return text.replace(/[#*▶`\\]/g, "").replace(/^\s*-\s+/, "").replace(/\s+/g, " ").trim();
}

const texts = new Map<string, string>(
  Object.values(LECTURES).map((f) => [f, Deno.readTextFileSync(`${ROOT}lectures/${f}`)]),
);

/** Every source the catalogue cites, with where it is cited. */
function allSources(): [string, Source][] {
  const out: [string, Source][] = [];
  for (const { experiment: e } of catalog.entries) {
    out.push([e.id, e.source]);
    for (const c of e.claims) out.push([`${e.id}/${c.id}`, claimRecord(c, e.source).source]);
  }
  for (const c of catalog.cited) out.push([`cited/${c.id}`, c.source]);
  return out;
}

/** Why a source does not check out, or null. */
export function sourceProblem(s: Source): string | null {
  if (s.kind === "assignment") {
    return s.assignment in ASSIGNMENTS ? null : `no assignment ${s.assignment}`;
  }
  if (s.kind === "project") {
    return s.reason.trim().length > 0 ? null : "a project threshold needs a reason";
  }
  const text = texts.get(s.file);
  if (text === undefined) return `no lecture file ${s.file}`;
  const lines = new Set(text.split("\n").map(normalise));
  if (!lines.has(normalise(s.section))) return `no heading "${s.section}" in ${s.file}`;
  if (s.quote !== undefined && !normalise(text).includes(normalise(s.quote))) {
    return `the quote "${s.quote}" is not in ${s.file}`;
  }
  return null;
}

Deno.test("every lecture source names a heading of its lecture, and every quote is in its text", () => {
  const problems = allSources()
    .map(([where, s]) => [where, sourceProblem(s)] as const)
    .filter(([, p]) => p !== null)
    .map(([where, p]) => `${where}: ${p}`);
  assert.deepEqual(problems, []);
});

Deno.test("the source check fails on a heading or quote the lecture does not have", () => {
  const file = LECTURES[2];
  assert.equal(sourceProblem({ kind: "lecture", file, section: "Results", label: "x" }), null);
  assert.match(
    sourceProblem({ kind: "lecture", file, section: "No Such Slide", label: "x" })!,
    /no heading/,
  );
  assert.match(
    sourceProblem({
      kind: "lecture",
      file,
      section: "Results",
      label: "x",
      quote: "Perceptron converges after 5th iteration",
    })!,
    /quote/,
  );
});
