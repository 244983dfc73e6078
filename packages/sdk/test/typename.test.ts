import { describe, expect, it } from "vitest";
import { Address, parseTypename } from "../src/index.js";

describe("parseTypename", () => {
  it("splits at the last slash, as the runtime does", () => {
    expect(parseTypename("example/greeter")).toEqual({ namespace: "example", name: "greeter" });
    expect(parseTypename("type.googleapis.com/example.GreetRequest")).toEqual({
      namespace: "type.googleapis.com",
      name: "example.GreetRequest",
    });
    expect(parseTypename("com.example/fns/greeter")).toEqual({
      namespace: "com.example/fns",
      name: "greeter",
    });
  });

  it.each([
    ["greeter", "no slash"],
    ["/greeter", "empty namespace"],
    ["example/", "empty name"],
    ["example//greeter", "empty segment"],
    ["example/greet er", "whitespace"],
    ["", "empty"],
  ])("rejects %j (%s) and names it in the error", (typename) => {
    expect(() => parseTypename(typename)).toThrow(
      `invalid typename "${typename}": expected the form "namespace/name"`,
    );
  });

  it("says what was being parsed", () => {
    expect(() => parseTypename("nope", "egress typename")).toThrow(
      'invalid egress typename "nope"',
    );
  });
});

describe("Address", () => {
  it("is built from a function typename and an id", () => {
    const address = Address.of("example/greeter", "Alice");
    expect(address.namespace).toBe("example");
    expect(address.name).toBe("greeter");
    expect(address.id).toBe("Alice");
    expect(address.typename).toBe("example/greeter");
    expect(String(address)).toBe("example/greeter:Alice");
  });

  it("rejects an invalid typename and an empty id", () => {
    expect(() => Address.of("greeter", "Alice")).toThrow('invalid function typename "greeter"');
    expect(() => Address.of("example/greeter", "")).toThrow(
      "the id of an address for example/greeter must be a non-empty string",
    );
  });
});
