import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ReadyTimeoutError, RuntimeLocalError } from "./errors.js";
import { type EnsureJarsOptions, ensureJars } from "./jars.js";
import { silentLogger } from "./logger.js";
import { assertPortFree, freePort, LOCALHOST } from "./ports.js";
import { exitedDuringStart, type ManagedProcess, sleep, spawnManaged } from "./process.js";

/** The name StateFun gives its Flink job (`statefun.flink-job-name`). */
export const STATEFUN_JOB_NAME = "StatefulFunctions";

/** Options of {@link startStateFun}. Give `moduleDir` or `moduleYaml`. */
export interface StartStateFunOptions extends EnsureJarsOptions {
  /** A folder holding `module.yaml` (as written by `writeLocalModule`). */
  readonly moduleDir?: string;
  /** A module file; copied to a temporary folder as `module.yaml` unless it is named so already. */
  readonly moduleYaml?: string;
  /** The port of the Flink web UI and REST API; default a free one. */
  readonly restPort?: number;
  /** The checkpoint interval in ms; default 1000. Exactly-once Kafka egress commits at each checkpoint. */
  readonly checkpointIntervalMs?: number;
  /** Where checkpoints go; default a new temporary folder. */
  readonly checkpointDir?: string;
  /** Where `statefun.log` and the generated logging configs go; default a new temporary folder. */
  readonly logDir?: string;
  /** More Flink settings; they override the defaults (e.g. `{ "parallelism.default": "2" }`). */
  readonly flinkConfig?: Readonly<Record<string, string>>;
  /** The JVM's maximum heap; default "1g". */
  readonly maxHeap?: string;
  /** How long to wait for the REST API to answer, in ms; default 90000. */
  readonly startTimeoutMs?: number;
  /** How long `stop()` waits for a graceful shutdown before SIGKILL, in ms; default 10000. */
  readonly stopTimeoutMs?: number;
}

/** One failure of the job, as the Flink REST API reports it (`exceptionHistory.entries`). */
export interface JobException {
  readonly exceptionName: string;
  readonly stacktrace: string;
  readonly timestamp: number;
  readonly taskName?: string | null;
}

/** A running StateFun runtime (a Flink MiniCluster with the StatefulFunctions job). */
export interface StateFunHandle {
  /** The Flink REST API, such as `http://127.0.0.1:8081`. */
  readonly restUrl: string;
  /** The Flink web UI, such as `http://127.0.0.1:8081/`. */
  readonly uiUrl: string;
  readonly restPort: number;
  /** The folder holding the module.yaml that runs. */
  readonly moduleDir: string;
  /** The runtime's log (WARN and above, plus its stdout/stderr). */
  readonly logFile: string;
  readonly pid: number;
  /** Whether the process still runs. */
  isRunning(): boolean;
  /**
   * Resolves with the job id once the StatefulFunctions job is RUNNING. Throws
   * {@link ReadyTimeoutError} after `timeoutMs` (default 90000), or {@link ProcessExitedError} if
   * the runtime dies meanwhile.
   */
  waitUntilRunning(timeoutMs?: number): Promise<string>;
  /** The job's state (`RUNNING`, `RESTARTING`, ...), or `undefined` before it is submitted. */
  jobState(): Promise<string | undefined>;
  /** Every failure and restart of the job so far; empty for a healthy run. */
  exceptions(): Promise<JobException[]>;
  /** How many checkpoints have completed. */
  checkpoints(): Promise<number>;
  /** Stops the runtime: SIGTERM, then SIGKILL if it has not exited within `stopTimeoutMs`. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) and waits until the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const JAVA_17_FLAGS = [
  ...[
    "java.lang",
    "java.net",
    "java.io",
    "java.nio",
    "sun.nio.ch",
    "java.lang.reflect",
    "java.text",
    "java.time",
    "java.util",
    "java.util.concurrent",
    "java.util.concurrent.atomic",
    "java.util.concurrent.locks",
  ].map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
  "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
  "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
  "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
];

/**
 * Starts the real StateFun 3.3.0 runtime (StateFun's Harness: a Flink 1.16.2 MiniCluster in one
 * JVM) for a module.yaml, with checkpointing on (exactly-once egress needs it), and resolves once
 * its REST API answers. Call `waitUntilRunning()` to wait for the job itself.
 *
 * Throws {@link PortInUseError}, {@link ProcessExitedError} (with the last log lines),
 * {@link ReadyTimeoutError}, and the errors of {@link ensureJars}.
 *
 * @example
 * const statefun = await startStateFun({ moduleDir: module.moduleDir, logger: consoleLogger });
 * await statefun.waitUntilRunning();
 * console.log(`Flink UI at ${statefun.uiUrl}`);
 */
export async function startStateFun(options: StartStateFunOptions): Promise<StateFunHandle> {
  const logger = options.logger ?? silentLogger;
  // Cheap checks first: a taken port fails before any jar is resolved.
  if (options.restPort !== undefined)
    await assertPortFree(options.restPort, "Flink REST API and UI");
  const jars = await ensureJars(options);
  const restPort = options.restPort ?? (await freePort());
  const workDir =
    options.logDir === undefined ||
    options.checkpointDir === undefined ||
    options.moduleDir === undefined
      ? mkdtempSync(join(tmpdir(), "statefun-local-runtime-"))
      : undefined;
  const moduleDir = prepareModuleDir(options, workDir);
  const logDir = resolve(options.logDir ?? join(workDir!, "logs"));
  const checkpointDir = resolve(options.checkpointDir ?? join(workDir!, "checkpoints"));
  mkdirSync(logDir, { recursive: true });
  mkdirSync(checkpointDir, { recursive: true });
  const logFile = join(logDir, "statefun.log");
  // The StateFun jars log through log4j 1 (slf4j-log4j12); a log4j2 config is written as well
  // so that a classpath with log4j2 logs to the same file.
  const log4jFile = join(logDir, "statefun-log4j.properties");
  const log4j2File = join(logDir, "statefun-log4j2.properties");
  writeFileSync(log4jFile, log4jProperties(logFile));
  writeFileSync(log4j2File, log4j2Properties(logFile));

  const flinkConfig: Record<string, string> = {
    "parallelism.default": "1",
    "execution.checkpointing.interval": `${options.checkpointIntervalMs ?? 1000}ms`,
    "state.backend": "hashmap",
    "state.checkpoints.dir": pathToFileURL(checkpointDir).href,
    "restart-strategy": "fixed-delay",
    "restart-strategy.fixed-delay.attempts": "2147483647",
    "restart-strategy.fixed-delay.delay": "1s",
    "classloader.parent-first-patterns.additional":
      "org.apache.flink.statefun;org.apache.kafka;com.google.protobuf",
    "taskmanager.memory.managed.size": "64m",
    "taskmanager.memory.network.min": "32m",
    "taskmanager.memory.network.max": "32m",
    "rest.port": String(restPort),
    "rest.address": LOCALHOST,
    "rest.bind-address": LOCALHOST,
    ...options.flinkConfig,
  };
  const restUrl = `http://${LOCALHOST}:${restPort}`;
  const started = Date.now();
  logger.info(`starting StateFun with ${join(moduleDir, "module.yaml")} (log: ${logFile})`);
  const runtime = spawnManaged({
    name: "StateFun runtime",
    command: jars.javaPath,
    args: [
      `-Xmx${options.maxHeap ?? "1g"}`,
      ...JAVA_17_FLAGS,
      "-Dstatefun.local.exitWithParent=true",
      // Lets the Flink web UI show this log.
      `-Dlog.file=${logFile}`,
      `-Dlog4j.configuration=${pathToFileURL(log4jFile).href}`,
      `-Dlog4j.configurationFile=${log4j2File}`,
      "-cp",
      [moduleDir, jars.statefunClasspath].join(delimiter),
      "Launcher",
      ...Object.entries(flinkConfig).map(([key, value]) => `${key}=${value}`),
    ],
    logFile,
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
  });

  const rest = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${restUrl}${path}`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  const findJob = async (): Promise<{ jid: string; state: string } | undefined> => {
    const overview = await rest<{
      jobs: { jid: string; name: string; state: string; "start-time": number }[];
    }>("/jobs/overview");
    return overview.jobs
      .filter((job) => job.name === STATEFUN_JOB_NAME)
      .sort((a, b) => b["start-time"] - a["start-time"])[0];
  };
  const jobId = async (): Promise<string> => {
    const job = await findJob();
    if (job === undefined)
      throw new RuntimeLocalError(`no ${STATEFUN_JOB_NAME} job at ${restUrl} yet`);
    return job.jid;
  };
  const failIfExited = () => {
    const exit = runtime.exit();
    if (exit !== undefined) throw exitedDuringStart(runtime, exit);
  };

  try {
    await pollUntil(
      async () => {
        failIfExited();
        await rest("/overview");
        return true;
      },
      runtime,
      options.startTimeoutMs ?? 90_000,
      `the StateFun runtime's REST API (${restUrl}) did not answer`,
    );
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  logger.info(
    `StateFun REST API up at ${restUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  return {
    restUrl,
    uiUrl: `${restUrl}/`,
    restPort,
    moduleDir,
    logFile,
    pid: runtime.pid,
    isRunning: () => runtime.exit() === undefined,
    async waitUntilRunning(timeoutMs = 90_000) {
      let jid = "";
      await pollUntil(
        async () => {
          failIfExited();
          const job = await findJob();
          if (job?.state !== "RUNNING") return false;
          jid = job.jid;
          return true;
        },
        runtime,
        timeoutMs,
        `the ${STATEFUN_JOB_NAME} job at ${restUrl} did not reach RUNNING`,
      );
      logger.info(
        `StateFun job running, Flink UI at ${restUrl}/ (${((Date.now() - started) / 1000).toFixed(1)} s after start)`,
      );
      return jid;
    },
    async jobState() {
      return (await findJob())?.state;
    },
    async exceptions() {
      const body = await rest<{ exceptionHistory?: { entries?: JobException[] } }>(
        `/jobs/${await jobId()}/exceptions`,
      );
      return body.exceptionHistory?.entries ?? [];
    },
    async checkpoints() {
      const body = await rest<{ counts?: { completed?: number } }>(
        `/jobs/${await jobId()}/checkpoints`,
      );
      return body.counts?.completed ?? 0;
    },
    stop: () => runtime.stop(),
    async kill(signal = "SIGKILL") {
      runtime.signalGroup(signal);
      await runtime.exited;
    },
  };
}

/** The folder to put first on the classpath: it must hold a file named `module.yaml`. */
function prepareModuleDir(options: StartStateFunOptions, workDir: string | undefined): string {
  if (options.moduleDir !== undefined) {
    const dir = resolve(options.moduleDir);
    if (!existsSync(join(dir, "module.yaml"))) {
      throw new RuntimeLocalError(`${dir} holds no module.yaml`);
    }
    return dir;
  }
  if (options.moduleYaml === undefined) {
    throw new RuntimeLocalError("startStateFun needs moduleDir or moduleYaml");
  }
  const file = resolve(options.moduleYaml);
  if (!existsSync(file)) throw new RuntimeLocalError(`the module file ${file} does not exist`);
  if (basename(file) === "module.yaml") return dirname(file);
  const dir = join(workDir!, "module");
  mkdirSync(dir, { recursive: true });
  copyFileSync(file, join(dir, "module.yaml"));
  return dir;
}

/** Polls `check` every 250 ms until it returns true; errors of `check` count as "not yet" except a {@link RuntimeLocalError}. */
async function pollUntil(
  check: () => Promise<boolean>,
  process: ManagedProcess,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "";
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
      lastProblem = "";
    } catch (error) {
      if (error instanceof RuntimeLocalError) throw error;
      lastProblem = ` (last answer: ${(error as Error).message})`;
    }
    await Promise.race([sleep(250), process.exited]);
  }
  const exit = process.exit();
  if (exit !== undefined) throw exitedDuringStart(process, exit);
  throw new ReadyTimeoutError(
    `${what} within ${timeoutMs / 1000} s${lastProblem}; its log is ${process.logFile}`,
    process.logFile,
  );
}

function log4jProperties(logFile: string): string {
  return [
    "# Written by @statefun-ts/runtime-local: warnings and errors of the runtime, in one file.",
    "log4j.rootLogger=WARN, file",
    "log4j.appender.file=org.apache.log4j.FileAppender",
    `log4j.appender.file.File=${logFile.replaceAll("\\", "\\\\")}`,
    "log4j.appender.file.Append=true",
    "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.file.layout.ConversionPattern=%d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
    "",
  ].join("\n");
}

function log4j2Properties(logFile: string): string {
  return [
    "# Written by @statefun-ts/runtime-local: warnings and errors of the runtime, in one file.",
    "rootLogger.level = WARN",
    "rootLogger.appenderRef.file.ref = file",
    "appender.file.name = file",
    "appender.file.type = File",
    `appender.file.fileName = ${logFile.replaceAll("\\", "\\\\")}`,
    "appender.file.append = true",
    "appender.file.layout.type = PatternLayout",
    "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
    "",
  ].join("\n");
}
