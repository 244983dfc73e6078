/** One run of the generator, from waiting for Kafka to the final summary. */

import { randomBytes } from "node:crypto";
import { sleep, untilAborted } from "./backoff.js";
import type { GeneratorConfig } from "./config.js";
import {
  formatConfig,
  formatDraining,
  formatDrainTimeout,
  formatReady,
  formatStopping,
  formatStopTimeout,
  formatSummary,
} from "./format.js";
import { handleGreetingRecord } from "./greeting-record.js";
import { type GreetingsConsumer, startGreetingsConsumer } from "./greetings-consumer.js";
import { CLIENT_ID, createKafka } from "./kafka-client.js";
import { createNamePicker } from "./name-picker.js";
import { runProduceLoop } from "./produce-loop.js";
import { randomSeed, seededRandom } from "./random.js";
import { KafkaRequestSender } from "./request-sender.js";
import { type Summary, Tally } from "./summary.js";
import { ensureTopics } from "./topics.js";
import { waitForKafka } from "./wait-for-kafka.js";

/** Options of {@link runGenerator}; all optional. */
export interface GeneratorOptions {
  /** Receives every output line; `console.log` by default. */
  logger?: (line: string) => void;
  /** Stops the run: no new requests, producer and consumer disconnect, the summary is returned. */
  signal?: AbortSignal;
  /** Seed of the name picker, for a repeatable sequence of names; random (and printed) by default. */
  seed?: number;
  /** With `maxMessages`: how long to wait for the last greetings after the last request. Default 60 s. */
  drainTimeoutMs?: number;
  /** The consumer group of the greetings consumer; a new one per run by default. */
  groupId?: string;
}

/** How long the final wait for greetings lasts by default. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 60_000;

/** How long disconnecting may take before the run ends anyway (a broker may be gone). */
const DISCONNECT_TIMEOUT_MS = 5_000;

/**
 * Runs the generator: waits for Kafka, creates the topics if missing, joins a consumer group on
 * the greetings topic, then sends `GreetRequest`s at `config.ratePerSecond` and prints each
 * greeting that comes back, with a summary line every `config.summaryIntervalMs`.
 *
 * It ends when `signal` aborts, or, with `config.maxMessages`, once that many requests were sent
 * and their greetings arrived (or `drainTimeoutMs` passed). It prints a final summary and returns
 * it. Kafka being away is waited out, never an error; the promise rejects only for a failure no
 * retry can fix (such as a topic the broker refuses to create).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const summary = await runGenerator(
 *   { ...DEFAULTS, brokers: ["127.0.0.1:9092"], maxMessages: 10 },
 *   { signal: controller.signal, seed: 1, logger: (line) => lines.push(line) },
 * );
 * summary.inFlight; // 0 when every greeting arrived
 * ```
 */
export async function runGenerator(
  config: GeneratorConfig,
  options: GeneratorOptions = {},
): Promise<Summary> {
  const logger = options.logger ?? ((line: string) => console.log(line));
  const seed = options.seed ?? randomSeed();
  const groupId = options.groupId ?? `${CLIENT_ID}-${randomBytes(4).toString("hex")}`;
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  const tally = new Tally();

  // One signal for everything that must stop: the caller's, or the end of the run.
  const stop = new AbortController();
  const onCallerAbort = () => {
    logger(formatStopping(typeof options.signal?.reason === "string" ? options.signal.reason : ""));
    stop.abort();
  };
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener("abort", onCallerAbort, { once: true });

  for (const line of formatConfig(config, seed)) logger(line);

  let summaryTimer: NodeJS.Timeout | undefined;
  let setUp: Promise<Connected | undefined> | undefined;
  const work = async () => {
    if (!(await waitForKafka(config.brokers, { logger, signal: stop.signal }))) return;
    setUp = connect(config, { logger, groupId, tally, signal: stop.signal });
    const outcome = await untilAborted(setUp, stop.signal);
    if (!outcome.settled || outcome.value === undefined) return;
    const { sender } = outcome.value;
    logger(formatReady(config, groupId));

    summaryTimer = setInterval(
      () => logger(formatSummary(tally.snapshot())),
      config.summaryIntervalMs,
    );
    await runProduceLoop({
      sender,
      pickName: createNamePicker(config.names, seededRandom(seed)),
      ratePerSecond: config.ratePerSecond,
      maxMessages: config.maxMessages,
      tally,
      logger,
      signal: stop.signal,
    });
    if (!stop.signal.aborted) await drain(tally, drainTimeoutMs, logger, stop.signal);
  };
  try {
    await work();
  } finally {
    clearInterval(summaryTimer);
    options.signal?.removeEventListener("abort", onCallerAbort);
    stop.abort();
    await disconnectAll(setUp, logger);
    logger(formatSummary(tally.snapshot(), "final"));
  }
  return tally.snapshot();
}

/** The connected clients of a run. */
interface Connected {
  sender: KafkaRequestSender;
  consumer: GreetingsConsumer;
}

/**
 * Creates the topics, starts the greetings consumer (joined before anything is sent, so no
 * greeting is missed) and connects the producer.
 *
 * @returns `undefined` if `signal` aborted before the consumer joined.
 */
async function connect(
  config: GeneratorConfig,
  context: {
    logger: (line: string) => void;
    groupId: string;
    tally: Tally;
    signal: AbortSignal;
  },
): Promise<Connected | undefined> {
  const { logger, groupId, tally, signal } = context;
  const kafka = createKafka(config.brokers, logger);
  const admin = kafka.admin();
  let consumer: GreetingsConsumer | undefined;
  await admin.connect();
  try {
    await ensureTopics(admin, [config.namesTopic, config.greetingsTopic], logger);
    const nameWidth = Math.max(...config.names.map((name) => name.length));
    consumer = await startGreetingsConsumer(kafka, {
      admin,
      topic: config.greetingsTopic,
      groupId,
      onRecord: (record) => handleGreetingRecord(record, { logger, nameWidth, tally }),
      logger,
      signal,
    });
  } finally {
    await admin.disconnect().catch(() => {});
  }
  if (consumer === undefined) return undefined;
  const sender = new KafkaRequestSender(kafka, config.namesTopic);
  try {
    await sender.connect();
  } catch (error) {
    await consumer.stop().catch(() => {});
    throw error;
  }
  return { sender, consumer };
}

/** After the last request: waits until every greeting arrived, or `timeoutMs` passed. */
async function drain(
  tally: Tally,
  timeoutMs: number,
  logger: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  if (tally.inFlight === 0) return;
  logger(formatDraining(tally.sent, tally.inFlight, timeoutMs));
  const deadline = Date.now() + timeoutMs;
  while (tally.inFlight > 0 && Date.now() < deadline) {
    // Polling a counter is enough here: the wait is seconds long, a check is free.
    if (!(await sleep(Math.min(100, deadline - Date.now()), signal))) return;
  }
  if (tally.inFlight > 0) logger(formatDrainTimeout(tally.inFlight, timeoutMs));
}

/**
 * Disconnects the producer and the consumer, whether the set-up finished or is still under way
 * (the run was stopped meanwhile), each within {@link DISCONNECT_TIMEOUT_MS}.
 */
async function disconnectAll(
  setUp: Promise<Connected | undefined> | undefined,
  logger: (line: string) => void,
): Promise<void> {
  if (setUp === undefined) return;
  const timeout = AbortSignal.timeout(DISCONNECT_TIMEOUT_MS);
  let connected: Connected | undefined;
  try {
    const outcome = await untilAborted(setUp, timeout);
    if (outcome.settled) connected = outcome.value;
  } catch {
    // The set-up failed; what it connected it has disconnected, and the error reaches the caller.
  }
  if (connected === undefined) return;
  await Promise.all([
    disconnectWithin("the producer", connected.sender.disconnect(), logger),
    disconnectWithin("the consumer", connected.consumer.stop(), logger),
  ]);
}

/** Waits for a disconnect, but not forever: a dead broker must not keep the process alive. */
async function disconnectWithin(
  what: string,
  disconnecting: Promise<void> | undefined,
  logger: (line: string) => void,
): Promise<void> {
  if (disconnecting === undefined) return;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), DISCONNECT_TIMEOUT_MS);
  try {
    if (!(await untilAborted(disconnecting, timeout.signal)).settled) {
      logger(formatStopTimeout(what, DISCONNECT_TIMEOUT_MS));
    }
  } catch {
    // Disconnecting from a broker that is gone can fail; there is nothing left to clean up.
  } finally {
    clearTimeout(timer);
  }
}
