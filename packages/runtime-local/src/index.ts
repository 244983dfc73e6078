/**
 * `@statefun-ts/runtime-local`: the real Apache Flink StateFun 3.3.0 runtime and a single-node
 * Kafka broker as local JVM processes, for any module.yaml.
 */
export {
  JarResolutionError,
  JavaNotFoundError,
  MavenNotFoundError,
  PortInUseError,
  ProcessExitedError,
  ReadyTimeoutError,
  RuntimeLocalError,
} from "./errors.js";
export type { EnsureJarsOptions, RuntimeJars } from "./jars.js";
export { defaultJarsDir, ensureJars } from "./jars.js";
export type { KafkaHandle, StartKafkaOptions } from "./kafka.js";
export { startKafka } from "./kafka.js";
export { LocalRuntime } from "./local-runtime.js";
export type { Logger } from "./logger.js";
export { consoleLogger, silentLogger } from "./logger.js";
export type { LocalModule, LocalModuleOptions } from "./module-yaml.js";
export { rewriteModuleYaml, writeLocalModule } from "./module-yaml.js";
export { assertPortFree, freePort } from "./ports.js";
export { runningProcesses, stopAll, trackChild } from "./registry.js";
export type { JobException, StartStateFunOptions, StateFunHandle } from "./statefun.js";
export { STATEFUN_JOB_NAME, startStateFun } from "./statefun.js";
export type { JavaInstallation } from "./tools.js";
export { detectJava, detectMaven } from "./tools.js";
export type { CreateTopicsOptions } from "./topics.js";
export { createTopics } from "./topics.js";
