/**
 * A mistake in what the user asked for (unknown id, unknown param, ill-typed value, malformed
 * sweep, missing dataset): the CLI prints the message as one line and exits with code 2.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
