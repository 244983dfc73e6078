import {
  messageBuilder,
  StatefulFunctions,
  silentLogger,
  Types,
  valueSpec,
} from "@statefun-ts/sdk";
import { JobFailureError, TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";
import { bindCounter, functionsOf, OUT, spyOn } from "./functions.js";

function add(id: string, value: number) {
  return { typename: "test/counter", id, value, valueType: Types.int };
}

describe("state", () => {
  it("keeps state per address", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindCounter), logger: silentLogger });
    await runtime.send(add("Alice", 1));
    await runtime.send(add("Bob", 2));
    await runtime.send(add("Alice", 3));
    expect(runtime.state("test/counter", "Alice", "count", Types.int)).toBe(4);
    expect(runtime.state("test/counter", "Bob", "count", Types.int)).toBe(2);
    expect(runtime.state("test/counter", "Carol", "count", Types.int)).toBeUndefined();
    expect(runtime.takeKafka(OUT, Types.int).map((r) => `${r.key}=${r.value}`)).toEqual([
      "Alice=1",
      "Bob=2",
      "Alice=4",
    ]);
  });

  it("registers missing states through the handshake and re-sends the same invocations", async () => {
    const spy = spyOn(functionsOf(bindCounter));
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/counter", handler: spy.handler }],
      logger: silentLogger,
    });
    await runtime.send(add("Alice", 5));

    const [first, second, ...rest] = spy.requests;
    expect(rest).toEqual([]);
    // First the runtime knows no state, and the SDK answers with the missing specs...
    expect(first?.state).toEqual([]);
    // ...then it registers them and sends the same invocation again, with the state (no value yet).
    expect(second?.state).toEqual([{ stateName: "count", stateValue: undefined }]);
    expect(second?.invocations).toEqual(first?.invocations);
    expect(Types.int.deserialize(second!.invocations[0]!.argument!.value)).toBe(5);
    expect(runtime.takeKafka(OUT, Types.int).map((r) => r.value)).toEqual([5]);
  });

  it("registers per function type and sends the state with every request", async () => {
    const spy = spyOn(functionsOf(bindCounter));
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/*", handler: spy.handler }],
      logger: silentLogger,
    });
    await runtime.send(add("Alice", 5));
    await runtime.send(add("Alice", 2));
    await runtime.send(add("Bob", 1));

    // Handshake for the first request only; then one request per message.
    expect(spy.requests.map((r) => r.target?.id)).toEqual(["Alice", "Alice", "Alice", "Bob"]);
    const secondVisit = spy.requests[2]!.state;
    expect(secondVisit.map((s) => s.stateName)).toEqual(["count"]);
    expect(secondVisit[0]!.stateValue?.typename).toBe("io.statefun.types/int");
    expect(Types.int.deserialize(secondVisit[0]!.stateValue!.value)).toBe(5);
    // Bob's state is registered already (same function type) but has no value.
    expect(spy.requests[3]!.state).toEqual([{ stateName: "count", stateValue: undefined }]);
  });

  it("keeps the registered type: a write with another type fails like the job", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindCounter), logger: silentLogger });
    await runtime.send(add("Alice", 1));

    // Redeploy test/counter with "count" now declared as a string, written without reading it.
    const v2 = new StatefulFunctions().bind({
      typename: "test/counter",
      specs: [valueSpec("count", Types.string)],
      fn(context) {
        context.storage.count = "one";
      },
    });
    runtime.route({ functions: "test/counter", handler: v2 });
    const failure = runtime.send(add("Alice", 1));
    await expect(failure).rejects.toBeInstanceOf(JobFailureError);
    await expect(failure).rejects.toThrow(
      'test/counter:Alice wrote state "count" as io.statefun.types/string, but it is registered as io.statefun.types/int',
    );
    expect(runtime.warnings).toEqual([
      'test/counter declares state "count" as io.statefun.types/string, but the runtime registered it as io.statefun.types/int: a state\'s type cannot change, and writing it will fail the job',
    ]);
  });

  it("keeps the registered expiration and warns that a new one is not applied", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindCounter), logger: silentLogger });
    await runtime.send(add("Alice", 1));

    const v2 = new StatefulFunctions().bind({
      typename: "test/counter",
      specs: [valueSpec("count", Types.int, { expireAfterWrite: 1000 })],
      fn(context, message) {
        context.storage.count = (context.storage.count ?? 0) + message.as(Types.int);
      },
    });
    runtime.route({ functions: "test/counter", handler: v2 });
    await runtime.send(add("Alice", 1));
    await runtime.advance(10_000);

    // Had the new expiration applied, the count would be gone after 1 s.
    expect(runtime.state("test/counter", "Alice", "count", Types.int)).toBe(2);
    expect(runtime.warnings).toHaveLength(1);
    expect(runtime.warnings[0]).toContain(
      'test/counter declares state "count" with expiration after-write 1000ms, but the runtime registered it with none and keeps that',
    );
  });

  it("reads state only with its registered type and a declared name", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindCounter), logger: silentLogger });
    await runtime.send(messageBuilder(add("Alice", 1)));
    expect(() => runtime.state("test/counter", "Alice", "count", Types.string)).toThrow(
      'state "count" of test/counter is registered as io.statefun.types/int, not io.statefun.types/string',
    );
    expect(() => runtime.state("test/counter", "Alice", "cuont", Types.int)).toThrow(
      'test/counter has no state "cuont"; its registered states are "count"',
    );
  });
});
