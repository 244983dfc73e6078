import { describe, expect, it } from "vitest";
import {
  FunctionError,
  InvalidMessageError,
  kafkaEgressMessage,
  kinesisEgressMessage,
  MalformedRequestError,
  messageBuilder,
  StatefulFunctions,
  type StatefunError,
  Types,
  UnknownFunctionError,
  valueSpec,
} from "../src/index.js";
import {
  FromFunction_ExpirationSpec_ExpireMode as ExpireMode,
  KafkaProducerRecord,
  KinesisEgressRecord,
  FromFunction_PersistedValueMutation_MutationType as MutationType,
  ToFunction,
} from "../src/protocol.js";
import {
  hex,
  incompleteContext,
  invocationResult,
  type TestAddress,
  text,
  toFunction,
  typed,
} from "./helpers.js";

const GREETER: TestAddress = { typename: "example/greeter", id: "Alice" };
const INT = Types.int.typename;
const STRING = Types.string.typename;

const str = (value: string) => typed(STRING, Types.string.serialize(value));
const int = (value: number) => typed(INT, Types.int.serialize(value));

/** Runs the core and returns the error it rejected with. */
async function failure(functions: StatefulFunctions, body: Uint8Array): Promise<StatefunError> {
  try {
    await functions.handle(body);
  } catch (error) {
    return error as StatefunError;
  }
  throw new Error("expected handle() to reject");
}

describe("the missing-state handshake", () => {
  let calls = 0;
  const functions = new StatefulFunctions().bind({
    typename: "example/greeter",
    specs: [
      valueSpec("seen", Types.int),
      valueSpec("visits", Types.long, { expireAfterCall: 60_000 }),
      valueSpec("token", Types.string, { expireAfterWrite: 1_000 }),
    ],
    fn(context) {
      calls++;
      context.storage.seen = (context.storage.seen ?? 0) + 1;
    },
  });

  it("answers IncompleteInvocationContext listing every missing spec, without calling the function", async () => {
    const reply = await functions.handle(toFunction(GREETER, [{ argument: str("Alice") }]));
    expect(incompleteContext(reply).missingValues).toEqual([
      {
        stateName: "seen",
        typeTypename: "io.statefun.types/int",
        expirationSpec: { mode: ExpireMode.NONE, expireAfterMillis: 0 },
      },
      {
        stateName: "visits",
        typeTypename: "io.statefun.types/long",
        expirationSpec: { mode: ExpireMode.AFTER_INVOKE, expireAfterMillis: 60_000 },
      },
      {
        stateName: "token",
        typeTypename: "io.statefun.types/string",
        expirationSpec: { mode: ExpireMode.AFTER_WRITE, expireAfterMillis: 1_000 },
      },
    ]);
    expect(calls).toBe(0);
  });

  it("lists only the specs still missing", async () => {
    const reply = await functions.handle(
      toFunction(GREETER, [{ argument: str("Alice") }], { seen: undefined, token: undefined }),
    );
    expect(incompleteContext(reply).missingValues.map((spec) => spec.stateName)).toEqual([
      "visits",
    ]);
    expect(calls).toBe(0);
  });

  it("runs the re-sent request once every state is registered, even without values", async () => {
    const reply = await functions.handle(
      toFunction(GREETER, [{ argument: str("Alice") }], {
        seen: undefined,
        visits: undefined,
        token: undefined,
      }),
    );
    expect(calls).toBe(1);
    expect(invocationResult(reply).stateMutations).toEqual([
      {
        mutationType: MutationType.MODIFY,
        stateName: "seen",
        stateValue: expect.objectContaining({ typename: INT }),
      },
    ]);
    expect(
      Types.int.deserialize(invocationResult(reply).stateMutations[0]!.stateValue!.value),
    ).toBe(1);
  });
});

describe("a batch", () => {
  it("is applied in order against one state view, answered with one final mutation", async () => {
    const greetings: string[] = [];
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [
        valueSpec("seen", Types.int),
        valueSpec("names", Types.json<string[]>("example/Names")),
      ],
      fn(context, message) {
        const seen = (context.storage.seen ?? 0) + 1;
        context.storage.seen = seen;
        context.storage.names = [...(context.storage.names ?? []), message.as(Types.string)];
        greetings.push(`Hello ${message.as(Types.string)}, #${seen}`);
      },
    });
    const reply = await functions.handle(
      toFunction(
        GREETER,
        [{ argument: str("Ann") }, { argument: str("Bea") }, { argument: str("Cid") }],
        {
          seen: int(2),
          names: undefined,
        },
      ),
    );
    expect(greetings).toEqual(["Hello Ann, #3", "Hello Bea, #4", "Hello Cid, #5"]);
    const mutations = invocationResult(reply).stateMutations;
    expect(mutations.map((m) => [m.mutationType, m.stateName, m.stateValue?.typename])).toEqual([
      [MutationType.MODIFY, "seen", INT],
      [MutationType.MODIFY, "names", "example/Names"],
    ]);
    expect(Types.int.deserialize(mutations[0]!.stateValue!.value)).toBe(5);
    expect(text(mutations[1]!.stateValue!.value)).toBe('["Ann","Bea","Cid"]');
  });

  it("sets the caller per invocation, and self for all", async () => {
    const seen: string[] = [];
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn(context) {
        seen.push(
          `${context.self} from ${context.caller === undefined ? "an ingress" : String(context.caller)}`,
        );
      },
    });
    await functions.handle(
      toFunction(GREETER, [
        { argument: str("1"), caller: { typename: "example/friend", id: "Bob" } },
        { argument: str("2") },
        { argument: str("3"), caller: { typename: "other.ns/relay", id: "r-7" } },
      ]),
    );
    expect(seen).toEqual([
      "example/greeter:Alice from example/friend:Bob",
      "example/greeter:Alice from an ingress",
      "example/greeter:Alice from other.ns/relay:r-7",
    ]);
  });

  it("supports async functions, still one invocation at a time", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [valueSpec("log", Types.string)],
      async fn(context, message) {
        const before = context.storage.log ?? "";
        await new Promise((resolve) => setTimeout(resolve, 1));
        context.storage.log = `${before}${message.as(Types.string)};`;
      },
    });
    const reply = await functions.handle(
      toFunction(GREETER, [{ argument: str("a") }, { argument: str("b") }], { log: str("start;") }),
    );
    const [log] = invocationResult(reply).stateMutations;
    expect(Types.string.deserialize(log!.stateValue!.value)).toBe("start;a;b;");
  });
});

describe("state", () => {
  function tracker(fn: (storage: { a?: number; b?: number }) => void) {
    return new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [valueSpec("a", Types.int), valueSpec("b", Types.int)],
      fn: (context) => fn(context.storage),
    });
  }

  async function mutationsOf(
    fn: (storage: { a?: number; b?: number }) => void,
    a?: number,
    b?: number,
  ) {
    const reply = await tracker(fn).handle(
      toFunction(GREETER, [{ argument: str("x") }], {
        a: a === undefined ? undefined : int(a),
        b: b === undefined ? undefined : int(b),
      }),
    );
    return invocationResult(reply).stateMutations.map((m) => ({
      type: MutationType[m.mutationType],
      name: m.stateName,
      value: m.stateValue === undefined ? undefined : Types.int.deserialize(m.stateValue.value),
    }));
  }

  it("reads the stored values, and sends no mutation for states only read", async () => {
    const read: unknown[] = [];
    expect(await mutationsOf((s) => void read.push(s.a, s.b), 7)).toEqual([]);
    expect(read).toEqual([7, undefined]);
  });

  it("sends DELETE for a deleted value", async () => {
    expect(
      await mutationsOf(
        (s) => {
          delete s.a;
        },
        7,
        8,
      ),
    ).toEqual([{ type: "DELETE", name: "a", value: undefined }]);
  });

  it("sends only the final change of each state", async () => {
    const setThenDelete = (s: { a?: number }) => {
      s.a = 1;
      delete s.a;
    };
    const deleteThenSet = (s: { a?: number }) => {
      delete s.a;
      s.a = 2;
    };
    expect(await mutationsOf(setThenDelete, 7)).toEqual([
      { type: "DELETE", name: "a", value: undefined },
    ]);
    expect(await mutationsOf(deleteThenSet, 7)).toEqual([{ type: "MODIFY", name: "a", value: 2 }]);
    // Nothing was stored and nothing is left: nothing changed.
    expect(await mutationsOf(setThenDelete)).toEqual([]);
  });

  it("reads a value sent with has_value=false as absent, even with bytes, and deletes it silently", async () => {
    // has_value, not the bytes, says whether a state holds a value (storage.ts reads it so,
    // and sends DELETE only for a state that had one).
    const absent = { ...int(7), hasValue: false };
    const read: unknown[] = [];
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [valueSpec("a", Types.int)],
      fn(context) {
        read.push(context.storage.a, "a" in context.storage);
        delete context.storage.a;
      },
    });
    const reply = await functions.handle(
      toFunction(GREETER, [{ argument: str("x") }], { a: absent }),
    );
    expect(read).toEqual([undefined, false]);
    expect(invocationResult(reply).stateMutations).toEqual([]);
  });

  it("ignores states the function does not declare", async () => {
    const functions = tracker((s) => {
      s.b = 1;
    });
    const reply = await functions.handle(
      toFunction(GREETER, [{ argument: str("x") }], {
        a: undefined,
        b: undefined,
        retired_state: typed("example/Retired", Uint8Array.from([1, 2, 3])),
      }),
    );
    expect(invocationResult(reply).stateMutations.map((m) => m.stateName)).toEqual(["b"]);
  });

  it("captures a value when it is assigned", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [valueSpec("profile", Types.json<{ visits: number }>("example/Profile"))],
      fn(context) {
        const profile = { visits: 1 };
        context.storage.profile = profile;
        profile.visits = 99;
      },
    });
    const reply = await functions.handle(
      toFunction(GREETER, [{ argument: str("x") }], { profile: undefined }),
    );
    expect(text(invocationResult(reply).stateMutations[0]!.stateValue!.value)).toBe('{"visits":1}');
  });

  it("fails with the state's name when its stored type is not the declared one", async () => {
    const functions = tracker((s) => void s.a);
    const error = await failure(
      functions,
      toFunction(GREETER, [{ argument: str("x") }], { a: str("seven"), b: undefined }),
    );
    expect(error).toBeInstanceOf(FunctionError);
    expect(error.message).toContain(
      'state "a" holds a value of type io.statefun.types/string, but its spec declares io.statefun.types/int',
    );
  });

  it("names the declared states when code reaches for an unknown one", async () => {
    const functions = tracker((s) => void (s as Record<string, unknown>)["seen_count"]);
    const error = await failure(
      functions,
      toFunction(GREETER, [{ argument: str("x") }], { a: undefined, b: undefined }),
    );
    expect(error.message).toContain(
      'example/greeter has no state "seen_count"; its declared states are "a", "b"',
    );
  });
});

describe("what a function sends", () => {
  const REMINDER = { typename: "example/reminder", id: "Alice" };

  it("sends messages to other functions", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn(context, message) {
        const name = message.as(Types.string);
        context.send(
          messageBuilder({ typename: "example/counter", id: name, value: 1, valueType: Types.int }),
        );
        context.send(
          messageBuilder({
            typename: "other.ns/audit",
            id: "log",
            value: `greeted ${name}`,
            valueType: Types.string,
          }),
        );
      },
    });
    const { outgoingMessages } = invocationResult(
      await functions.handle(toFunction(GREETER, [{ argument: str("Alice") }])),
    );
    expect(outgoingMessages).toHaveLength(2);
    expect(outgoingMessages[0]!.target).toEqual({
      namespace: "example",
      type: "counter",
      id: "Alice",
    });
    expect(outgoingMessages[0]!.argument?.typename).toBe(INT);
    expect(outgoingMessages[0]!.argument?.hasValue).toBe(true);
    expect(hex(outgoingMessages[0]!.argument!.value)).toBe("0d01000000");
    expect(outgoingMessages[1]!.target).toEqual({
      namespace: "other.ns",
      type: "audit",
      id: "log",
    });
    expect(Types.string.deserialize(outgoingMessages[1]!.argument!.value)).toBe("greeted Alice");
  });

  it("sends delayed messages with and without a cancellation token, and cancellations", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn(context) {
        const remind = messageBuilder({ ...REMINDER, value: "remind", valueType: Types.string });
        context.sendAfter(1_500, remind);
        context.sendAfter(60_000, remind, "reminder-Alice");
        context.cancelDelayedMessage("reminder-Bob");
      },
    });
    const { delayedInvocations } = invocationResult(
      await functions.handle(toFunction(GREETER, [{ argument: str("x") }])),
    );
    expect(delayedInvocations).toEqual([
      {
        delayInMs: 1_500,
        target: { namespace: "example", type: "reminder", id: "Alice" },
        argument: expect.objectContaining({ typename: STRING, hasValue: true }),
        isCancellationRequest: false,
        cancellationToken: "",
      },
      {
        delayInMs: 60_000,
        target: { namespace: "example", type: "reminder", id: "Alice" },
        argument: expect.objectContaining({ typename: STRING, hasValue: true }),
        isCancellationRequest: false,
        cancellationToken: "reminder-Alice",
      },
      {
        delayInMs: 0,
        target: undefined,
        argument: undefined,
        isCancellationRequest: true,
        cancellationToken: "reminder-Bob",
      },
    ]);
    expect(Types.string.deserialize(delayedInvocations[0]!.argument!.value)).toBe("remind");
  });

  it("rejects a negative delay and an empty cancellation token", async () => {
    const remind = messageBuilder({ ...REMINDER, value: "remind", valueType: Types.string });
    const negative = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn: (context) => context.sendAfter(-1, remind),
    });
    expect(
      (await failure(negative, toFunction(GREETER, [{ argument: str("x") }]))).message,
    ).toContain("sendAfter needs a delay of zero or more milliseconds, got -1");
    const emptyToken = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn: (context) => context.cancelDelayedMessage(""),
    });
    expect(
      (await failure(emptyToken, toFunction(GREETER, [{ argument: str("x") }]))).message,
    ).toContain("a cancellation token must be a non-empty string");
  });

  it("rejects a delay past Number.MAX_SAFE_INTEGER, which int64 on the wire would corrupt", async () => {
    const remind = messageBuilder({ ...REMINDER, value: "remind", valueType: Types.string });
    const delayOf = (delayMs: number) =>
      new StatefulFunctions().bind({
        typename: "example/greeter",
        fn: (context) => context.sendAfter(delayMs, remind),
      });
    const tooLong = await failure(
      delayOf(Number.MAX_SAFE_INTEGER + 1),
      toFunction(GREETER, [{ argument: str("x") }]),
    );
    expect(tooLong).toBeInstanceOf(FunctionError);
    expect(tooLong.message).toContain(
      "sendAfter needs a delay of at most 9007199254740991 ms (Number.MAX_SAFE_INTEGER), got 9007199254740992",
    );
    expect(
      (await failure(delayOf(1e300), toFunction(GREETER, [{ argument: str("x") }]))).message,
    ).toContain("got 1e+300");
    // The largest safe delay still goes out exactly.
    const { delayedInvocations } = invocationResult(
      await delayOf(Number.MAX_SAFE_INTEGER).handle(toFunction(GREETER, [{ argument: str("x") }])),
    );
    expect(delayedInvocations.map((d) => d.delayInMs)).toEqual([Number.MAX_SAFE_INTEGER]);
  });

  it("sends Kafka records: topic, key and the value with its type", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn(context, message) {
        const name = message.as(Types.string);
        context.sendEgress(
          kafkaEgressMessage({
            typename: "example/greets",
            topic: "greetings",
            key: name,
            value: `Hello ${name}`,
            valueType: Types.string,
          }),
        );
        context.sendEgress(
          kafkaEgressMessage({ typename: "example/raw", topic: "audit", value: "no key" }),
        );
      },
    });
    const { outgoingEgresses } = invocationResult(
      await functions.handle(toFunction(GREETER, [{ argument: str("Alice") }])),
    );
    expect(
      outgoingEgresses.map((e) => [e.egressNamespace, e.egressType, e.argument?.typename]),
    ).toEqual([
      ["example", "greets", "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord"],
      ["example", "raw", "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord"],
    ]);
    const greeting = KafkaProducerRecord.decode(outgoingEgresses[0]!.argument!.value);
    expect(greeting.topic).toBe("greetings");
    expect(greeting.key).toBe("Alice");
    expect(Types.string.deserialize(greeting.valueBytes)).toBe("Hello Alice");
    const raw = KafkaProducerRecord.decode(outgoingEgresses[1]!.argument!.value);
    expect(raw).toEqual(expect.objectContaining({ topic: "audit", key: "" }));
    expect(text(raw.valueBytes)).toBe("no key");
  });

  it("sends Kinesis records", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "example/greeter",
      fn(context) {
        context.sendEgress(
          kinesisEgressMessage({
            typename: "example/kinesis",
            stream: "greetings",
            partitionKey: "Alice",
            explicitHashKey: "42",
            value: 7,
            valueType: Types.int,
          }),
        );
      },
    });
    const { outgoingEgresses } = invocationResult(
      await functions.handle(toFunction(GREETER, [{ argument: str("x") }])),
    );
    expect(outgoingEgresses).toHaveLength(1);
    expect(outgoingEgresses[0]!.egressNamespace).toBe("example");
    expect(outgoingEgresses[0]!.egressType).toBe("kinesis");
    expect(outgoingEgresses[0]!.argument?.typename).toBe(
      "type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord",
    );
    const record = KinesisEgressRecord.decode(outgoingEgresses[0]!.argument!.value);
    expect({ ...record, valueBytes: hex(record.valueBytes) }).toEqual({
      partitionKey: "Alice",
      valueBytes: "0d07000000",
      stream: "greetings",
      explicitHashKey: "42",
    });
  });

  it("checks egress messages when they are built", () => {
    expect(() => kafkaEgressMessage({ typename: "greets", topic: "t", value: "v" })).toThrow(
      'invalid egress typename "greets"',
    );
    expect(() => kafkaEgressMessage({ typename: "example/greets", topic: "", value: "v" })).toThrow(
      "a Kafka egress message for example/greets needs a topic",
    );
    expect(() =>
      kinesisEgressMessage({ typename: "example/k", stream: "s", partitionKey: "", value: "v" }),
    ).toThrow("a Kinesis egress message for example/k needs a partitionKey");
  });
});

describe("an egress record the runtime does not accept", () => {
  const KAFKA = "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";
  const KINESIS = "type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord";

  function sending(recordTypename: string) {
    return new StatefulFunctions().bind({
      typename: "example/greeter",
      fn(context) {
        context.sendEgress({
          typename: "example/greets",
          recordTypename,
          record: Uint8Array.of(1),
        });
      },
    });
  }

  it("fails the function (500) naming the typename and the two the runtime accepts", async () => {
    const error = await failure(
      sending("test/NotARecord"),
      toFunction(GREETER, [{ argument: str("x") }]),
    );
    expect(error).toBeInstanceOf(FunctionError);
    expect(error.status).toBe(500);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      `example/greeter:Alice failed (invocation 1 of 1, message type ${STRING}): the egress message for example/greets carries a record of type "test/NotARecord", but the runtime accepts only ${KAFKA} or ${KINESIS} (any other fails the job); build it with kafkaEgressMessage or kinesisEgressMessage`,
    );
    expect(
      (await failure(sending(""), toFunction(GREETER, [{ argument: str("x") }]))).message,
    ).toContain('carries a record of type ""');
  });

  it("sends a hand-built Kafka or Kinesis record as it is", async () => {
    for (const recordTypename of [KAFKA, KINESIS]) {
      const { outgoingEgresses } = invocationResult(
        await sending(recordTypename).handle(toFunction(GREETER, [{ argument: str("x") }])),
      );
      expect(
        outgoingEgresses.map((e) => [e.egressNamespace, e.egressType, e.argument?.typename]),
      ).toEqual([["example", "greets", recordTypename]]);
      expect(hex(outgoingEgresses[0]!.argument!.value)).toBe("01");
    }
  });
});

describe("failures of the core", () => {
  const functions = new StatefulFunctions().bind({
    typename: "example/greeter",
    fn(_context, message) {
      const name = message.as(Types.string);
      if (name === "Mallory") throw new Error("Mallory is not welcome");
    },
  });

  it("rejects an empty body as malformed (400)", async () => {
    const error = await failure(functions, new Uint8Array(0));
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("empty request body: expected a protobuf ToFunction message");
  });

  it("rejects a truncated body as malformed (400)", async () => {
    const whole = toFunction(GREETER, [{ argument: str("Alice") }]);
    const error = await failure(functions, whole.subarray(0, whole.length - 3));
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /^the \d+-byte body is not a ToFunction message \(truncated or not protobuf\)/,
    );
  });

  it("rejects bytes that are not a ToFunction (400)", async () => {
    const error = await failure(functions, new TextEncoder().encode('{"hello":"world"}'));
    expect(error.status).toBe(400);
    // Field 1 = 1: valid protobuf, but no invocation batch (field 100) in it.
    const noBatch = await failure(functions, Uint8Array.from([0x08, 0x01]));
    expect(noBatch.status).toBe(400);
    expect(noBatch.message).toBe("the ToFunction message carries no invocation batch");
  });

  it("rejects a batch with no target address (400)", async () => {
    const noTarget = ToFunction.encode({
      invocation: {
        target: undefined,
        state: [],
        invocations: [{ caller: undefined, argument: str("Alice") }],
      },
    }).finish();
    const error = await failure(functions, noTarget);
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("the invocation batch has no target address");
  });

  it("rejects an invocation with no argument (400), naming which one", async () => {
    const noArgument = ToFunction.encode({
      invocation: {
        target: { namespace: "example", type: "greeter", id: "Alice" },
        state: [],
        invocations: [
          { caller: undefined, argument: str("Bob") },
          { caller: undefined, argument: undefined },
        ],
      },
    }).finish();
    const error = await failure(functions, noArgument);
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("invocation 2 of 2 for example/greeter:Alice has no argument");
  });

  it("names an unknown function typename (404)", async () => {
    const error = await failure(
      functions,
      toFunction({ typename: "example/stranger", id: "x" }, [{ argument: str("x") }]),
    );
    expect(error).toBeInstanceOf(UnknownFunctionError);
    expect(error.status).toBe(404);
    expect(error.message).toBe(
      "no function is bound for example/stranger; this endpoint serves example/greeter",
    );
  });

  it("answers a throwing function with its message (500), keeping the cause", async () => {
    const error = await failure(
      functions,
      toFunction(GREETER, [{ argument: str("Bob") }, { argument: str("Mallory") }]),
    );
    expect(error).toBeInstanceOf(FunctionError);
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      "example/greeter:Alice failed (invocation 2 of 2, message type io.statefun.types/string): Mallory is not welcome",
    );
    expect((error.cause as Error).message).toBe("Mallory is not welcome");
  });

  it("answers a message of the wrong type (500) with the mismatch", async () => {
    const error = await failure(functions, toFunction(GREETER, [{ argument: int(5) }]));
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      "example/greeter:Alice could not read its message (invocation 1 of 1, message type io.statefun.types/int): expected a message of type io.statefun.types/string, got io.statefun.types/int",
    );
    expect(error.cause).toBeInstanceOf(InvalidMessageError);
  });

  it("lets a function skip what it cannot read by catching InvalidMessageError", async () => {
    const skipped: string[] = [];
    const tolerant = new StatefulFunctions().bind({
      typename: "example/greeter",
      specs: [valueSpec("seen", Types.int)],
      fn(context, message) {
        let name: string;
        try {
          name = message.as(Types.string);
        } catch (error) {
          if (!(error instanceof InvalidMessageError)) throw error;
          skipped.push(error.typename);
          return;
        }
        context.storage.seen = (context.storage.seen ?? 0) + name.length;
      },
    });
    const reply = await tolerant.handle(
      toFunction(
        GREETER,
        [{ argument: str("Ann") }, { argument: int(5) }, { argument: str("Bo") }],
        { seen: undefined },
      ),
    );
    expect(skipped).toEqual([INT]);
    expect(
      Types.int.deserialize(invocationResult(reply).stateMutations[0]!.stateValue!.value),
    ).toBe(5);
  });
});
