/**
 * The walkthrough on the real runtime: a KRaft Kafka broker, the greeter started as a user starts
 * it, and StateFun 3.3.0 running the project's module.yaml (a copy with local addresses). Used by
 * `pnpm local` and by the end-to-end suite.
 */

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createTopics,
  ensureJars,
  freePort,
  type KafkaHandle,
  type LocalModule,
  LocalRuntime,
  type Logger,
  type StateFunHandle,
  silentLogger,
  writeLocalModule,
} from "@statefun-ts/runtime-local";
import { GreeterProcess } from "./greeter-process.js";

export type { GreeterProcessOptions } from "./greeter-process.js";
export { EXIT_WITH_PARENT_IMPORT, GreeterProcess, withParentWatch } from "./greeter-process.js";

/** The workspace root: walkthrough/dist/ is two levels below it. */
export const WORKSPACE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The walkthrough's one module.yaml. */
export const MODULE_YAML = join(WORKSPACE_ROOT, "module.yaml");

/** The greeter server, as a user starts it: `node greeter/dist/server.js`. */
export const GREETER_SERVER = join(WORKSPACE_ROOT, "greeter", "dist", "server.js");

/** The generator, as a user starts it: `node generator/dist/main.js`. */
export const GENERATOR_MAIN = join(WORKSPACE_ROOT, "generator", "dist", "main.js");

/** The topics module.yaml reads from and writes to. */
export const NAMES_TOPIC = "names";
export const GREETINGS_TOPIC = "greetings";

/** The greeters `GREETER_SOLUTION` chooses from. */
export type GreeterSolution = "classic" | "ttl" | "timer";

/** What {@link startPipeline} takes; everything is optional. */
export interface PipelineOptions {
  /** `GREETER_SOLUTION` of the greeter; default classic. */
  readonly solution?: GreeterSolution;
  /** `FORGET_AFTER_MS` of the greeter (ttl and timer solutions). */
  readonly forgetAfterMs?: number;
  /** The endpoint's `transport.call` timeout in the local module copy (such as `"5s"`); default as in module.yaml. */
  readonly transportCall?: string;
  /** The Flink UI / REST port; default a free one. */
  readonly restPort?: number;
  /** The greeter's port; default a free one. */
  readonly greeterPort?: number;
  /** Where logs, the module copy, Kafka's data and checkpoints go; default a new temporary folder. */
  readonly workDir?: string;
  /** Receives the progress lines; default none. */
  readonly logger?: Logger;
  /** Receives each line the greeter prints (they always go to its log file too). */
  readonly onGreeterLine?: (line: string) => void;
  /**
   * Another greeter server to run instead of the project's, such as one written with the official
   * SDK: it must serve `example/*` on `http://127.0.0.1:$PORT/statefun`.
   */
  readonly greeterCommand?: { readonly command: string; readonly args: readonly string[] };
}

/** Where a pipeline's processes write. */
export interface PipelineLogFiles {
  readonly kafka: string;
  readonly statefun: string;
  readonly greeter: string;
}

/** A running pipeline. `stop()` ends every process it started. */
export interface Pipeline {
  /** The broker; `kill()` (SIGKILL) and `restart()` (same ports and data) inject faults. */
  readonly kafka: KafkaHandle;
  /** The StateFun runtime; `exceptions()` lists job failures and restarts. */
  readonly statefun: StateFunHandle;
  /** The greeter; `kill()` (SIGKILL) and `start()` (same port) inject faults. */
  readonly greeter: GreeterProcess;
  /** `127.0.0.1:<port>` of the broker. */
  readonly bootstrapServers: string;
  /** The module copy StateFun runs. */
  readonly module: LocalModule;
  /** The folder holding everything this pipeline wrote. */
  readonly workDir: string;
  readonly logFiles: PipelineLogFiles;
  /** Stops the runtime, the greeter and the broker; safe to call twice. */
  stop(): Promise<void>;
  /** Deletes {@link Pipeline.workDir}; call after `stop()` when the files are no longer needed. */
  removeFiles(): void;
}

/**
 * Starts the whole walkthrough on the real runtime: Kafka on a fresh data folder, the topics
 * `names` and `greetings`, the greeter, and StateFun with a local copy of module.yaml; resolves
 * once the StatefulFunctions job runs. Whatever was started is stopped again if a step fails.
 *
 * @example
 * const pipeline = await startPipeline({ logger: consoleLogger });
 * try {
 *   // produce to pipeline.bootstrapServers "names", read "greetings" ...
 * } finally {
 *   await pipeline.stop();
 * }
 */
export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const logger = options.logger ?? silentLogger;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "statefun-ts-pipeline-"));
  const logDir = join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });

  logger.info("resolving runtime jars");
  const jarsStarted = Date.now();
  await ensureJars({ logger });
  logger.info(`runtime jars ready in ${seconds(jarsStarted)}`);

  const local = new LocalRuntime({ logger });
  let greeter: GreeterProcess | undefined;
  const stopAllStarted = async () => {
    // The runtime first (it would log the greeter's and the broker's absence), then the rest.
    await greeter?.stop();
    await local.stop();
  };
  try {
    const kafka = await local.startKafka({ dataDir: join(workDir, "kafka-data"), logDir });
    await createTopics(kafka.bootstrapServers, [NAMES_TOPIC, GREETINGS_TOPIC]);
    logger.info(`created topics ${NAMES_TOPIC} and ${GREETINGS_TOPIC}`);

    const env: Record<string, string> = { GREETER_SOLUTION: options.solution ?? "classic" };
    if (options.forgetAfterMs !== undefined) env["FORGET_AFTER_MS"] = String(options.forgetAfterMs);
    greeter = new GreeterProcess({
      command: options.greeterCommand?.command ?? process.execPath,
      args: options.greeterCommand?.args ?? [GREETER_SERVER],
      cwd: WORKSPACE_ROOT,
      port: options.greeterPort ?? (await freePort()),
      env,
      logFile: join(logDir, "greeter.log"),
      ...(options.onGreeterLine === undefined ? {} : { onLine: options.onGreeterLine }),
    });
    await greeter.start();
    logger.info(`greeter listening on ${greeter.url} (log: ${greeter.logFile})`);

    const module = writeLocalModule(MODULE_YAML, join(workDir, "module"), {
      endpoints: { "example/*": greeter.url },
      kafkaAddress: kafka.bootstrapServers,
      ...(options.transportCall === undefined ? {} : { transportCall: options.transportCall }),
    });
    const statefun = await local.startStateFun({
      moduleDir: module.moduleDir,
      logDir,
      checkpointDir: join(workDir, "checkpoints"),
      ...(options.restPort === undefined ? {} : { restPort: options.restPort }),
    });
    // startStateFun's logger prints "StateFun job running, Flink UI at ..." once it runs.
    await statefun.waitUntilRunning();

    const runningGreeter = greeter;
    let stopped: Promise<void> | undefined;
    return {
      kafka,
      statefun,
      greeter: runningGreeter,
      bootstrapServers: kafka.bootstrapServers,
      module,
      workDir,
      logFiles: {
        kafka: kafka.logFile,
        statefun: statefun.logFile,
        greeter: runningGreeter.logFile,
      },
      stop() {
        stopped ??= (async () => {
          await statefun.stop();
          await stopAllStarted();
        })();
        return stopped;
      },
      removeFiles() {
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAllStarted().catch(() => {});
    throw error;
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
