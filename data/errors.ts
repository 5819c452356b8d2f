/**
 * The one error type the data loaders throw for problems a user can fix (a missing, truncated or
 * malformed data file). The CLI prints its message as a single line and exits with status 2, so
 * the message must say what is wrong and what to do without a stack trace.
 */

/** A user-facing data problem: the CLI prints `message` as one line and exits 2. */
export class DataError extends Error {
  /**
   * @param message What is wrong and how to fix it; line breaks are folded into spaces so the
   *   CLI's one-line contract holds even when the text quotes a library's multi-line message.
   * @param options `cause` keeps the underlying error for debugging.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message.replace(/\s*[\r\n]+\s*/g, " ").trim(), options);
    this.name = "DataError";
  }
}
