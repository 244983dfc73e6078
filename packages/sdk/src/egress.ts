import { KafkaProducerRecord } from "./generated/io/statefun/sdk/egress/kafka-egress.js";
import { KinesisEgressRecord } from "./generated/io/statefun/sdk/egress/kinesis-egress.js";
import type { Type } from "./type.js";
import { parseTypename } from "./typename.js";

const KAFKA_RECORD_TYPENAME = "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";
const KINESIS_RECORD_TYPENAME = "type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord";
const utf8 = new TextEncoder();

/** A record for an egress, built with {@link kafkaEgressMessage} or {@link kinesisEgressMessage}. */
export interface EgressMessage {
  /** The egress id from module.yaml, e.g. `example/greets`. */
  readonly typename: string;
  /** The record's typename (the runtime accepts only the Kafka or Kinesis record). */
  readonly recordTypename: string;
  /** The encoded record. */
  readonly record: Uint8Array;
}

/** A payload: a value with its type, or raw bytes or a string (sent as UTF-8) as they are. */
export type EgressValue<T> =
  | { readonly value: T; readonly valueType: Type<T> }
  | { readonly value: string | Uint8Array; readonly valueType?: undefined };

function payload<T>(spec: EgressValue<T>, what: string): Uint8Array {
  if (spec.valueType !== undefined) return spec.valueType.serialize(spec.value);
  if (typeof spec.value === "string") return utf8.encode(spec.value);
  if (spec.value instanceof Uint8Array) return spec.value;
  throw new TypeError(`${what}: a value that is not a string or bytes needs a valueType`);
}

/** What {@link kafkaEgressMessage} needs. */
export type KafkaEgressSpec<T> = {
  /** The egress id, e.g. `example/greets`. */
  readonly typename: string;
  readonly topic: string;
  /** The record key; omit it for a record with a null key. */
  readonly key?: string;
} & EgressValue<T>;

/**
 * A record for a Kafka egress.
 *
 * @example
 * context.sendEgress(kafkaEgressMessage({
 *   typename: "example/greets", topic: "greetings", key: name, value: response, valueType: GreetResponseType,
 * }));
 */
export function kafkaEgressMessage<T>(spec: KafkaEgressSpec<T>): EgressMessage {
  parseTypename(spec.typename, "egress typename");
  if (typeof spec.topic !== "string" || spec.topic.length === 0) {
    throw new TypeError(`a Kafka egress message for ${spec.typename} needs a topic`);
  }
  const record = KafkaProducerRecord.encode({
    key: spec.key ?? "",
    valueBytes: payload<T>(spec, `Kafka egress message for ${spec.typename}`),
    topic: spec.topic,
  }).finish();
  return { typename: spec.typename, recordTypename: KAFKA_RECORD_TYPENAME, record };
}

/** What {@link kinesisEgressMessage} needs. */
export type KinesisEgressSpec<T> = {
  /** The egress id. */
  readonly typename: string;
  readonly stream: string;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
} & EgressValue<T>;

/** A record for a Kinesis egress. */
export function kinesisEgressMessage<T>(spec: KinesisEgressSpec<T>): EgressMessage {
  parseTypename(spec.typename, "egress typename");
  if (typeof spec.stream !== "string" || spec.stream.length === 0) {
    throw new TypeError(`a Kinesis egress message for ${spec.typename} needs a stream`);
  }
  if (typeof spec.partitionKey !== "string" || spec.partitionKey.length === 0) {
    throw new TypeError(`a Kinesis egress message for ${spec.typename} needs a partitionKey`);
  }
  const record = KinesisEgressRecord.encode({
    partitionKey: spec.partitionKey,
    valueBytes: payload<T>(spec, `Kinesis egress message for ${spec.typename}`),
    stream: spec.stream,
    explicitHashKey: spec.explicitHashKey ?? "",
  }).finish();
  return { typename: spec.typename, recordTypename: KINESIS_RECORD_TYPENAME, record };
}
