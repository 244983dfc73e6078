import { describe, expect, it } from "vitest";
import { ToFunction, type TypedValue } from "../src/protocol.js";
import { decodeToFunction } from "../src/request-decoder.js";

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (max: number) => Uint8Array.from({ length: int(max + 1) }, () => int(256));
  return { next, int, pick, bytes };
}

// Typenames and names that repeat (as in real requests), including ones of the same length
// that differ in one byte, and non-ASCII text, so that the decoder's string cache is tested.
const STRINGS = [
  "",
  "example",
  "greeter",
  "example/greeter",
  "example/greetes",
  "type.googleapis.com/example.GreetRequest",
  "type.googleapis.com/example.GreetRequesu",
  "type.googleapis.com/example.SeenCount",
  "io.statefun.types/int",
  "seen_count",
  "seen_counu",
  "Grüße/ünïcode ✓",
  "x".repeat(300),
];

type Random = ReturnType<typeof random>;

function text(r: Random): string {
  return r.next() < 0.8 ? r.pick(STRINGS) : `id-${r.int(1000)}-${"é".repeat(r.int(4))}`;
}

function address(r: Random) {
  return r.next() < 0.2 ? undefined : { namespace: text(r), type: text(r), id: text(r) };
}

function typedValue(r: Random): TypedValue | undefined {
  if (r.next() < 0.15) return undefined;
  return { typename: text(r), hasValue: r.next() < 0.8, value: r.bytes(r.pick([0, 3, 40])) };
}

function toFunction(r: Random): ToFunction {
  if (r.next() < 0.05) return { invocation: undefined };
  return {
    invocation: {
      target: address(r),
      state: Array.from({ length: r.int(4) }, () => ({
        stateName: text(r),
        stateValue: typedValue(r),
      })),
      invocations: Array.from({ length: r.int(6) }, () => ({
        caller: address(r),
        argument: typedValue(r),
      })),
    },
  };
}

/** What a decoder makes of the bytes: the message, or the error's name and text. */
function outcome(decode: (bytes: Uint8Array) => ToFunction, bytes: Uint8Array) {
  try {
    return { message: decode(bytes) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function expectSameAsGenerated(bytes: Uint8Array): void {
  // Both kinds of input the core sees: a Buffer from node:http and a plain Uint8Array.
  for (const input of [Buffer.from(bytes), new Uint8Array(bytes)]) {
    expect(outcome(decodeToFunction, input)).toEqual(outcome((b) => ToFunction.decode(b), input));
  }
}

describe("decodeToFunction", () => {
  it("decodes 1,000 random requests exactly as the generated decoder does", () => {
    const r = random(1);
    for (let i = 0; i < 1000; i++) {
      const message = toFunction(r);
      const bytes = ToFunction.encode(message).finish();
      const decoded = decodeToFunction(bytes);
      expect(decoded).toEqual(ToFunction.decode(bytes));
      expectSameAsGenerated(bytes);
    }
  });

  it("round-trips a request: the decoded strings and bytes are the ones encoded", () => {
    const message: ToFunction = {
      invocation: {
        target: { namespace: "example", type: "greeter", id: "Alice" },
        state: [{ stateName: "seen_count", stateValue: undefined }],
        invocations: [
          {
            caller: { namespace: "example", type: "greetes", id: "Bob" },
            argument: { typename: "example/greeter", hasValue: true, value: Uint8Array.of(7) },
          },
          {
            caller: undefined,
            argument: { typename: "example/greetes", hasValue: false, value: new Uint8Array(0) },
          },
        ],
      },
    };
    // Twice: the second time the repeated strings come from the decoder's cache.
    for (let i = 0; i < 2; i++) {
      const decoded = decodeToFunction(ToFunction.encode(message).finish());
      expect(decoded.invocation?.invocations[0]?.caller?.type).toBe("greetes");
      expect(decoded.invocation?.invocations[0]?.argument?.typename).toBe("example/greeter");
      expect(decoded.invocation?.invocations[1]?.argument?.typename).toBe("example/greetes");
      expect([...(decoded.invocation?.invocations[0]?.argument?.value ?? [])]).toEqual([7]);
      expect(decoded.invocation?.state[0]).toEqual({
        stateName: "seen_count",
        stateValue: undefined,
      });
    }
  });

  it("gives the same result or the same error for every truncation of random requests", () => {
    const r = random(2);
    for (let i = 0; i < 30; i++) {
      const bytes = ToFunction.encode(toFunction(r)).finish();
      for (let end = 0; end < bytes.length; end++) expectSameAsGenerated(bytes.subarray(0, end));
    }
  });

  it("gives the same result or the same error for corrupted requests and random bytes", () => {
    const r = random(3);
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(ToFunction.encode(toFunction(r)).finish());
      for (let flips = 1 + r.int(3); flips > 0 && bytes.length > 0; flips--) {
        bytes[r.int(bytes.length)] = r.int(256);
      }
      expectSameAsGenerated(bytes);
      expectSameAsGenerated(r.bytes(64));
    }
  });

  it("handles unknown fields, wrong wire types and group tags as the generated decoder does", () => {
    const cases = [
      [0xa2, 0x06, 0x02, 0x08, 0x01], // an unknown varint field inside the batch
      [0xa2, 0x06, 0x02, 0x0b, 0x0c], // a start group tag (wire type 3) and its end
      [0xa2, 0x06, 0x02, 0x0c, 0x00], // an end group tag where a field belongs
      [0xa2, 0x06, 0x01, 0x08], // the target with the varint wire type
      [0xa0, 0x06, 0x05], // the batch with the varint wire type
      [0xa2, 0x06, 0x03, 0x1a, 0x01, 0x00], // an invocation that is a lone tag 0
      [0x00, 0xa2, 0x06, 0x00], // tag 0 first: decoding stops there
    ];
    for (const bytes of cases) expectSameAsGenerated(Uint8Array.from(bytes));
  });
});
