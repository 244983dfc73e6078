import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../src/config.js";
import {
  formatConfig,
  formatConnected,
  formatConnectFailed,
  formatConsumerCrash,
  formatDraining,
  formatDrainTimeout,
  formatGreeting,
  formatKafkaLog,
  formatReady,
  formatSendRetry,
  formatStopping,
  formatSummary,
  formatTopics,
  formatUnconfirmed,
  formatUndecodable,
  formatWaiting,
} from "../src/format.js";

describe("output lines", () => {
  it("prints the configuration at start", () => {
    expect(formatConfig(DEFAULTS, 42)).toEqual([
      "config    brokers=kafka:9092 names-topic=names greetings-topic=greetings",
      "config    rate=2/s max-messages=unlimited summary-interval=10000ms seed=42",
      "config    names=Alice,Bob,Carol,Dave,Erin,Frank,Grace,Heidi",
    ]);
    expect(
      formatConfig(
        { ...DEFAULTS, brokers: ["a:1", "b:2"], ratePerSecond: 0.5, maxMessages: 10 },
        7,
      ),
    ).toEqual([
      "config    brokers=a:1,b:2 names-topic=names greetings-topic=greetings",
      "config    rate=0.5/s max-messages=10 summary-interval=10000ms seed=7",
      "config    names=Alice,Bob,Carol,Dave,Erin,Frank,Grace,Heidi",
    ]);
  });

  it("prints the wait for Kafka", () => {
    expect(formatWaiting(["kafka:9092"])).toBe("kafka     waiting for Kafka at kafka:9092 ...");
    expect(formatConnectFailed(3, "Connection error: connect ECONNREFUSED 127.0.0.1:1", 2000)).toBe(
      "kafka     attempt 3 failed: Connection error: connect ECONNREFUSED 127.0.0.1:1; retrying in 2.0s",
    );
    expect(formatConnected(["kafka:9092"], 1)).toBe(
      "kafka     connected to kafka:9092 at the first attempt",
    );
    expect(formatConnected(["a:1", "b:2"], 4)).toBe(
      "kafka     connected to a:1,b:2 after 4 attempts",
    );
  });

  it("prints which topics were created", () => {
    expect(formatTopics(["names", "greetings"], [])).toBe("topics    created names, greetings");
    expect(formatTopics([], ["names", "greetings"])).toBe(
      "topics    names, greetings already exist",
    );
    expect(formatTopics(["greetings"], ["names"])).toBe(
      "topics    created greetings; names already exists",
    );
  });

  it("prints when it starts sending", () => {
    expect(formatReady(DEFAULTS, "statefun-ts-generator-1a2b3c4d")).toBe(
      "ready     joined consumer group statefun-ts-generator-1a2b3c4d on greetings; sending 2 requests/s to names",
    );
  });

  it("prints a greeting with the names in one column", () => {
    expect(formatGreeting("Alice", "Nice to see you again Alice", 6)).toBe(
      "greeting  Alice   Nice to see you again Alice",
    );
    expect(formatGreeting("Bob", "Hello Bob ! 😎", 6)).toBe("greeting  Bob     Hello Bob ! 😎");
    expect(formatGreeting("Konstantin", "Hello Konstantin", 6)).toBe(
      "greeting  Konstantin  Hello Konstantin",
    );
  });

  it("prints the summary, periodic and final", () => {
    const summary = { sent: 20, received: 18, inFlight: 2, undecodable: 1, sendRetries: 3 };
    expect(formatSummary(summary)).toBe(
      "summary   sent 20  received 18  in flight 2  undecodable 1  send retries 3",
    );
    expect(formatSummary(summary, "final")).toBe(
      "final     sent 20  received 18  in flight 2  undecodable 1  send retries 3",
    );
  });

  it("prints a skipped record with where it was", () => {
    expect(
      formatUndecodable(
        { topic: "greetings", partition: 0, offset: "17", key: "Mallory" },
        "not a GreetResponse (it has no greeting)",
      ),
    ).toBe(
      'skipped   greetings partition 0 offset 17 key "Mallory": not a GreetResponse (it has no greeting)',
    );
    expect(
      formatUndecodable(
        { topic: "greetings", partition: 2, offset: "5", key: null },
        "the record has no value",
      ),
    ).toBe("skipped   greetings partition 2 offset 5 no key: the record has no value");
  });

  it("prints retries, crashes and the stop", () => {
    expect(formatSendRetry(12, "Alice", 1, "Connection error", 300)).toBe(
      "retry     request #12 (Alice) attempt 1 failed: Connection error; retrying in 0.3s",
    );
    expect(formatConsumerCrash("Connection error", "kafkajs")).toBe(
      "consumer  crashed: Connection error; KafkaJS restarts it",
    );
    expect(formatConsumerCrash("Connection error", 1000)).toBe(
      "consumer  crashed: Connection error; reconnecting in 1.0s",
    );
    expect(formatStopping("SIGTERM")).toBe("stopping  on SIGTERM");
    expect(formatStopping("")).toBe("stopping  stop requested");
    expect(formatUnconfirmed(12, "Alice")).toBe(
      "stopping  request #12 (Alice) was not confirmed by Kafka and may not have been written",
    );
    expect(formatDraining(100, 3, 60_000)).toBe(
      "draining  sent all 100 requests; waiting up to 60.0s for 3 greetings",
    );
    expect(formatDraining(100, 1, 60_000)).toBe(
      "draining  sent all 100 requests; waiting up to 60.0s for 1 greeting",
    );
    expect(formatDrainTimeout(3, 60_000)).toBe(
      "draining  gave up after 60.0s: 3 greetings did not arrive",
    );
  });

  it("prints a KafkaJS log entry on one line, without timestamp, logger and stack", () => {
    expect(
      formatKafkaLog(
        "ERROR",
        "Connection",
        "Connection error: connect ECONNREFUSED 127.0.0.1:9092",
        {
          timestamp: "2024-01-01T00:00:00.000Z",
          logger: "kafkajs",
          broker: "127.0.0.1:9092",
          clientId: "statefun-ts-generator",
          stack: "Error: connect ECONNREFUSED\n    at ...",
          nested: { ignored: true },
        },
      ),
    ).toBe(
      "kafkajs   ERROR [Connection] Connection error: connect ECONNREFUSED 127.0.0.1:9092 broker=127.0.0.1:9092 clientId=statefun-ts-generator",
    );
    expect(formatKafkaLog("WARN", "", "Limiting retries", { retryCount: 2 })).toBe(
      "kafkajs   WARN  Limiting retries retryCount=2",
    );
  });
});
