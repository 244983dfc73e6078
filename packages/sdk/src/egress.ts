import _m0 from "protobufjs/minimal.js";
import { KinesisEgressRecord } from "./generated/io/statefun/sdk/egress/kinesis-egress.js";
import type { Type } from "./type.js";
import { parseTypename } from "./typename.js";
import { Utf8Cache } from "./utf8-cache.js";

const KAFKA_RECORD_TYPENAME = "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";
const KINESIS_RECORD_TYPENAME = "type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord";
const utf8 = new TextEncoder();
const constants = new Utf8Cache(1024);

/**
 * A record for an egress, built with {@link kafkaEgressMessage} or {@link kinesisEgressMessage}.
 * One built by hand must carry a Kafka or Kinesis record: `context.sendEgress` throws a
 * `TypeError` for any other `recordTypename` (the function then fails with a 500), because
 * the runtime would fail the job on it.
 */
export interface EgressMessage {
  /** The egress id from module.yaml, e.g. `example/greets`. */
  readonly typename: string;
  /**
   * The record's typename: `type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord`
   * or `type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord`, the only two the
   * runtime accepts.
   */
  readonly recordTypename: string;
  /** The encoded record. */
  readonly record: Uint8Array;
}

/**
 * Checks that a hand-built egress message carries a record the runtime accepts, throwing a
 * `TypeError` that names its typename and the two accepted ones otherwise.
 */
export function checkRecordTypename(message: EgressMessage): void {
  const { recordTypename } = message;
  if (recordTypename !== KAFKA_RECORD_TYPENAME && recordTypename !== KINESIS_RECORD_TYPENAME) {
    throw new TypeError(
      `the egress message for ${message.typename} carries a record of type ${JSON.stringify(recordTypename)}, but the runtime accepts only ${KAFKA_RECORD_TYPENAME} or ${KINESIS_RECORD_TYPENAME} (any other fails the job); build it with kafkaEgressMessage or kinesisEgressMessage`,
    );
  }
}

/** An egress id split and encoded once: the `egress_namespace` and `egress_type` of the reply. */
export interface EgressTarget {
  readonly namespace: Uint8Array;
  readonly type: Uint8Array;
}

const targets = new Map<string, EgressTarget>();

/**
 * The encoded parts of an egress id; validates it (a `TypeError` naming it) the first time.
 * Functions send to the same few egresses on every call, so the parts are remembered.
 */
export function egressTarget(typename: string): EgressTarget {
  let target = targets.get(typename);
  if (target === undefined) {
    const { namespace, name } = parseTypename(typename, "egress typename");
    target = { namespace: constants.get(namespace), type: constants.get(name) };
    if (targets.size < 1024) targets.set(typename, target);
  }
  return target;
}

/**
 * An egress message built by this SDK: it keeps the record's fields and writes the record
 * straight into the reply, instead of encoding it on its own and copying it in.
 */
export abstract class InlineEgressMessage implements EgressMessage {
  readonly typename: string;
  readonly target: EgressTarget;
  #record: Uint8Array | undefined;

  constructor(typename: string, target: EgressTarget) {
    this.typename = typename;
    this.target = target;
  }

  abstract readonly recordTypename: string;
  /** The record's typename as UTF-8. */
  abstract readonly recordTypenameBytes: Uint8Array;

  /** Writes the record's fields (not delimited) into `writer`. */
  abstract writeRecord(writer: _m0.Writer): void;

  get record(): Uint8Array {
    if (this.#record === undefined) {
      const writer = _m0.Writer.create();
      this.writeRecord(writer);
      this.#record = writer.finish();
    }
    return this.#record;
  }
}

const KAFKA_RECORD_TYPENAME_BYTES = utf8.encode(KAFKA_RECORD_TYPENAME);
const KINESIS_RECORD_TYPENAME_BYTES = utf8.encode(KINESIS_RECORD_TYPENAME);

// Field by field as the generated KafkaProducerRecord.encode writes them (defaults left out),
// so that the reply is byte for byte the same.
class KafkaEgressMessage extends InlineEgressMessage {
  readonly recordTypename = KAFKA_RECORD_TYPENAME;
  readonly recordTypenameBytes = KAFKA_RECORD_TYPENAME_BYTES;
  readonly #key: string;
  readonly #value: Uint8Array;
  readonly #topic: Uint8Array;

  constructor(
    typename: string,
    target: EgressTarget,
    key: string,
    value: Uint8Array,
    topic: string,
  ) {
    super(typename, target);
    this.#key = key;
    this.#value = value;
    this.#topic = constants.get(topic);
  }

  writeRecord(writer: _m0.Writer): void {
    if (this.#key !== "") writer.uint32(10).string(this.#key);
    if (this.#value.length !== 0) writer.uint32(18).bytes(this.#value);
    writer.uint32(26).bytes(this.#topic);
  }
}

class KinesisEgressMessage extends InlineEgressMessage {
  readonly recordTypename = KINESIS_RECORD_TYPENAME;
  readonly recordTypenameBytes = KINESIS_RECORD_TYPENAME_BYTES;
  readonly #fields: KinesisEgressRecord;

  constructor(typename: string, target: EgressTarget, fields: KinesisEgressRecord) {
    super(typename, target);
    this.#fields = fields;
  }

  writeRecord(writer: _m0.Writer): void {
    KinesisEgressRecord.encode(this.#fields, writer);
  }
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
  const target = egressTarget(spec.typename);
  if (typeof spec.topic !== "string" || spec.topic.length === 0) {
    throw new TypeError(`a Kafka egress message for ${spec.typename} needs a topic`);
  }
  return new KafkaEgressMessage(
    spec.typename,
    target,
    spec.key ?? "",
    payload<T>(spec, `Kafka egress message for ${spec.typename}`),
    spec.topic,
  );
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
  const target = egressTarget(spec.typename);
  if (typeof spec.stream !== "string" || spec.stream.length === 0) {
    throw new TypeError(`a Kinesis egress message for ${spec.typename} needs a stream`);
  }
  if (typeof spec.partitionKey !== "string" || spec.partitionKey.length === 0) {
    throw new TypeError(`a Kinesis egress message for ${spec.typename} needs a partitionKey`);
  }
  return new KinesisEgressMessage(spec.typename, target, {
    partitionKey: spec.partitionKey,
    valueBytes: payload<T>(spec, `Kinesis egress message for ${spec.typename}`),
    stream: spec.stream,
    explicitHashKey: spec.explicitHashKey ?? "",
  });
}
