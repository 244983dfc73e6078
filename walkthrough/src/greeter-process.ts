/**
 * The greeter as a child process, started the way a user starts it (`node greeter/dist/server.js`
 * with `PORT`), with its output kept in a log file and in memory, and handles to kill and start
 * it again on the same port.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { trackChild } from "@statefun-ts/runtime-local";
import { forEachLine } from "./output-lines.js";

/**
 * The `--import` of exit-with-parent.js: a Node.js child started with it and a stdin pipe exits
 * when this process dies, even by SIGKILL (which no exit hook sees).
 */
export const EXIT_WITH_PARENT_IMPORT = new URL("./exit-with-parent.js", import.meta.url).href;

/**
 * Node.js arguments that run `args` (a script and its arguments) with the parent watch of
 * {@link EXIT_WITH_PARENT_IMPORT}; spawn it with stdin `"pipe"`.
 *
 * @example
 * spawn(process.execPath, withParentWatch([GENERATOR_MAIN]), { stdio: ["pipe", "inherit", "inherit"] });
 */
export function withParentWatch(args: readonly string[]): string[] {
  return ["--import", EXIT_WITH_PARENT_IMPORT, ...args];
}

/** What {@link GreeterProcess} starts. */
export interface GreeterProcessOptions {
  /** The executable, such as `process.execPath` (node). */
  readonly command: string;
  /** Its arguments, such as `["greeter/dist/server.js"]`. */
  readonly args: readonly string[];
  /** The working directory. */
  readonly cwd: string;
  /** The port the greeter listens on; passed as `PORT`. */
  readonly port: number;
  /** More environment variables (`GREETER_SOLUTION`, `FORGET_AFTER_MS`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where its stdout and stderr go, line by line (appended across restarts). */
  readonly logFile: string;
  /** Also receives every line, e.g. to echo it to the terminal. */
  readonly onLine?: (line: string) => void;
  /** How long `start()` waits for the port to accept connections; default 30000 ms. */
  readonly readyTimeoutMs?: number;
}

/**
 * A greeter server child process. `start()` resolves once its port accepts connections;
 * `kill()` and `start()` again simulate a crash and a restart on the same port.
 *
 * @example
 * const greeter = new GreeterProcess({ command: process.execPath, args: ["greeter/dist/server.js"],
 *   cwd: root, port, logFile });
 * await greeter.start();
 * await greeter.kill(); // SIGKILL
 * await greeter.start();
 */
export class GreeterProcess {
  readonly #options: GreeterProcessOptions;
  readonly #lines: string[] = [];
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #starts = 0;

  constructor(options: GreeterProcessOptions) {
    this.#options = options;
    writeFileSync(options.logFile, "");
  }

  /** The port it listens on, the same across restarts. */
  get port(): number {
    return this.#options.port;
  }

  /** Its StateFun endpoint on 127.0.0.1. */
  get url(): string {
    return `http://127.0.0.1:${this.#options.port}/statefun`;
  }

  /** The file holding everything it printed. */
  get logFile(): string {
    return this.#options.logFile;
  }

  /** Every line it printed so far, across restarts (a restart adds a `--- started` line). */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The pid of the current process, or undefined when none runs. */
  get pid(): number | undefined {
    return this.isRunning() ? this.#child?.pid : undefined;
  }

  /** Whether a greeter process is running now. */
  isRunning(): boolean {
    return (
      this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
    );
  }

  /** Starts the greeter and waits until its port accepts connections. */
  async start(): Promise<void> {
    if (this.isRunning()) throw new Error(`the greeter already runs (pid ${this.#child?.pid})`);
    this.#starts += 1;
    this.#record(
      `--- start #${this.#starts}: ${[this.#options.command, ...this.#options.args].join(" ")} (PORT=${this.port})`,
    );
    // A Node.js greeter also watches its stdin, so that it exits when this process dies.
    const isNode = this.#options.command === process.execPath;
    const child = spawn(
      this.#options.command,
      isNode ? withParentWatch(this.#options.args) : [...this.#options.args],
      {
        cwd: this.#options.cwd,
        env: { ...process.env, ...this.#options.env, PORT: String(this.port) },
        stdio: [isNode ? "pipe" : "ignore", "pipe", "pipe"],
      },
    );
    this.#child = child;
    child.stdin?.on("error", () => {});
    // It must not outlive this process: runtime-local's registry stops it with the JVMs, on
    // exit and on a signal that nobody else handles; a SIGKILL of this process closes its stdin.
    trackChild("greeter", child);
    this.#exited = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.#record(`--- exited (${signal ?? `code ${code}`})`);
        resolve();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      forEachLine(stream, (line) => this.#record(line));
    }
    await this.#waitUntilListening(child);
  }

  /** Sends `signal` (default SIGKILL: a crash) and waits until the process has exited. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!this.isRunning()) return;
    this.#child?.kill(signal);
    await this.#exited;
  }

  /** Kills the greeter (SIGKILL) and starts it again on the same port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Stops the greeter: SIGTERM, then SIGKILL after `timeoutMs` (default 5000). */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (!this.isRunning()) return;
    const child = this.#child;
    child?.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const forced = await Promise.race([this.#exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (forced) await this.kill("SIGKILL");
  }

  #record(line: string): void {
    this.#lines.push(line);
    appendFileSync(this.#options.logFile, `${line}\n`);
    this.#options.onLine?.(line);
  }

  async #waitUntilListening(child: ChildProcess): Promise<void> {
    const timeoutMs = this.#options.readyTimeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await portAccepts(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const why =
      child.exitCode !== null || child.signalCode !== null
        ? `exited (${child.signalCode ?? `code ${child.exitCode}`}) while starting`
        : `did not listen on port ${this.port} within ${timeoutMs / 1000} s`;
    await this.kill();
    throw new Error(
      `the greeter ${why}; its log is ${this.logFile}, last lines:\n${this.#lines.slice(-20).join("\n")}`,
    );
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(port, "127.0.0.1", () => done(true));
  });
}
