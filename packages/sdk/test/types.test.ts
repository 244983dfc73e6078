import { describe, expect, it } from "vitest";
import { Types } from "../src/index.js";
import {
  BooleanWrapper,
  DoubleWrapper,
  FloatWrapper,
  IntWrapper,
  KafkaProducerRecord,
  LongWrapper,
  StringWrapper,
} from "../src/protocol.js";
import { hex } from "./helpers.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, "hex"));

describe("the built-in types", () => {
  it("have the typenames of the other SDKs", () => {
    expect(Types.bool.typename).toBe("io.statefun.types/bool");
    expect(Types.int.typename).toBe("io.statefun.types/int");
    expect(Types.long.typename).toBe("io.statefun.types/long");
    expect(Types.float.typename).toBe("io.statefun.types/float");
    expect(Types.double.typename).toBe("io.statefun.types/double");
    expect(Types.string.typename).toBe("io.statefun.types/string");
  });

  // Each value is a wrapper message with one field `value = 1`: a tag byte (field 1 and its
  // wire type), then the value. proto3 leaves a default value (false, 0, "") out entirely.
  it("encode bool as BooleanWrapper (varint)", () => {
    expect(hex(Types.bool.serialize(true))).toBe("0801");
    expect(hex(Types.bool.serialize(false))).toBe("");
  });

  it("encode int as IntWrapper (sfixed32, little-endian)", () => {
    expect(hex(Types.int.serialize(1))).toBe("0d01000000");
    expect(hex(Types.int.serialize(-1))).toBe("0dffffffff");
    expect(hex(Types.int.serialize(0x01020304))).toBe("0d04030201");
    expect(hex(Types.int.serialize(0))).toBe("");
  });

  it("encode long as LongWrapper (sfixed64, little-endian)", () => {
    expect(hex(Types.long.serialize(1n))).toBe("090100000000000000");
    expect(hex(Types.long.serialize(-2n))).toBe("09feffffffffffffff");
    expect(hex(Types.long.serialize(2n ** 63n - 1n))).toBe("09ffffffffffffff7f");
    expect(hex(Types.long.serialize(0n))).toBe("");
  });

  it("encode float as FloatWrapper (IEEE 754 single, little-endian)", () => {
    // 1.5f is 0x3fc00000
    expect(hex(Types.float.serialize(1.5))).toBe("0d0000c03f");
    expect(hex(Types.float.serialize(0))).toBe("");
    // -0 keeps its sign bit, as the Java and Go SDKs write it.
    expect(hex(Types.float.serialize(-0))).toBe("0d00000080");
  });

  it("encode double as DoubleWrapper (IEEE 754 double, little-endian)", () => {
    // 1.5 is 0x3ff8000000000000
    expect(hex(Types.double.serialize(1.5))).toBe("09000000000000f83f");
    expect(hex(Types.double.serialize(0))).toBe("");
    expect(hex(Types.double.serialize(-0))).toBe("090000000000000080");
  });

  it("encode string as StringWrapper (length-delimited UTF-8)", () => {
    expect(hex(Types.string.serialize("Hi"))).toBe("0a024869");
    expect(hex(Types.string.serialize("é"))).toBe("0a02c3a9");
    expect(hex(Types.string.serialize(""))).toBe("");
  });

  it("agree with the generated wrapper messages", () => {
    expect(hex(Types.bool.serialize(true))).toBe(
      hex(BooleanWrapper.encode({ value: true }).finish()),
    );
    expect(hex(Types.int.serialize(-123456))).toBe(
      hex(IntWrapper.encode({ value: -123456 }).finish()),
    );
    expect(hex(Types.long.serialize(-123456789012n))).toBe(
      hex(LongWrapper.encode({ value: -123456789012 }).finish()),
    );
    expect(hex(Types.float.serialize(-2.25))).toBe(
      hex(FloatWrapper.encode({ value: -2.25 }).finish()),
    );
    expect(hex(Types.double.serialize(Math.PI))).toBe(
      hex(DoubleWrapper.encode({ value: Math.PI }).finish()),
    );
    expect(hex(Types.string.serialize("Alice"))).toBe(
      hex(StringWrapper.encode({ value: "Alice" }).finish()),
    );
  });

  it("round-trip their values", () => {
    for (const value of [true, false])
      expect(Types.bool.deserialize(Types.bool.serialize(value))).toBe(value);
    for (const value of [0, 1, -1, 2 ** 31 - 1, -(2 ** 31)]) {
      expect(Types.int.deserialize(Types.int.serialize(value))).toBe(value);
    }
    for (const value of [0n, 1n, -1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      expect(Types.long.deserialize(Types.long.serialize(value))).toBe(value);
    }
    for (const value of [0, -0, 1.5, -2.25, Number.POSITIVE_INFINITY]) {
      expect(Types.float.deserialize(Types.float.serialize(value))).toBe(value);
    }
    for (const value of [0, -0, Math.PI, -1e300, Number.MIN_VALUE]) {
      expect(Types.double.deserialize(Types.double.serialize(value))).toBe(value);
    }
    for (const value of ["", "Alice", "héllo wörld ✓"]) {
      expect(Types.string.deserialize(Types.string.serialize(value))).toBe(value);
    }
  });

  it("round float values to float precision", () => {
    expect(Types.float.deserialize(Types.float.serialize(0.1))).toBe(Math.fround(0.1));
  });

  it("read a long beyond 2^53 exactly, from the bytes another SDK writes", () => {
    // 2^53 + 1 cannot be a JavaScript number; as a bigint it survives.
    const written = fromHex("090100000000002000");
    expect(Types.long.deserialize(written)).toBe(9007199254740993n);
  });

  it.each([2 ** 31, -(2 ** 31) - 1, 1.5, Number.NaN])("reject the int %s", (value) => {
    expect(() => Types.int.serialize(value)).toThrow(
      `io.statefun.types/int holds a signed 32-bit integer, got ${value}`,
    );
  });

  it.each([2n ** 63n, -(2n ** 63n) - 1n])("reject the long %s", (value) => {
    expect(() => Types.long.serialize(value)).toThrow(
      `io.statefun.types/long holds a signed 64-bit bigint, got ${value}`,
    );
  });

  it("reject values of the wrong JavaScript type", () => {
    // A caller without the compiler (plain JavaScript, or a cast) gets a clear error.
    const serializeUnknown = (serialize: (value: never) => Uint8Array, value: unknown) => () =>
      (serialize as (value: unknown) => Uint8Array)(value);
    expect(serializeUnknown(Types.long.serialize, 5)).toThrow(
      "io.statefun.types/long holds a signed 64-bit bigint, got 5",
    );
    expect(serializeUnknown(Types.bool.serialize, "yes")).toThrow(
      "io.statefun.types/bool holds a boolean, got string",
    );
    expect(serializeUnknown(Types.string.serialize, 5)).toThrow(
      "io.statefun.types/string holds a string, got number",
    );
    expect(serializeUnknown(Types.double.serialize, "5")).toThrow(
      "io.statefun.types/double holds a number, got string",
    );
  });
});

describe("Types.json", () => {
  interface Profile {
    name: string;
    visits: number;
  }
  const ProfileType = Types.json<Profile>("example/Profile");

  it("sends values as UTF-8 JSON", () => {
    expect(ProfileType.typename).toBe("example/Profile");
    expect(new TextDecoder().decode(ProfileType.serialize({ name: "Zoë", visits: 2 }))).toBe(
      '{"name":"Zoë","visits":2}',
    );
    expect(ProfileType.deserialize(ProfileType.serialize({ name: "Zoë", visits: 2 }))).toEqual({
      name: "Zoë",
      visits: 2,
    });
  });

  it("narrows what arrives with a validate function", () => {
    const Visits = Types.json("example/Visits", (value: unknown): number => {
      if (typeof value !== "number")
        throw new TypeError(`expected a number, got ${JSON.stringify(value)}`);
      return value;
    });
    expect(Visits.deserialize(new TextEncoder().encode("3"))).toBe(3);
    expect(() => Visits.deserialize(new TextEncoder().encode('"three"'))).toThrow(
      'expected a number, got "three"',
    );
  });

  it("rejects values JSON cannot represent, and bytes that are not JSON", () => {
    const Anything = Types.json<unknown>("example/Anything");
    expect(() => Anything.serialize(undefined)).toThrow(
      "example/Anything: the value cannot be represented as JSON",
    );
    expect(() => Anything.deserialize(new TextEncoder().encode("{nope"))).toThrow(SyntaxError);
  });

  it("rejects an invalid typename", () => {
    expect(() => Types.json("Profile")).toThrow('invalid type typename "Profile"');
  });
});

describe("Types.protobuf", () => {
  it("names a ts-proto message type.googleapis.com/<full proto name>", () => {
    const RecordType = Types.protobuf(KafkaProducerRecord);
    expect(RecordType.typename).toBe(
      "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord",
    );
    const record = { key: "Alice", valueBytes: bytes(1, 2, 3), topic: "greetings" };
    expect(hex(RecordType.serialize(record))).toBe(
      hex(KafkaProducerRecord.encode(record).finish()),
    );
    const decoded = RecordType.deserialize(RecordType.serialize(record));
    expect({ ...decoded, valueBytes: hex(decoded.valueBytes) }).toEqual({
      ...record,
      valueBytes: "010203",
    });
  });

  it("takes another typename when given one", () => {
    expect(Types.protobuf(KafkaProducerRecord, "example/Record").typename).toBe("example/Record");
  });

  it("asks for a typename when the message has no $type", () => {
    const { encode, decode } = KafkaProducerRecord;
    expect(() => Types.protobuf({ encode, decode })).toThrow("Types.protobuf needs a typename");
  });
});

describe("Types.custom", () => {
  const Point = Types.custom<[number, number]>(
    "example/Point",
    ([x, y]) => new TextEncoder().encode(`${x},${y}`),
    (data) => {
      const [x, y] = new TextDecoder().decode(data).split(",").map(Number);
      return [x ?? 0, y ?? 0];
    },
  );

  it("uses the two functions it was given", () => {
    expect(Point.typename).toBe("example/Point");
    expect(new TextDecoder().decode(Point.serialize([3, 4]))).toBe("3,4");
    expect(Point.deserialize(new TextEncoder().encode("5,-6"))).toEqual([5, -6]);
  });

  it("rejects an invalid typename and missing functions", () => {
    expect(() =>
      Types.custom(
        "Point",
        () => bytes(),
        () => 0,
      ),
    ).toThrow('invalid type typename "Point"');
    const missing = undefined as unknown as () => number;
    expect(() => Types.custom("example/Point", () => bytes(), missing)).toThrow(
      "type example/Point needs a serialize and a deserialize function",
    );
  });
});
