/**
 * The catalogue as the harness sees it: experiments with the module each was loaded from, and
 * the lecture statements that are cited but not re-run. experiments/index.ts builds it; the
 * command-line entry points hand it to the harness and the report, so neither imports upward.
 */
import { codeHash } from "./code_hash.ts";
import { CONTEXT_MODULE } from "./context.ts";
import type { Experiment } from "./experiment.ts";
import type { Source } from "./sources.ts";

/** One experiment of the catalogue and where its code lives. */
export interface CatalogEntry {
  /** The module's default export. */ experiment: Experiment;
  /** The module's file: the root of its code hash, and what a `--jobs` worker imports. */ url: URL;
}

/**
 * A statement a lecture makes that cannot be re-run here (AlexNet's ImageNet error, the filters
 * a large network learned): listed on the site as cited, with the reason, so the reader sees the
 * whole lecture.
 */
export interface CitedClaim {
  /** Stable kebab-case id. */ id: string;
  /** The statement, in the lecture's words. */ text: string;
  /** Where the lecture states it. */ source: Source;
  /** Why it is not re-run here. */ reason: string;
}

/** The experiments the harness runs and the report shows, and the statements only cited. */
export interface Catalog {
  /** One entry per experiment module. */ entries: readonly CatalogEntry[];
  /** The statements cited but not re-run. */ cited: readonly CitedClaim[];
}

/** The entry of the experiment with this id, if the catalogue has it. */
export function findExperiment(catalog: Catalog, id: string): CatalogEntry | undefined {
  return catalog.entries.find((e) => e.experiment.id === id);
}

/** The backends: nn/ reaches only their interface, so their code is a root of its own. */
const BACKENDS_MODULE = new URL("../kernels/select.ts", import.meta.url);

/**
 * The hash of the code an entry's trials run: its module's imports, the trial context, and the
 * backends with every kernel they load.
 */
export function codeHashOf(entry: CatalogEntry): string {
  return codeHash(entry.url, CONTEXT_MODULE, BACKENDS_MODULE);
}
