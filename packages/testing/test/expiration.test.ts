import {
  kafkaEgressMessage,
  messageBuilder,
  StatefulFunctions,
  silentLogger,
  Types,
  valueSpec,
} from "@statefun-ts/sdk";
import { TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";
import { OUT } from "./functions.js";

/**
 * `test/ttl`: "write" sets both states to 1; "report" emits what the function sees;
 * "noop" touches nothing (but still invokes the address).
 */
function ttlFunctions(): StatefulFunctions {
  return new StatefulFunctions().bind({
    typename: "test/ttl",
    specs: [
      valueSpec("written", Types.int, { expireAfterWrite: 1000 }),
      valueSpec("invoked", Types.int, { expireAfterCall: 1000 }),
    ],
    fn(context, message) {
      const command = message.as(Types.string);
      if (command === "write") {
        context.storage.written = 1;
        context.storage.invoked = 1;
      } else if (command === "report") {
        const seen = `written=${context.storage.written ?? "absent"} invoked=${context.storage.invoked ?? "absent"}`;
        context.sendEgress(
          kafkaEgressMessage({
            typename: OUT,
            topic: "report",
            value: seen,
            valueType: Types.string,
          }),
        );
      }
    },
  });
}

function to(id: string, command: "write" | "report" | "noop") {
  return messageBuilder({ typename: "test/ttl", id, value: command, valueType: Types.string });
}

function states(runtime: TestRuntime, id: string): string {
  const written = runtime.state("test/ttl", id, "written", Types.int);
  const invoked = runtime.state("test/ttl", id, "invoked", Types.int);
  return `written=${written ?? "absent"} invoked=${invoked ?? "absent"}`;
}

describe("state expiration on the virtual clock", () => {
  it("expires an AFTER_WRITE value its period after the last write, whatever the reads", async () => {
    const runtime = new TestRuntime({ functions: ttlFunctions(), logger: silentLogger });
    await runtime.send(to("a", "write"));
    await runtime.advance(600);
    await runtime.send(to("a", "report"));
    await runtime.advance(399); // 999 ms after the write
    expect(states(runtime, "a")).toBe("written=1 invoked=1");
    await runtime.advance(1); // 1000 ms: expired
    expect(states(runtime, "a")).toBe("written=absent invoked=1");
    await runtime.send(to("a", "report"));
    expect(runtime.takeKafka(OUT, Types.string).map((r) => `${r.atMs}: ${r.value}`)).toEqual([
      "600: written=1 invoked=1",
      "1000: written=absent invoked=1",
    ]);
  });

  it("expires an AFTER_INVOKE value its period after the last invocation of the address", async () => {
    const runtime = new TestRuntime({ functions: ttlFunctions(), logger: silentLogger });
    await runtime.send(to("a", "write"));
    await runtime.send(to("b", "write"));
    await runtime.advance(900);
    await runtime.send(to("a", "noop")); // invokes a without reading or writing: still an access
    await runtime.advance(900); // now 1800
    expect(states(runtime, "a")).toBe("written=absent invoked=1");
    expect(states(runtime, "b")).toBe("written=absent invoked=absent");
    await runtime.advance(100); // 1000 ms after a's last invocation
    expect(states(runtime, "a")).toBe("written=absent invoked=absent");
    await runtime.send(to("a", "report"));
    expect(runtime.takeKafka(OUT, Types.string).map((r) => r.value)).toEqual([
      "written=absent invoked=absent",
    ]);
  });

  it("does not count reading state through the runtime as an access", async () => {
    const runtime = new TestRuntime({ functions: ttlFunctions(), logger: silentLogger });
    await runtime.send(to("a", "write"));
    for (let i = 0; i < 9; i++) {
      await runtime.advance(100);
      expect(runtime.state("test/ttl", "a", "invoked", Types.int)).toBe(1);
    }
    await runtime.advance(100);
    expect(runtime.state("test/ttl", "a", "invoked", Types.int)).toBeUndefined();
  });
});
