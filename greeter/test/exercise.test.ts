/**
 * The walkthrough's exercise, "forget a user after 60 seconds without a visit", on the
 * virtual clock of @statefun-ts/testing: both solutions must greet exactly alike.
 */
import {
  bindGreeter,
  bindGreeterWithTimer,
  bindGreeterWithTtl,
  GREETER_TYPENAME,
  GREETS_EGRESS,
  GreetRequestType,
  GreetResponseType,
  SeenCountType,
} from "@statefun-ts/greeter";
import { StatefulFunctions, silentLogger } from "@statefun-ts/sdk";
import { TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";

const solutions = {
  ttl: bindGreeterWithTtl,
  timer: bindGreeterWithTimer,
} as const;

describe.each(Object.entries(solutions))("the %s solution", (_name, bind) => {
  function greeter(forgetAfterMs?: number): TestRuntime {
    const functions = bind(
      new StatefulFunctions(),
      silentLogger,
      forgetAfterMs === undefined ? {} : { forgetAfterMs },
    );
    return new TestRuntime({ functions, logger: silentLogger });
  }

  /** Alice (or `name`) visits now; returns the greeting she gets. */
  async function visit(runtime: TestRuntime, name: string): Promise<string> {
    await runtime.send({
      typename: GREETER_TYPENAME,
      id: name,
      value: { name },
      valueType: GreetRequestType,
    });
    const greetings = runtime.takeKafka(GREETS_EGRESS, GreetResponseType);
    expect(greetings.map((g) => [g.topic, g.key])).toEqual([["greetings", name]]);
    return greetings[0]!.value.greeting;
  }

  it("forgets a user 60 s after her last visit, not before", async () => {
    const runtime = greeter();
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice");
    await runtime.advance(59_000);
    expect(await visit(runtime, "Alice")).toBe("Nice to see you again Alice");
    await runtime.advance(61_000);
    expect(runtime.state(GREETER_TYPENAME, "Alice", "seen_count", SeenCountType)).toBeUndefined();
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice");
  });

  it("never forgets a user who visits every 50 s", async () => {
    const runtime = greeter();
    const greetings: string[] = [];
    for (let i = 0; i < 10; i++) {
      if (i > 0) await runtime.advance(50_000);
      greetings.push(await visit(runtime, "Bob"));
    }
    expect(greetings).toEqual([
      "Welcome Bob",
      "Nice to see you again Bob",
      "Third time is a charm Bob",
      "Nice to see you at the 4-nth time Bob!",
      "Nice to see you at the 5-nth time Bob!",
      "Nice to see you at the 6-nth time Bob!",
      "Nice to see you at the 7-nth time Bob!",
      "Nice to see you at the 8-nth time Bob!",
      "Nice to see you at the 9-nth time Bob!",
      "Nice to see you at the 10-nth time Bob!",
    ]);
    expect(runtime.state(GREETER_TYPENAME, "Bob", "seen_count", SeenCountType)).toEqual({
      seen: 10,
    });
  });

  it("forgets two users independently", async () => {
    const runtime = greeter();
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice"); // 0 s
    await runtime.advance(30_000);
    expect(await visit(runtime, "Bob")).toBe("Welcome Bob"); // 30 s
    await runtime.advance(35_000); // 65 s: Alice unseen for 65 s, Bob for 35 s
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice");
    expect(await visit(runtime, "Bob")).toBe("Nice to see you again Bob");
    await runtime.advance(59_000); // 124 s: both seen 59 s ago
    expect(await visit(runtime, "Bob")).toBe("Third time is a charm Bob");
    expect(await visit(runtime, "Alice")).toBe("Nice to see you again Alice");
  });

  it("takes its period from forgetAfterMs", async () => {
    const runtime = greeter(5_000);
    expect(await visit(runtime, "Carol")).toBe("Welcome Carol");
    await runtime.advance(4_999);
    expect(await visit(runtime, "Carol")).toBe("Nice to see you again Carol");
    await runtime.advance(5_000);
    expect(await visit(runtime, "Carol")).toBe("Welcome Carol");
  });
});

describe("the timer solution's timers", () => {
  it("keeps one pending forget message per user, with a new token for each visit", async () => {
    const runtime = new TestRuntime({
      functions: bindGreeterWithTimer(new StatefulFunctions()),
      logger: silentLogger,
    });
    for (const name of ["Alice", "Alice", "Bob", "Alice"]) {
      await runtime.send({
        typename: GREETER_TYPENAME,
        id: name,
        value: { name },
        valueType: GreetRequestType,
      });
      await runtime.advance(1_000);
    }
    expect(
      runtime.pendingDelayed().map((m) => `${m.to} ${m.cancellationToken} at ${m.dueMs}`),
    ).toEqual([
      "example/greeter:Bob forget/Bob/1 at 62000",
      "example/greeter:Alice forget/Alice/3 at 63000",
    ]);
    await runtime.advance(63_000);
    expect(runtime.pendingDelayed()).toEqual([]);
    expect(runtime.state(GREETER_TYPENAME, "Alice", "seen_count", SeenCountType)).toBeUndefined();
    expect(runtime.state(GREETER_TYPENAME, "Bob", "seen_count", SeenCountType)).toBeUndefined();
  });

  it("rejects a forgetAfterMs that is not a positive whole number", () => {
    expect(() =>
      bindGreeterWithTimer(new StatefulFunctions(), silentLogger, { forgetAfterMs: 0 }),
    ).toThrow("forgetAfterMs must be a positive whole number of milliseconds, got 0");
    expect(() =>
      bindGreeterWithTtl(new StatefulFunctions(), silentLogger, { forgetAfterMs: 1.5 }),
    ).toThrow("forgetAfterMs must be a positive whole number of milliseconds, got 1.5");
  });
});

/**
 * The README's trap: the greeter is redeployed while the runtime keeps running (compose's
 * `--watch`, or `GREETER_SOLUTION=… docker compose up --build` on a running stack, which
 * recreates only the greeter). The runtime keeps the registrations it already has.
 */
describe("a solution deployed over the classic greeter, on a runtime that keeps running", () => {
  async function visit(runtime: TestRuntime, name: string): Promise<string> {
    await runtime.send({
      typename: GREETER_TYPENAME,
      id: name,
      value: { name },
      valueType: GreetRequestType,
    });
    return runtime.takeKafka(GREETS_EGRESS, GreetResponseType).map((g) => g.value.greeting)[0]!;
  }

  function classicRuntime(): TestRuntime {
    return new TestRuntime({
      functions: bindGreeter(new StatefulFunctions()),
      logger: silentLogger,
    });
  }

  it("(a) state expiration never takes effect: seen_count keeps its first registration", async () => {
    const runtime = classicRuntime();
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice");

    runtime.route({
      functions: GREETER_TYPENAME,
      handler: bindGreeterWithTtl(new StatefulFunctions()),
    });
    await runtime.advance(61_000);
    expect(await visit(runtime, "Alice")).toBe("Nice to see you again Alice");
    await runtime.advance(61_000);
    expect(await visit(runtime, "Alice")).toBe("Third time is a charm Alice");

    expect(runtime.warnings).toEqual([
      'example/greeter declares state "seen_count" with expiration after-invoke 60000ms, but the runtime registered it with none and keeps that (the real runtime does so without a word); start from fresh state for the new expiration to apply',
    ]);
  });

  it("(b) the timer forgets after 61 s with no restart", async () => {
    const runtime = classicRuntime();
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice");

    runtime.route({
      functions: GREETER_TYPENAME,
      handler: bindGreeterWithTimer(new StatefulFunctions()),
    });
    expect(await visit(runtime, "Alice")).toBe("Nice to see you again Alice");
    await runtime.advance(61_000);
    expect(runtime.state(GREETER_TYPENAME, "Alice", "seen_count", SeenCountType)).toBeUndefined();
    expect(await visit(runtime, "Alice")).toBe("Welcome Alice");
    expect(runtime.warnings).toEqual([]);
  });
});
