/**
 * The generator's configuration: defaults that work inside the walkthrough's docker compose, and
 * the environment variables that override them.
 */

/** Everything the generator needs to know before it starts. */
export interface GeneratorConfig {
  /** Kafka bootstrap brokers, `host:port` each (`KAFKA_BROKERS`, comma-separated). */
  brokers: string[];
  /** Topic the `GreetRequest`s are produced to, keyed by name (`NAMES_TOPIC`). */
  namesTopic: string;
  /** Topic the `GreetResponse`s are read from (`GREETINGS_TOPIC`). */
  greetingsTopic: string;
  /** Requests per second; may be fractional, such as 0.5 for one every two seconds (`RATE`). */
  ratePerSecond: number;
  /** The names requests are picked from, unique and non-empty (`NAMES`, comma-separated). */
  names: string[];
  /** Stop after this many requests and wait for their greetings; `undefined` runs until stopped (`MAX_MESSAGES`). */
  maxMessages: number | undefined;
  /** Milliseconds between two summary lines (`SUMMARY_INTERVAL_MS`). */
  summaryIntervalMs: number;
}

/** The configuration with no environment variable set: the docker compose setup. */
export const DEFAULTS: GeneratorConfig = Object.freeze({
  brokers: Object.freeze(["kafka:9092"]) as string[],
  namesTopic: "names",
  greetingsTopic: "greetings",
  ratePerSecond: 2,
  names: Object.freeze([
    "Alice",
    "Bob",
    "Carol",
    "Dave",
    "Erin",
    "Frank",
    "Grace",
    "Heidi",
  ]) as string[],
  maxMessages: undefined,
  summaryIntervalMs: 10_000,
});

/**
 * A configuration value that cannot be used. The message names the variable, the value and what
 * is expected; the CLI prints it and exits with code 2 without starting.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    /** The environment variable, such as `RATE`. */
    readonly variable: string,
    /** The value as it was given. */
    readonly value: string,
    /** What would have been accepted. */
    readonly expected: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is invalid: expected ${expected}`);
  }
}

/**
 * Reads the configuration from environment variables, falling back to {@link DEFAULTS} for each
 * one that is unset or empty.
 *
 * @throws {ConfigError} for the first variable whose value cannot be used.
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * loadConfig({ KAFKA_BROKERS: "127.0.0.1:9092", RATE: "0.5" }).ratePerSecond; // 0.5
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv): GeneratorConfig {
  const namesTopic = parseOr(env, "NAMES_TOPIC", parseTopic, DEFAULTS.namesTopic);
  const greetingsTopic = parseOr(env, "GREETINGS_TOPIC", parseTopic, DEFAULTS.greetingsTopic);
  if (namesTopic === greetingsTopic) {
    throw new ConfigError(
      "GREETINGS_TOPIC",
      greetingsTopic,
      `a topic other than NAMES_TOPIC (${namesTopic}): the generator reads its greetings there`,
    );
  }
  return {
    brokers: parseOr(env, "KAFKA_BROKERS", parseBrokers, [...DEFAULTS.brokers]),
    namesTopic,
    greetingsTopic,
    ratePerSecond: parseOr(env, "RATE", parseRate, DEFAULTS.ratePerSecond),
    names: parseOr(env, "NAMES", parseNames, [...DEFAULTS.names]),
    maxMessages: parseOr(env, "MAX_MESSAGES", parsePositiveInteger, DEFAULTS.maxMessages),
    summaryIntervalMs: parseOr(
      env,
      "SUMMARY_INTERVAL_MS",
      parsePositiveInteger,
      DEFAULTS.summaryIntervalMs,
    ),
  };
}

/**
 * Reads the optional `SEED` variable that makes the sequence of picked names repeatable.
 *
 * @returns the seed, or `undefined` when `SEED` is unset or empty (a random seed is used then).
 * @throws {ConfigError} when `SEED` is not an integer from 0 to 4294967295.
 */
export function loadSeed(env: NodeJS.ProcessEnv): number | undefined {
  return parseOr(env, "SEED", parseSeed, undefined);
}

/** Parses one variable, or returns the fallback when it is unset or blank. */
function parseOr<T, F>(
  env: NodeJS.ProcessEnv,
  variable: string,
  parse: (value: string, variable: string) => T,
  fallback: F,
): T | F {
  const raw = env[variable];
  // An empty value is what `RATE=` or an unset `${RATE:-}` in a compose file gives: treat it as unset.
  if (raw === undefined || raw.trim() === "") return fallback;
  return parse(raw, variable);
}

/** Splits a comma-separated list; every entry is trimmed and must be non-empty. */
function splitList(value: string, variable: string, expected: string): string[] {
  const items = value.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) {
    throw new ConfigError(variable, value, `${expected} (an entry is empty)`);
  }
  return items;
}

const BROKERS_EXPECTED = "a comma-separated list of host:port, such as kafka:9092,127.0.0.1:9093";

function parseBrokers(value: string, variable: string): string[] {
  const brokers = splitList(value, variable, BROKERS_EXPECTED);
  for (const broker of brokers) {
    const colon = broker.lastIndexOf(":");
    const host = broker.slice(0, colon);
    const port = broker.slice(colon + 1);
    const portNumber = Number(port);
    if (
      colon <= 0 ||
      /\s/.test(host) ||
      !/^\d{1,5}$/.test(port) ||
      portNumber < 1 ||
      portNumber > 65_535
    ) {
      throw new ConfigError(
        variable,
        value,
        `${BROKERS_EXPECTED} (${JSON.stringify(broker)} is not host:port with a port from 1 to 65535)`,
      );
    }
  }
  return brokers;
}

function parseTopic(value: string, variable: string): string {
  // Kafka's own rule for topic names.
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(value) || value === "." || value === "..") {
    throw new ConfigError(
      variable,
      value,
      'a Kafka topic name: 1 to 249 of the characters a-z A-Z 0-9 . _ -, not "." or ".."',
    );
  }
  return value;
}

function parseRate(value: string, variable: string): number {
  const rate = Number(value.trim());
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value.trim()) || !(rate > 0) || !Number.isFinite(rate)) {
    throw new ConfigError(
      variable,
      value,
      "a number of messages per second greater than 0, such as 2 or 0.5",
    );
  }
  return rate;
}

const NAMES_EXPECTED = "a comma-separated list of unique, non-empty names, such as Alice,Bob";

function parseNames(value: string, variable: string): string[] {
  const names = splitList(value, variable, NAMES_EXPECTED);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new ConfigError(variable, value, `${NAMES_EXPECTED} (${name} appears twice)`);
    }
    seen.add(name);
  }
  return names;
}

function parsePositiveInteger(value: string, variable: string): number {
  const number = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || number < 1 || !Number.isSafeInteger(number)) {
    throw new ConfigError(variable, value, "a whole number greater than 0, such as 100");
  }
  return number;
}

function parseSeed(value: string, variable: string): number {
  const number = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || number > 0xffff_ffff) {
    throw new ConfigError(variable, value, "a whole number from 0 to 4294967295");
  }
  return number;
}
