/** The generator as users run it: `node generator/dist/main.js`, configured by environment. */

import { type ChildProcess, spawn } from "node:child_process";
import { trackChild } from "@statefun-ts/runtime-local";
import { forEachLine } from "@statefun-ts/walkthrough/output-lines";
import { GENERATOR_MAIN, WORKSPACE_ROOT, withParentWatch } from "@statefun-ts/walkthrough/pipeline";
import { waitUntil } from "./wait-until.js";

/** How a process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One parsed `summary` / `final` line: `sent 20  received 18  in flight 2 ...`. */
export interface SummaryLine {
  readonly tag: "summary" | "final";
  readonly sent: number;
  readonly received: number;
  readonly inFlight: number;
  readonly undecodable: number;
  /** Its index in {@link GeneratorProcess.lines}. */
  readonly index: number;
}

const SUMMARY =
  /^(summary|final)\s+sent (\d+)\s+received (\d+)\s+in flight (\d+)\s+undecodable (\d+)/;

/** A running generator whose output is kept line by line. */
export class GeneratorProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  #exit: Exit | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.exited = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
    forEachLine(child.stdout, (line) => this.lines.push(line));
    forEachLine(child.stderr, (line) => this.lines.push(line));
  }

  /** Starts the generator with these environment variables (on top of this process's). */
  static start(env: Readonly<Record<string, string>>): GeneratorProcess {
    // With the parent watch (exit-with-parent.js) on a stdin pipe, as `pnpm local` starts it.
    const child = spawn(process.execPath, withParentWatch([GENERATOR_MAIN]), {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin?.on("error", () => {});
    // Stopped with the JVMs if the suite ends or is stopped while it still runs, and it exits
    // by itself if the suite's process is killed.
    trackChild("generator", child);
    return new GeneratorProcess(child);
  }

  /** How it ended, or undefined while it runs. */
  get exit(): Exit | undefined {
    return this.#exit;
  }

  /** Every summary line so far, in order. */
  summaries(): SummaryLine[] {
    const found: SummaryLine[] = [];
    this.lines.forEach((line, index) => {
      const match = SUMMARY.exec(line);
      if (match === null) return;
      found.push({
        tag: match[1] as "summary" | "final",
        sent: Number(match[2]),
        received: Number(match[3]),
        inFlight: Number(match[4]),
        undecodable: Number(match[5]),
        index,
      });
    });
    return found;
  }

  /** Waits until it exits by itself; the error shows its last lines. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    await waitUntil(() => this.#exit !== undefined, {
      timeoutMs,
      what: "the generator to exit",
      describe: () => this.tail(),
    });
    return this.#exit!;
  }

  /** Asks it to stop (SIGTERM, as Ctrl-C or `docker compose stop` would) and waits. */
  async stop(timeoutMs = 30_000): Promise<Exit> {
    if (this.#exit === undefined) this.#child.kill("SIGTERM");
    try {
      return await this.waitForExit(timeoutMs);
    } catch (error) {
      this.#child.kill("SIGKILL");
      throw error;
    }
  }

  /** Kills it at once, if it still runs (cleanup after a failed test). */
  kill(): void {
    if (this.#exit === undefined) this.#child.kill("SIGKILL");
  }

  /** The last `count` lines, for failure messages. */
  tail(count = 30): string {
    return this.lines.slice(-count).join("\n");
  }
}
