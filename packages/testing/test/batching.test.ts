import {
  Address,
  kafkaEgressMessage,
  messageBuilder,
  type StatefulFunctions,
  silentLogger,
  Types,
} from "@statefun-ts/sdk";
import { TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";
import { batches, bindCounter, functionsOf, OUT, spyOn } from "./functions.js";

function add(id: string, value: number) {
  return messageBuilder({ typename: "test/counter", id, value, valueType: Types.int });
}

/** `test/fanout`: on an int n, sends 1, 2, ..., n to `test/counter` id "total". */
function bindFanout(functions: StatefulFunctions): StatefulFunctions {
  return functions.bind({
    typename: "test/fanout",
    fn(context, message) {
      const n = message.as(Types.int);
      for (let i = 1; i <= n; i++) {
        context.send(
          messageBuilder({ typename: "test/counter", id: "total", value: i, valueType: Types.int }),
        );
      }
    },
  });
}

/** `test/echo`: emits who called it (or "ingress"), on topic `callers`. */
function bindEcho(functions: StatefulFunctions): StatefulFunctions {
  return functions.bind({
    typename: "test/echo",
    fn(context, message) {
      const from = context.caller === undefined ? "ingress" : context.caller.toString();
      context.sendEgress(
        kafkaEgressMessage({
          typename: OUT,
          topic: "callers",
          value: `${message.as(Types.string)} from ${from}`,
          valueType: Types.string,
        }),
      );
      if (context.caller === undefined) {
        context.send(
          messageBuilder({ typename: "test/echo", id: "b", value: "hop", valueType: Types.string }),
        );
      }
    },
  });
}

describe("batching", () => {
  it("batches the messages that arrive while a request to the address is in flight", async () => {
    const spy = spyOn(functionsOf(bindCounter));
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/counter", handler: spy.handler }],
      logger: silentLogger,
    });
    await runtime.send(add("warmup", 0)); // registers the state: no handshake below
    spy.requests.length = 0;
    runtime.takeEgress(OUT);

    await runtime.sendAll([add("Alice", 1), add("Alice", 2), add("Bob", 10), add("Alice", 3)]);

    // Alice's first message starts a request; her next two wait and go together.
    expect(batches(spy.requests)).toEqual(["Alice:1", "Bob:1", "Alice:2"]);
    // The SDK applies a batch in order against one state view.
    expect(runtime.takeKafka(OUT, Types.int).map((r) => `${r.key}=${r.value}`)).toEqual([
      "Alice=1",
      "Bob=10",
      "Alice=3",
      "Alice=6",
    ]);
    expect(runtime.state("test/counter", "Alice", "count", Types.int)).toBe(6);
  });

  it("delivers messages between functions, batching them behind a busy address", async () => {
    const spy = spyOn(functionsOf(bindCounter, bindFanout));
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/*", handler: spy.handler }],
      logger: silentLogger,
    });
    await runtime.send(
      messageBuilder({ typename: "test/fanout", id: "f", value: 4, valueType: Types.int }),
    );

    const toCounter = spy.requests.filter((r) => r.target?.type === "counter");
    // Handshake (1, then the same 1 again), then the three that arrived meanwhile.
    expect(batches(toCounter)).toEqual(["total:1", "total:1", "total:3"]);
    expect(toCounter[2]!.invocations.map((i) => i.caller)).toEqual([
      { namespace: "test", type: "fanout", id: "f" },
      { namespace: "test", type: "fanout", id: "f" },
      { namespace: "test", type: "fanout", id: "f" },
    ]);
    expect(runtime.state("test/counter", "total", "count", Types.int)).toBe(1 + 2 + 3 + 4);
  });

  it("limits a batch to maxBatchSize invocations", async () => {
    const spy = spyOn(functionsOf(bindCounter));
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/counter", handler: spy.handler }],
      maxBatchSize: 2,
      logger: silentLogger,
    });
    await runtime.send(add("Alice", 0));
    spy.requests.length = 0;
    await runtime.sendAll([1, 2, 3, 4, 5, 6].map((n) => add("Alice", n)));
    expect(batches(spy.requests)).toEqual(["Alice:1", "Alice:2", "Alice:2", "Alice:1"]);
    expect(runtime.state("test/counter", "Alice", "count", Types.int)).toBe(21);
  });

  it("sets the caller for messages from functions and none for messages from the ingress", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindEcho), logger: silentLogger });
    await runtime.send({ typename: "test/echo", id: "a", value: "hi", valueType: Types.string });
    expect(runtime.takeKafka(OUT, Types.string).map((r) => r.value)).toEqual([
      "hi from ingress",
      `hop from ${Address.of("test/echo", "a")}`,
    ]);
  });
});
