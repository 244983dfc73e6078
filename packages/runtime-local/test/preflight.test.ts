import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertPortFree,
  detectJava,
  detectMaven,
  ensureJars,
  JavaNotFoundError,
  MavenNotFoundError,
  PortInUseError,
  startKafka,
  startStateFun,
} from "../src/index.js";

/** A fake `java` that reports an old version, as Java 11 does (on stderr). */
function fakeJava(version: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "fake-java-")), "java");
  writeFileSync(file, `#!/bin/sh\necho 'openjdk version "${version}" 2019-01-15' >&2\n`);
  chmodSync(file, 0o755);
  return file;
}

describe("Java and Maven detection", () => {
  it("says what to install when java cannot be run", async () => {
    const error = await detectJava("/nonexistent/bin/java").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect((error as JavaNotFoundError).javaPath).toBe("/nonexistent/bin/java");
    expect((error as Error).message).toContain("apt-get install openjdk-17-jdk-headless");
  });

  it("refuses a Java older than 17", async () => {
    await expect(detectJava(fakeJava("11.0.2"))).rejects.toThrow(
      /is Java 11\.0\.2: install OpenJDK 17/,
    );
    await expect(detectJava(fakeJava("1.8.0_392"))).rejects.toBeInstanceOf(JavaNotFoundError);
  });

  it("says what to install when Maven cannot be run", async () => {
    const error = await detectMaven("/nonexistent/bin/mvn").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MavenNotFoundError);
    expect((error as Error).message).toContain("apt-get install maven");
  });

  it("checks Java before anything else", async () => {
    await expect(
      ensureJars({ jarsDir: mkdtempSync(join(tmpdir(), "jars-")), javaPath: "/nonexistent/java" }),
    ).rejects.toBeInstanceOf(JavaNotFoundError);
  });
});

describe("ports", () => {
  let taken: Server;
  let port = 0;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const address = taken.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    port = address.port;
  });

  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it("names the port that is in use and what it was for", async () => {
    const error = await assertPortFree(port, "Kafka broker").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).port).toBe(port);
    expect((error as Error).message).toBe(
      `port ${port} (Kafka broker) is already in use on 127.0.0.1: stop what listens there ` +
        `(e.g. \`ss -ltnp 'sport = :${port}'\`) or choose another port`,
    );
  });

  it("refuses to start Kafka or StateFun on a taken port, before starting anything", async () => {
    await expect(startKafka({ port })).rejects.toThrow(`port ${port} (Kafka broker)`);
    await expect(startKafka({ controllerPort: port })).rejects.toThrow(
      `port ${port} (Kafka KRaft controller)`,
    );
    await expect(startStateFun({ moduleDir: tmpdir(), restPort: port })).rejects.toThrow(
      `port ${port} (Flink REST API and UI)`,
    );
  });
});
