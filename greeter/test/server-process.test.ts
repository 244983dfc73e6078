/**
 * The greeter as a user starts it (`node dist/server.js`, configured by the environment): its
 * configuration errors, and its graceful stop on SIGTERM with a request still in flight.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { FromFunction, ToFunction } from "@statefun-ts/sdk/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { GreetRequest } from "../src/messages.js";

const SERVER = fileURLToPath(new URL("../dist/server.js", import.meta.url));

interface Started {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the output contains `text`; rejects when the process exits first. */
  waitFor(text: string | RegExp): Promise<string>;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
});

function startServer(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    output: () => output,
    exited,
    waitFor(text) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = typeof text === "string" ? output.includes(text) : text.exec(output);
          if (match) resolve(output);
        };
        waiters.push(check);
        check();
        void exited.then(([code]) =>
          reject(new Error(`the greeter exited (code ${code}) first; its output:\n${output}`)),
        );
      });
    },
  };
}

function greetAlice(): Uint8Array {
  return ToFunction.encode({
    invocation: {
      target: { namespace: "example", type: "greeter", id: "Alice" },
      state: [],
      invocations: [
        {
          caller: undefined,
          argument: {
            typename: "type.googleapis.com/example.GreetRequest",
            hasValue: true,
            value: GreetRequest.encode({ name: "Alice" }).finish(),
          },
        },
      ],
    },
  }).finish();
}

describe("the greeter server process", () => {
  it("refuses an unknown GREETER_SOLUTION, saying which ones exist", async () => {
    const server = startServer({ GREETER_SOLUTION: "forgetful" });
    const [code] = await server.exited;
    expect(code).toBe(2);
    expect(server.output()).toContain(
      'GREETER_SOLUTION must be classic, ttl or timer, got "forgetful"',
    );
  });

  it("refuses a FORGET_AFTER_MS that is not a positive whole number", async () => {
    const server = startServer({ GREETER_SOLUTION: "ttl", FORGET_AFTER_MS: "-5" });
    const [code] = await server.exited;
    expect(code).toBe(2);
    expect(server.output()).toContain(
      'FORGET_AFTER_MS must be a positive whole number of milliseconds, got "-5"',
    );
  });

  it("says which solution it serves, and after how long it forgets", async () => {
    const server = startServer({ GREETER_SOLUTION: "timer", FORGET_AFTER_MS: "5000" });
    await server.waitFor("greeter listening on");
    expect(server.output()).toContain(
      "serving the timer solution (GREETER_SOLUTION=timer): it forgets a user after 5000 ms without a visit",
    );
  });

  it("on SIGTERM finishes the request in flight, then exits 0", async () => {
    const server = startServer({});
    const listening = await server.waitFor(/greeter listening on http:\/\/0\.0\.0\.0:(\d+)/);
    const port = Number(/listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(listening)?.[1]);
    const body = greetAlice();

    // Half of the body goes out before the signal, the rest after it.
    const request = httpRequest({
      host: "127.0.0.1",
      port,
      path: "/statefun",
      method: "POST",
      headers: { "content-type": "application/octet-stream", "content-length": body.length },
    });
    const response = once(request, "response");
    request.write(body.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill("SIGTERM");
    await server.waitFor("SIGTERM: finishing requests in flight, then exiting");
    request.end(body.subarray(10));

    const [res] = (await response) as [IncomingMessage];
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/octet-stream");
    // The first call for a user asks the runtime for the state it declares.
    const reply = FromFunction.decode(Buffer.concat(chunks));
    expect(reply.incompleteInvocationContext?.missingValues.map((spec) => spec.stateName)).toEqual([
      "seen_count",
    ]);

    const [code, signal] = await server.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain("greeter stopped");
  });
});
