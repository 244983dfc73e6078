/**
 * Scenario 2: the greeter is killed (SIGKILL) in the middle of a stream of requests and started
 * again on the same port a few seconds later. The runtime retries the calls that failed, so every
 * greeting arrives exactly once, in order.
 */
import { describe, expect, it } from "vitest";
import { WARM_UP_USER, waitForGreetingsAndSettle } from "../src/drive-real-runtime.js";
import { greetingsFor } from "../src/expected-greetings.js";
import { RequestsProducer } from "../src/requests-producer.js";
import { scenarioLifecycle } from "../src/scenario-lifecycle.js";
import { sleep } from "../src/wait-until.js";

const scenario = scenarioLifecycle("greeter-restart");

/** Six users with 4 to 24 visits each, interleaved round-robin. */
const VISITS: Record<string, number> = {
  Alice: 24,
  Bob: 20,
  Carol: 16,
  Dave: 12,
  Erin: 8,
  Frank: 4,
};

function interleaved(visits: Record<string, number>): string[] {
  const names: string[] = [];
  const most = Math.max(...Object.values(visits));
  for (let round = 0; round < most; round++) {
    for (const [name, count] of Object.entries(visits)) if (round < count) names.push(name);
  }
  return names;
}

describe("the greeter killed mid-stream", () => {
  it("delivers every greeting exactly once, in order, after the greeter comes back", async () => {
    const pipeline = await scenario.start();
    const collector = await scenario.collect(pipeline);
    const producer = await RequestsProducer.connect(pipeline.bootstrapServers);
    scenario.defer(() => producer.disconnect());
    await producer.sendNames([WARM_UP_USER]);
    await collector.waitForCount(1, 120_000);

    const requests = interleaved(VISITS);
    let sent = 0;
    const streaming = producer.stream(requests, 100, (n) => {
      sent = n;
    });

    await collector.waitForCount(1 + 15, 120_000);
    const sentAtKill = sent;
    await pipeline.greeter.kill("SIGKILL");
    scenario.note(`greeter killed after ${sentAtKill} of ${requests.length} requests`);
    await sleep(3_000); // the deliberate outage
    await pipeline.greeter.start();
    scenario.note("greeter started again on the same port");
    await streaming;

    expect(sentAtKill, "the greeter should die in the middle of the stream").toBeLessThan(
      requests.length,
    );
    await waitForGreetingsAndSettle(pipeline, collector, 1 + requests.length, 180_000);
    const expected = Object.fromEntries(
      Object.entries(VISITS).map(([name, n]) => [name, greetingsFor(name, n)]),
    );
    expect(Object.fromEntries(collector.byUser())).toEqual({
      ...expected,
      [WARM_UP_USER]: [`Welcome ${WARM_UP_USER}`],
    });
    expect(pipeline.greeter.lines.filter((line) => line.startsWith("--- start"))).toHaveLength(2);
    scenario.note(`job failures during the run: ${(await pipeline.statefun.exceptions()).length}`);
  });
});
