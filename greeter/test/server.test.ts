import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Logger, StatefulFunctions } from "@statefun-ts/sdk";
import {
  FromFunction,
  type FromFunction_InvocationResponse as InvocationResponse,
  KafkaProducerRecord,
  type ToFunction_PersistedValue as PersistedValue,
  ToFunction,
} from "@statefun-ts/sdk/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { bindGreeter } from "../src/greeter.js";
import { GreetRequest, GreetResponse, SeenCount } from "../src/messages.js";

const GREET_REQUEST = "type.googleapis.com/example.GreetRequest";
const SEEN_COUNT = "type.googleapis.com/example.SeenCount";

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

const lines: LogLine[] = [];
const logger: Logger = {
  debug: (message, fields) => lines.push({ level: "debug", message, fields }),
  info: (message, fields) => lines.push({ level: "info", message, fields }),
  warn: (message, fields) => lines.push({ level: "warn", message, fields }),
  error: (message, fields) => lines.push({ level: "error", message, fields }),
};

let server: Server;
let url: string;

beforeAll(async () => {
  const app = createApp(bindGreeter(new StatefulFunctions(), logger), logger);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A request for `example/greeter:<id>` carrying `seen_count` (absent: not registered yet). */
function request(id: string, names: string[], seen?: number | "empty"): Uint8Array {
  const state: PersistedValue[] = [];
  if (seen === "empty") state.push({ stateName: "seen_count", stateValue: undefined });
  else if (seen !== undefined) {
    state.push({
      stateName: "seen_count",
      stateValue: {
        typename: SEEN_COUNT,
        hasValue: true,
        value: SeenCount.encode({ seen }).finish(),
      },
    });
  }
  return ToFunction.encode({
    invocation: {
      target: { namespace: "example", type: "greeter", id },
      state,
      invocations: names.map((name) => ({
        caller: undefined,
        argument: {
          typename: GREET_REQUEST,
          hasValue: true,
          value: GreetRequest.encode({ name }).finish(),
        },
      })),
    },
  }).finish();
}

async function post(
  body: Uint8Array,
): Promise<{ status: number; type: string | null; body: Uint8Array }> {
  const res = await fetch(`${url}/statefun`, { method: "POST", body });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: new Uint8Array(await res.arrayBuffer()),
  };
}

async function invoke(body: Uint8Array): Promise<InvocationResponse> {
  const res = await post(body);
  expect(res.status).toBe(200);
  expect(res.type).toBe("application/octet-stream");
  const reply = FromFunction.decode(res.body);
  expect(reply.invocationResult).toBeDefined();
  return reply.invocationResult!;
}

function greetings(
  result: InvocationResponse,
): { topic: string; key: string; name: string; greeting: string }[] {
  return result.outgoingEgresses.map((egress) => {
    expect(`${egress.egressNamespace}/${egress.egressType}`).toBe("example/greets");
    const record = KafkaProducerRecord.decode(egress.argument!.value);
    const response = GreetResponse.decode(record.valueBytes);
    return {
      topic: record.topic,
      key: record.key,
      name: response.name,
      greeting: response.greeting,
    };
  });
}

function seenAfter(result: InvocationResponse): number | undefined {
  const mutation = result.stateMutations.find((m) => m.stateName === "seen_count");
  return mutation?.stateValue ? SeenCount.decode(mutation.stateValue.value).seen : undefined;
}

describe("the greeter behind its express server", () => {
  it("asks the runtime to register seen_count before the first invocation", async () => {
    const res = await post(request("Alice", ["Alice"]));
    expect(res.status).toBe(200);
    const reply = FromFunction.decode(res.body);
    expect(reply.invocationResult).toBeUndefined();
    expect(reply.incompleteInvocationContext?.missingValues).toEqual([
      {
        stateName: "seen_count",
        typeTypename: SEEN_COUNT,
        expirationSpec: { mode: 0, expireAfterMillis: 0 },
      },
    ]);
  });

  it("welcomes a first-time visitor and counts the visit", async () => {
    const result = await invoke(request("Alice", ["Alice"], "empty"));
    expect(greetings(result)).toEqual([
      { topic: "greetings", key: "Alice", name: "Alice", greeting: "Welcome Alice" },
    ]);
    expect(seenAfter(result)).toBe(1);
  });

  it("greets a returning user by their count", async () => {
    expect(greetings(await invoke(request("Bob", ["Bob"], 1)))[0]?.greeting).toBe(
      "Nice to see you again Bob",
    );
    expect(greetings(await invoke(request("Bob", ["Bob"], 2)))[0]?.greeting).toBe(
      "Third time is a charm Bob",
    );
    const fifth = await invoke(request("Bob", ["Bob"], 4));
    expect(greetings(fifth)[0]?.greeting).toBe("Nice to see you at the 5-nth time Bob!");
    expect(seenAfter(fifth)).toBe(5);
  });

  it("applies a batch in order and writes the final count once", async () => {
    const result = await invoke(request("Carol", ["Carol", "Carol", "Carol", "Carol"], "empty"));
    expect(greetings(result).map((g) => g.greeting)).toEqual([
      "Welcome Carol",
      "Nice to see you again Carol",
      "Third time is a charm Carol",
      "Nice to see you at the 4-nth time Carol!",
    ]);
    expect(result.stateMutations).toHaveLength(1);
    expect(seenAfter(result)).toBe(4);
  });

  it("answers 400 with a readable reason for a body that is not a ToFunction", async () => {
    const res = await post(new TextEncoder().encode("hello, is this the greeter?"));
    expect(res.status).toBe(400);
    expect(new TextDecoder().decode(res.body)).toMatch(/ToFunction/);
    const empty = await post(new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect(new TextDecoder().decode(empty.body)).toMatch(/empty request body/);
  });

  it("answers 404 naming a function it does not serve", async () => {
    const body = ToFunction.encode({
      invocation: {
        target: { namespace: "example", type: "stranger", id: "x" },
        state: [],
        invocations: [],
      },
    }).finish();
    const res = await post(body);
    expect(res.status).toBe(404);
    expect(new TextDecoder().decode(res.body)).toContain("example/stranger");
  });

  it("skips and reports a poison record, and keeps counting the user's valid visits", async () => {
    const poison = ToFunction.encode({
      invocation: {
        target: { namespace: "example", type: "greeter", id: "Mallory" },
        state: [{ stateName: "seen_count", stateValue: undefined }],
        invocations: [
          {
            caller: undefined,
            argument: {
              typename: GREET_REQUEST,
              hasValue: true,
              value: new Uint8Array([0xff, 0xff, 0xff]),
            },
          },
          {
            caller: undefined,
            argument: {
              typename: GREET_REQUEST,
              hasValue: true,
              value: GreetRequest.encode({ name: "Mallory" }).finish(),
            },
          },
        ],
      },
    }).finish();
    const result = await invoke(poison);
    expect(greetings(result).map((g) => g.greeting)).toEqual(["Welcome Mallory"]);
    expect(seenAfter(result)).toBe(1);
    const report = lines.find(
      (l) => l.level === "warn" && l.message.includes("not a GreetRequest"),
    );
    expect(report?.fields).toMatchObject({ typename: GREET_REQUEST, key: "Mallory" });
    expect(String(report?.fields?.["why"])).toMatch(/does not decode/);
  });

  it("answers its health check", async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });
});
