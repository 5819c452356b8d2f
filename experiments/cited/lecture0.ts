/** Lecture 0's statements that cannot be re-run here, each with the reason. */
import type { CitedClaim } from "../../harness/catalog.ts";

export const citedLecture0: readonly CitedClaim[] = [];
