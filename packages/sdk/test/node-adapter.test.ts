import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { createNodeHandler } from "../src/index.js";
import { close, listen } from "./helpers.js";
import { greeterFunctions, sharedAdapterCases } from "./http-cases.js";

describe("createNodeHandler over a real socket", () => {
  sharedAdapterCases(
    (functions, options) => createServer(createNodeHandler(functions, options)),
    "/statefun",
  );

  it("takes POST only", async () => {
    const server = createServer(createNodeHandler(greeterFunctions()));
    const url = await listen(server);
    try {
      const res = await fetch(url);
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(await res.text()).toBe("the StateFun endpoint takes POST requests, not GET\n");
    } finally {
      await close(server);
    }
  });
});
