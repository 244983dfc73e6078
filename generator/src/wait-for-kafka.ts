/** Waiting until a broker answers, however long that takes. */

import { type Backoff, backoffDelayMs, sleep } from "./backoff.js";
import { describeError } from "./describe-error.js";
import { formatConnected, formatConnectFailed, formatWaiting } from "./format.js";
import { createProbeKafka } from "./kafka-client.js";

/** Waits from 0.5 s up to 5 s between attempts: quick when Kafka starts alongside, calm when it is down. */
export const CONNECT_BACKOFF: Backoff = { initialMs: 500, maxMs: 5_000 };

/** One attempt to reach the cluster; rejects with the reason when it cannot. */
export type ConnectAttempt = () => Promise<void>;

/** Options of {@link waitForKafka}. */
export interface WaitForKafkaOptions {
  /** Receives the waiting line and one line per failed attempt. */
  logger: (line: string) => void;
  /** Stops waiting. */
  signal?: AbortSignal;
  /** Overrides the waits between attempts. */
  backoff?: Backoff;
  /** Overrides how an attempt is made (tests); by default a metadata request through a KafkaJS admin. */
  attempt?: ConnectAttempt;
}

/**
 * Tries to reach Kafka at `brokers` until it answers, printing `waiting for Kafka at <brokers> ...`
 * first and one line with the reason for each failed attempt. Retries forever, with capped
 * exponential backoff.
 *
 * @returns `true` once connected, `false` if `signal` aborted first.
 */
export async function waitForKafka(
  brokers: readonly string[],
  options: WaitForKafkaOptions,
): Promise<boolean> {
  const { logger, signal } = options;
  const backoff = options.backoff ?? CONNECT_BACKOFF;
  const attempt = options.attempt ?? (() => probe(brokers));
  logger(formatWaiting(brokers));
  for (let attempts = 1; ; attempts++) {
    if (signal?.aborted) return false;
    try {
      await attempt();
      logger(formatConnected(brokers, attempts));
      return true;
    } catch (error) {
      if (signal?.aborted) return false;
      const delayMs = backoffDelayMs(attempts, backoff);
      logger(formatConnectFailed(attempts, describeError(error), delayMs));
      if (!(await sleep(delayMs, signal))) return false;
    }
  }
}

/** Connects an admin client (which fetches the cluster's metadata) and disconnects it again. */
async function probe(brokers: readonly string[]): Promise<void> {
  const admin = createProbeKafka(brokers).admin();
  try {
    await admin.connect();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
