/**
 * Every line the generator prints. Each starts with a tag padded to one column (`greeting`,
 * `summary`, `kafka`, ...) so the output reads as a table and can be filtered with grep.
 */

import type { GeneratorConfig } from "./config.js";
import type { Summary } from "./summary.js";

const TAG_WIDTH = 8;

/** One output line: the tag, padded, two spaces, then the text. */
export function formatLine(tag: string, text: string): string {
  return `${tag.padEnd(TAG_WIDTH)}  ${text}`;
}

/** `0.3s`, `12.0s`: durations in the lines are read by people. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * The configuration, printed at start.
 *
 * @example
 * ```text
 * config    brokers=kafka:9092 names-topic=names greetings-topic=greetings
 * config    rate=2/s max-messages=unlimited summary-interval=10000ms seed=42
 * config    names=Alice,Bob,Carol,Dave,Erin,Frank,Grace,Heidi
 * ```
 */
export function formatConfig(config: GeneratorConfig, seed: number): string[] {
  return [
    formatLine(
      "config",
      `brokers=${config.brokers.join(",")} names-topic=${config.namesTopic} greetings-topic=${config.greetingsTopic}`,
    ),
    formatLine(
      "config",
      `rate=${config.ratePerSecond}/s max-messages=${config.maxMessages ?? "unlimited"} summary-interval=${config.summaryIntervalMs}ms seed=${seed}`,
    ),
    formatLine("config", `names=${config.names.join(",")}`),
  ];
}

/** `kafka     waiting for Kafka at kafka:9092 ...` */
export function formatWaiting(brokers: readonly string[]): string {
  return formatLine("kafka", `waiting for Kafka at ${brokers.join(",")} ...`);
}

/** `kafka     attempt 3 failed: Connection error: connect ECONNREFUSED 127.0.0.1:1; retrying in 2.0s` */
export function formatConnectFailed(attempt: number, reason: string, delayMs: number): string {
  return formatLine(
    "kafka",
    `attempt ${attempt} failed: ${reason}; retrying in ${formatSeconds(delayMs)}`,
  );
}

/** `kafka     connected to kafka:9092 after 3 attempts` */
export function formatConnected(brokers: readonly string[], attempts: number): string {
  const after = attempts === 1 ? "at the first attempt" : `after ${attempts} attempts`;
  return formatLine("kafka", `connected to ${brokers.join(",")} ${after}`);
}

/** `topics    created names, greetings` or `topics    names, greetings already exist`, or both. */
export function formatTopics(created: readonly string[], existing: readonly string[]): string {
  const parts: string[] = [];
  if (created.length > 0) parts.push(`created ${created.join(", ")}`);
  if (existing.length > 0) {
    parts.push(`${existing.join(", ")} already ${existing.length === 1 ? "exists" : "exist"}`);
  }
  return formatLine("topics", parts.join("; "));
}

/** `ready     joined consumer group generator-1a2b3c on greetings; sending 2 requests/s to names` */
export function formatReady(config: GeneratorConfig, groupId: string): string {
  return formatLine(
    "ready",
    `joined consumer group ${groupId} on ${config.greetingsTopic}; sending ${config.ratePerSecond} requests/s to ${config.namesTopic}`,
  );
}

/**
 * One greeting. The name column is `nameWidth` wide so the greetings line up.
 *
 * @example
 * ```text
 * greeting  Alice  Nice to see you again Alice
 * ```
 */
export function formatGreeting(name: string, greeting: string, nameWidth: number): string {
  return formatLine("greeting", `${name.padEnd(nameWidth)}  ${greeting}`);
}

/** `summary   sent 20  received 18  in flight 2  undecodable 0  send retries 0`, tagged `final` at the end. */
export function formatSummary(summary: Summary, tag: "summary" | "final" = "summary"): string {
  return formatLine(
    tag,
    `sent ${summary.sent}  received ${summary.received}  in flight ${summary.inFlight}  undecodable ${summary.undecodable}  send retries ${summary.sendRetries}`,
  );
}

/** Where a record came from, for the lines that report one. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
  /** The record key as text, `null` when the record had none. */
  key: string | null;
}

/** `skipped   greetings partition 0 offset 17 key "Alice": not a GreetResponse (index out of range: 3 + 10 > 5)` */
export function formatUndecodable(position: RecordPosition, reason: string): string {
  const key = position.key === null ? "no key" : `key ${JSON.stringify(position.key)}`;
  return formatLine(
    "skipped",
    `${position.topic} partition ${position.partition} offset ${position.offset} ${key}: ${reason}`,
  );
}

/** `retry     request #12 (Alice) attempt 1 failed: <reason>; retrying in 0.3s` */
export function formatSendRetry(
  sequence: number,
  name: string,
  attempt: number,
  reason: string,
  delayMs: number,
): string {
  return formatLine(
    "retry",
    `request #${sequence} (${name}) attempt ${attempt} failed: ${reason}; retrying in ${formatSeconds(delayMs)}`,
  );
}

/** `consumer  crashed: <reason>; KafkaJS restarts it` or `...; reconnecting in 1.0s` */
export function formatConsumerCrash(reason: string, restartInMs: number | "kafkajs"): string {
  const next =
    restartInMs === "kafkajs"
      ? "KafkaJS restarts it"
      : `reconnecting in ${formatSeconds(restartInMs)}`;
  return formatLine("consumer", `crashed: ${reason}; ${next}`);
}

/** `stopping  on SIGTERM` */
export function formatStopping(reason: string): string {
  return formatLine("stopping", reason === "" ? "stop requested" : `on ${reason}`);
}

/** `stopping  request #12 (Alice) was not confirmed by Kafka and may not have been written` */
export function formatUnconfirmed(sequence: number, name: string): string {
  return formatLine(
    "stopping",
    `request #${sequence} (${name}) was not confirmed by Kafka and may not have been written`,
  );
}

/** `stopping  the consumer did not disconnect within 5.0s` */
export function formatStopTimeout(what: string, timeoutMs: number): string {
  return formatLine("stopping", `${what} did not disconnect within ${formatSeconds(timeoutMs)}`);
}

/** `draining  sent all 100 requests; waiting up to 60.0s for 3 greetings` */
export function formatDraining(sent: number, inFlight: number, timeoutMs: number): string {
  return formatLine(
    "draining",
    `sent all ${sent} requests; waiting up to ${formatSeconds(timeoutMs)} for ${inFlight} ${inFlight === 1 ? "greeting" : "greetings"}`,
  );
}

/** `draining  gave up after 60.0s: 3 greetings did not arrive` */
export function formatDrainTimeout(inFlight: number, timeoutMs: number): string {
  return formatLine(
    "draining",
    `gave up after ${formatSeconds(timeoutMs)}: ${inFlight} ${inFlight === 1 ? "greeting" : "greetings"} did not arrive`,
  );
}

/**
 * A KafkaJS log entry on one line: level, namespace, message and the plain extra fields.
 *
 * @example
 * ```text
 * kafkajs   ERROR [Connection] Connection error: connect ECONNREFUSED 127.0.0.1:9092 broker=127.0.0.1:9092
 * ```
 */
export function formatKafkaLog(
  label: string,
  namespace: string,
  message: string,
  extra: Readonly<Record<string, unknown>>,
): string {
  const fields = Object.entries(extra)
    .filter(([key, value]) => !IGNORED_LOG_FIELDS.has(key) && isPrintable(value))
    .map(([key, value]) => `${key}=${String(value)}`);
  const where = namespace === "" ? "" : `[${namespace}] `;
  return formatLine("kafkajs", [`${label.padEnd(5)} ${where}${message}`, ...fields].join(" "));
}

/**
 * A broker's transient answer that KafkaJS retries by itself, e.g. while it starts.
 *
 * @example
 * ```text
 * kafka     broker not ready for GroupCoordinator (The group coordinator is not available); KafkaJS retries
 * ```
 */
export function formatBrokerNotReady(request: string, error: string): string {
  return formatLine("kafka", `broker not ready for ${request} (${error}); KafkaJS retries`);
}

// The timestamp and logger name repeat on every entry; the stack makes a one-liner unreadable.
const IGNORED_LOG_FIELDS = new Set(["timestamp", "logger", "message", "stack"]);

function isPrintable(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
