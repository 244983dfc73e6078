import { messageBuilder, StatefulFunctions, silentLogger, Types } from "@statefun-ts/sdk";
import { FromFunction } from "@statefun-ts/sdk/protocol";
import {
  FunctionCallError,
  JobFailureError,
  RoundLimitError,
  TestRuntime,
  TestRuntimeError,
} from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";
import { bindCounter, functionsOf } from "./functions.js";

/** `test/ping` and `test/pong` answer each other forever. */
function pingPong(): StatefulFunctions {
  const functions = new StatefulFunctions();
  for (const [self, other] of [
    ["test/ping", "test/pong"],
    ["test/pong", "test/ping"],
  ] as const) {
    functions.bind({
      typename: self,
      fn(context, message) {
        context.send(
          messageBuilder({
            typename: other,
            id: "x",
            value: message.as(Types.int) + 1,
            valueType: Types.int,
          }),
        );
      },
    });
  }
  return functions;
}

describe("errors", () => {
  it("surfaces a function's failure with its message, and stays stopped afterwards", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "test/fails",
      fn() {
        throw new Error("the database is on fire");
      },
    });
    const runtime = new TestRuntime({ functions, logger: silentLogger });
    const failure = runtime.send({
      typename: "test/fails",
      id: "a",
      value: 1,
      valueType: Types.int,
    });
    await expect(failure).rejects.toBeInstanceOf(FunctionCallError);
    await expect(failure).rejects.toMatchObject({ status: 500, target: "test/fails:a" });
    await expect(failure).rejects.toThrow(
      "test/fails:a failed in process (answered 500): test/fails:a failed (invocation 1 of 1, message type io.statefun.types/int): the database is on fire",
    );
    await expect(runtime.advance(1)).rejects.toThrow(
      "the runtime stopped at an earlier failure: test/fails:a failed",
    );
  });

  it("ends a message loop between functions with a RoundLimitError", async () => {
    const runtime = new TestRuntime({ functions: pingPong(), maxRounds: 50, logger: silentLogger });
    const failure = runtime.send({
      typename: "test/ping",
      id: "x",
      value: 0,
      valueType: Types.int,
    });
    await expect(failure).rejects.toBeInstanceOf(RoundLimitError);
    await expect(failure).rejects.toThrow(
      "gave up after 50 requests in one call without coming to rest",
    );
  });

  it("rejects a message to a function no endpoint serves, and stays usable", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindCounter), logger: silentLogger });
    await expect(
      runtime.send({ typename: "test/nobody", id: "a", value: 1, valueType: Types.int }),
    ).rejects.toThrow("no endpoint serves test/nobody; the runtime routes test/counter");
    await runtime.send({ typename: "test/counter", id: "a", value: 1, valueType: Types.int });
    expect(runtime.state("test/counter", "a", "count", Types.int)).toBe(1);
  });

  it("fails like the job when a function messages a function no endpoint serves", async () => {
    const functions = new StatefulFunctions().bind({
      typename: "test/lost",
      fn(context) {
        context.send(
          messageBuilder({ typename: "other/fn", id: "z", value: 1, valueType: Types.int }),
        );
      },
    });
    const runtime = new TestRuntime({ functions, logger: silentLogger });
    const failure = runtime.send({
      typename: "test/lost",
      id: "a",
      value: 1,
      valueType: Types.int,
    });
    await expect(failure).rejects.toBeInstanceOf(JobFailureError);
    await expect(failure).rejects.toThrow("test/lost:a to other/fn:z: no endpoint serves other/fn");
  });

  it("fails instead of looping when a function keeps reporting states missing", async () => {
    const stubborn = FromFunction.encode({
      incompleteInvocationContext: {
        missingValues: [
          { stateName: "s", typeTypename: "io.statefun.types/int", expirationSpec: undefined },
        ],
      },
    }).finish();
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/*", handler: { handle: () => Promise.resolve(stubborn) } }],
      logger: silentLogger,
    });
    await expect(
      runtime.send({ typename: "test/x", id: "a", value: 1, valueType: Types.int }),
    ).rejects.toThrow('test/x:a reported missing states that the runtime already sends ("s")');
  });

  it("fails when a reply is not a FromFunction message", async () => {
    const runtime = new TestRuntime({
      endpoints: [
        {
          functions: "test/*",
          handler: { handle: () => Promise.resolve(new Uint8Array([0xff, 0xff, 0xff])) },
        },
      ],
      logger: silentLogger,
    });
    const failure = runtime.send({ typename: "test/x", id: "a", value: 1, valueType: Types.int });
    await expect(failure).rejects.toBeInstanceOf(FunctionCallError);
    await expect(failure).rejects.toThrow(
      "test/x:a answered 3 bytes that are not a FromFunction message",
    );
  });

  it("refuses a second call while one is running", async () => {
    const runtime = new TestRuntime({ functions: functionsOf(bindCounter), logger: silentLogger });
    const first = runtime.send({
      typename: "test/counter",
      id: "a",
      value: 1,
      valueType: Types.int,
    });
    const second = runtime.advance(10);
    await expect(second).rejects.toBeInstanceOf(TestRuntimeError);
    await expect(second).rejects.toThrow("a send or advance is still running");
    await first;
    expect(runtime.state("test/counter", "a", "count", Types.int)).toBe(1);
  });
});
