/**
 * Least privilege for the commands: `deno task experiment` and `deno task report` start with
 * read access only. Once the arguments are checked and the output folders resolved through
 * symlinks, the command runs again as a child process granted write access to exactly those real
 * paths, and exits with the child's code. Run with wider permissions already (`deno run -A`, as
 * the tests do), it simply goes on in-process.
 */

/** True when this process may already write to every path. */
export function canWrite(paths: readonly string[]): boolean {
  return paths.every((path) =>
    Deno.permissions.querySync({ name: "write", path }).state === "granted"
  );
}

/**
 * Runs `script` again with the same arguments in a child granted `--allow-write` to `paths`
 * (and read and env, as the tasks grant, and running this Deno only: the report bundles the
 * pages' scripts with `deno bundle`), passing signals on, and returns its exit code.
 */
export async function relaunch(
  script: URL,
  args: readonly string[],
  paths: readonly string[],
): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      `--allow-run=${Deno.execPath()}`,
      `--allow-write=${paths.join(",")}`,
      script.href,
      ...args,
    ],
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  // Ctrl-C reaches the child from the terminal; a signal sent to this process alone is passed on.
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  const forward = signals.map((sig) => {
    const handler = () => {
      try {
        child.kill(sig);
      } catch { /* already gone */ }
    };
    Deno.addSignalListener(sig, handler);
    return () => Deno.removeSignalListener(sig, handler);
  });
  try {
    const status = await child.status;
    return status.signal ? 128 + signalNumber(status.signal) : status.code;
  } finally {
    for (const off of forward) off();
  }
}

function signalNumber(sig: Deno.Signal): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[sig] ?? 1;
}
