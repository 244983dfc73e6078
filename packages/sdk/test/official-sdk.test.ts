// The official JavaScript SDK (apache-flink-statefun 3.3.0) as an independent oracle: the
// same values must encode to the same bytes, and the same function must give the same reply.
import {
  kafkaEgressMessage as officialKafkaEgressMessage,
  kinesisEgressMessage as officialKinesisEgressMessage,
  messageBuilder as officialMessageBuilder,
  StateFun,
} from "apache-flink-statefun";
import { describe, expect, it } from "vitest";
import {
  kafkaEgressMessage,
  kinesisEgressMessage,
  messageBuilder,
  StatefulFunctions,
  Types,
  valueSpec,
} from "../src/index.js";
import {
  FromFunction_ExpirationSpec_ExpireMode as ExpireMode,
  FromFunction,
  type FromFunction as FromFunctionMessage,
  KafkaProducerRecord,
  KinesisEgressRecord,
  FromFunction_PersistedValueMutation_MutationType as MutationType,
} from "../src/protocol.js";
import { hex, type TestInvocation, toFunction, typed } from "./helpers.js";

describe("the built-in types, against the official SDK", () => {
  // The official SDK has bool, int, float and string; it has no long and no double
  // (its types.js leaves them out), so those two are pinned by exact bytes in types.test.ts.
  const cases = [
    { name: "bool", ours: Types.bool, official: StateFun.booleanType(), values: [true, false] },
    {
      name: "int",
      ours: Types.int,
      official: StateFun.intType(),
      values: [0, 1, -1, 42, 123_456, -123_456, 2 ** 31 - 1, -(2 ** 31)],
    },
    {
      name: "float",
      ours: Types.float,
      official: StateFun.floatType(),
      values: [0, 1.5, -2.25, 0.1, 3.4e38, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
    },
    {
      name: "string",
      ours: Types.string,
      official: StateFun.stringType(),
      values: ["", "Alice", "héllo wörld ✓", "x".repeat(300)],
    },
  ] as const;

  for (const { name, ours, official, values } of cases) {
    it(`${name}: same typename, same bytes, and each reads the other's`, () => {
      expect(ours.typename).toBe(official.typename);
      for (const value of values) {
        // Each case pairs a type with its own values; the union of cases needs a widening here.
        const mine = (ours.serialize as (v: typeof value) => Uint8Array)(value);
        const theirs = (official.serialize as (v: typeof value) => Uint8Array)(value);
        expect(hex(mine), `${name} ${String(value)}`).toBe(hex(theirs));
        expect(official.deserialize(Buffer.from(mine))).toBe(ours.deserialize(theirs));
      }
    });
  }
});

/** Calls the official SDK's request-reply handler with a body and returns its reply bytes. */
async function officialHandle(statefun: StateFun, body: Uint8Array): Promise<Uint8Array> {
  let status = 0;
  let reply: Uint8Array = new Uint8Array(0);
  const res = {
    writeHead(code: number) {
      status = code;
    },
    end(out?: Uint8Array) {
      if (out !== undefined) reply = out;
    },
  };
  // It reads the request as an async iterable of chunks and answers through writeHead/end.
  await statefun.handle([Buffer.from(body)], res);
  if (status !== 200) throw new Error(`the official SDK answered ${status}`);
  return reply;
}

const GREETS = "example/greets";
const SEEN_TTL = 3_600_000;

/** The greeter both SDKs implement: a seen counter, a Kafka greeting, a message, a reminder. */
function greeting(name: string, seen: number) {
  return `Hello ${name}, you are visitor #${seen}`;
}

function ourGreeter(): StatefulFunctions {
  return new StatefulFunctions().bind({
    typename: "example/greeter",
    specs: [
      valueSpec("seen", Types.int),
      valueSpec("last_caller", Types.string, { expireAfterCall: SEEN_TTL }),
    ],
    fn(context, message) {
      const name = message.as(Types.string);
      const seen = (context.storage.seen ?? 0) + 1;
      context.storage.seen = seen;
      if (context.caller !== undefined) context.storage.last_caller = String(context.caller.id);
      context.sendEgress(
        kafkaEgressMessage({
          typename: GREETS,
          topic: "greetings",
          key: name,
          value: greeting(name, seen),
          valueType: Types.string,
        }),
      );
      context.send(
        messageBuilder({
          typename: "example/counter",
          id: name,
          value: seen,
          valueType: Types.int,
        }),
      );
      if (seen > 1) context.cancelDelayedMessage(`remind-${name}`);
      const reminder = messageBuilder({
        typename: "example/greeter",
        id: name,
        value: name,
        valueType: Types.string,
      });
      context.sendAfter(60_000, reminder, `remind-${name}`);
      context.sendAfter(500, reminder);
    },
  });
}

function officialGreeter(): StateFun {
  const statefun = new StateFun();
  statefun.bind({
    typename: "example/greeter",
    specs: [
      { name: "seen", type: StateFun.intType() },
      { name: "last_caller", type: StateFun.stringType(), expireAfterCall: SEEN_TTL },
    ],
    fn(context, message) {
      const name = message.as(StateFun.stringType()) ?? "";
      // The official storage is typed any; pin it to what the specs declare.
      const storage: { seen: number | null; last_caller: string | null } = context.storage;
      const seen = (storage.seen ?? 0) + 1;
      storage.seen = seen;
      if (context.caller !== null) storage.last_caller = context.caller.id;
      context.send(
        officialKafkaEgressMessage({
          typename: GREETS,
          topic: "greetings",
          key: name,
          value: greeting(name, seen),
          valueType: StateFun.stringType(),
        }),
      );
      context.send(
        officialMessageBuilder({
          typename: "example/counter",
          id: name,
          value: seen,
          valueType: StateFun.intType(),
        }),
      );
      if (seen > 1) context.cancelDelayedMessage(`remind-${name}`);
      const reminder = officialMessageBuilder({
        typename: "example/greeter",
        id: name,
        value: name,
        valueType: StateFun.stringType(),
      });
      context.sendAfter(60_000, reminder, `remind-${name}`);
      context.sendAfter(500, reminder);
    },
  });
  return statefun;
}

/**
 * The reply decoded, with bytes as hex and Kafka records opened, for comparison. Protobuf
 * reads an absent message field as its default instance, so an absent expiration spec (the
 * official SDK leaves it out for "never expires") is the same as `{ mode: NONE, 0 }` to the
 * runtime; both are written out here.
 */
function readable(reply: Uint8Array): unknown {
  const decoded: FromFunctionMessage = FromFunction.decode(reply);
  return bytesAsHex({
    ...decoded,
    incompleteInvocationContext: decoded.incompleteInvocationContext && {
      missingValues: decoded.incompleteInvocationContext.missingValues.map((spec) => ({
        ...spec,
        expirationSpec: spec.expirationSpec ?? { mode: ExpireMode.NONE, expireAfterMillis: 0 },
      })),
    },
    invocationResult: decoded.invocationResult && {
      ...decoded.invocationResult,
      outgoingEgresses: decoded.invocationResult.outgoingEgresses.map((egress) => ({
        ...egress,
        record: egress.argument!.typename.endsWith("KinesisEgressRecord")
          ? KinesisEgressRecord.decode(egress.argument!.value)
          : KafkaProducerRecord.decode(egress.argument!.value),
      })),
    },
  });
}

/** A copy of `value` with every byte array replaced by its hex, and undefined fields dropped. */
function bytesAsHex(value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map(bytesAsHex);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .map(([key, field]) => [key, bytesAsHex(field)]),
    );
  }
  return value;
}

describe("the same greeter written with both SDKs", () => {
  const ours = ourGreeter();
  const official = officialGreeter();
  const alice = { typename: "example/greeter", id: "Alice" };
  const str = (value: string) => typed(Types.string.typename, Types.string.serialize(value));
  const int = (value: number) => typed(Types.int.typename, Types.int.serialize(value));

  async function bothReply(body: Uint8Array) {
    const [mine, theirs] = await Promise.all([ours.handle(body), officialHandle(official, body)]);
    return { mine: readable(mine), theirs: readable(theirs) };
  }

  it("asks for the same missing states", async () => {
    const { mine, theirs } = await bothReply(toFunction(alice, [{ argument: str("Alice") }]));
    expect(mine).toEqual(theirs);
    expect(mine).toEqual({
      incompleteInvocationContext: {
        missingValues: [
          {
            stateName: "seen",
            typeTypename: "io.statefun.types/int",
            expirationSpec: { mode: ExpireMode.NONE, expireAfterMillis: 0 },
          },
          {
            stateName: "last_caller",
            typeTypename: "io.statefun.types/string",
            expirationSpec: { mode: ExpireMode.AFTER_INVOKE, expireAfterMillis: SEEN_TTL },
          },
        ],
      },
    });
    const partly = await bothReply(
      toFunction(alice, [{ argument: str("Alice") }], { seen: undefined }),
    );
    expect(partly.mine).toEqual(partly.theirs);
  });

  it("answers the re-sent first request the same", async () => {
    const { mine, theirs } = await bothReply(
      toFunction(alice, [{ argument: str("Alice") }], { seen: undefined, last_caller: undefined }),
    );
    expect(mine).toEqual(theirs);
    // and what both say is the first greeting
    const result = FromFunction.decode(
      await ours.handle(
        toFunction(alice, [{ argument: str("Alice") }], {
          seen: undefined,
          last_caller: undefined,
        }),
      ),
    ).invocationResult!;
    const record = KafkaProducerRecord.decode(result.outgoingEgresses[0]!.argument!.value);
    expect(Types.string.deserialize(record.valueBytes)).toBe("Hello Alice, you are visitor #1");
    expect(
      result.delayedInvocations.map((d) => [
        d.delayInMs,
        d.cancellationToken,
        d.isCancellationRequest,
      ]),
    ).toEqual([
      [60_000, "remind-Alice", false],
      [500, "", false],
    ]);
  });

  it("answers a batch with callers and stored state the same", async () => {
    const invocations: TestInvocation[] = [
      { argument: str("Alice") },
      { argument: str("Alice"), caller: { typename: "example/friend", id: "Bob" } },
      { argument: str("Alice"), caller: { typename: "other.ns/relay", id: "r-7" } },
    ];
    const body = toFunction(alice, invocations, {
      seen: int(2),
      last_caller: undefined,
      retired: str("old"),
    });
    const { mine, theirs } = await bothReply(body);
    expect(mine).toEqual(theirs);
    const result = FromFunction.decode(await ours.handle(body)).invocationResult!;
    expect(result.stateMutations.map((m) => [m.stateName, hex(m.stateValue!.value)])).toEqual([
      ["seen", hex(Types.int.serialize(5))],
      ["last_caller", hex(Types.string.serialize("r-7"))],
    ]);
    expect(result.outgoingEgresses).toHaveLength(3);
    expect(result.delayedInvocations.filter((d) => d.isCancellationRequest)).toHaveLength(3);
  });
});

/**
 * A second function both SDKs implement, for what the greeter does not touch: a state that
 * expires after write, a state deleted on request, and a Kinesis egress record.
 */
const VISITS_TTL = 86_400_000;

function ourLedger(): StatefulFunctions {
  return new StatefulFunctions().bind({
    typename: "example/ledger",
    specs: [
      valueSpec("visits", Types.int, { expireAfterWrite: VISITS_TTL }),
      valueSpec("note", Types.string),
    ],
    fn(context, message) {
      const command = message.as(Types.string);
      if (command === "forget") {
        delete context.storage.visits;
        delete context.storage.note;
        return;
      }
      const visits = (context.storage.visits ?? 0) + 1;
      context.storage.visits = visits;
      context.storage.note = `${command} (${visits})`;
      context.sendEgress(
        kinesisEgressMessage({
          typename: "example/audit",
          stream: "visits",
          partitionKey: String(context.self.id),
          explicitHashKey: "7",
          value: `${context.self.id}:${visits}`,
          valueType: Types.string,
        }),
      );
    },
  });
}

function officialLedger(): StateFun {
  const statefun = new StateFun();
  statefun.bind({
    typename: "example/ledger",
    specs: [
      { name: "visits", type: StateFun.intType(), expireAfterWrite: VISITS_TTL },
      { name: "note", type: StateFun.stringType() },
    ],
    fn(context, message) {
      const command = message.as(StateFun.stringType()) ?? "";
      const storage: { visits: number | null; note: string | null } = context.storage;
      if (command === "forget") {
        storage.visits = null;
        storage.note = null;
        return;
      }
      const visits = (storage.visits ?? 0) + 1;
      storage.visits = visits;
      storage.note = `${command} (${visits})`;
      context.send(
        officialKinesisEgressMessage({
          typename: "example/audit",
          stream: "visits",
          partitionKey: context.self.id,
          hashKey: "7",
          value: `${context.self.id}:${visits}`,
          valueType: StateFun.stringType(),
        }),
      );
    },
  });
  return statefun;
}

describe("a function with expire-after-write, deletes and Kinesis, written with both SDKs", () => {
  const ours = ourLedger();
  const official = officialLedger();
  const carol = { typename: "example/ledger", id: "Carol" };
  const str = (value: string) => typed(Types.string.typename, Types.string.serialize(value));
  const int = (value: number) => typed(Types.int.typename, Types.int.serialize(value));

  async function bothReply(body: Uint8Array) {
    const [mine, theirs] = await Promise.all([ours.handle(body), officialHandle(official, body)]);
    return { mine: readable(mine), theirs: readable(theirs) };
  }

  it("asks for the states with the same expirations", async () => {
    const { mine, theirs } = await bothReply(toFunction(carol, [{ argument: str("visit") }]));
    expect(mine).toEqual(theirs);
    expect(mine).toMatchObject({
      incompleteInvocationContext: {
        missingValues: [
          {
            stateName: "visits",
            expirationSpec: { mode: ExpireMode.AFTER_WRITE, expireAfterMillis: VISITS_TTL },
          },
          { stateName: "note", expirationSpec: { mode: ExpireMode.NONE } },
        ],
      },
    });
  });

  it("writes the same Kinesis records and state", async () => {
    const body = toFunction(carol, [{ argument: str("visit") }, { argument: str("again") }], {
      visits: int(3),
      note: undefined,
    });
    const { mine, theirs } = await bothReply(body);
    expect(mine).toEqual(theirs);
    const result = FromFunction.decode(await ours.handle(body)).invocationResult!;
    const records = result.outgoingEgresses.map((egress) =>
      KinesisEgressRecord.decode(egress.argument!.value),
    );
    expect(
      records.map((r) => [
        r.stream,
        r.partitionKey,
        r.explicitHashKey,
        Types.string.deserialize(r.valueBytes),
      ]),
    ).toEqual([
      ["visits", "Carol", "7", "Carol:4"],
      ["visits", "Carol", "7", "Carol:5"],
    ]);
  });

  it("deletes the same states", async () => {
    const body = toFunction(carol, [{ argument: str("forget") }], {
      visits: int(5),
      note: str("again (5)"),
    });
    const { mine, theirs } = await bothReply(body);
    expect(mine).toEqual(theirs);
    const result = FromFunction.decode(await ours.handle(body)).invocationResult!;
    expect(result.stateMutations.map((m) => [m.stateName, m.mutationType])).toEqual([
      ["visits", MutationType.DELETE],
      ["note", MutationType.DELETE],
    ]);
  });
});
