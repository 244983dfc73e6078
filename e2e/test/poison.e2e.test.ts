/**
 * Scenario 5: a poison record, bytes on `names` keyed "Mallory" that are not a GreetRequest,
 * among valid requests for Mallory and others. The greeter reports it and skips it; the greetings
 * after it still arrive, and the job never restarts (the endpoint's call timeout is cut to 5 s so
 * that a failing call would show within seconds).
 */
import { describe, expect, it } from "vitest";
import { waitForGreetingsAndSettle } from "../src/drive-real-runtime.js";
import { greetingsFor } from "../src/expected-greetings.js";
import { greetRequestRecord, RequestsProducer } from "../src/requests-producer.js";
import { scenarioLifecycle } from "../src/scenario-lifecycle.js";

const scenario = scenarioLifecycle("poison");

describe("a poison record", () => {
  it("is reported and skipped; every later greeting arrives without a job restart", async () => {
    const pipeline = await scenario.start({ transportCall: "5s" });
    expect(pipeline.module.text).toContain("call: 5s");
    const collector = await scenario.collect(pipeline);
    const producer = await RequestsProducer.connect(pipeline.bootstrapServers);
    scenario.defer(() => producer.disconnect());

    await producer.sendRecords([
      greetRequestRecord("Mallory"),
      greetRequestRecord("Alice"),
      greetRequestRecord("Mallory"),
      { key: "Mallory", value: Buffer.from([0xff, 0xff, 0xff]) },
      greetRequestRecord("Alice"),
      greetRequestRecord("Mallory"),
      greetRequestRecord("Bob"),
      greetRequestRecord("Mallory"),
      greetRequestRecord("Alice"),
    ]);

    await waitForGreetingsAndSettle(pipeline, collector, 8, 120_000);
    expect(Object.fromEntries(collector.byUser())).toEqual({
      Mallory: greetingsFor("Mallory", 4),
      Alice: greetingsFor("Alice", 3),
      Bob: greetingsFor("Bob", 1),
    });

    const reports = pipeline.greeter.lines.filter((line) =>
      line.includes("skipped a record that is not a GreetRequest"),
    );
    expect(reports, pipeline.greeter.lines.join("\n")).toHaveLength(1);
    expect(reports[0]).toContain('typename="type.googleapis.com/example.GreetRequest"');
    expect(reports[0]).toContain('key="Mallory"');
    expect(reports[0]).toMatch(/why="[^"]+"/);
    expect(await pipeline.statefun.exceptions()).toEqual([]);
  });
});
