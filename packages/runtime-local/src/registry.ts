/**
 * Every process this package starts is tracked here, so that none is left behind: `stopAll()`
 * stops them, and when the Node.js process exits or gets SIGINT/SIGTERM that nobody else handles,
 * they are killed. (A Node.js process killed with SIGKILL cannot clean up; for that case the JVMs
 * exit by themselves when their stdin, a pipe from this process, closes.) Child processes that a
 * tool starts beside them, such as the greeter, join through {@link trackChild}.
 */

import type { ChildProcess } from "node:child_process";

/** A started process, as the registry sees it. */
export interface TrackedProcess {
  /** What it is, such as "Kafka broker" or "StateFun runtime". */
  readonly name: string;
  /** Its pid, also the id of its process group. */
  readonly pid: number;
  /** Stops it gracefully, then by force. */
  stop(): Promise<void>;
  /** Sends `signal` to its whole process group at once, without waiting. */
  signalGroup(signal: NodeJS.Signals): void;
}

const tracked = new Set<TrackedProcess>();
let hooksInstalled = false;

/** Adds a started process; removed again with {@link untrack} when it exits. */
export function track(process: TrackedProcess): void {
  installHooks();
  tracked.add(process);
}

/** Forgets a process that has exited. */
export function untrack(process: TrackedProcess): void {
  tracked.delete(process);
}

/**
 * Tracks a child process started elsewhere (a Node.js greeter or generator beside the JVMs), so
 * that the same hooks stop it: `stopAll()`, this process's exit, and a SIGINT, SIGTERM or SIGHUP
 * that nobody else handles. It is signalled alone, not as a process group. Untracked once it
 * has exited. No hook runs when this process is killed with SIGKILL: a child that must not
 * outlive it then has to watch its stdin pipe itself, as the JVMs do (the walkthrough's Node.js
 * children do it with walkthrough/src/exit-with-parent.ts).
 *
 * @example
 * const greeter = spawn(process.execPath, ["greeter/dist/server.js"]);
 * trackChild("greeter", greeter);
 */
export function trackChild(name: string, child: ChildProcess, stopTimeoutMs = 5_000): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const send = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  const entry: TrackedProcess = {
    name,
    pid,
    signalGroup: send,
    async stop() {
      send("SIGTERM");
      if (await settlesWithin(gone, stopTimeoutMs)) return;
      send("SIGKILL");
      await settlesWithin(gone, 10_000);
    },
  };
  void gone.then(() => untrack(entry));
  track(entry);
}

/** Whether `promise` settles within `ms` milliseconds. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The processes started by this package that are still running, for checks and diagnostics. */
export function runningProcesses(): { name: string; pid: number }[] {
  return [...tracked].map(({ name, pid }) => ({ name, pid }));
}

/**
 * Stops every process this package started and that still runs: each gets SIGTERM, then
 * SIGKILL if it has not exited within its bound. Call it from a test's `afterAll` or a CLI's
 * Ctrl-C handler.
 */
export async function stopAll(): Promise<void> {
  await Promise.all([...tracked].map((process) => process.stop()));
}

function killAllNow(): void {
  for (const process of tracked) process.signalGroup("SIGKILL");
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // "exit" handlers must be synchronous: a signal is all there is time for.
  process.on("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      // Someone else (a CLI, a test runner) handles this signal and is expected to call
      // stopAll(); do not take over its shutdown.
      if (process.listenerCount(signal) > 1) return;
      killAllNow();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
