import { describe, expect, it } from "vitest";
import {
  Address,
  InvalidMessageError,
  Message,
  messageBuilder,
  TypeMismatchError,
  Types,
} from "../src/index.js";
import { hex } from "./helpers.js";

const alice = Address.of("example/greeter", "Alice");

describe("Message", () => {
  const hello = new Message(alice, "io.statefun.types/string", Types.string.serialize("hello"));

  it("tells its type by typename", () => {
    expect(hello.is(Types.string)).toBe(true);
    expect(hello.is(Types.int)).toBe(false);
  });

  it("reads as the type it carries", () => {
    expect(hello.as(Types.string)).toBe("hello");
  });

  it("refuses another type with a clear type-mismatch error", () => {
    expect(() => hello.as(Types.int)).toThrow(
      new TypeMismatchError(
        "expected a message of type io.statefun.types/int, got io.statefun.types/string",
        "io.statefun.types/string",
      ),
    );
    try {
      hello.as(Types.int);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeMismatchError);
      expect(error).toBeInstanceOf(InvalidMessageError);
      expect((error as TypeMismatchError).typename).toBe("io.statefun.types/string");
    }
  });

  it("reports bytes that do not decode as the type, keeping the cause", () => {
    const garbage = new Message(alice, "example/Profile", Uint8Array.from([0x7b, 0x6e]));
    const Profile = Types.json<{ name: string }>("example/Profile");
    let caught: unknown;
    try {
      garbage.as(Profile);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidMessageError);
    expect(caught).not.toBeInstanceOf(TypeMismatchError);
    expect((caught as Error).message).toMatch(
      /^the 2-byte value does not decode as example\/Profile: /,
    );
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe("messageBuilder", () => {
  it("addresses any function and serializes the value with its type", () => {
    const message = messageBuilder({
      typename: "example/counter",
      id: "Bob",
      value: 42,
      valueType: Types.int,
    });
    expect(String(message.targetAddress)).toBe("example/counter:Bob");
    expect(message.typename).toBe("io.statefun.types/int");
    expect(hex(message.rawValue)).toBe("0d2a000000");
    expect(message.as(Types.int)).toBe(42);
  });

  it("rejects an invalid target, a missing valueType and a value its type refuses", () => {
    expect(() =>
      messageBuilder({ typename: "counter", id: "Bob", value: 1, valueType: Types.int }),
    ).toThrow('invalid function typename "counter"');
    expect(() =>
      messageBuilder({ typename: "example/counter", id: "", value: 1, valueType: Types.int }),
    ).toThrow("the id of an address for example/counter must be a non-empty string");
    const untyped = { typename: "example/counter", id: "Bob", value: 1 } as unknown as Parameters<
      typeof messageBuilder<number>
    >[0];
    expect(() => messageBuilder(untyped)).toThrow(
      "a message to example/counter:Bob needs a valueType",
    );
    expect(() =>
      messageBuilder({
        typename: "example/counter",
        id: "Bob",
        value: 2 ** 40,
        valueType: Types.int,
      }),
    ).toThrow("io.statefun.types/int holds a signed 32-bit integer");
  });
});
