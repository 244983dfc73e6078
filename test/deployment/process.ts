/**
 * Runs an image's commands as local processes: the greeter's CMD (to see it
 * serve module.yaml's path) and its HEALTHCHECK (to see it pass and fail).
 */
import { type ChildProcess, spawn } from "node:child_process";

/** A running server and the port it reported. */
export interface RunningServer {
  readonly port: number;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `command` in `cwd` and resolves once its log says
 * `listening on http://host:<port>`. Rejects with the log when it exits first
 * or stays silent for `patienceMs` (a guard against hanging, not a timing claim).
 */
export function startServer(
  command: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
  patienceMs = 15_000,
): Promise<RunningServer> {
  const [file, ...args] = command;
  if (file === undefined) return Promise.reject(new Error("empty command"));
  const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, stdio: "pipe" });
  let log = "";
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${command.join(" ")} (in ${cwd}) ${reason}; its output:\n${log}`));
    };
    const timer = setTimeout(
      () => fail(`did not report a port within ${patienceMs} ms`),
      patienceMs,
    );
    const onOutput = (chunk: Buffer) => {
      log += chunk.toString("utf8");
      const match = /listening on https?:\/\/[^\s/]*:(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve({ port: Number(match[1]), stop: () => stopProcess(child) });
      }
    };
    const onExit = (code: number | null) => fail(`exited with code ${code} before listening`);
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("exit", onExit);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Runs a command to completion and resolves with its exit code. */
export function exitCodeOf(
  command: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<number | null> {
  const [file, ...args] = command;
  if (file === undefined) return Promise.reject(new Error("empty command"));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
}
