import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { ProcessExitedError } from "./errors.js";
import { settlesWithin, type TrackedProcess, track, untrack } from "./registry.js";

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A JVM started by this package, its output appended to its log file. */
export interface ManagedProcess extends TrackedProcess {
  readonly logFile: string;
  /** Settles when the process has exited (it never rejects). */
  readonly exited: Promise<ProcessExit>;
  /** `undefined` while running. */
  exit(): ProcessExit | undefined;
}

/** What {@link spawnManaged} starts. */
export interface SpawnOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly cwd?: string;
  /** How long `stop()` waits after SIGTERM before it sends SIGKILL. */
  readonly stopTimeoutMs: number;
}

/**
 * Starts a process in its own process group (so that the whole tree can be signalled at once),
 * with stdout and stderr appended to `logFile` and stdin a pipe that closes when this Node.js
 * process dies. The process is tracked until it exits.
 */
export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const fd = openSync(options.logFile, "a");
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      detached: true,
      stdio: ["pipe", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  // The child's stdin must not keep this process alive, and a JVM that exits first must not
  // make writes to it (there are none) throw.
  child.stdin?.on("error", () => {});
  let exitInfo: ProcessExit | undefined;
  let resolveExited: (exit: ProcessExit) => void = () => {};
  const exited = new Promise<ProcessExit>((resolve) => {
    resolveExited = resolve;
  });
  const pid = child.pid;
  const markExited = (exit: ProcessExit) => {
    if (exitInfo !== undefined) return;
    exitInfo = exit;
    untrack(managed);
    resolveExited(exit);
  };
  child.once("exit", (code, signal) => markExited({ code, signal }));
  child.once("error", () => markExited({ code: null, signal: null }));

  const signalGroup = (signal: NodeJS.Signals) => {
    if (exitInfo !== undefined || pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  };

  const managed: ManagedProcess = {
    name: options.name,
    pid: pid ?? -1,
    logFile: options.logFile,
    exited,
    exit: () => exitInfo,
    signalGroup,
    async stop() {
      if (exitInfo !== undefined) return;
      signalGroup("SIGTERM");
      if (await settlesWithin(exited, options.stopTimeoutMs)) return;
      signalGroup("SIGKILL");
      await settlesWithin(exited, 10_000);
    },
  };
  if (pid === undefined) {
    // spawn() failed synchronously (e.g. the executable vanished); "error" follows.
    return managed;
  }
  track(managed);
  return managed;
}

/** The last `lines` lines of a log file, or a note that it cannot be read. */
export function tailOfFile(file: string, lines = 30): string {
  try {
    const text = readFileSync(file, "utf8").trimEnd();
    return text.split("\n").slice(-lines).join("\n");
  } catch (error) {
    return `(cannot read ${file}: ${(error as Error).message})`;
  }
}

/** The error for a process that exited while it was starting. */
export function exitedDuringStart(process: ManagedProcess, exit: ProcessExit): ProcessExitedError {
  const how =
    exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return new ProcessExitedError(
    `${process.name} ${how} while starting; its log is ${process.logFile}, last lines:\n` +
      tailOfFile(process.logFile),
    process.logFile,
    exit.code,
    exit.signal,
  );
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
