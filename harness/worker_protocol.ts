/** Messages between the sweep and its `--jobs` workers. */
import type { BackendName } from "../kernels/select.ts";
import type { MetricRow } from "./experiment.ts";
import type { TrialOutcome } from "./runner.ts";
import type { Trial } from "./trials.ts";

export interface WorkerRequest {
  id: number;
  trial: Trial;
  /** URL of the experiment's module (its default export is the experiment). */
  module: string;
  backend: BackendName;
  out: string;
  force: boolean;
  dataDir?: string;
  codeHash: string;
  profile: "full" | "quick";
  plan: "default" | "custom";
}

export type WorkerReply =
  | { id: number; kind: "log"; row: MetricRow }
  | { id: number; kind: "say"; line: string }
  | { id: number; kind: "done"; outcome: TrialOutcome }
  | { id: number; kind: "error"; message: string };
