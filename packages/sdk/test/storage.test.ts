import { describe, expect, it } from "vitest";
import { Types, valueSpec } from "../src/index.js";
import { FromFunction_PersistedValueMutation_MutationType as MutationType } from "../src/protocol.js";
import { indexStates, StateTracker } from "../src/storage.js";
import { typed } from "./helpers.js";

const specs = [valueSpec("seen", Types.int), valueSpec("name", Types.string)];

/** A tracker over the given stored values; names left out are registered without a value. */
function trackerWith(stored: { seen?: number; name?: string; seenBytes?: Uint8Array } = {}) {
  const seen =
    stored.seenBytes !== undefined
      ? typed(Types.int.typename, stored.seenBytes)
      : stored.seen === undefined
        ? undefined
        : typed(Types.int.typename, Types.int.serialize(stored.seen));
  const name =
    stored.name === undefined
      ? undefined
      : typed(Types.string.typename, Types.string.serialize(stored.name));
  const tracker = new StateTracker(
    specs,
    indexStates([
      { stateName: "seen", stateValue: seen },
      { stateName: "name", stateValue: name },
    ]),
    "example/greeter",
  );
  return { tracker, storage: tracker.storage as Record<string, unknown> };
}

describe("the storage of a batch", () => {
  it("reads stored values and undefined for states without one", () => {
    const { storage } = trackerWith({ seen: 3 });
    expect(storage["seen"]).toBe(3);
    expect(storage["name"]).toBeUndefined();
  });

  it("shows the states that hold a value to `in`, Object.keys and JSON.stringify", () => {
    const { storage } = trackerWith({ seen: 3 });
    expect("seen" in storage).toBe(true);
    expect("name" in storage).toBe(false);
    expect(Object.keys(storage)).toEqual(["seen"]);
    expect(JSON.stringify(storage)).toBe('{"seen":3}');
    storage["name"] = "Alice";
    expect(JSON.stringify(storage)).toBe('{"seen":3,"name":"Alice"}');
  });

  it("can be awaited or inspected without failing (then, toJSON are not states)", async () => {
    const { storage } = trackerWith({ seen: 3 });
    expect(await Promise.resolve(storage)).toBe(storage);
  });

  it("decodes a value only when it is read", () => {
    // Two bytes that are not an IntWrapper: an sfixed32 tag, then one of its four bytes.
    const { storage } = trackerWith({ seenBytes: Uint8Array.from([0x0d, 0x01]), name: "Alice" });
    expect(storage["name"]).toBe("Alice");
    expect(() => storage["seen"]).toThrow('state "seen" does not decode as io.statefun.types/int');
  });

  it("yields MODIFY with the bytes of the last write, in spec order", () => {
    const { tracker, storage } = trackerWith({ seen: 3, name: "Alice" });
    storage["name"] = "Bob";
    storage["seen"] = 4;
    storage["seen"] = 5;
    expect(tracker.mutations()).toEqual([
      {
        mutationType: MutationType.MODIFY,
        stateName: "seen",
        stateValue: { typename: Types.int.typename, hasValue: true, value: Types.int.serialize(5) },
      },
      {
        mutationType: MutationType.MODIFY,
        stateName: "name",
        stateValue: {
          typename: Types.string.typename,
          hasValue: true,
          value: Types.string.serialize("Bob"),
        },
      },
    ]);
  });

  it("yields DELETE for a deleted value, and nothing for deleting no value", () => {
    const { tracker, storage } = trackerWith({ seen: 3 });
    delete storage["seen"];
    delete storage["name"];
    expect(storage["seen"]).toBeUndefined();
    expect(tracker.mutations()).toEqual([
      { mutationType: MutationType.DELETE, stateName: "seen", stateValue: undefined },
    ]);
  });

  it("fails a write its type refuses at the line that wrote it", () => {
    const { tracker, storage } = trackerWith({ seen: 3 });
    expect(() => {
      storage["seen"] = 2 ** 40;
    }).toThrow("io.statefun.types/int holds a signed 32-bit integer, got 1099511627776");
    expect(tracker.mutations()).toEqual([]);
  });

  it("refuses unknown states, listing the declared ones", () => {
    const { storage } = trackerWith();
    const declared = 'example/greeter has no state "count"; its declared states are "seen", "name"';
    expect(() => storage["count"]).toThrow(declared);
    expect(() => {
      storage["count"] = 1;
    }).toThrow(declared);
    expect(() => {
      delete storage["count"];
    }).toThrow(declared);
  });
});
