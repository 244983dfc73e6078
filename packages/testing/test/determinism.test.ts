import { messageBuilder, silentLogger, Types } from "@statefun-ts/sdk";
import { decodeValue, TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";
import { bindCounter, bindScheduler, functionsOf, OUT, SchedulerCommandType } from "./functions.js";

/** A script mixing messages, timers at equal times, cancellations and clock moves. */
async function script(): Promise<string[]> {
  const runtime = new TestRuntime({
    functions: functionsOf(bindCounter, bindScheduler),
    logger: silentLogger,
  });
  const say = (id: string, say: string, afterMs: number, token?: string) =>
    messageBuilder({
      typename: "test/scheduler",
      id,
      value: token === undefined ? { say, afterMs } : { say, afterMs, token },
      valueType: SchedulerCommandType,
    });
  await runtime.sendAll([
    say("a", "a1", 100),
    say("b", "b1", 100),
    say("a", "a2", 100, "t"),
    say("c", "c1", 50),
  ]);
  await runtime.sendAll(
    [1, 2, 3].map((n) =>
      messageBuilder({ typename: "test/counter", id: `k${n % 2}`, value: n, valueType: Types.int }),
    ),
  );
  await runtime.advance(60);
  await runtime.send(
    messageBuilder({
      typename: "test/scheduler",
      id: "a",
      value: { cancel: "t" },
      valueType: SchedulerCommandType,
    }),
  );
  await runtime.advance(100);
  return runtime.takeEgress(OUT).map((r) => {
    const value =
      r.kind === "kafka" && r.topic === "said"
        ? decodeValue(r, Types.string)
        : decodeValue(r, Types.int);
    return `${r.atMs} ${r.from} ${value}`;
  });
}

describe("determinism", () => {
  it("gives the same records, in the same order, for the same script", async () => {
    const first = await script();
    // Time order, then the order of sending; a2 was cancelled before its time.
    expect(first).toEqual([
      "0 test/counter:k1 1",
      "0 test/counter:k0 2",
      "0 test/counter:k1 4",
      "50 test/scheduler:c c1",
      "100 test/scheduler:a a1",
      "100 test/scheduler:b b1",
    ]);
    expect(await script()).toEqual(first);
    expect(await script()).toEqual(first);
  });
});
