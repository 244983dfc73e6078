import { GreetResponse } from "@statefun-ts/greeter/messages";
import { describe, expect, it } from "vitest";
import {
  decodeGreeting,
  type GreetingRecord,
  handleGreetingRecord,
} from "../src/greeting-record.js";
import { Tally } from "../src/summary.js";

function record(value: Buffer | null, key: string | null = "Alice"): GreetingRecord {
  return {
    topic: "greetings",
    partition: 0,
    offset: "41",
    key: key === null ? null : Buffer.from(key),
    value,
  };
}

function greetingBytes(name: string, greeting: string): Buffer {
  return Buffer.from(GreetResponse.encode({ name, greeting }).finish());
}

/** Handles `value` and returns what was printed, the result and the counts. */
function handle(value: Buffer | null, key: string | null = "Alice") {
  const lines: string[] = [];
  const tally = new Tally();
  const result = handleGreetingRecord(record(value, key), {
    logger: (line) => lines.push(line),
    nameWidth: 6,
    tally,
  });
  return { lines, result, tally: tally.snapshot() };
}

describe("handleGreetingRecord", () => {
  it("prints and counts a greeting", () => {
    expect(handle(greetingBytes("Alice", "Nice to see you again Alice"))).toEqual({
      lines: ["greeting  Alice   Nice to see you again Alice"],
      result: { name: "Alice", greeting: "Nice to see you again Alice" },
      tally: { sent: 0, received: 1, inFlight: 0, undecodable: 0, sendRetries: 0 },
    });
  });

  it("reports bytes that are not protobuf, with topic, partition, offset and key, and skips them", () => {
    expect(handle(Buffer.from([0x0f]), "Mallory")).toEqual({
      lines: [
        'skipped   greetings partition 0 offset 41 key "Mallory": not a GreetResponse (invalid wire type 7 at offset 1)',
      ],
      result: undefined,
      tally: { sent: 0, received: 0, inFlight: 0, undecodable: 1, sendRetries: 0 },
    });
  });

  it("reports a truncated message", () => {
    expect(handle(Buffer.from([0xff, 0xff])).lines).toEqual([
      'skipped   greetings partition 0 offset 41 key "Alice": not a GreetResponse (RangeError: index out of range: 2 + 1 > 2)',
    ]);
  });

  it("reports a message without a greeting, such as a GreetRequest", () => {
    expect(handle(Buffer.from([0x0a, 3, 0x42, 0x6f, 0x62])).lines).toEqual([
      'skipped   greetings partition 0 offset 41 key "Alice": not a GreetResponse (it has no greeting)',
    ]);
  });

  it("reports a record without key or value", () => {
    expect(handle(null, null)).toEqual({
      lines: ["skipped   greetings partition 0 offset 41 no key: the record has no value"],
      result: undefined,
      tally: { sent: 0, received: 0, inFlight: 0, undecodable: 1, sendRetries: 0 },
    });
  });
});

describe("decodeGreeting", () => {
  it("decodes a GreetResponse", () => {
    expect(decodeGreeting(greetingBytes("Bob", "Hello Bob"))).toEqual({
      ok: true,
      response: { name: "Bob", greeting: "Hello Bob" },
    });
  });
});
