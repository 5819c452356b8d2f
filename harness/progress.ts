/**
 * Progress of a sweep. On a terminal: a live line per running trial (done/total, trial, step,
 * cost, ETA), redrawn in place. Off a terminal: one line per finished trial. With `--json`,
 * stdout carries only one JSON object per finished trial and the lines go to stderr.
 */
import type { MetricRow } from "./experiment.ts";
import type { TrialOutcome } from "./runner.ts";

const enc = new TextEncoder();

export class Progress {
  #done = 0;
  #running = new Map<string, { label: string; row?: MetricRow }>();
  #started = performance.now();
  #live: boolean;
  #drawn = 0;

  constructor(readonly total: number, readonly json: boolean) {
    this.#live = !json && Deno.stdout.isTerminal();
  }

  start(key: string, label: string): void {
    this.#running.set(key, { label });
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
    const passed = o.result.claims.filter((c) => c.pass).length;
    const line = `[${this.#done}/${this.total}] ${label}: ${o.status}${
      o.cached ? " (cached)" : ""
    }, claims ${passed}/${o.result.claims.length}, ${o.seconds.toFixed(2)} s`;
    this.#clear();
    if (this.json) {
      console.log(JSON.stringify({ ...o.manifest, cached: o.cached, claims: o.result.claims }));
      console.error(line);
    } else {
      console.log(line);
    }
    this.#draw();
  }

  /** Prints a line that stays (a notice), above the live lines. */
  say(line: string): void {
    this.#clear();
    (this.json ? console.error : console.log)(line);
    this.#draw();
  }

  close(): void {
    this.#clear();
  }

  #eta(): string {
    if (this.#done === 0) return "ETA ?";
    const per = (performance.now() - this.#started) / 1000 / this.#done;
    return `ETA ${Math.round(per * (this.total - this.#done))} s`;
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
    const lines = [...this.#running.values()].map(({ label, row }) => {
      const step = row ? Object.entries(row).map(([k, v]) => `${k} ${fmt(v)}`).join(", ") : "";
      const text = `  ${this.#done}/${this.total} ${label} ${step} ${this.#eta()}`;
      return text.length > cols ? text.slice(0, cols - 1) : text;
    });
    if (lines.length) Deno.stdout.writeSync(enc.encode(lines.join("\n") + "\n"));
    this.#drawn = lines.length;
  }
}

function fmt(v: number | string): string {
  return typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(5) : String(v);
}
