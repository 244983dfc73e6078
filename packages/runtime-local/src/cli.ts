#!/usr/bin/env node
/**
 * `statefun-local`: the real StateFun 3.3.0 runtime and a Kafka broker as local processes.
 * Run `statefun-local --help` for the commands.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { RuntimeLocalError } from "./errors.js";
import { ensureJars } from "./jars.js";
import { startKafka } from "./kafka.js";
import { consoleLogger } from "./logger.js";
import { writeLocalModule } from "./module-yaml.js";
import { stopAll } from "./registry.js";
import { startStateFun } from "./statefun.js";
import { createTopics } from "./topics.js";

const HELP = `statefun-local: the real Apache Flink StateFun 3.3.0 runtime and a single-node Kafka
broker as local JVM processes (needs Java 17+; Maven once, to download ~310 MB of jars).

Usage:
  statefun-local jars
      Resolve the runtime jars (the first run downloads ~310 MB into ~/.m2).
  statefun-local kafka [--port N] [--controller-port N] [--topics a,b] [--data-dir DIR] [--log-dir DIR]
      Start a KRaft broker on 127.0.0.1, create the topics, run until Ctrl-C.
  statefun-local statefun --module module.yaml --endpoint 'example/*=http://127.0.0.1:8000/statefun'
                          --kafka 127.0.0.1:9092 [--rest-port 8081] [--transport-call 5s]
                          [--checkpoint-interval MS] [--module-out DIR] [--log-dir DIR]
      Write a copy of module.yaml with local addresses (one --endpoint per endpoint, keyed by its
      'functions'), start the runtime, run until Ctrl-C.

Options for every command:
  --jars-dir DIR   where the jars go (default: packages/runtime-local/jars)
  --java PATH      the java executable (default: $JAVA_HOME/bin/java, else java)
  --mvn PATH       the mvn executable (default: mvn)
  -h, --help       this text
`;

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        port: { type: "string" },
        "controller-port": { type: "string" },
        topics: { type: "string" },
        "data-dir": { type: "string" },
        "log-dir": { type: "string" },
        module: { type: "string" },
        endpoint: { type: "string", multiple: true },
        kafka: { type: "string" },
        "rest-port": { type: "string" },
        "transport-call": { type: "string" },
        "checkpoint-interval": { type: "string" },
        "module-out": { type: "string" },
        "jars-dir": { type: "string" },
        java: { type: "string" },
        mvn: { type: "string" },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
})();

function fail(message: string): never {
  process.stderr.write(`statefun-local: ${message}\n`);
  process.exit(2);
}

function portOption(name: "port" | "controller-port" | "rest-port"): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`--${name} must be a port, got '${text}'`);
  return port;
}

const jarOptions = {
  logger: consoleLogger,
  ...(values["jars-dir"] !== undefined ? { jarsDir: values["jars-dir"] } : {}),
  ...(values.java !== undefined ? { javaPath: values.java } : {}),
  ...(values.mvn !== undefined ? { mavenPath: values.mvn } : {}),
};

/** Keeps running until Ctrl-C or until `isRunning` turns false, then stops everything. */
async function runUntilInterrupted(
  what: string,
  isRunning: () => boolean,
  logFile: string,
): Promise<never> {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info(`stopping ${what}`);
    await stopAll();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(130));
  process.on("SIGTERM", () => void shutdown(143));
  consoleLogger.info(`${what} running; log: ${logFile}; press Ctrl-C to stop`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (!stopping && !isRunning()) {
      consoleLogger.warn(`${what} exited on its own; its log is ${logFile}`);
      await shutdown(1);
    }
  }
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (values.help === true || command === undefined) {
    process.stdout.write(HELP);
    return;
  }
  switch (command) {
    case "jars": {
      const jars = await ensureJars(jarOptions);
      consoleLogger.info(`runtime jars ready in ${jars.jarsDir}`);
      return;
    }
    case "kafka": {
      const port = portOption("port");
      const controllerPort = portOption("controller-port");
      const kafka = await startKafka({
        ...jarOptions,
        ...(port !== undefined ? { port } : {}),
        ...(controllerPort !== undefined ? { controllerPort } : {}),
        ...(values["data-dir"] !== undefined ? { dataDir: values["data-dir"] } : {}),
        ...(values["log-dir"] !== undefined ? { logDir: values["log-dir"] } : {}),
      });
      const topics = (values.topics ?? "")
        .split(",")
        .map((topic) => topic.trim())
        .filter(Boolean);
      if (topics.length > 0) {
        await createTopics(kafka.bootstrapServers, topics);
        consoleLogger.info(`topics ready: ${topics.join(", ")}`);
      }
      return runUntilInterrupted(
        `Kafka on ${kafka.bootstrapServers}`,
        kafka.isRunning,
        kafka.logFile,
      );
    }
    case "statefun": {
      if (values.module === undefined) fail("statefun needs --module <module.yaml>");
      if (values.kafka === undefined) fail("statefun needs --kafka <host:port>");
      const endpoints: Record<string, string> = {};
      for (const pair of values.endpoint ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0) fail(`--endpoint must be 'functions=url', got '${pair}'`);
        endpoints[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const moduleOut =
        values["module-out"] ?? mkdtempSync(join(tmpdir(), "statefun-local-module-"));
      const module = writeLocalModule(values.module, moduleOut, {
        endpoints,
        kafkaAddress: values.kafka,
        ...(values["transport-call"] !== undefined
          ? { transportCall: values["transport-call"] }
          : {}),
      });
      consoleLogger.info(`local module written to ${module.moduleYaml}`);
      const restPort = portOption("rest-port");
      const interval = values["checkpoint-interval"];
      if (interval !== undefined && !(Number(interval) > 0)) {
        fail(`--checkpoint-interval must be a positive number of ms, got '${interval}'`);
      }
      const statefun = await startStateFun({
        ...jarOptions,
        moduleDir: module.moduleDir,
        ...(restPort !== undefined ? { restPort } : {}),
        ...(interval !== undefined ? { checkpointIntervalMs: Number(interval) } : {}),
        ...(values["log-dir"] !== undefined ? { logDir: values["log-dir"] } : {}),
      });
      await statefun.waitUntilRunning();
      return runUntilInterrupted("StateFun", statefun.isRunning, statefun.logFile);
    }
    default:
      fail(`unknown command '${command}'\n\n${HELP}`);
  }
}

main().catch(async (error: unknown) => {
  await stopAll().catch(() => {});
  if (error instanceof RuntimeLocalError) {
    process.stderr.write(`statefun-local: ${error.message}\n`);
  } else {
    process.stderr.write(
      `statefun-local: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
