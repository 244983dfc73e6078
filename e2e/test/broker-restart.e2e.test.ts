/**
 * Scenario 3: the Kafka broker is killed with SIGKILL while the generator runs, and restarted on
 * the same data a few seconds later. The job restarts from its last checkpoint and its
 * exactly-once egress neither loses nor doubles a greeting; the generator rides through the
 * outage instead of crashing.
 */
import { describe, expect, it } from "vitest";
import { waitForGreetingsAndSettle } from "../src/drive-real-runtime.js";
import { expectedFromCounts } from "../src/expected-greetings.js";
import { GeneratorProcess } from "../src/generator-process.js";
import { countRequests } from "../src/names-topic.js";
import { scenarioLifecycle } from "../src/scenario-lifecycle.js";
import { sleep, waitUntil } from "../src/wait-until.js";

const scenario = scenarioLifecycle("broker-restart");

describe("the broker killed mid-stream", () => {
  it("delivers every greeting exactly once, in order, and the generator rides through", async () => {
    const pipeline = await scenario.start();
    const collector = await scenario.collect(pipeline);
    const generator = GeneratorProcess.start({
      KAFKA_BROKERS: pipeline.bootstrapServers,
      NAMES: "Alice,Bob,Carol,Dave,Erin",
      SEED: "11",
      RATE: "10",
      SUMMARY_INTERVAL_MS: "2000",
    });
    scenario.defer(() => generator.kill());

    await collector.waitForCount(20, 180_000);
    const greetingsAtKill = collector.count;
    const sentAtKill = generator.summaries().at(-1)?.sent ?? 0;
    await pipeline.kafka.kill("SIGKILL");
    scenario.note(`broker killed after ${greetingsAtKill} greetings`);
    await sleep(3_000); // the deliberate outage
    await pipeline.kafka.restart();
    const linesAtRestart = generator.lines.length;
    scenario.note("broker restarted on the same data");

    await collector.waitForCount(greetingsAtKill + 30, 180_000);
    scenario.note(`greetings flow again (${collector.count})`);
    // The generator is still running, and its later summaries keep counting.
    await waitUntil(
      () =>
        generator.summaries().some((s) => s.index >= linesAtRestart && s.sent > sentAtKill + 10),
      {
        timeoutMs: 60_000,
        what: "a generator summary after the restart",
        describe: () => generator.tail(),
      },
    );
    expect(generator.exit, generator.tail()).toBeUndefined();

    expect(await generator.stop(), generator.tail()).toEqual({ code: 0, signal: null });
    const counts = await countRequests(pipeline.bootstrapServers);
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    scenario.note(`${total} requests in names: ${JSON.stringify(Object.fromEntries(counts))}`);
    await waitForGreetingsAndSettle(pipeline, collector, total, 180_000);
    expect(Object.fromEntries(collector.byUser())).toEqual(
      Object.fromEntries(expectedFromCounts(counts)),
    );
    expect(collector.undecodable).toEqual([]);
  });
});
