/**
 * Lecture statements that cannot be re-run here, each with the reason: listed on the site as
 * "cited, not reproduced" so that the reader sees the whole lecture.
 */
import type { CitedClaim } from "../harness/catalog.ts";

export const cited: readonly CitedClaim[] = [];
