import { request as httpRequest, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type HttpHandlerOptions, StatefulFunctions, Types, valueSpec } from "../src/index.js";
import {
  close,
  invocationResult,
  listen,
  post,
  RecordingLogger,
  toFunction,
  typed,
} from "./helpers.js";

/** The functions every adapter test serves: a greeter that counts, and refuses Mallory. */
export function greeterFunctions(): StatefulFunctions {
  return new StatefulFunctions().bind({
    typename: "example/greeter",
    specs: [valueSpec("seen", Types.int)],
    fn(context, message) {
      const name = message.as(Types.string);
      if (name === "Mallory") throw new Error("Mallory is not welcome");
      context.storage.seen = (context.storage.seen ?? 0) + 1;
    },
  });
}

export const greet = (name: string, seen?: number) =>
  toFunction(
    { typename: "example/greeter", id: name },
    [{ argument: typed(Types.string.typename, Types.string.serialize(name)) }],
    {
      seen: seen === undefined ? undefined : typed(Types.int.typename, Types.int.serialize(seen)),
    },
  );

/** How a test suite gets a server for an adapter: `path` is where the handler is mounted. */
export type ServerFactory = (functions: StatefulFunctions, options: HttpHandlerOptions) => Server;

/** Sends a body without a content-length (chunked), as a stream of `chunks` chunks of `size` bytes. */
export function postChunked(
  url: string,
  chunks: number,
  size: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { "content-type": "application/octet-stream" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer before it read everything; that is not a failure of the test.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    for (let i = 0; i < chunks; i++) req.write(new Uint8Array(size));
    req.end();
  });
}

/**
 * The behaviour every HTTP adapter shares: protocol bytes in and out, every failure answered
 * with its status and a readable body, and a server that keeps serving after each failure.
 */
export function sharedAdapterCases(start: ServerFactory, path: string): void {
  const logger = new RecordingLogger();
  let server: Server;
  let smallServer: Server;
  let url: string;
  let smallUrl: string;

  beforeAll(async () => {
    server = start(greeterFunctions(), { logger });
    smallServer = start(greeterFunctions(), { logger, maxBodyBytes: 1_000 });
    url = (await listen(server)) + path;
    smallUrl = (await listen(smallServer)) + path;
  });

  afterAll(async () => {
    await close(server);
    await close(smallServer);
  });

  /** A good request after a bad one: the server is still serving. */
  async function stillServes(target = url): Promise<void> {
    const res = await post(target, greet("Alice", 2));
    expect(res.status).toBe(200);
    const { stateMutations } = invocationResult(new Uint8Array(await res.arrayBuffer()));
    expect(Types.int.deserialize(stateMutations[0]!.stateValue!.value)).toBe(3);
  }

  it("answers a batch with the FromFunction bytes as application/octet-stream", async () => {
    const res = await post(url, greet("Alice", 2));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    const { stateMutations } = invocationResult(new Uint8Array(await res.arrayBuffer()));
    expect(stateMutations.map((m) => m.stateName)).toEqual(["seen"]);
    expect(Types.int.deserialize(stateMutations[0]!.stateValue!.value)).toBe(3);
  });

  it("answers an empty body 400", async () => {
    const res = await post(url, new Uint8Array(0));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("empty request body: expected a protobuf ToFunction message\n");
    expect(logger.entries).toContainEqual({
      level: "warn",
      message: "answered 400: empty request body: expected a protobuf ToFunction message",
    });
    await stillServes();
  });

  it("answers a truncated body 400", async () => {
    const whole = greet("Alice");
    const res = await post(url, whole.subarray(0, whole.length - 4));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      /^the \d+-byte body is not a ToFunction message \(truncated or not protobuf\)/,
    );
    await stillServes();
  });

  it("answers a malformed body 400", async () => {
    // Text happens to parse as protobuf fields, none of them the invocation batch.
    const res = await post(url, new TextEncoder().encode("this is not protobuf at all"));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("the ToFunction message carries no invocation batch\n");
    await stillServes();
  });

  it("answers an unknown function 404, naming it", async () => {
    const body = toFunction({ typename: "example/stranger", id: "x" }, [
      { argument: typed("example/Any", new Uint8Array(0)) },
    ]);
    const res = await post(url, body);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(
      "no function is bound for example/stranger; this endpoint serves example/greeter\n",
    );
    await stillServes();
  });

  it("answers a throwing function 500 with its message, and logs it", async () => {
    const res = await post(url, greet("Mallory"));
    expect(res.status).toBe(500);
    const expected =
      "example/greeter:Mallory failed (invocation 1 of 1, message type io.statefun.types/string): Mallory is not welcome";
    expect(await res.text()).toBe(`${expected}\n`);
    expect(logger.entries).toContainEqual({ level: "error", message: `answered 500: ${expected}` });
    await stillServes();
  });

  it("answers a message of the wrong type 500", async () => {
    const body = toFunction(
      { typename: "example/greeter", id: "Alice" },
      [{ argument: typed(Types.int.typename, Types.int.serialize(5)) }],
      {
        seen: undefined,
      },
    );
    const res = await post(url, body);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      "expected a message of type io.statefun.types/string, got io.statefun.types/int",
    );
    await stillServes();
  });

  it("answers a body over maxBodyBytes 413, with or without a content-length", async () => {
    const res = await post(smallUrl, new Uint8Array(1_001));
    expect(res.status).toBe(413);
    expect(await res.text()).toBe(
      "the request body (1001 bytes or more) exceeds the limit of 1000 bytes\n",
    );
    const chunked = await postChunked(smallUrl, 3, 400);
    expect(chunked.status).toBe(413);
    // Without a content-length the size is known only as chunks arrive (TCP may split them).
    expect(chunked.body).toMatch(
      /^the request body \(1\d{3} bytes or more\) exceeds the limit of 1000 bytes\n$/,
    );
    expect(
      logger.entries.filter((entry) => entry.message.startsWith("answered 413")).length,
    ).toBeGreaterThanOrEqual(2);
    // A body of exactly the limit is read (and, being zeros, is no request: 400).
    expect((await post(smallUrl, new Uint8Array(1_000))).status).toBe(400);
    await stillServes(smallUrl);
  });

  it("answers a body over the default 32 MiB 413", async () => {
    const res = await post(url, new Uint8Array(32 * 1024 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(await res.text()).toBe(
      "the request body (33554433 bytes or more) exceeds the limit of 33554432 bytes\n",
    );
    await stillServes();
  });
}
