/**
 * A worker for `--jobs N`: opens its own backend once and runs the trials it is sent, writing
 * each to the run store itself (atomically) and posting the outcome back.
 */
/// <reference lib="deno.worker" />
import type { Backend } from "../kernels/backend.ts";
import { openBackend } from "../kernels/select.ts";
import type { Experiment } from "./experiment.ts";
import { runTrial } from "./runner.ts";
import { RunStore } from "./store.ts";
import { corruptLine } from "./sweep.ts";
import type { WorkerReply, WorkerRequest } from "./worker_protocol.ts";

let backend: Backend | undefined;

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  const reply = (m: WorkerReply) => self.postMessage(m);
  try {
    backend ??= await openBackend(req.backend, () => {});
    // The module the sweep's catalogue loaded it from: the worker imports nothing above harness/.
    const experiment: Experiment = (await import(req.module)).default;
    const outcome = await runTrial(experiment, req.trial, {
      store: new RunStore(req.out),
      backend,
      force: req.force,
      dataDir: req.dataDir,
      codeHash: req.codeHash,
      profile: req.profile,
      plan: req.plan,
      onLog: (row) => reply({ id: req.id, kind: "log", row }),
      onCorrupt: (t, problems, to) =>
        reply({ id: req.id, kind: "say", line: corruptLine(t.experiment, t.key, problems, to) }),
    });
    reply({ id: req.id, kind: "done", outcome });
  } catch (err) {
    reply({ id: req.id, kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
