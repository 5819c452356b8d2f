/**
 * `deno task merge --out DIR SHARD...`: merges the run stores of a sharded sweep into one store
 * (harness/merge.ts), then `deno task report --runs DIR` builds its report. Bad input: one line,
 * exit 2, nothing written.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../harness/errors.ts";
import { mergeStores } from "../harness/merge.ts";
import { checkApart, checkStore, realPath } from "../harness/out_paths.ts";
import { canWrite, relaunch } from "../harness/relaunch.ts";

const USAGE = `Merge the run stores of a sharded sweep into one.

Usage: deno task merge --out DIR SHARD [SHARD...]

  --out DIR   the merged store (created if absent; trials it has are kept and must agree)
  SHARD       a shard's run store, e.g. runs-0 runs-1 ... (from --shard i/n --out runs-i)

Every trial is checked before it is copied; a corrupt trial, or one key computed differently
in two shards, stops the merge with its name.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError("--out DIR is required: the merged store (see --help)");
  if (positionals.length === 0) throw new UsageError("give the shard stores to merge (see --help)");
  const target = checkStore(values.out);
  checkApart([
    { flag: "--out", given: values.out, real: target },
    ...positionals.map((s) => ({ flag: "shard", given: s, real: realPath(s) })),
  ]);
  if (!canWrite([target])) return await relaunch(new URL(import.meta.url), argv, [target]);
  const r = mergeStores(positionals, target);
  console.log(
    `merged ${positionals.length} shards into ${values.out}: ${r.copied} trials copied, ${r.same} already there`,
  );
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.name === "TypeError" && "code" in e)) {
      console.error(`error: ${(e as Error).message.split("\n")[0]}`);
      Deno.exit(2);
    }
    throw e;
  }
}
