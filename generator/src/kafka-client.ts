/** The KafkaJS client: a retry budget that outlasts a broker restart, and quiet, one-line logs. */

import { Kafka, type logCreator, logLevel, type RetryOptions } from "kafkajs";
import { formatBrokerNotReady, formatKafkaLog } from "./format.js";

/**
 * KafkaJS gives up after 5 retries (a few seconds) by default; a broker killed and restarted takes
 * 10-20 s to come back. With this budget requests, fetches and group joins keep retrying (the
 * idempotent producer wants an unlimited count anyway), each wait growing from 300 ms to at most
 * 5 s. `maxRetryTime` caps one wait, not the total: at 30 s the client would notice a broker that
 * is back up to 30 s late, which at 2 requests/s is a long, silent pause.
 */
export const KAFKA_RETRY: RetryOptions = {
  retries: Number.MAX_SAFE_INTEGER,
  initialRetryTime: 300,
  maxRetryTime: 5_000,
};

/** The client id the broker sees in its logs and metrics. */
export const CLIENT_ID = "statefun-ts-generator";

// Error answers a broker gives while it is starting or electing leaders. KafkaJS logs them at
// ERROR level and then retries, and they pass by themselves: printed as errors they alarm
// a reader for nothing.
const TRANSIENT_BROKER_ERRORS =
  /coordinator is not available|coordinator is loading|not the correct coordinator|leadership election|not the leader for that topic-partition/i;

/**
 * A KafkaJS `logCreator` that prints each entry as one line through `logger` (see
 * {@link formatKafkaLog}), without timestamps or stacks. A broker's transient "not ready yet"
 * answer, which KafkaJS retries by itself, is printed as such ({@link formatBrokerNotReady}).
 */
export function lineLogCreator(logger: (line: string) => void): logCreator {
  return () => (entry) => {
    const { message, ...extra } = entry.log;
    const text = String(message);
    const request = /^Response (\w+)\(/.exec(text)?.[1];
    const error = typeof extra["error"] === "string" ? extra["error"] : undefined;
    if (request !== undefined && error !== undefined && TRANSIENT_BROKER_ERRORS.test(error)) {
      logger(formatBrokerNotReady(request, error));
      return;
    }
    logger(formatKafkaLog(entry.label, entry.namespace, text, extra));
  };
}

/** The client the generator works with: WARN level and above, printed through `logger`. */
export function createKafka(brokers: readonly string[], logger: (line: string) => void): Kafka {
  return new Kafka({
    clientId: CLIENT_ID,
    brokers: [...brokers],
    retry: KAFKA_RETRY,
    logLevel: logLevel.WARN,
    logCreator: lineLogCreator(logger),
  });
}

/**
 * A client for a single connection attempt: no retries and no logs, because the caller reports
 * each failed attempt itself.
 */
export function createProbeKafka(brokers: readonly string[]): Kafka {
  return new Kafka({
    clientId: CLIENT_ID,
    brokers: [...brokers],
    connectionTimeout: 3_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
}
