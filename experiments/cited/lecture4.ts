/** Lecture 4's statements that cannot be re-run here, each with the reason. */
import type { CitedClaim } from "../../harness/catalog.ts";

export const citedLecture4: readonly CitedClaim[] = [];
