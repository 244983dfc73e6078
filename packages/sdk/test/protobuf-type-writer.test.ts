import _m0 from "protobufjs/minimal.js";
import { describe, expect, it } from "vitest";
import { type ProtobufMessageFns, Types } from "../src/index.js";
import { KafkaProducerRecord } from "../src/protocol.js";

type Record = KafkaProducerRecord;

const record: Record = { key: "Alice", valueBytes: Uint8Array.of(1, 2, 3), topic: "greetings" };
const RecordType = Types.protobuf(KafkaProducerRecord);

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

// Types.protobuf serializes every value through one reused writer: these pin down that
// the values it gives are the generated encoder's, whatever happened before.
describe("Types.protobuf serialize", () => {
  it("gives the generated encoder's bytes for values serialized one after another", () => {
    const expected = hex(KafkaProducerRecord.encode(record).finish());
    const first = RecordType.serialize(record);
    const second = RecordType.serialize({ ...record, key: "Bob" });
    expect(hex(first)).toBe(expected);
    expect(hex(second)).toBe(hex(KafkaProducerRecord.encode({ ...record, key: "Bob" }).finish()));
    expect(hex(RecordType.serialize(record))).toBe(expected);
  });

  it("is not disturbed by an encode that fails halfway", () => {
    const Failing = Types.protobuf<string>(
      {
        encode(value, writer = _m0.Writer.create()) {
          writer.uint32(10).fork().uint32(8);
          throw new TypeError(`cannot encode ${value}`);
        },
        decode: () => "",
      },
      "example/Failing",
    );
    expect(() => Failing.serialize("x")).toThrow("cannot encode x");
    expect(hex(RecordType.serialize(record))).toBe(
      hex(KafkaProducerRecord.encode(record).finish()),
    );
  });

  it("serves an encode that serializes another value inside itself", () => {
    const Outer = Types.protobuf<{ inner: Record }>(
      {
        encode(value, writer = _m0.Writer.create()) {
          return writer.uint32(10).bytes(RecordType.serialize(value.inner));
        },
        decode: () => ({ inner: record }),
      } satisfies ProtobufMessageFns<{ inner: Record }>,
      "example/Outer",
    );
    const inner = KafkaProducerRecord.encode(record).finish();
    const expected = _m0.Writer.create().uint32(10).bytes(inner).finish();
    expect(hex(Outer.serialize({ inner: record }))).toBe(hex(expected));
  });

  it("works with an encode that ignores the writer it is given", () => {
    const OwnWriter = Types.protobuf<Record>(
      { encode: (value) => KafkaProducerRecord.encode(value), decode: KafkaProducerRecord.decode },
      "example/OwnWriter",
    );
    expect(hex(OwnWriter.serialize(record))).toBe(hex(KafkaProducerRecord.encode(record).finish()));
    expect(hex(RecordType.serialize(record))).toBe(
      hex(KafkaProducerRecord.encode(record).finish()),
    );
  });
});
