/**
 * Progress of a sweep. On a terminal: a live line per running trial (done/total, trial, the
 * step it is at out of its steps, its last figures, an ETA), redrawn in place. Off a terminal
 * (a Slurm log): one line per finished trial, and a heartbeat line at least every 30 s while a
 * trial runs. With `--json`, stdout carries only one JSON object per finished trial and the
 * lines go to stderr. Ctrl-C (or SIGTERM) says how many trials were saved and how to resume.
 */
import type { MetricRow, Params } from "./experiment.ts";
import type { TrialOutcome } from "./runner.ts";

const enc = new TextEncoder();

/** Seconds between heartbeat lines when stdout is not a terminal. */
export const HEARTBEAT_SECONDS = 30;

/**
 * How many steps a trial will log up to, when its params say (`iterations` or `epochs`): what
 * the step fraction is out of. Undefined when the experiment has no such param.
 */
export function stepsOf(params: Params): number | undefined {
  for (const k of ["iterations", "epochs", "steps"]) {
    const v = params[k];
    if (typeof v === "number" && v > 0) return v;
  }
  return undefined;
}

/** The step a row reports (its epoch/iteration/step column), if any. */
function stepOfRow(row: MetricRow | undefined): number | undefined {
  if (!row) return undefined;
  for (const k of ["iteration", "epoch", "step"]) if (typeof row[k] === "number") return row[k];
  return undefined;
}

interface Running {
  label: string;
  steps?: number;
  row?: MetricRow;
  started: number;
}

export class Progress {
  #done = 0;
  #running = new Map<string, Running>();
  #started = performance.now();
  #live: boolean;
  #drawn = 0;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #say: (line: string) => void;

  constructor(
    readonly total: number,
    readonly json: boolean,
    heartbeatSeconds: number = HEARTBEAT_SECONDS,
  ) {
    this.#live = !json && Deno.stdout.isTerminal();
    this.#say = json ? console.error : console.log;
    if (!this.#live) {
      const timer = setInterval(() => this.#beat(), heartbeatSeconds * 1000);
      Deno.unrefTimer(timer as unknown as number);
      this.#heartbeat = timer;
    }
  }

  /** Trials finished or reused so far. */
  get done(): number {
    return this.#done;
  }

  start(key: string, label: string, params?: Params): void {
    this.#running.set(key, {
      label,
      steps: params ? stepsOf(params) : undefined,
      started: performance.now(),
    });
    this.#draw();
  }

  step(key: string, row: MetricRow): void {
    const r = this.#running.get(key);
    if (r) r.row = row;
    this.#draw();
  }

  finish(key: string, label: string, o: TrialOutcome): void {
    this.#running.delete(key);
    this.#done++;
    const reproduced = o.result.claims.filter((c) => c.pass).length;
    const line = `[${this.#done}/${this.total}] ${label}: ${o.status}${
      o.cached ? " (cached)" : ""
    }, claims reproduced ${reproduced}/${o.result.claims.length}, ${o.seconds.toFixed(2)} s`;
    this.#clear();
    if (this.json) {
      console.log(JSON.stringify({ ...o.manifest, cached: o.cached, claims: o.result.claims }));
    }
    this.#say(line);
    this.#draw();
  }

  /** Prints a line that stays (a notice), above the live lines. */
  say(line: string): void {
    this.#clear();
    this.#say(line);
    this.#draw();
  }

  close(): void {
    this.#clear();
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
  }

  /** A running trial's fraction done, from its last logged step; undefined when unknown. */
  #fraction(r: Running): number | undefined {
    const step = stepOfRow(r.row);
    if (r.steps === undefined || step === undefined) return undefined;
    return Math.min(1, Math.max(0, step / r.steps));
  }

  /**
   * Seconds left: the work still to do, in trials (running ones counted by their fraction),
   * times the seconds a trial has taken so far. It falls as the running trials' steps advance.
   */
  #eta(): string {
    const elapsed = (performance.now() - this.#started) / 1000;
    let progressed = this.#done;
    for (const r of this.#running.values()) progressed += this.#fraction(r) ?? 0;
    if (progressed <= 0) return "ETA ?";
    const left = elapsed / progressed * (this.total - progressed);
    return `ETA ${formatDuration(left)}`;
  }

  #describe(r: Running): string {
    const step = stepOfRow(r.row);
    const f = this.#fraction(r);
    const at = step === undefined
      ? ""
      : r.steps !== undefined
      ? ` step ${step}/${r.steps} (${Math.round(100 * (f ?? 0))} %)`
      : ` step ${step}`;
    const figures = r.row
      ? Object.entries(r.row).filter(([k]) => !["iteration", "epoch", "step"].includes(k))
        .slice(0, 3).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")
      : "";
    return `${r.label}${at}${figures ? `, ${figures}` : ""}`;
  }

  /** Off a terminal: one line saying the sweep is alive and where it is. */
  #beat(): void {
    const running = [...this.#running.values()].map((r) => this.#describe(r)).join("; ");
    this.#say(
      `… ${this.#done}/${this.total} trials done${running ? `, running ${running}` : ""}, ` +
        this.#eta(),
    );
  }

  #clear(): void {
    if (!this.#live || this.#drawn === 0) return;
    Deno.stdout.writeSync(enc.encode(`\x1b[${this.#drawn}F\x1b[J`));
    this.#drawn = 0;
  }

  #draw(): void {
    if (!this.#live) return;
    this.#clear();
    const cols = Deno.consoleSize().columns;
    const lines = [...this.#running.values()].map((r) => {
      const text = `  ${this.#done}/${this.total} ${this.#describe(r)} ${this.#eta()}`;
      return text.length > cols ? text.slice(0, cols - 1) : text;
    });
    if (lines.length) Deno.stdout.writeSync(enc.encode(lines.join("\n") + "\n"));
    this.#drawn = lines.length;
  }
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function fmt(v: number | string): string {
  return typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(5) : String(v);
}

/**
 * Until `stop` is called, Ctrl-C (SIGINT) or SIGTERM ends the process with one line — how many
 * of the planned trials are saved, and that the same command resumes — and exit code 130 (143).
 * Finished trials are already in the store; the one that was running is recomputed next time.
 */
export function onInterrupt(progress: Progress): () => void {
  const handlers = (["SIGINT", "SIGTERM"] as const).map((sig) => {
    const handler = () => {
      progress.close();
      console.error(
        `\ninterrupted: ${progress.done} of ${progress.total} trials saved; rerun the same ` +
          "command to resume",
      );
      Deno.exit(sig === "SIGINT" ? 130 : 143);
    };
    Deno.addSignalListener(sig, handler);
    return () => Deno.removeSignalListener(sig, handler);
  });
  return () => handlers.forEach((off) => off());
}
