import _m0 from "protobufjs/minimal.js";
import {
  BooleanWrapper,
  DoubleWrapper,
  FloatWrapper,
  IntWrapper,
  StringWrapper,
} from "./generated/io/statefun/sdk/types/types.js";
import { parseTypename } from "./typename.js";

/**
 * A type the runtime can carry: a typename and the two functions that turn a value into
 * bytes and back. State values, messages and egress payloads are all typed by one.
 */
export interface Type<T> {
  /** The typename the runtime sees, `namespace/name`. */
  readonly typename: string;
  serialize(value: T): Uint8Array;
  deserialize(bytes: Uint8Array): T;
}

/** What ts-proto generates for a message: `encode`, `decode` and, with `outputTypeAnnotations`, `$type`. */
export interface ProtobufMessageFns<T> {
  readonly $type?: string;
  /** ts-proto's encode takes the writer to write into; one that ignores it works too. */
  encode(message: T, writer?: _m0.Writer): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

function custom<T>(
  typename: string,
  serialize: (value: T) => Uint8Array,
  deserialize: (bytes: Uint8Array) => T,
): Type<T> {
  parseTypename(typename, "type typename");
  if (typeof serialize !== "function" || typeof deserialize !== "function") {
    throw new TypeError(`type ${typename} needs a serialize and a deserialize function`);
  }
  return Object.freeze({ typename, serialize, deserialize });
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function encodeLong(value: bigint): Uint8Array {
  if (typeof value !== "bigint" || value < INT64_MIN || value > INT64_MAX) {
    throw new TypeError(
      `io.statefun.types/long holds a signed 64-bit bigint, got ${String(value)}`,
    );
  }
  if (value === 0n) return new Uint8Array(0);
  // LongWrapper { sfixed64 value = 1; }: tag (1 << 3 | 1), then 8 little-endian bytes.
  const bytes = new Uint8Array(9);
  bytes[0] = 0x09;
  new DataView(bytes.buffer).setBigInt64(1, value, true);
  return bytes;
}

function decodeLong(bytes: Uint8Array): bigint {
  const reader = _m0.Reader.create(bytes);
  let value = 0n;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 0x09) {
      const low = reader.fixed32();
      const high = reader.sfixed32();
      value = (BigInt(high) << 32n) | BigInt(low >>> 0);
    } else {
      reader.skipType(tag & 7);
    }
  }
  return value;
}

// One writer for every protobuf value the SDK serializes, emptied after each value, so that
// a value costs no writer of its own.
let sharedWriter = _m0.Writer.create();
let sharedWriterInUse = false;

function encodeWithSharedWriter<T>(message: ProtobufMessageFns<T>, value: T): Uint8Array {
  // An encode that serializes another value inside itself gets a writer of its own.
  if (sharedWriterInUse) return message.encode(value).finish();
  sharedWriterInUse = true;
  try {
    const bytes = message.encode(value, sharedWriter).finish();
    sharedWriter.reset();
    return bytes;
  } catch (error) {
    // The encode stopped halfway: start again from an empty writer.
    sharedWriter = _m0.Writer.create();
    throw error;
  } finally {
    sharedWriterInUse = false;
  }
}

// -0 is written, as the Java and Go SDKs' protobuf runtimes write it (they test the sign bit);
// the generated encoder skips it as if it were 0, and it would arrive as +0.
const NEGATIVE_ZERO_FLOAT = Uint8Array.of(0x0d, 0, 0, 0, 0x80);
const NEGATIVE_ZERO_DOUBLE = Uint8Array.of(0x09, 0, 0, 0, 0, 0, 0, 0, 0x80);

function checkedNumber(typename: string, value: number): number {
  if (typeof value !== "number") {
    throw new TypeError(`${typename} holds a number, got ${typeof value}`);
  }
  return value;
}

/**
 * The built-in types, encoded as the wrapper messages of the other StateFun SDKs
 * (byte for byte), plus factories for JSON, protobuf and custom types.
 */
export const Types = {
  /** `io.statefun.types/bool` */
  bool: custom<boolean>(
    "io.statefun.types/bool",
    (value) => {
      if (typeof value !== "boolean") {
        throw new TypeError(`io.statefun.types/bool holds a boolean, got ${typeof value}`);
      }
      return BooleanWrapper.encode({ value }).finish();
    },
    (bytes) => BooleanWrapper.decode(bytes).value,
  ),
  /** `io.statefun.types/int`: a signed 32-bit integer. */
  int: custom<number>(
    "io.statefun.types/int",
    (value) => {
      if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
        throw new TypeError(`io.statefun.types/int holds a signed 32-bit integer, got ${value}`);
      }
      return IntWrapper.encode({ value }).finish();
    },
    (bytes) => IntWrapper.decode(bytes).value,
  ),
  /** `io.statefun.types/long`: a signed 64-bit integer, as a `bigint` so no precision is lost. */
  long: custom<bigint>("io.statefun.types/long", encodeLong, decodeLong),
  /** `io.statefun.types/float`: a 32-bit float (values are rounded to float precision). */
  float: custom<number>(
    "io.statefun.types/float",
    (value) =>
      Object.is(checkedNumber("io.statefun.types/float", value), -0)
        ? NEGATIVE_ZERO_FLOAT.slice()
        : FloatWrapper.encode({ value }).finish(),
    (bytes) => FloatWrapper.decode(bytes).value,
  ),
  /** `io.statefun.types/double` */
  double: custom<number>(
    "io.statefun.types/double",
    (value) =>
      Object.is(checkedNumber("io.statefun.types/double", value), -0)
        ? NEGATIVE_ZERO_DOUBLE.slice()
        : DoubleWrapper.encode({ value }).finish(),
    (bytes) => DoubleWrapper.decode(bytes).value,
  ),
  /** `io.statefun.types/string` */
  string: custom<string>(
    "io.statefun.types/string",
    (value) => {
      if (typeof value !== "string") {
        throw new TypeError(`io.statefun.types/string holds a string, got ${typeof value}`);
      }
      return StringWrapper.encode({ value }).finish();
    },
    (bytes) => StringWrapper.decode(bytes).value,
  ),

  /**
   * A type whose values travel as UTF-8 JSON. Pass `validate` to narrow what arrives;
   * without it the parsed value is trusted to be a `T`.
   *
   * @example
   * const UserProfile = Types.json<{ name: string; visits: number }>("example/UserProfile");
   */
  json<T>(typename: string, validate?: (value: unknown) => T): Type<T> {
    return custom<T>(
      typename,
      (value) => {
        const text = JSON.stringify(value);
        if (text === undefined) {
          throw new TypeError(`${typename}: the value cannot be represented as JSON`);
        }
        return utf8.encode(text);
      },
      (bytes) => {
        const parsed: unknown = JSON.parse(utf8Strict.decode(bytes));
        return validate ? validate(parsed) : (parsed as T);
      },
    );
  },

  /**
   * A type made from a ts-proto message. Its typename defaults to
   * `type.googleapis.com/<full proto name>`, as in the Python and Go SDKs.
   *
   * @example
   * const GreetRequestType = Types.protobuf(GreetRequest); // type.googleapis.com/example.GreetRequest
   */
  protobuf<T>(message: ProtobufMessageFns<T>, typename?: string): Type<T> {
    const name = typename ?? (message.$type ? `type.googleapis.com/${message.$type}` : undefined);
    if (name === undefined) {
      throw new TypeError(
        "Types.protobuf needs a typename: the message has no $type (generate with ts-proto's outputTypeAnnotations=static-only, or pass one)",
      );
    }
    return custom<T>(
      name,
      (value) => encodeWithSharedWriter(message, value),
      (bytes) => message.decode(bytes),
    );
  },

  /**
   * A type from a typename and two functions.
   *
   * @example
   * const Point = Types.custom<[number, number]>("example/Point", encodePoint, decodePoint);
   */
  custom,
} as const;
