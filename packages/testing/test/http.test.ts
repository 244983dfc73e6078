import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createNodeHandler,
  messageBuilder,
  StatefulFunctions,
  silentLogger,
  Types,
} from "@statefun-ts/sdk";
import { decodeValue, FunctionCallError, TestRuntime } from "@statefun-ts/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindCounter, bindScheduler, OUT, SchedulerCommandType } from "./functions.js";

let server: Server;
let url: string;

beforeAll(async () => {
  const functions = bindScheduler(bindCounter(new StatefulFunctions())).bind({
    typename: "test/fails",
    fn() {
      throw new Error("no such user");
    },
  });
  server = createServer(createNodeHandler(functions, { logger: silentLogger }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/statefun`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
});

function add(id: string, value: number) {
  return messageBuilder({ typename: "test/counter", id, value, valueType: Types.int });
}

describe("over HTTP", () => {
  it("drives functions served by createNodeHandler: handshake, state, batches, timers, egress", async () => {
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/*", url }],
      logger: silentLogger,
    });
    await runtime.sendAll([add("Alice", 1), add("Alice", 2), add("Bob", 5), add("Alice", 3)]);
    await runtime.send({
      typename: "test/scheduler",
      id: "s",
      value: { say: "five seconds later", afterMs: 5000 },
      valueType: SchedulerCommandType,
    });
    await runtime.advance(5000);

    expect(runtime.state("test/counter", "Alice", "count", Types.int)).toBe(6);
    expect(runtime.state("test/counter", "Bob", "count", Types.int)).toBe(5);
    const records = runtime.takeEgress(OUT);
    expect(
      records
        .filter((r) => r.kind === "kafka" && r.topic === "counts")
        .map((r) => `${r.from}=${decodeValue(r, Types.int)}`),
    ).toEqual([
      "test/counter:Alice=1",
      "test/counter:Bob=5",
      "test/counter:Alice=3",
      "test/counter:Alice=6",
    ]);
    expect(
      records
        .filter((r) => r.kind === "kafka" && r.topic === "said")
        .map((r) => `${decodeValue(r, Types.string)}@${r.atMs}`),
    ).toEqual(["five seconds later@5000"]);
  });

  it("fails with the status and the body of a non-2xx answer", async () => {
    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/*", url }],
      logger: silentLogger,
    });
    const failure = runtime.send({
      typename: "test/fails",
      id: "a",
      value: 1,
      valueType: Types.int,
    });
    await expect(failure).rejects.toBeInstanceOf(FunctionCallError);
    await expect(failure).rejects.toMatchObject({ status: 500, target: "test/fails:a" });
    await expect(failure).rejects.toThrow(
      `test/fails:a: POST ${url} answered 500: test/fails:a failed`,
    );
    await expect(failure).rejects.toThrow("no such user");
  });

  it("fails with the reason when nothing listens at the URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const runtime = new TestRuntime({
      endpoints: [{ functions: "test/*", url: `http://127.0.0.1:${port}/statefun` }],
      logger: silentLogger,
    });
    const failure = runtime.send({
      typename: "test/counter",
      id: "a",
      value: 1,
      valueType: Types.int,
    });
    await expect(failure).rejects.toBeInstanceOf(FunctionCallError);
    await expect(failure).rejects.toMatchObject({ status: undefined });
    await expect(failure).rejects.toThrow(
      `test/counter:a: POST http://127.0.0.1:${port}/statefun failed`,
    );
  });

  it("fails, naming the bound, when the endpoint does not answer in time", async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/statefun`;
    try {
      const runtime = new TestRuntime({
        endpoints: [{ functions: "test/*", url: silentUrl, timeoutMs: 200 }],
        logger: silentLogger,
      });
      const failure = runtime.send(add("a", 1));
      await expect(failure).rejects.toBeInstanceOf(FunctionCallError);
      await expect(failure).rejects.toThrow(
        `test/counter:a: POST ${silentUrl} failed: no complete answer within 200 ms`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("fails when a 200 answer is not application/octet-stream", async () => {
    const wrong = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end("<h1>hello</h1>");
    });
    await new Promise<void>((resolve) => wrong.listen(0, "127.0.0.1", resolve));
    const wrongUrl = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}/`;
    try {
      const runtime = new TestRuntime({
        endpoints: [{ functions: "test/*", url: wrongUrl }],
        logger: silentLogger,
      });
      const failure = runtime.send(add("a", 1));
      await expect(failure).rejects.toMatchObject({ status: 200, body: "<h1>hello</h1>" });
      await expect(failure).rejects.toThrow(
        `test/counter:a: POST ${wrongUrl} answered 200 with content-type "text/html"; the runtime only accepts application/octet-stream`,
      );
    } finally {
      wrong.closeAllConnections();
      await new Promise<void>((resolve) => wrong.close(() => resolve()));
    }
  });
});
