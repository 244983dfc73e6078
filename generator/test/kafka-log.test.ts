import { type LogEntry, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { lineLogCreator } from "../src/kafka-client.js";

function entry(label: string, namespace: string, log: Record<string, unknown>): LogEntry {
  return {
    namespace,
    level: logLevel.ERROR,
    label,
    log: { timestamp: "2026-12-03T00:00:00.000Z", message: "", ...log },
  };
}

function print(logEntry: LogEntry): string[] {
  const lines: string[] = [];
  lineLogCreator((line) => lines.push(line))(logLevel.WARN)(logEntry);
  return lines;
}

describe("KafkaJS's log lines", () => {
  it("say plainly that a starting broker is not ready yet, instead of an ERROR", () => {
    expect(
      print(
        entry("ERROR", "Connection", {
          message: "Response GroupCoordinator(key: 10, version: 2)",
          broker: "127.0.0.1:9092",
          error: "The group coordinator is not available",
        }),
      ),
    ).toEqual([
      "kafka     broker not ready for GroupCoordinator (The group coordinator is not available); KafkaJS retries",
    ]);
    expect(
      print(
        entry("ERROR", "Connection", {
          message: "Response InitProducerId(key: 22, version: 1)",
          error: "The coordinator is loading and hence can't process requests for this group",
        }),
      ),
    ).toEqual([
      "kafka     broker not ready for InitProducerId (The coordinator is loading and hence can't process requests for this group); KafkaJS retries",
    ]);
  });

  it("keep every other error as KafkaJS reported it", () => {
    expect(
      print(
        entry("ERROR", "Connection", {
          message: "Response Produce(key: 0, version: 7)",
          error:
            "The request included a message larger than the max message size the server will accept",
        }),
      ),
    ).toEqual([
      "kafkajs   ERROR [Connection] Response Produce(key: 0, version: 7) error=The request included a message larger than the max message size the server will accept",
    ]);
    expect(
      print(
        entry("ERROR", "Connection", {
          message: "Connection error: connect ECONNREFUSED 127.0.0.1:9092",
        }),
      ),
    ).toEqual([
      "kafkajs   ERROR [Connection] Connection error: connect ECONNREFUSED 127.0.0.1:9092",
    ]);
  });
});
