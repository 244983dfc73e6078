import { describe, expect, it } from "vitest";
import { StatefulFunctions, Types, type ValueSpec, valueSpec } from "../src/index.js";
import { invocationResult, toFunction, typed } from "./helpers.js";

const noop = () => {};

describe("StatefulFunctions.bind", () => {
  it("binds functions by typename", async () => {
    const greeted: string[] = [];
    const functions = new StatefulFunctions()
      .bind({
        typename: "example/greeter",
        fn: (_context, message) => void greeted.push(message.as(Types.string)),
      })
      .bind({ typename: "example/other", fn: noop });
    expect(functions.typenames).toEqual(["example/greeter", "example/other"]);
    expect(functions.get("example/greeter")?.specs).toEqual([]);

    const reply = await functions.handle(
      toFunction({ typename: "example/greeter", id: "Alice" }, [
        { argument: typed(Types.string.typename, Types.string.serialize("Alice")) },
      ]),
    );
    expect(invocationResult(reply).stateMutations).toEqual([]);
    expect(greeted).toEqual(["Alice"]);
  });

  it("keeps the specs it was given", () => {
    const seen = valueSpec("seen", Types.int, { expireAfterWrite: 5_000 });
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [seen],
      fn: noop,
    });
    expect(functions.get("example/greeter")?.specs).toEqual([seen]);
  });

  it.each(["greeter", "/greeter", "example/", "example/*", "ex*/greeter"])(
    "rejects the function typename %j",
    (typename) => {
      expect(() => new StatefulFunctions().bind({ typename, fn: noop })).toThrow(`"${typename}"`);
    },
  );

  it("rejects a typename bound twice", () => {
    const functions = new StatefulFunctions().bind({ typename: "example/greeter", fn: noop });
    expect(() => functions.bind({ typename: "example/greeter", fn: noop })).toThrow(
      "function example/greeter is already bound",
    );
  });

  it("rejects a state declared twice, naming it", () => {
    expect(() =>
      new StatefulFunctions().bind({
        typename: "example/greeter",
        specs: [valueSpec("seen", Types.int), valueSpec("seen", Types.string)],
        fn: noop,
      }),
    ).toThrow('function example/greeter declares the state "seen" twice');
  });

  it("rejects an invalid spec name, naming the function and the spec", () => {
    expect(() =>
      new StatefulFunctions().bind({
        typename: "example/greeter",
        specs: [valueSpec("seen count", Types.int)],
        fn: noop,
      }),
    ).toThrow('invalid value spec name "seen count"');
    // A spec written by hand (or from plain JavaScript) is checked when it is bound.
    const handMade: ValueSpec = {
      name: "seen count",
      type: Types.int,
      expiration: { mode: "none" },
    };
    expect(() =>
      new StatefulFunctions().bind({ typename: "example/greeter", specs: [handMade], fn: noop }),
    ).toThrow('function example/greeter: invalid value spec name "seen count"');
  });

  it("rejects a spec with both expirations", () => {
    expect(() =>
      new StatefulFunctions().bind({
        typename: "example/greeter",
        specs: [valueSpec("seen", Types.int, { expireAfterCall: 1_000, expireAfterWrite: 2_000 })],
        fn: noop,
      }),
    ).toThrow('value spec "seen" sets both expireAfterCall and expireAfterWrite: choose one');
    // The official SDK's spec shape, from plain JavaScript: no valid expiration.
    const officialShape = {
      name: "seen",
      type: Types.int,
      expireAfterCall: 1_000,
      expireAfterWrite: 2_000,
    };
    expect(() =>
      new StatefulFunctions().bind({
        typename: "example/greeter",
        specs: [officialShape as unknown as ValueSpec],
        fn: noop,
      }),
    ).toThrow('function example/greeter: value spec "seen" has no valid expiration');
  });

  it("rejects a spec without a type, and a missing fn", () => {
    const untyped = { name: "seen", expiration: { mode: "none" } } as unknown as ValueSpec;
    expect(() =>
      new StatefulFunctions().bind({ typename: "example/greeter", specs: [untyped], fn: noop }),
    ).toThrow('function example/greeter: value spec "seen" needs a type');
    const withoutFn = { typename: "example/greeter" } as unknown as Parameters<
      StatefulFunctions["bind"]
    >[0];
    expect(() => new StatefulFunctions().bind(withoutFn)).toThrow(
      "function example/greeter needs an fn",
    );
  });
});
