/**
 * Writes `GreetRequest`s to the `names` topic, keyed by name, the way the generator does, with an
 * idempotent producer that rides through a broker restart (no request lost or doubled by a retry).
 */

import { GreetRequest } from "@statefun-ts/greeter/messages";
import { Partitioners, type Producer } from "kafkajs";
import { suiteKafka } from "./kafka-clients.js";
import { sleep } from "./wait-until.js";

/** One record for the `names` topic. */
export interface NamesRecord {
  readonly key: string;
  readonly value: Buffer;
}

/** The record a user's visit is: key = name, value = GreetRequest { name }. */
export function greetRequestRecord(name: string): NamesRecord {
  return { key: name, value: Buffer.from(GreetRequest.encode({ name }).finish()) };
}

/** Sends records to `names` (or another topic), in order. */
export class RequestsProducer {
  readonly #producer: Producer;
  readonly #topic: string;

  private constructor(producer: Producer, topic: string) {
    this.#producer = producer;
    this.#topic = topic;
  }

  /** Connects an idempotent producer. */
  static async connect(bootstrapServers: string, topic = "names"): Promise<RequestsProducer> {
    const producer = suiteKafka(bootstrapServers, "e2e-requests").producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new RequestsProducer(producer, topic);
  }

  /** One request per name, in this order, in one call. */
  async sendNames(names: readonly string[]): Promise<void> {
    await this.sendRecords(names.map(greetRequestRecord));
  }

  /** Records as given, in this order, acknowledged by all replicas. */
  async sendRecords(records: readonly NamesRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#producer.send({ topic: this.#topic, acks: -1, messages: [...records] });
  }

  /**
   * One request per name, one every `intervalMs`, each acknowledged before the next: a steady
   * stream to inject a fault into. `onSent` is told how many were sent so far.
   */
  async stream(
    names: readonly string[],
    intervalMs: number,
    onSent?: (sent: number) => void,
  ): Promise<void> {
    let sent = 0;
    for (const name of names) {
      await this.sendNames([name]);
      sent += 1;
      onSent?.(sent);
      await sleep(intervalMs);
    }
  }

  async disconnect(): Promise<void> {
    await this.#producer.disconnect();
  }
}
