import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { RuntimeLocalError, rewriteModuleYaml, writeLocalModule } from "../src/index.js";

const projectModule = new URL("../../../module.yaml", import.meta.url).pathname;

/** The documents of a module.yaml stream as plain objects, with every address masked. */
function maskedDocuments(text: string): unknown[] {
  return parseAllDocuments(text as string).map((document) => {
    const value = document.toJS() as { kind: string; spec: Record<string, unknown> };
    if (value.kind === "io.statefun.endpoints.v2/http") value.spec["urlPathTemplate"] = "<masked>";
    if (value.kind.startsWith("io.statefun.kafka.v1/")) value.spec["address"] = "<masked>";
    return value;
  });
}

const local = {
  endpoints: { "example/*": "http://127.0.0.1:8000/statefun" },
  kafkaAddress: "127.0.0.1:19092",
};

describe("writeLocalModule", () => {
  it("points the project's module.yaml at local addresses", () => {
    const dir = mkdtempSync(join(tmpdir(), "module-yaml-test-"));
    const module = writeLocalModule(projectModule, dir, local);

    expect(module.moduleYaml).toBe(join(dir, "module.yaml"));
    expect(readFileSync(module.moduleYaml, "utf8")).toBe(module.text);
    const [endpoint, ingress, egress] = parseAllDocuments(module.text).map((document) =>
      document.toJS(),
    );
    expect(endpoint.spec.urlPathTemplate).toBe("http://127.0.0.1:8000/statefun");
    expect(ingress.spec.address).toBe("127.0.0.1:19092");
    expect(egress.spec.address).toBe("127.0.0.1:19092");
  });

  it("changes nothing but the addresses", () => {
    const original = readFileSync(projectModule, "utf8");
    const copy = rewriteModuleYaml(original, local);

    expect(maskedDocuments(copy)).toEqual(maskedDocuments(original));
    // Byte level: same lines, comments and order; only the three address lines differ.
    const originalLines = original.split("\n");
    const copyLines = copy.split("\n");
    expect(copyLines).toHaveLength(originalLines.length);
    const changed = copyLines.filter((line, index) => line !== originalLines[index]);
    expect(changed).toEqual([
      "  urlPathTemplate: http://127.0.0.1:8000/statefun",
      "  address: 127.0.0.1:19092",
      "  address: 127.0.0.1:19092",
    ]);
  });

  it("leaves transport.call alone unless asked, and replaces it when asked", () => {
    const original = readFileSync(projectModule, "utf8");
    expect(rewriteModuleYaml(original, local)).toContain("    call: 2m\n");

    const copy = rewriteModuleYaml(original, { ...local, transportCall: "5s" });
    const [endpoint] = parseAllDocuments(copy).map((document) => document.toJS());
    expect(endpoint.spec.transport).toEqual({
      type: "io.statefun.transports.v1/async",
      call: "5s",
      connect: "20s",
    });
  });

  it("adds transport.call where the endpoint has none", () => {
    const original = [
      "kind: io.statefun.endpoints.v2/http",
      "spec:",
      "  functions: shop/*",
      "  urlPathTemplate: http://shop:8000/{function.name} # the shop",
      "---",
      "kind: io.statefun.endpoints.v2/http",
      "spec:",
      "  functions: bank/*",
      "  urlPathTemplate: http://bank:8000/statefun",
      "  transport:",
      "    type: io.statefun.transports.v1/async",
      "",
    ].join("\n");
    const copy = rewriteModuleYaml(original, {
      endpoints: (url) => url.replace(/^http:\/\/\w+:8000/, "http://127.0.0.1:9000"),
      transportCall: "5s",
    });

    const [shop, bank] = parseAllDocuments(copy).map((document) => document.toJS());
    expect(shop.spec).toEqual({
      functions: "shop/*",
      urlPathTemplate: "http://127.0.0.1:9000/{function.name}",
      transport: { type: "io.statefun.transports.v1/async", call: "5s" },
    });
    expect(bank.spec.transport).toEqual({ type: "io.statefun.transports.v1/async", call: "5s" });
    expect(copy).toContain("# the shop");
  });

  it("keeps the quoting of a quoted address", () => {
    const original = [
      "kind: io.statefun.kafka.v1/egress",
      "spec:",
      "  id: example/out",
      "  address: 'kafka:9092' # broker",
      "",
    ].join("\n");
    expect(rewriteModuleYaml(original, { endpoints: {}, kafkaAddress: "127.0.0.1:1234" })).toBe(
      original.replace("'kafka:9092'", "'127.0.0.1:1234'"),
    );
  });

  it("refuses an endpoint without a local URL, an unknown endpoint key and a missing Kafka address", () => {
    const original = readFileSync(projectModule, "utf8");
    expect(() => rewriteModuleYaml(original, { ...local, endpoints: {} })).toThrow(
      /no local URL for the endpoint of functions 'example\/\*'/,
    );
    expect(() =>
      rewriteModuleYaml(original, {
        ...local,
        endpoints: { ...local.endpoints, "exmaple/*": "http://127.0.0.1:1/x" },
      }),
    ).toThrow(/no HTTP endpoint for functions 'exmaple\/\*'/);
    expect(() => rewriteModuleYaml(original, { endpoints: local.endpoints })).toThrow(
      /uses Kafka: pass kafkaAddress/,
    );
  });

  it("reports a file that is not YAML or does not exist", () => {
    expect(() => rewriteModuleYaml("kind: [unclosed\n", local)).toThrow(RuntimeLocalError);
    expect(() => writeLocalModule("/nonexistent/module.yaml", tmpdir(), local)).toThrow(
      /cannot read the module file \/nonexistent\/module.yaml/,
    );
  });
});
