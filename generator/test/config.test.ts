import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULTS, loadConfig, loadSeed } from "../src/config.js";

/** The message loadConfig throws for `env`, asserting it is a ConfigError. */
function errorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  it("uses the docker compose defaults when nothing is set", () => {
    expect(loadConfig({})).toEqual({
      brokers: ["kafka:9092"],
      namesTopic: "names",
      greetingsTopic: "greetings",
      ratePerSecond: 2,
      names: ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi"],
      maxMessages: undefined,
      summaryIntervalMs: 10_000,
    });
    expect(loadConfig({})).toEqual(DEFAULTS);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ RATE: "", NAMES: "  ", KAFKA_BROKERS: "" })).toEqual(DEFAULTS);
  });

  it("does not share arrays with DEFAULTS", () => {
    const config = loadConfig({});
    config.names.push("Mallory");
    expect(DEFAULTS.names).not.toContain("Mallory");
  });

  it("reads every variable", () => {
    expect(
      loadConfig({
        KAFKA_BROKERS: " 127.0.0.1:9092 , broker-2:19092",
        NAMES_TOPIC: "requests.v1",
        GREETINGS_TOPIC: "greetings_out",
        RATE: "0.5",
        NAMES: " Zoë , Bob,Tzu-Li ",
        MAX_MESSAGES: "100",
        SUMMARY_INTERVAL_MS: "2500",
      }),
    ).toEqual({
      brokers: ["127.0.0.1:9092", "broker-2:19092"],
      namesTopic: "requests.v1",
      greetingsTopic: "greetings_out",
      ratePerSecond: 0.5,
      names: ["Zoë", "Bob", "Tzu-Li"],
      maxMessages: 100,
      summaryIntervalMs: 2500,
    });
  });

  it.each([
    ["12", 12],
    ["2.5", 2.5],
    [".25", 0.25],
    ["3.", 3],
  ])("reads RATE=%s as %d per second", (rate, expected) => {
    expect(loadConfig({ RATE: rate }).ratePerSecond).toBe(expected);
  });

  it.each([
    [
      { RATE: "abc" },
      'RATE="abc" is invalid: expected a number of messages per second greater than 0, such as 2 or 0.5',
    ],
    [
      { RATE: "0" },
      'RATE="0" is invalid: expected a number of messages per second greater than 0, such as 2 or 0.5',
    ],
    [
      { RATE: "-1" },
      'RATE="-1" is invalid: expected a number of messages per second greater than 0, such as 2 or 0.5',
    ],
    [
      { RATE: "1e3" },
      'RATE="1e3" is invalid: expected a number of messages per second greater than 0, such as 2 or 0.5',
    ],
    [
      { KAFKA_BROKERS: "kafka" },
      'KAFKA_BROKERS="kafka" is invalid: expected a comma-separated list of host:port, such as kafka:9092,127.0.0.1:9093 ("kafka" is not host:port with a port from 1 to 65535)',
    ],
    [
      { KAFKA_BROKERS: "kafka:9092,:9093" },
      'KAFKA_BROKERS="kafka:9092,:9093" is invalid: expected a comma-separated list of host:port, such as kafka:9092,127.0.0.1:9093 (":9093" is not host:port with a port from 1 to 65535)',
    ],
    [
      { KAFKA_BROKERS: "kafka:70000" },
      'KAFKA_BROKERS="kafka:70000" is invalid: expected a comma-separated list of host:port, such as kafka:9092,127.0.0.1:9093 ("kafka:70000" is not host:port with a port from 1 to 65535)',
    ],
    [
      { KAFKA_BROKERS: "kafka:9092," },
      'KAFKA_BROKERS="kafka:9092," is invalid: expected a comma-separated list of host:port, such as kafka:9092,127.0.0.1:9093 (an entry is empty)',
    ],
    [
      { NAMES_TOPIC: "my names" },
      'NAMES_TOPIC="my names" is invalid: expected a Kafka topic name: 1 to 249 of the characters a-z A-Z 0-9 . _ -, not "." or ".."',
    ],
    [
      { GREETINGS_TOPIC: ".." },
      'GREETINGS_TOPIC=".." is invalid: expected a Kafka topic name: 1 to 249 of the characters a-z A-Z 0-9 . _ -, not "." or ".."',
    ],
    [
      { GREETINGS_TOPIC: "names" },
      'GREETINGS_TOPIC="names" is invalid: expected a topic other than NAMES_TOPIC (names): the generator reads its greetings there',
    ],
    [
      { NAMES: "Alice,,Bob" },
      'NAMES="Alice,,Bob" is invalid: expected a comma-separated list of unique, non-empty names, such as Alice,Bob (an entry is empty)',
    ],
    [
      { NAMES: "Alice,Bob, Alice" },
      'NAMES="Alice,Bob, Alice" is invalid: expected a comma-separated list of unique, non-empty names, such as Alice,Bob (Alice appears twice)',
    ],
    [
      { MAX_MESSAGES: "0" },
      'MAX_MESSAGES="0" is invalid: expected a whole number greater than 0, such as 100',
    ],
    [
      { MAX_MESSAGES: "2.5" },
      'MAX_MESSAGES="2.5" is invalid: expected a whole number greater than 0, such as 100',
    ],
    [
      { MAX_MESSAGES: "ten" },
      'MAX_MESSAGES="ten" is invalid: expected a whole number greater than 0, such as 100',
    ],
    [
      { SUMMARY_INTERVAL_MS: "-5" },
      'SUMMARY_INTERVAL_MS="-5" is invalid: expected a whole number greater than 0, such as 100',
    ],
  ])("rejects %j", (env, message) => {
    expect(errorFor(env).message).toBe(message);
  });

  it("names the variable, the value and what is expected on the error", () => {
    const error = errorFor({ RATE: "fast" });
    expect(error.name).toBe("ConfigError");
    expect(error.variable).toBe("RATE");
    expect(error.value).toBe("fast");
    expect(error.expected).toBe("a number of messages per second greater than 0, such as 2 or 0.5");
  });
});

describe("loadSeed", () => {
  it("is undefined when SEED is unset or empty", () => {
    expect(loadSeed({})).toBeUndefined();
    expect(loadSeed({ SEED: "" })).toBeUndefined();
  });

  it("reads a 32-bit unsigned seed", () => {
    expect(loadSeed({ SEED: "0" })).toBe(0);
    expect(loadSeed({ SEED: "4294967295" })).toBe(4_294_967_295);
  });

  it.each(["-1", "4294967296", "1.5", "seed"])("rejects SEED=%s", (seed) => {
    expect(() => loadSeed({ SEED: seed })).toThrow(
      new ConfigError("SEED", seed, "a whole number from 0 to 4294967295"),
    );
  });
});
