import { createServer } from "node:http";
import express from "express";
import { describe, expect, it } from "vitest";
import {
  createExpressHandler,
  type HttpHandlerOptions,
  type StatefulFunctions,
} from "../src/index.js";
import { close, invocationResult, listen, post, RecordingLogger } from "./helpers.js";
import { greet, greeterFunctions, sharedAdapterCases } from "./http-cases.js";

function app(
  functions: StatefulFunctions,
  options: HttpHandlerOptions,
  before: express.RequestHandler[] = [],
) {
  const application = express();
  if (before.length > 0) application.use(...before);
  application.post("/statefun", createExpressHandler(functions, options));
  return createServer(application);
}

describe("createExpressHandler over a real socket", () => {
  sharedAdapterCases((functions, options) => app(functions, options), "/statefun");
});

describe("createExpressHandler after a body parser", () => {
  async function serve(
    before: express.RequestHandler[],
    run: (url: string, logger: RecordingLogger) => Promise<void>,
  ) {
    const logger = new RecordingLogger();
    const server = app(greeterFunctions(), { logger }, before);
    const url = `${await listen(server)}/statefun`;
    try {
      await run(url, logger);
    } finally {
      await close(server);
    }
  }

  it("uses the Buffer of express.raw()", async () => {
    await serve([express.raw({ type: "*/*" })], async (url) => {
      const res = await post(url, greet("Alice", 4));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      const { stateMutations } = invocationResult(new Uint8Array(await res.arrayBuffer()));
      expect(stateMutations[0]?.stateName).toBe("seen");
      // and the errors still come from the SDK
      expect((await post(url, new Uint8Array(0))).status).toBe(400);
    });
  });

  it("applies its own body limit to the Buffer of express.raw()", async () => {
    const logger = new RecordingLogger();
    const body = greet("Alice");
    const server = app(greeterFunctions(), { logger, maxBodyBytes: body.byteLength - 1 }, [
      express.raw({ type: "*/*", limit: "32mb" }),
    ]);
    const url = `${await listen(server)}/statefun`;
    try {
      const res = await post(url, body);
      expect(res.status).toBe(413);
      expect(await res.text()).toBe(
        `the request body (${body.byteLength} bytes or more) exceeds the limit of ${body.byteLength - 1} bytes\n`,
      );
      expect((await post(url, greet("A"))).status).toBe(200);
    } finally {
      await close(server);
    }
  });

  it("still reads the body when a JSON parser skipped it (another content type)", async () => {
    await serve([express.json()], async (url) => {
      expect((await post(url, greet("Alice"))).status).toBe(200);
    });
  });

  it("answers a clear 500 when a text parser consumed the body", async () => {
    await serve([express.text({ type: "*/*" })], async (url, logger) => {
      const res = await post(url, greet("Alice"));
      expect(res.status).toBe(500);
      const message = await res.text();
      expect(message).toContain(
        "the request body was consumed by a body parser before the StateFun handler",
      );
      expect(message).toContain("express.raw({ type: '*/*', limit: '32mb' })");
      expect(
        logger.entries.some(
          (entry) => entry.level === "error" && entry.message.includes("consumed by a body parser"),
        ),
      ).toBe(true);
    });
  });

  it("answers a clear 500 when a JSON parser consumed the body", async () => {
    await serve([express.json({ type: "*/*" })], async (url) => {
      // A body the JSON parser accepts, as a misrouted JSON request would be.
      const res = await post(url, new TextEncoder().encode('{"name":"Alice"}'));
      expect(res.status).toBe(500);
      expect(await res.text()).toContain("the request body was consumed by a body parser");
    });
  });
});
