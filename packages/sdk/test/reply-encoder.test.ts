import { describe, expect, it } from "vitest";
import {
  type EgressMessage,
  kafkaEgressMessage,
  kinesisEgressMessage,
  Types,
} from "../src/index.js";
import {
  type FromFunction_EgressMessage as EgressMessageProto,
  FromFunction,
  KafkaProducerRecord,
  KinesisEgressRecord,
  FromFunction_PersistedValueMutation_MutationType as MutationType,
} from "../src/protocol.js";
import { encodeInvocationResult, type InvocationResult } from "../src/reply-encoder.js";

const Point = Types.json<{ x: number; y: number }>("example/Point");

/** What the generated encoder is given for an egress message: its parts and its record. */
function asProto(message: EgressMessage): EgressMessageProto {
  const slash = message.typename.lastIndexOf("/");
  return {
    egressNamespace: message.typename.slice(0, slash),
    egressType: message.typename.slice(slash + 1),
    argument: { typename: message.recordTypename, hasValue: true, value: message.record },
  };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** The reply the generated `FromFunction.encode` writes for the same result. */
function generated(result: InvocationResult): Uint8Array {
  return FromFunction.encode({
    invocationResult: {
      stateMutations: [...result.stateMutations],
      outgoingMessages: [...result.outgoingMessages],
      delayedInvocations: [...result.delayedInvocations],
      outgoingEgresses: result.outgoingEgresses.map(asProto),
    },
  }).finish();
}

const egresses: EgressMessage[] = [
  kafkaEgressMessage({ typename: "example/greets", topic: "greetings", key: "Alice", value: "hi" }),
  kafkaEgressMessage({ typename: "example/greets", topic: "greetings", value: new Uint8Array(0) }),
  kafkaEgressMessage({
    typename: "a.b/c/d",
    topic: "tópico",
    key: "Grüße",
    value: { x: 1, y: 2 },
    valueType: Point,
  }),
  kinesisEgressMessage({
    typename: "example/k",
    stream: "s",
    partitionKey: "pk",
    value: { x: 3, y: 4 },
    valueType: Point,
  }),
  kinesisEgressMessage({
    typename: "example/k",
    stream: "s",
    partitionKey: "pk",
    explicitHashKey: "h",
    value: "v",
  }),
  // Built by hand: the record's bytes as given (sendEgress admits only these two typenames).
  {
    typename: "example/raw",
    recordTypename: "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord",
    record: KafkaProducerRecord.encode({
      key: "k",
      valueBytes: Uint8Array.of(1),
      topic: "raw",
    }).finish(),
  },
  {
    typename: "example/raw",
    recordTypename: "type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord",
    record: new Uint8Array(0),
  },
];

describe("encodeInvocationResult", () => {
  it("writes the bytes FromFunction.encode writes, for every kind of egress message", () => {
    for (const egress of egresses) {
      const result = {
        stateMutations: [],
        outgoingMessages: [],
        delayedInvocations: [],
        outgoingEgresses: [egress],
      };
      expect(hex(encodeInvocationResult(result))).toBe(hex(generated(result)));
    }
  });

  it("writes a whole response as FromFunction.encode does: mutations, messages, delays, egress", () => {
    const result: InvocationResult = {
      stateMutations: [
        {
          mutationType: MutationType.MODIFY,
          stateName: "seen_count",
          stateValue: {
            typename: "io.statefun.types/int",
            hasValue: true,
            value: Uint8Array.of(8, 3),
          },
        },
        { mutationType: MutationType.DELETE, stateName: "gone", stateValue: undefined },
      ],
      outgoingMessages: [
        {
          target: { namespace: "example", type: "counter", id: "Bob" },
          argument: {
            typename: "io.statefun.types/int",
            hasValue: true,
            value: Uint8Array.of(8, 1),
          },
        },
      ],
      delayedInvocations: [
        {
          delayInMs: 1500,
          target: { namespace: "example", type: "greeter", id: "Alice" },
          argument: {
            typename: "io.statefun.types/string",
            hasValue: true,
            value: Uint8Array.of(10, 0),
          },
          isCancellationRequest: false,
          cancellationToken: "t1",
        },
        {
          delayInMs: 0,
          target: undefined,
          argument: undefined,
          isCancellationRequest: true,
          cancellationToken: "t1",
        },
      ],
      outgoingEgresses: egresses,
    };
    const bytes = encodeInvocationResult(result);
    expect(hex(bytes)).toBe(hex(generated(result)));
    const decoded = FromFunction.decode(bytes).invocationResult;
    expect(decoded?.outgoingEgresses.map((e) => `${e.egressNamespace}/${e.egressType}`)).toEqual(
      egresses.map((e) => e.typename),
    );
  });

  it("writes an empty response as FromFunction.encode does", () => {
    const empty = {
      stateMutations: [],
      outgoingMessages: [],
      delayedInvocations: [],
      outgoingEgresses: [],
    };
    expect(hex(encodeInvocationResult(empty))).toBe(hex(generated(empty)));
  });

  it("keeps the record of a Kafka or Kinesis message readable as it was encoded before", () => {
    const kafka = kafkaEgressMessage({
      typename: "example/greets",
      topic: "greetings",
      key: "Alice",
      value: "Welcome Alice",
    });
    expect(KafkaProducerRecord.decode(kafka.record)).toEqual({
      key: "Alice",
      valueBytes: Buffer.from("Welcome Alice"),
      topic: "greetings",
    });
    const kinesis = kinesisEgressMessage({
      typename: "example/k",
      stream: "s",
      partitionKey: "pk",
      value: "v",
    });
    expect(hex(kinesis.record)).toBe(
      hex(
        KinesisEgressRecord.encode({
          partitionKey: "pk",
          valueBytes: Buffer.from("v"),
          stream: "s",
          explicitHashKey: "",
        }).finish(),
      ),
    );
  });
});
