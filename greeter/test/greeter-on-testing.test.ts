/** The classic greeter through @statefun-ts/testing: the protocol bytes, as the runtime sends them. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  bindGreeter,
  createApp,
  GREETER_TYPENAME,
  GREETS_EGRESS,
  GreetRequestType,
  GreetResponseType,
  SeenCountType,
} from "@statefun-ts/greeter";
import { messageBuilder, StatefulFunctions, silentLogger } from "@statefun-ts/sdk";
import { TestRuntime } from "@statefun-ts/testing";
import { describe, expect, it } from "vitest";

function request(name: string) {
  return messageBuilder({
    typename: GREETER_TYPENAME,
    id: name,
    value: { name },
    valueType: GreetRequestType,
  });
}

describe("the classic greeter on the test runtime", () => {
  it("greets several users in order, counting each one's visits", async () => {
    const runtime = new TestRuntime({
      functions: bindGreeter(new StatefulFunctions()),
      logger: silentLogger,
    });
    for (const name of ["Alice", "Bob", "Alice", "Alice", "Carol", "Alice", "Bob"]) {
      await runtime.send(request(name));
      await runtime.advance(300);
    }
    expect(
      runtime
        .takeKafka(GREETS_EGRESS, GreetResponseType)
        .map((r) => `${r.topic} ${r.key}: ${r.value.greeting}`),
    ).toEqual([
      "greetings Alice: Welcome Alice",
      "greetings Bob: Welcome Bob",
      "greetings Alice: Nice to see you again Alice",
      "greetings Alice: Third time is a charm Alice",
      "greetings Carol: Welcome Carol",
      "greetings Alice: Nice to see you at the 4-nth time Alice!",
      "greetings Bob: Nice to see you again Bob",
    ]);
    expect(runtime.state(GREETER_TYPENAME, "Alice", "seen_count", SeenCountType)).toEqual({
      seen: 4,
    });
  });

  it("greets a batch of requests for one user in order", async () => {
    const runtime = new TestRuntime({
      functions: bindGreeter(new StatefulFunctions()),
      logger: silentLogger,
    });
    await runtime.sendAll([request("Dave"), request("Dave"), request("Erin"), request("Dave")]);
    expect(
      runtime.takeKafka(GREETS_EGRESS, GreetResponseType).map((r) => r.value.greeting),
    ).toEqual([
      "Welcome Dave",
      "Welcome Erin",
      "Nice to see you again Dave",
      "Third time is a charm Dave",
    ]);
  });

  it("never forgets a user, however long the clock runs", async () => {
    const runtime = new TestRuntime({
      functions: bindGreeter(new StatefulFunctions()),
      logger: silentLogger,
    });
    await runtime.send(request("Frank"));
    await runtime.advance(24 * 60 * 60 * 1000);
    await runtime.send(request("Frank"));
    expect(
      runtime.takeKafka(GREETS_EGRESS, GreetResponseType).map((r) => r.value.greeting),
    ).toEqual(["Welcome Frank", "Nice to see you again Frank"]);
  });
});

describe("the classic greeter served by its express app", () => {
  it("greets through the test runtime over HTTP exactly as in process", async () => {
    const app = createApp(bindGreeter(new StatefulFunctions()), silentLogger);
    const server = await new Promise<Server>((resolve) => {
      const listening: Server = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/statefun`;
      const runtime = new TestRuntime({
        endpoints: [{ functions: "example/*", url }],
        logger: silentLogger,
      });
      for (const name of ["Grace", "Heidi", "Grace", "Grace"]) await runtime.send(request(name));
      expect(
        runtime.takeKafka(GREETS_EGRESS, GreetResponseType).map((r) => r.value.greeting),
      ).toEqual([
        "Welcome Grace",
        "Welcome Heidi",
        "Nice to see you again Grace",
        "Third time is a charm Grace",
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
