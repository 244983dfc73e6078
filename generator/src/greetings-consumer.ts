/** Tailing the greetings topic, from where it ended when the generator started. */

import type { Admin, Consumer, Kafka } from "kafkajs";
import { type Backoff, backoffDelayMs, sleep, untilAborted } from "./backoff.js";
import { describeError } from "./describe-error.js";
import { formatConsumerCrash } from "./format.js";
import type { GreetingRecord } from "./greeting-record.js";

/** Waits from 1 s up to 10 s before reconnecting a consumer that KafkaJS gave up on. */
export const RECONNECT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 10_000 };

/** Options of {@link startGreetingsConsumer}. */
export interface GreetingsConsumerOptions {
  /** Used once, to find where the topic ends. */
  admin: Admin;
  topic: string;
  /** A group of its own, so the generator sees every greeting and shares them with nobody. */
  groupId: string;
  /** Called for each record, in order per partition; must not throw. */
  onRecord: (record: GreetingRecord) => void;
  /** Receives crash and reconnect lines. */
  logger: (line: string) => void;
  /** Stops reconnecting. */
  signal: AbortSignal;
}

/** A running greetings consumer. */
export interface GreetingsConsumer {
  /** Leaves the group and disconnects. */
  stop(): Promise<void>;
}

/**
 * Starts a consumer on `topic` that reads committed records only (KafkaJS's default
 * READ_COMMITTED, which the exactly-once egress needs), and resolves once it has joined its group.
 *
 * It starts at the offsets where the topic ends at this call, so it reads exactly what arrives
 * afterwards, however late its first fetch happens; it commits what it reads, so a consumer that
 * restarts after a broker outage resumes where it was instead of skipping to the new end. If KafkaJS gives up on the consumer, it is connected again, with backoff, until `signal`
 * aborts.
 *
 * @returns the consumer, or `undefined` if `signal` aborted before it joined.
 */
export async function startGreetingsConsumer(
  kafka: Kafka,
  options: GreetingsConsumerOptions,
): Promise<GreetingsConsumer | undefined> {
  const { admin, topic, groupId, logger, signal } = options;
  // Where the topic ends now: the first greeting for a request of this run can only come later.
  const ends = await admin.fetchTopicOffsets(topic);

  // A stop waits for the fetch in progress; a shorter long poll than KafkaJS's 5 s keeps it quick.
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 1_000 });
  let joined!: () => void;
  const hasJoined = new Promise<void>((resolve) => {
    joined = resolve;
  });
  let firstJoin = true;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (firstJoin) {
      firstJoin = false;
      // Runs before the first fetch. With auto-commit on, the seek is also committed, so a
      // consumer that KafkaJS restarts after an outage resumes here rather than at the new end.
      for (const { partition, offset } of ends) consumer.seek({ topic, partition, offset });
    }
    joined();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (signal.aborted) return;
    const reason = describeError(payload.error);
    if (payload.restart) {
      logger(formatConsumerCrash(reason, "kafkajs"));
    } else {
      void reconnect(consumer, options, reason);
    }
  });

  let outcome: { settled: boolean };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await run(consumer, options);
    outcome = await untilAborted(hasJoined, signal);
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw error;
  }
  if (!outcome.settled) {
    await consumer.disconnect().catch(() => {});
    return undefined;
  }
  return { stop: () => consumer.disconnect() };
}

function run(consumer: Consumer, options: GreetingsConsumerOptions): Promise<void> {
  return consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      options.onRecord({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
      });
    },
  });
}

/** Connects and runs a consumer that KafkaJS stopped for good, until it works or `signal` aborts. */
async function reconnect(
  consumer: Consumer,
  options: GreetingsConsumerOptions,
  firstReason: string,
): Promise<void> {
  const { logger, signal } = options;
  let reason = firstReason;
  for (let attempt = 1; ; attempt++) {
    const delayMs = backoffDelayMs(attempt, RECONNECT_BACKOFF);
    logger(formatConsumerCrash(reason, delayMs));
    if (!(await sleep(delayMs, signal))) return;
    try {
      await consumer.connect();
      await run(consumer, options);
      return;
    } catch (error) {
      reason = describeError(error);
    }
  }
}
