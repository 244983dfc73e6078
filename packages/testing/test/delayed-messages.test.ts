import { messageBuilder, silentLogger, Types } from "@statefun-ts/sdk";
import { JobFailureError, TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";
import {
  bindScheduler,
  functionsOf,
  OUT,
  type SchedulerCommand,
  SchedulerCommandType,
} from "./functions.js";

function command(id: string, value: SchedulerCommand) {
  return messageBuilder({ typename: "test/scheduler", id, value, valueType: SchedulerCommandType });
}

function scheduler(): TestRuntime {
  return new TestRuntime({ functions: functionsOf(bindScheduler), logger: silentLogger });
}

function said(runtime: TestRuntime): string[] {
  return runtime.takeKafka(OUT, Types.string).map((r) => `${r.key}:${r.value}@${r.atMs}`);
}

describe("delayed messages", () => {
  it("fires when the virtual clock passes their time, in time order", async () => {
    const runtime = scheduler();
    await runtime.sendAll([
      command("a", { say: "third", afterMs: 3000 }),
      command("a", { say: "first", afterMs: 1000 }),
      command("b", { say: "second", afterMs: 2000 }),
    ]);
    expect(said(runtime)).toEqual([]);

    await runtime.advance(999);
    expect(said(runtime)).toEqual([]);
    await runtime.advance(1501); // now 2500
    expect(said(runtime)).toEqual(["a:first@1000", "b:second@2000"]);
    expect(runtime.now).toBe(2500);
    await runtime.advance(10_000);
    expect(said(runtime)).toEqual(["a:third@3000"]);
    expect(runtime.pendingDelayed()).toEqual([]);
  });

  it("delivers a message with no delay before the send resolves", async () => {
    const runtime = scheduler();
    await runtime.send(command("a", { say: "now", afterMs: 0 }));
    expect(said(runtime)).toEqual(["a:now@0"]);
  });

  it("removes a pending message when its cancellation token is cancelled", async () => {
    const runtime = scheduler();
    await runtime.send(command("a", { say: "never", afterMs: 1000, token: "t1" }));
    await runtime.send(command("a", { say: "kept", afterMs: 2000, token: "t2" }));
    expect(runtime.pendingDelayed().map((m) => m.cancellationToken)).toEqual(["t1", "t2"]);

    await runtime.send(command("a", { cancel: "t1" }));
    expect(runtime.pendingDelayed()).toEqual([
      {
        dueMs: 2000,
        from: "test/scheduler:a",
        to: "test/scheduler:a",
        cancellationToken: "t2",
        typename: "io.statefun.types/string",
      },
    ]);
    await runtime.advance(5000);
    expect(said(runtime)).toEqual(["a:kept@2000"]);
    // Cancelling a delivered or unknown token does nothing.
    await runtime.send(command("a", { cancel: "t2" }));
    await runtime.send(command("a", { cancel: "unknown" }));
  });

  it("scopes a cancellation token to the instance that sent it", async () => {
    const runtime = scheduler();
    await runtime.send(command("a", { say: "from a", afterMs: 1000, token: "same" }));
    await runtime.send(command("b", { say: "from b", afterMs: 1000, token: "same" }));
    await runtime.send(command("a", { cancel: "same" }));
    await runtime.advance(1000);
    expect(said(runtime)).toEqual(["b:from b@1000"]);
  });

  it("fails like the job when a token is reused while its message is pending, and allows it after", async () => {
    const runtime = scheduler();
    await runtime.send(command("a", { say: "one", afterMs: 1000, token: "t" }));
    await runtime.advance(1000);
    await runtime.send(command("a", { say: "two", afterMs: 1000, token: "t" })); // "one" was delivered
    const failure = runtime.send(command("a", { say: "three", afterMs: 500, token: "t" }));
    await expect(failure).rejects.toBeInstanceOf(JobFailureError);
    await expect(failure).rejects.toThrow(
      'test/scheduler:a sent a delayed message with cancellation token "t", but its message with that token (due at 2000ms) is still pending',
    );
  });
});
