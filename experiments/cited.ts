/**
 * Lecture statements that cannot be re-run here, each with the reason: listed on the site as
 * "cited, not reproduced" so that the reader sees the whole lecture. One file per lecture.
 */
import type { CitedClaim } from "../harness/catalog.ts";
import { citedLecture0 } from "./cited/lecture0.ts";
import { citedLecture1 } from "./cited/lecture1.ts";
import { citedLecture2 } from "./cited/lecture2.ts";
import { citedLecture3 } from "./cited/lecture3.ts";
import { citedLecture4 } from "./cited/lecture4.ts";

export const cited: readonly CitedClaim[] = [
  ...citedLecture0,
  ...citedLecture1,
  ...citedLecture2,
  ...citedLecture3,
  ...citedLecture4,
];
