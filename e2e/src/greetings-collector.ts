/**
 * Reads the `greetings` topic as a user of the walkthrough would: committed records only (the
 * KafkaJS default, read-committed), from the beginning, decoded as `GreetResponse`.
 */

import { randomBytes } from "node:crypto";
import { GreetResponse } from "@statefun-ts/greeter/messages";
import type { Consumer } from "kafkajs";
import { suiteKafka } from "./kafka-clients.js";
import { waitUntil } from "./wait-until.js";

/** One greeting read from Kafka. */
export interface ReceivedGreeting {
  /** The record key: the user. */
  readonly key: string;
  readonly name: string;
  readonly greeting: string;
  readonly offset: string;
  /** When this process read it (ms since the epoch). */
  readonly receivedAt: number;
}

/**
 * Collects every committed greeting. A record is kept once per offset: after a broker restart the
 * consumer may be handed records it already read (its own offsets were not committed yet), which
 * is the reader's business, not the pipeline's; a greeting the pipeline wrote twice has two
 * offsets and shows up twice.
 */
export class GreetingsCollector {
  readonly #consumer: Consumer;
  readonly #seenOffsets = new Set<string>();
  readonly #all: ReceivedGreeting[] = [];
  readonly #byUser = new Map<string, string[]>();
  #undecodable: string[] = [];

  private constructor(consumer: Consumer) {
    this.#consumer = consumer;
  }

  /** Joins a new consumer group on `topic` and starts collecting from the earliest record. */
  static async start(bootstrapServers: string, topic = "greetings"): Promise<GreetingsCollector> {
    const kafka = suiteKafka(bootstrapServers, "e2e-greetings");
    const consumer = kafka.consumer({
      groupId: `e2e-greetings-${randomBytes(4).toString("hex")}`,
      // Lets a restarted broker hand the partition back quickly.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    const collector = new GreetingsCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        for (const message of batch.messages) {
          collector.#add(batch.partition, message.offset, message.key, message.value);
          resolveOffset(message.offset);
        }
        await heartbeat();
      },
    });
    return collector;
  }

  /** How many distinct greetings arrived. */
  get count(): number {
    return this.#all.length;
  }

  /** Every greeting in the order read. */
  get all(): readonly ReceivedGreeting[] {
    return this.#all;
  }

  /** Records that were not a GreetResponse (none are expected). */
  get undecodable(): readonly string[] {
    return this.#undecodable;
  }

  /** The greetings of one user, in order. */
  of(user: string): string[] {
    return [...(this.#byUser.get(user) ?? [])];
  }

  /** Every user's greetings, in order, keyed by the record key. */
  byUser(): Map<string, string[]> {
    return new Map([...this.#byUser].map(([user, greetings]) => [user, [...greetings]]));
  }

  /** Waits until at least `count` greetings arrived; the error lists what did. */
  async waitForCount(count: number, timeoutMs: number): Promise<void> {
    await waitUntil(() => this.#all.length >= count, {
      timeoutMs,
      what: `${count} greetings`,
      describe: () => this.describe(),
    });
  }

  /** A summary of what arrived, for failure messages: counts per user and the last greetings. */
  describe(): string {
    const perUser = [...this.#byUser]
      .slice(0, 20)
      .map(
        ([user, greetings]) =>
          `  ${user}: ${greetings.length} ${JSON.stringify(greetings.slice(-3))}`,
      );
    const more = this.#byUser.size > 20 ? [`  ... and ${this.#byUser.size - 20} more users`] : [];
    return [
      `${this.#all.length} greetings arrived from ${this.#byUser.size} users (${this.#undecodable.length} undecodable):`,
      ...perUser,
      ...more,
    ].join("\n");
  }

  /** Leaves the group. */
  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }

  #add(partition: number, offset: string, key: Buffer | null, value: Buffer | null): void {
    const position = `${partition}:${offset}`;
    if (this.#seenOffsets.has(position)) return;
    this.#seenOffsets.add(position);
    let response: GreetResponse;
    try {
      response = GreetResponse.decode(value ?? new Uint8Array());
    } catch (error) {
      this.#undecodable.push(`${position}: ${(error as Error).message}`);
      return;
    }
    const user = key?.toString("utf8") ?? "";
    const received: ReceivedGreeting = {
      key: user,
      name: response.name,
      greeting: response.greeting,
      offset,
      receivedAt: Date.now(),
    };
    this.#all.push(received);
    let greetings = this.#byUser.get(user);
    if (greetings === undefined) {
      greetings = [];
      this.#byUser.set(user, greetings);
    }
    greetings.push(response.greeting);
  }
}
