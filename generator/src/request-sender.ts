/** The KafkaJS producer behind the produce loop, replaceable after a failure. */

import { type Kafka, Partitioners, type Producer } from "kafkajs";
import type { GreetRequestRecord } from "./greet-request-record.js";
import { KAFKA_RETRY } from "./kafka-client.js";

/** Sends one record and resolves once Kafka acknowledged it. */
export interface RequestSender {
  /** Resolves when all in-sync replicas have the record; rejects when it could not be written. */
  send(record: GreetRequestRecord): Promise<void>;
  /** Called before a send is retried after a failure: set up whatever the failure may have broken. */
  reset(): Promise<void>;
}

/**
 * Sends `GreetRequest` records to one topic with an idempotent producer: the producer's own
 * retries cannot duplicate or reorder a record, and one request at a time keeps the order.
 *
 * A failed send replaces the producer with a new one ({@link KafkaRequestSender.reset}): an
 * idempotent KafkaJS producer can stay stuck on sequence errors after its broker restarted, and a
 * new producer id starts clean.
 */
export class KafkaRequestSender implements RequestSender {
  #producer: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {
    this.#producer = this.#create();
  }

  /** Connects the producer. */
  async connect(): Promise<void> {
    await this.#producer.connect();
  }

  async send(record: GreetRequestRecord): Promise<void> {
    await this.#producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: record.key, value: record.value }],
    });
  }

  async reset(): Promise<void> {
    const old = this.#producer;
    this.#producer = this.#create();
    // The old producer may hang on a dead connection; it must not hold up the new one.
    void old.disconnect().catch(() => {});
    await this.#producer.connect();
  }

  /** Disconnects the producer. */
  async disconnect(): Promise<void> {
    await this.#producer.disconnect();
  }

  #create(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Explicit, which is also what silences KafkaJS's warning about the v2 default partitioner.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: KAFKA_RETRY,
    });
  }
}
