import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { ReadyTimeoutError, RuntimeLocalError } from "./errors.js";
import { type EnsureJarsOptions, ensureJars, type RuntimeJars } from "./jars.js";
import { type Logger, silentLogger } from "./logger.js";
import { assertPortFree, freePorts, LOCALHOST, portAccepts } from "./ports.js";
import { exitedDuringStart, type ManagedProcess, sleep, spawnManaged } from "./process.js";

/** Options of {@link startKafka}. */
export interface StartKafkaOptions extends EnsureJarsOptions {
  /** The client (PLAINTEXT) port; default a free one. */
  readonly port?: number;
  /** The KRaft controller port; default a free one. */
  readonly controllerPort?: number;
  /** The broker's `log.dirs`, where records live; default a new temporary folder. */
  readonly dataDir?: string;
  /** Where `kafka.log` and the generated config files go; default a new temporary folder. */
  readonly logDir?: string;
  /** How long to wait for the broker to answer, in ms; default 120000 (a restart after a crash recovers its logs first). */
  readonly readyTimeoutMs?: number;
  /** How long `stop()` waits for a graceful shutdown before SIGKILL, in ms; default 20000. */
  readonly stopTimeoutMs?: number;
}

/** A running single-node KRaft Kafka broker. */
export interface KafkaHandle {
  /** `127.0.0.1:<port>`, for clients. */
  readonly bootstrapServers: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** The broker's log (WARN and above, plus its own stdout/stderr). */
  readonly logFile: string;
  /** The pid of the current broker process (changes on `restart()`). */
  readonly pid: number;
  /** Whether the current broker process is still running. */
  isRunning(): boolean;
  /** Stops the broker: SIGTERM, then SIGKILL if it has not exited within `stopTimeoutMs`. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) to the broker, for fault injection, and waits until it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the broker if it still runs, then starts it again on the same ports and data, and waits until it is ready. */
  restart(): Promise<void>;
}

/**
 * Starts a single-node Kafka 3.9.1 broker in KRaft mode (no ZooKeeper) on 127.0.0.1, formatting
 * its storage first if `dataDir` is new, and resolves once it is ready: its port accepts
 * connections and a KafkaJS admin can list topics. The broker allows exactly-once producers
 * (single-replica transaction log) and does not create topics on demand: see {@link createTopics}.
 *
 * Throws {@link PortInUseError}, {@link ProcessExitedError} (with the last log lines),
 * {@link ReadyTimeoutError}, and the errors of {@link ensureJars}.
 *
 * @example
 * const kafka = await startKafka({ logger: consoleLogger });
 * await createTopics(kafka.bootstrapServers, ["names", "greetings"]);
 * // ...
 * await kafka.stop();
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const logger = options.logger ?? silentLogger;
  // Cheap checks first: a taken port fails before any jar is resolved.
  if (options.port !== undefined) await assertPortFree(options.port, "Kafka broker");
  if (options.controllerPort !== undefined) {
    await assertPortFree(options.controllerPort, "Kafka KRaft controller");
  }
  const jars = await ensureJars(options);
  const [freeA, freeB] = await freePorts(2);
  const port = options.port ?? freeA!;
  const controllerPort = options.controllerPort ?? (freeB === port ? freeA! : freeB!);

  const workDir =
    options.dataDir === undefined || options.logDir === undefined
      ? mkdtempSync(join(tmpdir(), "statefun-local-kafka-"))
      : undefined;
  const dataDir = resolve(options.dataDir ?? join(workDir!, "data"));
  const logDir = resolve(options.logDir ?? join(workDir!, "logs"));
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, "kafka.log");
  const propertiesFile = join(logDir, "server.properties");
  const log4jFile = join(logDir, "kafka-log4j.properties");
  writeFileSync(propertiesFile, serverProperties({ port, controllerPort, dataDir }));
  writeFileSync(log4jFile, log4jProperties(logFile));

  await formatStorage(jars, dataDir, propertiesFile, log4jFile, logger);

  const bootstrapServers = `${LOCALHOST}:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const launch = async (): Promise<ManagedProcess> => {
    const started = Date.now();
    logger.info(`starting Kafka on ${bootstrapServers} (log: ${logFile})`);
    const broker = spawnManaged({
      name: "Kafka broker",
      command: jars.javaPath,
      args: [
        "-Xmx512m",
        "-Xms256m",
        "-Dstatefun.local.exitWithParent=true",
        `-Dlog4j.configuration=file:${log4jFile}`,
        "-cp",
        jars.kafkaClasspath,
        "WithParent",
        "kafka.Kafka",
        propertiesFile,
      ],
      logFile,
      stopTimeoutMs: options.stopTimeoutMs ?? 20_000,
    });
    try {
      await waitUntilBrokerReady(broker, port, bootstrapServers, readyTimeoutMs);
    } catch (error) {
      await broker.stop();
      throw error;
    }
    logger.info(
      `Kafka ready on ${bootstrapServers} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return broker;
  };

  let broker = await launch();
  return {
    bootstrapServers,
    port,
    controllerPort,
    dataDir,
    logFile,
    get pid() {
      return broker.pid;
    },
    isRunning: () => broker.exit() === undefined,
    stop: () => broker.stop(),
    async kill(signal = "SIGKILL") {
      broker.signalGroup(signal);
      await broker.exited;
    },
    async restart() {
      await broker.stop();
      await assertPortFree(port, "Kafka broker");
      await assertPortFree(controllerPort, "Kafka KRaft controller");
      broker = await launch();
    },
  };
}

function serverProperties(ports: {
  port: number;
  controllerPort: number;
  dataDir: string;
}): string {
  const { port, controllerPort, dataDir } = ports;
  const properties: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@${LOCALHOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${LOCALHOST}:${port},CONTROLLER://${LOCALHOST}:${controllerPort}`,
    "advertised.listeners": `PLAINTEXT://${LOCALHOST}:${port}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "log.dirs": dataDir,
    "num.partitions": 1,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 1,
    // One broker: the transaction log must live with one replica, or exactly-once producers
    // (StateFun's exactly-once egress) never get a transaction coordinator.
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 1,
    "group.initial.rebalance.delay.ms": 0,
    "auto.create.topics.enable": "false",
  };
  return (
    "# Written by @statefun-ts/runtime-local: a single-node KRaft broker on 127.0.0.1.\n" +
    Object.entries(properties)
      .map(([key, value]) => `${key}=${String(value).replaceAll("\\", "\\\\")}`)
      .join("\n") +
    "\n"
  );
}

function log4jProperties(logFile: string): string {
  return [
    "# Written by @statefun-ts/runtime-local: warnings and errors of the broker, in one file.",
    "log4j.rootLogger=WARN, file",
    "log4j.appender.file=org.apache.log4j.FileAppender",
    `log4j.appender.file.File=${logFile.replaceAll("\\", "\\\\")}`,
    "log4j.appender.file.Append=true",
    "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
    // One line when the broker is up, so the log shows each (re)start.
    "log4j.logger.kafka.server.KafkaRaftServer=INFO",
    "",
  ].join("\n");
}

const execFileAsync = promisify(execFile);

/** Formats the KRaft storage of a new data folder (`meta.properties` marks a formatted one). */
async function formatStorage(
  jars: RuntimeJars,
  dataDir: string,
  propertiesFile: string,
  log4jFile: string,
  logger: Logger,
): Promise<void> {
  if (existsSync(join(dataDir, "meta.properties"))) return;
  logger.info(`formatting Kafka storage in ${dataDir}`);
  const tool = (args: string[]) =>
    execFileAsync(
      jars.javaPath,
      [
        `-Dlog4j.configuration=file:${log4jFile}`,
        "-cp",
        jars.kafkaClasspath,
        "kafka.tools.StorageTool",
        ...args,
      ],
      { timeout: 60_000 },
    );
  try {
    const { stdout } = await tool(["random-uuid"]);
    const clusterId = stdout.trim().split("\n").pop()?.trim() ?? "";
    await tool(["format", "-t", clusterId, "-c", propertiesFile]);
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    throw new RuntimeLocalError(
      `formatting the Kafka storage in ${dataDir} failed: ${output.message}\n` +
        `${output.stdout ?? ""}${output.stderr ?? ""}`.trim(),
      { cause: error },
    );
  }
}

async function waitUntilBrokerReady(
  broker: ManagedProcess,
  port: number,
  bootstrapServers: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exitedError = () => {
    const exit = broker.exit();
    return exit === undefined ? undefined : exitedDuringStart(broker, exit);
  };
  while (Date.now() < deadline) {
    const exited = exitedError();
    if (exited !== undefined) throw exited;
    if ((await portAccepts(port)) && (await adminAnswers(bootstrapServers))) return;
    await Promise.race([sleep(250), broker.exited]);
  }
  throw (
    exitedError() ??
    new ReadyTimeoutError(
      `the Kafka broker on ${bootstrapServers} was not ready within ${timeoutMs / 1000} s; ` +
        `its log is ${broker.logFile}`,
      broker.logFile,
    )
  );
}

/** Whether a KafkaJS admin can list the topics right now (one short attempt, no retries). */
async function adminAnswers(bootstrapServers: string): Promise<boolean> {
  const admin = new Kafka({
    brokers: [bootstrapServers],
    clientId: "statefun-local-ready-check",
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
