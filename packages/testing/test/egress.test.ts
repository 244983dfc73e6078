import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  kafkaEgressMessage,
  kinesisEgressMessage,
  StatefulFunctions,
  silentLogger,
  Types,
} from "@statefun-ts/sdk";
import { FromFunction } from "@statefun-ts/sdk/protocol";
import {
  decodeValue,
  FunctionCallError,
  JobFailureError,
  TestRuntime,
  TestRuntimeError,
} from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";

const Point = Types.json<{ x: number; y: number }>("test/Point");

/** `test/emitter`: on a string, sends records to egresses, as the string says. */
function emitter(): StatefulFunctions {
  return new StatefulFunctions().bind({
    typename: "test/emitter",
    fn(context, message) {
      const what = message.as(Types.string);
      if (what === "kafka") {
        context.sendEgress(
          kafkaEgressMessage({
            typename: "test/points",
            topic: "points",
            key: "p1",
            value: { x: 1, y: 2 },
            valueType: Point,
          }),
        );
        context.sendEgress(
          kafkaEgressMessage({
            typename: "test/points",
            topic: "points",
            value: { x: 3, y: 4 },
            valueType: Point,
          }),
        );
        context.sendEgress(
          kafkaEgressMessage({ typename: "test/log", topic: "log", value: "emitted two points" }),
        );
      } else if (what === "kinesis") {
        context.sendEgress(
          kinesisEgressMessage({
            typename: "test/stream",
            stream: "s",
            partitionKey: "pk",
            value: { x: 5, y: 6 },
            valueType: Point,
          }),
        );
      } else {
        context.sendEgress({
          typename: "test/points",
          recordTypename: "test/NotARecord",
          record: new Uint8Array([1]),
        });
      }
    },
  });
}

function emit(what: string) {
  return { typename: "test/emitter", id: "e", value: what, valueType: Types.string };
}

describe("egress", () => {
  it("captures Kafka records per egress id, with topic, key and value", async () => {
    const runtime = new TestRuntime({ functions: emitter(), logger: silentLogger });
    await runtime.advance(1500);
    await runtime.send(emit("kafka"));

    const log = runtime.egress("test/log");
    expect(log).toHaveLength(1);
    const record = log[0]!;
    expect(record.kind === "kafka" && record.topic).toBe("log");
    expect(new TextDecoder().decode(record.value)).toBe("emitted two points");
    expect(record.from).toBe("test/emitter:e");
    expect(record.atMs).toBe(1500);

    expect(runtime.takeKafka("test/points", Point)).toEqual([
      { topic: "points", key: "p1", value: { x: 1, y: 2 }, atMs: 1500 },
      { topic: "points", key: undefined, value: { x: 3, y: 4 }, atMs: 1500 }, // a null key
    ]);
    // Taken records are gone; the other egress keeps its own.
    expect(runtime.takeEgress("test/points")).toEqual([]);
    expect(runtime.takeEgress("test/log")).toHaveLength(1);
    expect(runtime.egress("test/log")).toEqual([]);
  });

  it("captures Kinesis records, and decodes a payload with decodeValue", async () => {
    const runtime = new TestRuntime({ functions: emitter(), logger: silentLogger });
    await runtime.send(emit("kinesis"));
    const [record] = runtime.egress("test/stream");
    expect(record?.kind).toBe("kinesis");
    expect(
      record?.kind === "kinesis" && [record.stream, record.partitionKey, record.explicitHashKey],
    ).toEqual(["s", "pk", undefined]);
    expect(decodeValue(record!, Point)).toEqual({ x: 5, y: 6 });
    expect(() => runtime.takeKafka("test/stream", Point)).toThrow(TestRuntimeError);
    expect(() => decodeValue(record!, Types.int)).toThrow(
      /does not decode as io.statefun.types\/int/,
    );
  });

  it("fails the call when an SDK function sends a record that is neither Kafka nor Kinesis", async () => {
    // The SDK refuses such a record before it reaches the runtime: the function fails.
    const runtime = new TestRuntime({ functions: emitter(), logger: silentLogger });
    const failure = runtime.send(emit("bogus"));
    await expect(failure).rejects.toBeInstanceOf(FunctionCallError);
    await expect(failure).rejects.toThrow('carries a record of type "test/NotARecord"');
  });

  it("fails like the job when another endpoint answers with such a record", async () => {
    // An endpoint not built with this SDK can still answer it; the runtime's job fails then.
    const reply = FromFunction.encode({
      invocationResult: {
        stateMutations: [],
        outgoingMessages: [],
        delayedInvocations: [],
        outgoingEgresses: [
          {
            egressNamespace: "test",
            egressType: "points",
            argument: { typename: "test/NotARecord", hasValue: true, value: new Uint8Array([1]) },
          },
        ],
      },
    }).finish();
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(reply);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const runtime = new TestRuntime({
        endpoints: [{ functions: "test/*", url: `http://127.0.0.1:${port}/statefun` }],
        logger: silentLogger,
      });
      const failure = runtime.send(emit("bogus"));
      await expect(failure).rejects.toBeInstanceOf(JobFailureError);
      await expect(failure).rejects.toThrow(
        "test/emitter:e sent a record of type test/NotARecord to test/points",
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
