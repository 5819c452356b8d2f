/**
 * The one error type the report CLI turns into a single stderr line and exit code 2: bad input
 * the user can fix (a missing runs folder, an unknown flag, an empty run store).
 */
export class ReportInputError extends Error {
  /** `message` says what was wrong and what to do, in one line. */
  constructor(message: string) {
    super(message);
    this.name = "ReportInputError";
  }
}
