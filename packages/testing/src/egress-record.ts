import type { Type } from "@statefun-ts/sdk";
import {
  type FromFunction_EgressMessage as EgressMessageProto,
  KafkaProducerRecord,
  KinesisEgressRecord as KinesisEgressRecordProto,
} from "@statefun-ts/sdk/protocol";
import { JobFailureError, TestRuntimeError } from "./errors.js";

const KAFKA_RECORD_TYPENAME = "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";
const KINESIS_RECORD_TYPENAME = "type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord";

/** What every captured egress record carries. */
interface EgressRecordBase {
  /** The egress id, `namespace/name` (module.yaml's `spec.id`), e.g. `example/greets`. */
  readonly egress: string;
  /** The function that sent it, `namespace/name:id`. */
  readonly from: string;
  /** The virtual time it was sent at, in milliseconds. */
  readonly atMs: number;
  /** The record's payload bytes (`value_bytes`), as the function encoded them. */
  readonly value: Uint8Array;
}

/** A record for a Kafka egress, decoded from its `KafkaProducerRecord`. */
export interface KafkaEgressRecord extends EgressRecordBase {
  readonly kind: "kafka";
  readonly topic: string;
  /** The record key; undefined for a record with a null key (an empty key on the wire). */
  readonly key: string | undefined;
}

/** A record for a Kinesis egress, decoded from its `KinesisEgressRecord`. */
export interface KinesisEgressRecord extends EgressRecordBase {
  readonly kind: "kinesis";
  readonly stream: string;
  readonly partitionKey: string;
  /** Undefined when the function set none (empty on the wire). */
  readonly explicitHashKey: string | undefined;
}

/** A captured egress record. */
export type EgressRecord = KafkaEgressRecord | KinesisEgressRecord;

/** A Kafka record with its value decoded, as {@link TestRuntime.takeKafka} returns it. */
export interface KafkaRecord<T> {
  readonly topic: string;
  readonly key: string | undefined;
  readonly value: T;
  /** The virtual time it was sent at, in milliseconds. */
  readonly atMs: number;
}

/**
 * Decodes the payload of an egress record with a type.
 *
 * @throws {TestRuntimeError} naming the egress and the type when the bytes do not decode.
 * @example
 * const greeting = decodeValue(records[0]!, GreetResponseType).greeting;
 */
export function decodeValue<T>(record: EgressRecord, type: Type<T>): T {
  try {
    return type.deserialize(record.value);
  } catch (cause) {
    const where = record.kind === "kafka" ? `topic ${record.topic}` : `stream ${record.stream}`;
    throw new TestRuntimeError(
      `a record of ${record.egress} (${where}, from ${record.from}) does not decode as ${type.typename}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * Reads an egress message of a reply as the runtime does: the record must be a Kafka or a
 * Kinesis record (the runtime rejects anything else, failing the job).
 */
export function readEgressRecord(
  message: EgressMessageProto,
  from: string,
  atMs: number,
): EgressRecord {
  const egress = `${message.egressNamespace}/${message.egressType}`;
  const argument = message.argument;
  const typename = argument?.typename ?? "";
  const bytes = argument?.value ?? new Uint8Array(0);
  try {
    if (typename === KAFKA_RECORD_TYPENAME) {
      const record = KafkaProducerRecord.decode(bytes);
      if (record.topic === "") throw new Error("the record has no topic");
      return {
        kind: "kafka",
        egress,
        from,
        atMs,
        topic: record.topic,
        key: record.key === "" ? undefined : record.key,
        value: record.valueBytes,
      };
    }
    if (typename === KINESIS_RECORD_TYPENAME) {
      const record = KinesisEgressRecordProto.decode(bytes);
      if (record.stream === "") throw new Error("the record has no stream");
      return {
        kind: "kinesis",
        egress,
        from,
        atMs,
        stream: record.stream,
        partitionKey: record.partitionKey,
        explicitHashKey: record.explicitHashKey === "" ? undefined : record.explicitHashKey,
        value: record.valueBytes,
      };
    }
  } catch (cause) {
    throw new JobFailureError(
      `${from} sent a record to ${egress} that is not a valid ${typename}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  throw new JobFailureError(
    `${from} sent a record of type ${typename || "(none)"} to ${egress}; the runtime's Kafka and Kinesis egresses take only ${KAFKA_RECORD_TYPENAME} or ${KINESIS_RECORD_TYPENAME} (build it with kafkaEgressMessage or kinesisEgressMessage)`,
  );
}
