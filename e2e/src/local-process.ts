/**
 * `pnpm local` as a user runs it: `node walkthrough/dist/local.js` in its own process group, as
 * a shell runs a foreground job, so that {@link LocalProcess.pressCtrlC} signals what a terminal's
 * Ctrl-C signals (local.js, and the greeter and generator it started in the same group; the JVMs
 * run in groups of their own). Its output is kept line by line.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { Socket } from "node:net";
import { join } from "node:path";
import { forEachLine } from "@statefun-ts/walkthrough/output-lines";
import { WORKSPACE_ROOT } from "@statefun-ts/walkthrough/pipeline";
import type { Exit } from "./generator-process.js";
import { descendantsOf, type ProcessInfo, stillRunning } from "./process-tree.js";
import { sleep, waitUntil } from "./wait-until.js";

/** What the root package.json's `local` script runs. */
export const LOCAL_MAIN = join(WORKSPACE_ROOT, "walkthrough", "dist", "local.js");

/** One `greeting  <name>  <text>` line the generator printed. */
export interface PrintedGreeting {
  readonly name: string;
  readonly text: string;
}

const GREETING = /^greeting\s+(\S+)\s+(.*)$/;

/** A running `pnpm local`. */
export class LocalProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  readonly #seen = new Map<number, ProcessInfo>();
  readonly #closed: Promise<void>;
  #exit: Exit | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
    // Its output ends when every process holding its stdout and stderr has exited: one left
    // running keeps them open.
    this.#closed = new Promise((resolve) => child.once("close", () => resolve()));
    forEachLine(child.stdout, (line) => this.lines.push(line));
    forEachLine(child.stderr, (line) => this.lines.push(line));
  }

  /** Starts `node walkthrough/dist/local.js ...args` with these variables on top of this process's. */
  static start(
    args: readonly string[] = [],
    env: Readonly<Record<string, string>> = {},
  ): LocalProcess {
    const child = spawn(process.execPath, [LOCAL_MAIN, ...args], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new LocalProcess(child);
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** How it ended, or undefined while it runs. */
  get exit(): Exit | undefined {
    return this.#exit;
  }

  /** Waits for a line matching `pattern` and returns its match; the error shows the last lines. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    let match: RegExpExecArray | null = null;
    await waitUntil(
      () => {
        for (const line of this.lines) {
          match = pattern.exec(line);
          if (match !== null) return true;
        }
        if (this.#exit !== undefined) {
          throw new Error(
            `pnpm local exited (${this.#exit.signal ?? `code ${this.#exit.code}`}) before printing ${pattern}:\n${this.tail()}`,
          );
        }
        return false;
      },
      { timeoutMs, what: `a line matching ${pattern}`, describe: () => this.tail() },
    );
    return match as unknown as RegExpExecArray;
  }

  /** The greetings the generator printed so far, in order. */
  greetings(): PrintedGreeting[] {
    return this.lines.flatMap((line) => {
      const match = GREETING.exec(line);
      return match === null ? [] : [{ name: match[1] ?? "", text: (match[2] ?? "").trim() }];
    });
  }

  /** The printed greetings of each user, in order. */
  greetingsByUser(): Map<string, string[]> {
    const byUser = new Map<string, string[]>();
    for (const { name, text } of this.greetings()) {
      byUser.set(name, [...(byUser.get(name) ?? []), text]);
    }
    return byUser;
  }

  /**
   * The processes running below it now (Kafka, StateFun, the greeter, the generator), remembered
   * so that {@link LocalProcess.kill} can reach them even after local.js is gone.
   */
  children(): ProcessInfo[] {
    const found = descendantsOf(this.pid);
    for (const child of found) this.#seen.set(child.pid, child);
    return found;
  }

  /** What a terminal's Ctrl-C does: SIGINT to the whole foreground process group. */
  pressCtrlC(): void {
    process.kill(-this.pid, "SIGINT");
  }

  /** Sends `signal` to local.js alone, as `kill -TERM <pid>` does. */
  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /**
   * Waits until it exits, and then (up to 5 s more) for the last of its output; the error shows
   * its last lines.
   */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    await waitUntil(() => this.#exit !== undefined, {
      timeoutMs,
      what: "pnpm local to exit",
      describe: () => this.tail(),
    });
    await Promise.race([this.#closed, sleep(5_000)]);
    return this.#exit as Exit;
  }

  /**
   * Cleanup after a failed test: SIGKILL to local.js's process group and to every process seen
   * below it that still runs.
   */
  kill(): void {
    if (this.#exit === undefined) this.children();
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    for (const child of this.#seen.values()) {
      if (!stillRunning(child)) continue;
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }

  /** The last `count` lines, for failure messages. */
  tail(count = 40): string {
    return this.lines.slice(-count).join("\n");
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(port, "127.0.0.1", () => done(true));
  });
}
