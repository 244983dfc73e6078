/**
 * Scenario 1: the generator, run as users run it (`node generator/dist/main.js`), against the
 * real pipeline. What was asked for is read back from the `names` topic; every user must get
 * exactly their greetings, in order.
 */
import { describe, expect, it } from "vitest";
import { waitForGreetingsAndSettle } from "../src/drive-real-runtime.js";
import { expectedFromCounts } from "../src/expected-greetings.js";
import { GeneratorProcess } from "../src/generator-process.js";
import { countRequests } from "../src/names-topic.js";
import { scenarioLifecycle } from "../src/scenario-lifecycle.js";

const scenario = scenarioLifecycle("generator");
const MESSAGES = 60;

describe("the generator against the real runtime", () => {
  it("greets every user exactly once per request, in order, and the generator sees them all", async () => {
    const pipeline = await scenario.start();
    const generator = GeneratorProcess.start({
      KAFKA_BROKERS: pipeline.bootstrapServers,
      NAMES: "Alice,Bob,Carol,Dave,Erin",
      MAX_MESSAGES: String(MESSAGES),
      SEED: "7",
      RATE: "10",
    });
    scenario.defer(() => generator.kill());

    const exit = await generator.waitForExit(240_000);
    expect(exit, generator.tail()).toEqual({ code: 0, signal: null });

    const counts = await countRequests(pipeline.bootstrapServers);
    scenario.note(`requests per user: ${JSON.stringify(Object.fromEntries(counts))}`);
    expect([...counts.values()].reduce((sum, n) => sum + n, 0)).toBe(MESSAGES);
    expect(
      new Set(counts.values()).size,
      "the users should have different visit counts",
    ).toBeGreaterThan(1);

    const collector = await scenario.collect(pipeline);
    await waitForGreetingsAndSettle(pipeline, collector, MESSAGES, 120_000);
    expect(Object.fromEntries(collector.byUser())).toEqual(
      Object.fromEntries(expectedFromCounts(counts)),
    );

    // The generator printed each greeting and ended with everything received.
    expect(generator.lines.filter((line) => line.startsWith("greeting "))).toHaveLength(MESSAGES);
    expect(generator.summaries().at(-1)).toMatchObject({
      tag: "final",
      sent: MESSAGES,
      received: MESSAGES,
      inFlight: 0,
      undecodable: 0,
    });
  });
});
