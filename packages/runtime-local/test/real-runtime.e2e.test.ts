/**
 * The real processes: a Kafka broker and the StateFun runtime as JVMs. Every test that needs
 * Java and Maven lives in this file, which runs with the end-to-end suite (`pnpm e2e`), not with
 * the unit tests (`pnpm test` needs Node.js only). Its tests run in sequence, so that no two JVMs
 * share the 2 cores at once. The first run resolves ~310 MB of jars with Maven.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTopics,
  detectJava,
  ensureJars,
  freePort,
  LocalRuntime,
  MavenNotFoundError,
  ProcessExitedError,
  ReadyTimeoutError,
  runningProcesses,
  STATEFUN_JOB_NAME,
  startKafka,
  startStateFun,
  stopAll,
  writeLocalModule,
} from "../src/index.js";
import { alive } from "./pids.js";

const projectModule = new URL("../../../module.yaml", import.meta.url).pathname;

/** Reads every record of `topic` from the beginning with a fresh consumer group. */
async function readAll(bootstrapServers: string, topic: string, count: number): Promise<string[]> {
  const kafka = new Kafka({
    brokers: [bootstrapServers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, maxRetryTime: 5000 },
  });
  const consumer = kafka.consumer({ groupId: `test-${Date.now()}-${Math.random()}` });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            values.push(`${message.key?.toString()}=${message.value?.toString()}`);
            if (values.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

describe("Java and Maven on this machine", () => {
  it("accepts the Java on this machine", async () => {
    const java = await detectJava();
    expect(java.major).toBeGreaterThanOrEqual(17);
  });

  it("needs Maven only when the jars folder is incomplete, and then says so", async () => {
    const emptyJarsDir = mkdtempSync(join(tmpdir(), "jars-"));
    await expect(
      ensureJars({ jarsDir: emptyJarsDir, mavenPath: "/nonexistent/bin/mvn" }),
    ).rejects.toBeInstanceOf(MavenNotFoundError);
  });
});

describe.sequential("the real runtime", () => {
  beforeAll(async () => {
    await ensureJars();
  }, 900_000);

  afterAll(async () => {
    await stopAll();
  }, 60_000);

  it("reuses complete jars without running Maven", async () => {
    const jars = await ensureJars({ mavenPath: "/nonexistent/bin/mvn" });
    expect(jars.statefunDir.endsWith(join("jars", "statefun"))).toBe(true);
    expect(jars.kafkaDir.endsWith(join("jars", "kafka"))).toBe(true);
  });

  it("keeps a record across a kill -9 and a restart of the broker", async () => {
    const kafka = await startKafka();
    try {
      expect(kafka.bootstrapServers).toBe(`127.0.0.1:${kafka.port}`);
      await createTopics(kafka.bootstrapServers, ["names"]);
      await createTopics(kafka.bootstrapServers, ["names"]); // idempotent

      const producer = new Kafka({
        brokers: [kafka.bootstrapServers],
        logLevel: logLevel.NOTHING,
      }).producer();
      await producer.connect();
      await producer.send({
        topic: "names",
        acks: -1,
        messages: [{ key: "Alice", value: "hello" }],
      });
      await producer.disconnect();
      expect(await readAll(kafka.bootstrapServers, "names", 1)).toEqual(["Alice=hello"]);

      const firstPid = kafka.pid;
      await kafka.kill("SIGKILL");
      expect(alive(firstPid)).toBe(false);
      expect(kafka.isRunning()).toBe(false);

      await kafka.restart();
      expect(kafka.pid).not.toBe(firstPid);
      expect(await readAll(kafka.bootstrapServers, "names", 1)).toEqual(["Alice=hello"]);
    } finally {
      await kafka.stop();
    }
    expect(alive(kafka.pid)).toBe(false);
    expect(runningProcesses()).toEqual([]);
  }, 240_000);

  it("runs the project's module.yaml on StateFun until stopped", async () => {
    const local = new LocalRuntime();
    let pids: number[] = [];
    try {
      const kafka = await local.startKafka();
      await createTopics(kafka.bootstrapServers, ["names", "greetings"]);
      // Nothing listens there: the job only calls the endpoint when a message arrives.
      const nowhere = await freePort();
      const module = writeLocalModule(projectModule, mkdtempSync(join(tmpdir(), "module-")), {
        endpoints: { "example/*": `http://127.0.0.1:${nowhere}/statefun` },
        kafkaAddress: kafka.bootstrapServers,
      });
      const statefun = await local.startStateFun({ moduleDir: module.moduleDir });
      pids = [kafka.pid, statefun.pid];

      const jobId = await statefun.waitUntilRunning(120_000);
      const overview = (await (await fetch(`${statefun.restUrl}/jobs/overview`)).json()) as {
        jobs: { jid: string; name: string; state: string }[];
      };
      expect(overview.jobs).toContainEqual(
        expect.objectContaining({ jid: jobId, name: STATEFUN_JOB_NAME, state: "RUNNING" }),
      );
      expect(await statefun.exceptions()).toEqual([]);
      expect(
        runningProcesses()
          .map((process) => process.name)
          .sort(),
      ).toEqual(["Kafka broker", "StateFun runtime"]);
    } finally {
      await local.stop();
    }
    expect(pids.filter(alive)).toEqual([]);
    expect(runningProcesses()).toEqual([]);
  }, 240_000);

  it("gives up on a broker not ready within its bound, says so, and stops it", async () => {
    const error = await startKafka({ readyTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadyTimeoutError);
    expect((error as Error).message).toMatch(
      /^the Kafka broker on 127\.0\.0\.1:\d+ was not ready within 0\.3 s; its log is \S+kafka\.log$/,
    );
    expect(runningProcesses()).toEqual([]);
  }, 60_000);

  it("reports a runtime that dies while starting, with the end of its log", async () => {
    // Functions but no ingress: StateFun refuses such a module when the job is built.
    const broken = join(mkdtempSync(join(tmpdir(), "module-")), "broken.yaml");
    writeFileSync(
      broken,
      [
        "kind: io.statefun.endpoints.v2/http",
        "spec:",
        "  functions: example/*",
        "  urlPathTemplate: http://127.0.0.1:1/statefun",
        "",
      ].join("\n"),
    );

    const error = await startStateFun({ moduleYaml: broken })
      .then((statefun) => statefun.waitUntilRunning(120_000))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessExitedError);
    expect((error as ProcessExitedError).message).toContain("There are no ingress defined");
    expect((error as ProcessExitedError).message).toContain((error as ProcessExitedError).logFile);
    expect(runningProcesses()).toEqual([]);
  }, 120_000);
});
