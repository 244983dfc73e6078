import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "../src/backoff.js";
import { describeError } from "../src/describe-error.js";
import { waitForKafka } from "../src/wait-for-kafka.js";

describe("waitForKafka", () => {
  it("prints the wait, one line per failed attempt with its reason, and the connection", async () => {
    const lines: string[] = [];
    const failures = [
      new Error("Connection error: connect ECONNREFUSED 127.0.0.1:9092"),
      new Error("Failed to connect to seed broker", {
        cause: new Error("getaddrinfo ENOTFOUND kafka"),
      }),
    ];
    const connected = await waitForKafka(["kafka:9092"], {
      logger: (line) => lines.push(line),
      backoff: { initialMs: 1, maxMs: 2 },
      attempt: async () => {
        const failure = failures.shift();
        if (failure) throw failure;
      },
    });
    expect(connected).toBe(true);
    expect(lines).toEqual([
      "kafka     waiting for Kafka at kafka:9092 ...",
      "kafka     attempt 1 failed: Connection error: connect ECONNREFUSED 127.0.0.1:9092; retrying in 0.0s",
      "kafka     attempt 2 failed: Failed to connect to seed broker (cause: getaddrinfo ENOTFOUND kafka); retrying in 0.0s",
      "kafka     connected to kafka:9092 after 3 attempts",
    ]);
  });

  it("gives up when stopped, without another attempt", async () => {
    const controller = new AbortController();
    let attempts = 0;
    const connected = await waitForKafka(["kafka:9092"], {
      logger: () => {},
      signal: controller.signal,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      attempt: async () => {
        attempts++;
        setTimeout(() => controller.abort(), 1);
        throw new Error("Connection error");
      },
    });
    expect(connected).toBe(false);
    expect(attempts).toBe(1);
  });
});

describe("backoffDelayMs", () => {
  it("doubles from the initial wait up to the cap", () => {
    const backoff = { initialMs: 500, maxMs: 5_000 };
    expect([1, 2, 3, 4, 5, 6, 50].map((attempt) => backoffDelayMs(attempt, backoff))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
  });
});

describe("describeError", () => {
  it("names specific error classes and drops causes that repeat the message", () => {
    expect(describeError(new TypeError("bad"))).toBe("TypeError: bad");
    expect(describeError(new Error("a: b", { cause: new Error("b") }))).toBe("a: b");
    expect(describeError("plain string")).toBe("plain string");
  });
});
