/** Reading one record from the greetings topic. */

import { GreetResponse } from "@statefun-ts/greeter/messages";
import { describeError } from "./describe-error.js";
import { formatGreeting, formatUndecodable } from "./format.js";
import type { Tally } from "./summary.js";

/** The parts of a consumed Kafka record the generator looks at (a subset of KafkaJS's). */
export interface GreetingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/** The outcome of decoding a record: the greeting, or why it is not one. */
export type DecodedGreeting = { ok: true; response: GreetResponse } | { ok: false; reason: string };

/**
 * Decodes a record's value as a `GreetResponse`. A record without a value, bytes that are not a
 * protobuf message, or a message without a greeting are reported as not decodable.
 */
export function decodeGreeting(value: Buffer | null): DecodedGreeting {
  if (value === null) return { ok: false, reason: "the record has no value" };
  let response: GreetResponse;
  try {
    response = GreetResponse.decode(value);
  } catch (error) {
    return { ok: false, reason: `not a GreetResponse (${describeError(error)})` };
  }
  // Any bytes that parse as protobuf decode to *some* message; a greeting is what makes it one of ours.
  if (response.greeting === "") {
    return { ok: false, reason: "not a GreetResponse (it has no greeting)" };
  }
  return { ok: true, response };
}

/** Where a handled greeting goes. */
export interface GreetingSink {
  /** Receives each printed line. */
  logger: (line: string) => void;
  /** Width of the name column in greeting lines. */
  nameWidth: number;
  /** Counts received and undecodable records. */
  tally: Tally;
}

/**
 * Handles one record from the greetings topic: prints the greeting and counts it, or reports the
 * record (topic, partition, offset, key and why) and skips it. Never throws: one bad record must
 * not stop the consumer.
 *
 * @returns the greeting, or `undefined` when the record was skipped.
 */
export function handleGreetingRecord(
  record: GreetingRecord,
  sink: GreetingSink,
): GreetResponse | undefined {
  const decoded = decodeGreeting(record.value);
  if (!decoded.ok) {
    sink.tally.undecodable++;
    sink.logger(
      formatUndecodable(
        {
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          key: record.key === null ? null : record.key.toString("utf8"),
        },
        decoded.reason,
      ),
    );
    return undefined;
  }
  sink.tally.received++;
  sink.logger(formatGreeting(decoded.response.name, decoded.response.greeting, sink.nameWidth));
  return decoded.response;
}
