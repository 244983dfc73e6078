/** Sending requests at a steady rate, in order, none dropped. */

import { type Backoff, backoffDelayMs, sleep, untilAborted } from "./backoff.js";
import { describeError } from "./describe-error.js";
import { formatSendRetry, formatUnconfirmed } from "./format.js";
import { greetRequestRecord } from "./greet-request-record.js";
import type { RequestSender } from "./request-sender.js";
import type { Tally } from "./summary.js";

/** Waits from 0.3 s up to 10 s before sending a failed request again. */
export const SEND_BACKOFF: Backoff = { initialMs: 300, maxMs: 10_000 };

/** How long a request that is on its way when the loop is stopped may still take to be acknowledged. */
const STOP_GRACE_MS = 2_000;

/** Options of {@link runProduceLoop}. */
export interface ProduceLoopOptions {
  sender: RequestSender;
  /** Picks the name of the next request. */
  pickName: () => string;
  /** Requests per second. */
  ratePerSecond: number;
  /** Stop after this many acknowledged requests; `undefined` for no limit. */
  maxMessages: number | undefined;
  /** Counts sent requests and retries. */
  tally: Tally;
  /** Receives retry lines. */
  logger: (line: string) => void;
  /** Stops the loop: no new request is started, a pending one is abandoned (and reported). */
  signal: AbortSignal;
  /** Overrides the waits between attempts of one request. */
  retryBackoff?: Backoff;
}

/**
 * Sends one `GreetRequest` every `1 / ratePerSecond` seconds, each after the previous one was
 * acknowledged, so requests arrive in the order they were picked. A failed send is reported and
 * retried (after {@link RequestSender.reset}) until it succeeds: a request is never skipped. After
 * a stall (a broker outage) the loop resumes at the same rate instead of bursting to catch up.
 *
 * @returns when `maxMessages` requests were sent, or when `signal` aborted.
 */
export async function runProduceLoop(options: ProduceLoopOptions): Promise<void> {
  const { ratePerSecond, maxMessages, tally, signal } = options;
  const intervalMs = 1000 / ratePerSecond;
  let due = Date.now();
  for (let sequence = 1; maxMessages === undefined || sequence <= maxMessages; sequence++) {
    if (!(await sleep(due - Date.now(), signal))) return;
    const name = options.pickName();
    if (!(await sendUntilAcknowledged(sequence, name, options))) return;
    tally.sent++;
    due = Math.max(due + intervalMs, Date.now());
  }
}

/** Sends one request until Kafka acknowledges it; `false` if stopped first. */
async function sendUntilAcknowledged(
  sequence: number,
  name: string,
  options: ProduceLoopOptions,
): Promise<boolean> {
  const { sender, signal, logger, tally } = options;
  const backoff = options.retryBackoff ?? SEND_BACKOFF;
  const record = greetRequestRecord(name);
  for (let attempt = 1; ; attempt++) {
    try {
      const attempted = (async () => {
        if (attempt > 1) await sender.reset();
        await sender.send(record);
      })();
      if ((await untilAborted(attempted, signal)).settled) return true;
      // Stopped while the request was on its way: a healthy broker answers within moments, and a
      // request that was written should be counted as sent rather than reported as unconfirmed.
      if ((await untilAborted(attempted, AbortSignal.timeout(STOP_GRACE_MS))).settled) return true;
    } catch (error) {
      if (!signal.aborted) {
        tally.sendRetries++;
        const delayMs = backoffDelayMs(attempt, backoff);
        logger(formatSendRetry(sequence, name, attempt, describeError(error), delayMs));
        if (await sleep(delayMs, signal)) continue;
      }
    }
    logger(formatUnconfirmed(sequence, name));
    return false;
  }
}
