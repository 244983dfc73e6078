#!/usr/bin/env node
/**
 * `pnpm local`: the walkthrough on the real runtime, in one command and without Docker. Starts
 * Kafka, the greeter and StateFun 3.3.0 (see pipeline.ts), then the generator, whose greetings
 * print here as with `docker compose up`. Ctrl-C (or SIGTERM) stops all of it.
 *
 * Exit codes: 0 after Ctrl-C or when the generator finished, 1 when something could not start
 * (such as Java or Maven missing), 2 for invalid options or an invalid generator variable (both
 * checked before anything starts).
 */

import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadSeed } from "@statefun-ts/generator";
import {
  assertPortFree,
  consoleLogger,
  detectJava,
  JavaNotFoundError,
  MavenNotFoundError,
  PortInUseError,
  runningProcesses,
  stopAll,
  trackChild,
} from "@statefun-ts/runtime-local";
import {
  GENERATOR_MAIN,
  type GreeterSolution,
  type Pipeline,
  startPipeline,
  WORKSPACE_ROOT,
  withParentWatch,
} from "./pipeline.js";

const USAGE = `Usage: pnpm local [options]

Runs the walkthrough on the real runtime: a Kafka broker, the greeter, StateFun 3.3.0 and the
generator, all on 127.0.0.1. Ctrl-C stops everything.

Options:
  --solution classic|ttl|timer   the greeter to run (GREETER_SOLUTION); default classic
  --forget-after-ms N            when the ttl and timer solutions forget a user (FORGET_AFTER_MS)
  --rest-port N                  the Flink web UI port; default 8081 if free, else a free one
  -h, --help                     this text

The generator's environment passes through: RATE, NAMES, MAX_MESSAGES, SEED, SUMMARY_INTERVAL_MS
(e.g. \`RATE=5 NAMES=Alice,Bob pnpm local\`).

Needs Java 17+ (a JDK) and, the first time only, Maven: it downloads ~310 MB of jars.`;

const DEFAULT_REST_PORT = 8081;

interface LocalOptions {
  readonly solution: GreeterSolution;
  readonly forgetAfterMs: number | undefined;
  readonly restPort: number | undefined;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

const OPTIONS = {
  solution: { type: "string" },
  "forget-after-ms": { type: "string" },
  "rest-port": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(argv: readonly string[]): LocalOptions | "help" {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return "help";
  const solution = values.solution ?? "classic";
  if (solution !== "classic" && solution !== "ttl" && solution !== "timer") {
    throw new UsageError(`--solution must be classic, ttl or timer, got "${solution}"`);
  }
  return {
    solution,
    forgetAfterMs: positiveInteger(
      values["forget-after-ms"],
      "--forget-after-ms",
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    restPort: positiveInteger(values["rest-port"], "--rest-port", 1, 65_535),
  };
}

function positiveInteger(
  value: string | undefined,
  option: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

/** The asked-for port, or 8081 when it is free, or a free one (undefined). */
async function chooseRestPort(asked: number | undefined): Promise<number | undefined> {
  if (asked !== undefined) return asked;
  try {
    await assertPortFree(DEFAULT_REST_PORT, "Flink web UI");
    return DEFAULT_REST_PORT;
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    consoleLogger.info(`port ${DEFAULT_REST_PORT} is taken; the Flink web UI gets a free port`);
    return undefined;
  }
}

function say(line: string): void {
  process.stderr.write(`[local] ${line}\n`);
}

async function main(): Promise<number> {
  let options: LocalOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    // The generator's variables, checked now rather than after Kafka and StateFun have started;
    // KAFKA_BROKERS is set here, not by the user.
    loadConfig({ ...process.env, KAFKA_BROKERS: "127.0.0.1:9092" });
    loadSeed(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }

  let pipeline: Pipeline | undefined;
  let generator: ChildProcess | undefined;
  let stopping: Promise<number> | undefined;
  const shutdown = (reason: string, code: number): Promise<number> => {
    stopping ??= (async () => {
      if (pipeline !== undefined || runningProcesses().length > 0) {
        say(`${reason}: stopping the generator, StateFun, the greeter and Kafka ...`);
      }
      if (generator !== undefined && generator.exitCode === null && generator.signalCode === null) {
        // Ctrl-C reaches the generator too (same process group) and it stops by itself, printing
        // its final summary; a second signal would make it exit at once. Ask it only if it
        // did not get the signal (SIGTERM sent to this process alone).
        const exited = await exitOf(generator, reason === "SIGINT" ? 3_000 : 0, "none");
        if (exited === undefined) {
          generator.kill("SIGTERM");
          await exitOf(generator, 15_000);
        }
      }
      await pipeline
        ?.stop()
        .catch((error: unknown) => say(`stopping failed: ${(error as Error).message}`));
      const started = pipeline !== undefined || runningProcesses().length > 0;
      await stopAll();
      if (started) say("everything stopped");
      return code;
    })();
    return stopping;
  };
  let signals = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // Our own handlers: runtime-local's stand aside, and this one stops everything in order.
    process.on(signal, () => {
      signals += 1;
      if (signals > 1) {
        say("second signal: killing everything now");
        process.exit(130);
      }
      void shutdown(signal, 0).then((code) => process.exit(code));
    });
  }

  try {
    await detectJava();
    const restPort = await chooseRestPort(options.restPort);
    pipeline = await startPipeline({
      solution: options.solution,
      ...(options.forgetAfterMs === undefined ? {} : { forgetAfterMs: options.forgetAfterMs }),
      ...(restPort === undefined ? {} : { restPort }),
      logger: consoleLogger,
    });
  } catch (error) {
    if (
      error instanceof JavaNotFoundError ||
      error instanceof MavenNotFoundError ||
      error instanceof PortInUseError
    ) {
      say(error.message);
      await shutdown("could not start", 1);
      return 1;
    }
    if (stopping !== undefined) return stopping;
    say(`could not start: ${(error as Error).message}`);
    return shutdown("could not start", 1);
  }
  if (stopping !== undefined) return stopping;

  say(
    `greeter: GREETER_SOLUTION=${options.solution}${options.forgetAfterMs === undefined ? "" : ` FORGET_AFTER_MS=${options.forgetAfterMs}`}`,
  );
  say(`Flink web UI: ${pipeline.statefun.uiUrl}`);
  say(`Kafka: ${pipeline.bootstrapServers} (topics names, greetings)`);
  say("logs:");
  say(`  Kafka     ${pipeline.logFiles.kafka}`);
  say(`  StateFun  ${pipeline.logFiles.statefun}`);
  say(`  greeter   ${pipeline.logFiles.greeter}`);
  say(`  module    ${pipeline.module.moduleYaml}`);
  say(
    "starting the generator (the first greetings follow the first checkpoint); Ctrl-C stops everything",
  );

  // Its stdin is a pipe it watches (exit-with-parent.js): killed with SIGKILL, which no handler
  // sees, this process still takes the generator along, as it takes the JVMs and the greeter.
  generator = spawn(process.execPath, withParentWatch([GENERATOR_MAIN]), {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, KAFKA_BROKERS: pipeline.bootstrapServers },
    stdio: ["pipe", "inherit", "inherit"],
  });
  generator.stdin?.on("error", () => {});
  trackChild("generator", generator);
  const exit = await exitOf(generator);
  if (stopping !== undefined) return stopping;
  const code = exit.code ?? 1;
  return shutdown(
    `the generator exited with ${exit.signal ?? `code ${exit.code}`}`,
    code === 0 ? 0 : 1,
  );
}

/**
 * How `child` exits. After `timeoutMs` (if given) it is killed, or, with `onTimeout` "none", left
 * running and `undefined` is returned.
 */
function exitOf(child: ChildProcess, timeoutMs?: number): Promise<Exit>;
function exitOf(
  child: ChildProcess,
  timeoutMs: number,
  onTimeout: "none",
): Promise<Exit | undefined>;
function exitOf(
  child: ChildProcess,
  timeoutMs?: number,
  onTimeout: "kill" | "none" = "kill",
): Promise<Exit | undefined> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal });
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            if (onTimeout === "kill") {
              child.kill("SIGKILL");
            } else {
              child.removeListener("exit", onExit);
              resolve(undefined);
            }
          }, timeoutMs);
    child.once("exit", onExit);
  });
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stopAll().catch(() => {});
    process.exit(1);
  },
);
