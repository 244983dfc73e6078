import { GreetRequest } from "@statefun-ts/greeter/messages";
import { describe, expect, it } from "vitest";
import type { GreetRequestRecord } from "../src/greet-request-record.js";
import { runProduceLoop } from "../src/produce-loop.js";
import type { RequestSender } from "../src/request-sender.js";
import { Tally } from "../src/summary.js";

/** A sender that records what reached "Kafka"; `failures` lists errors to throw, in order, per send. */
class FakeSender implements RequestSender {
  readonly written: string[] = [];
  resets = 0;
  constructor(private readonly failures: Map<number, Error[]> = new Map()) {}
  #calls = 0;

  async send(record: GreetRequestRecord): Promise<void> {
    this.#calls++;
    const failure = this.failures.get(this.written.length + 1)?.shift();
    if (failure) throw failure;
    expect(record.key).toBe(GreetRequest.decode(record.value).name);
    this.written.push(record.key);
  }

  async reset(): Promise<void> {
    this.resets++;
  }

  get calls(): number {
    return this.#calls;
  }
}

function picker(names: string[]): () => string {
  let next = 0;
  return () => names[next++ % names.length]!;
}

const FAST = { ratePerSecond: 1_000, retryBackoff: { initialMs: 1, maxMs: 2 } };

describe("runProduceLoop", () => {
  it("sends maxMessages requests, keyed by name, in the order they were picked", async () => {
    const sender = new FakeSender();
    const tally = new Tally();
    const lines: string[] = [];
    await runProduceLoop({
      ...FAST,
      sender,
      pickName: picker(["Alice", "Bob", "Carol"]),
      maxMessages: 5,
      tally,
      logger: (line) => lines.push(line),
      signal: new AbortController().signal,
    });
    expect(sender.written).toEqual(["Alice", "Bob", "Carol", "Alice", "Bob"]);
    expect(tally.sent).toBe(5);
    expect(lines).toEqual([]);
  });

  it("retries a failed request until it is written, before sending the next one", async () => {
    const sender = new FakeSender(
      new Map([
        [2, [new Error("Connection error: connect ECONNREFUSED"), new Error("Broker gone")]],
      ]),
    );
    const tally = new Tally();
    const lines: string[] = [];
    await runProduceLoop({
      ...FAST,
      sender,
      pickName: picker(["Alice", "Bob", "Carol"]),
      maxMessages: 3,
      tally,
      logger: (line) => lines.push(line),
      signal: new AbortController().signal,
    });
    expect(sender.written).toEqual(["Alice", "Bob", "Carol"]);
    expect(sender.calls).toBe(5);
    expect(sender.resets).toBe(2);
    expect(tally.snapshot()).toMatchObject({ sent: 3, sendRetries: 2 });
    expect(lines).toEqual([
      "retry     request #2 (Bob) attempt 1 failed: Connection error: connect ECONNREFUSED; retrying in 0.0s",
      "retry     request #2 (Bob) attempt 2 failed: Broker gone; retrying in 0.0s",
    ]);
  });

  it("counts a request acknowledged shortly after the stop as sent, and sends no other", async () => {
    const controller = new AbortController();
    const written: string[] = [];
    const sender: RequestSender = {
      send: async (record) => {
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 10));
        written.push(record.key);
      },
      reset: async () => {},
    };
    const tally = new Tally();
    const lines: string[] = [];
    await runProduceLoop({
      ...FAST,
      sender,
      pickName: picker(["Alice", "Bob"]),
      maxMessages: undefined,
      tally,
      logger: (line) => lines.push(line),
      signal: controller.signal,
    });
    expect(written).toEqual(["Alice"]);
    expect(tally.sent).toBe(1);
    expect(lines).toEqual([]);
  });

  it("reports a request still unacknowledged when it stops", async () => {
    const controller = new AbortController();
    const sender: RequestSender = {
      send: () => {
        controller.abort();
        return new Promise(() => {});
      },
      reset: async () => {},
    };
    const tally = new Tally();
    const lines: string[] = [];
    await runProduceLoop({
      ...FAST,
      sender,
      pickName: picker(["Alice"]),
      maxMessages: undefined,
      tally,
      logger: (line) => lines.push(line),
      signal: controller.signal,
    });
    expect(tally.sent).toBe(0);
    expect(lines).toEqual([
      "stopping  request #1 (Alice) was not confirmed by Kafka and may not have been written",
    ]);
  });
});
