/**
 * Scenario 6: load. 1,000 users x 50 requests on the real runtime; every user's 50 greetings must
 * be exact. Reports the end-to-end rate (first produce to last committed greeting read) on stdout
 * and in e2e/results/load.json. The figure is a report, not an assertion.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WARM_UP_USER, waitForGreetingsAndSettle } from "../src/drive-real-runtime.js";
import { greetingsFor } from "../src/expected-greetings.js";
import { greetRequestRecord, RequestsProducer } from "../src/requests-producer.js";
import { progress, RESULTS_DIR, scenarioLifecycle } from "../src/scenario-lifecycle.js";

const scenario = scenarioLifecycle("load");

const USERS = 1_000;
const REQUESTS_PER_USER = 50;
/** Records per produce call. */
const CHUNK = 5_000;

const userName = (index: number) => `user-${String(index).padStart(4, "0")}`;

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat: fields 14
 * and 15, counted after the parenthesised command name, which may itself hold spaces.
 */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The CPU seconds of this process (the producer and the greetings' consumer). */
const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

describe("load on the real runtime", () => {
  it(`greets ${USERS} users x ${REQUESTS_PER_USER} requests exactly`, async () => {
    const pipeline = await scenario.start(
      // GREETER_COMMAND lets `load:official` run the same scenario against another greeter server.
      process.env["E2E_GREETER_COMMAND"] === undefined
        ? {}
        : {
            greeterCommand: {
              command: process.execPath,
              args: process.env["E2E_GREETER_COMMAND"].split(" "),
            },
          },
    );
    const collector = await scenario.collect(pipeline);
    const producer = await RequestsProducer.connect(pipeline.bootstrapServers);
    scenario.defer(() => producer.disconnect());
    // The measurement starts with a pipeline that answers: the first checkpoint and the
    // consumers joining are start-up, not throughput.
    await producer.sendNames([WARM_UP_USER]);
    await collector.waitForCount(1, 120_000);

    const records = [];
    for (let round = 0; round < REQUESTS_PER_USER; round++) {
      for (let user = 0; user < USERS; user++) records.push(greetRequestRecord(userName(user)));
    }
    const greeterPid = pipeline.greeter.pid;
    if (greeterPid === undefined) throw new Error("the greeter is not running");
    const processes = {
      greeter: () => cpuSeconds(greeterPid),
      statefun: () => cpuSeconds(pipeline.statefun.pid),
      kafka: () => cpuSeconds(pipeline.kafka.pid),
      "producer and consumer (this test)": ownCpuSeconds,
    };
    const cpuBefore = Object.fromEntries(
      Object.entries(processes).map(([name, read]) => [name, read()]),
    );
    const firstProduce = Date.now();
    for (let start = 0; start < records.length; start += CHUNK) {
      await producer.sendRecords(records.slice(start, start + CHUNK));
    }
    const produced = Date.now();
    scenario.note(
      `produced ${records.length} requests in ${((produced - firstProduce) / 1000).toFixed(1)} s`,
    );

    await collector.waitForCount(1 + records.length, 600_000);
    const lastGreeting = Math.max(...collector.all.map((greeting) => greeting.receivedAt));
    const seconds = (lastGreeting - firstProduce) / 1000;
    const perSecond = Math.round(records.length / seconds);
    // Who used the CPU while the greetings flowed: the evidence for "the greeter is not the
    // bottleneck" (the runtime and the broker share the same two cores with it).
    const cpu = Object.fromEntries(
      Object.entries(processes).map(([name, read]) => [
        name,
        Number((read() - (cpuBefore[name] ?? 0)).toFixed(2)),
      ]),
    );
    progress(
      `end-to-end: ${records.length} greetings in ${seconds.toFixed(1)} s = ${perSecond} greetings/s`,
    );
    progress(
      `CPU seconds meanwhile: ${Object.entries(cpu)
        .map(([name, value]) => `${name} ${value.toFixed(1)}`)
        .join(", ")}`,
    );
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(RESULTS_DIR, process.env["E2E_LOAD_RESULT"] ?? "load.json"),
      `${JSON.stringify(
        {
          what: "end-to-end greetings/s: first produce to last committed greeting read, after a warm-up greeting",
          greeter:
            process.env["E2E_GREETER_COMMAND"] ??
            "greeter/dist/server.js (GREETER_SOLUTION=classic)",
          users: USERS,
          requestsPerUser: REQUESTS_PER_USER,
          greetings: records.length,
          seconds: Number(seconds.toFixed(2)),
          greetingsPerSecond: perSecond,
          cpuSecondsDuringLoad: cpu,
          date: new Date().toISOString(),
          machine: {
            cpus: cpus().length,
            model: cpus()[0]?.model ?? "unknown",
            memoryGiB: Math.round(totalmem() / 2 ** 30),
          },
          node: process.version,
        },
        null,
        2,
      )}\n`,
    );

    await waitForGreetingsAndSettle(pipeline, collector, 1 + records.length, 60_000);
    const received = collector.byUser();
    const wrong: string[] = [];
    for (let user = 0; user < USERS; user++) {
      const name = userName(user);
      const expected = greetingsFor(name, REQUESTS_PER_USER);
      const actual = received.get(name) ?? [];
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        wrong.push(
          `${name}: ${actual.length} greetings, first difference at ${actual.findIndex((g, i) => g !== expected[i])}`,
        );
      }
    }
    expect(received.get(userName(0))).toEqual(greetingsFor(userName(0), REQUESTS_PER_USER));
    expect(wrong.slice(0, 20), `${wrong.length} users got wrong greetings`).toEqual([]);
    expect(received.size).toBe(USERS + 1);
    expect(collector.count).toBe(1 + records.length);
  });
});
