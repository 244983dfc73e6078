/** Runs a {@link FidelityScenario} on the real pipeline: Kafka, StateFun 3.3.0 and the greeter. */

import type { Pipeline } from "@statefun-ts/walkthrough/pipeline";
import type { GreetingsCollector } from "./greetings-collector.js";
import { RequestsProducer } from "./requests-producer.js";
import type { FidelityScenario } from "./scenarios.js";
import { sleep, waitUntil } from "./wait-until.js";

/** The user whose one visit shows that the pipeline answers before a scenario's clock starts. */
export const WARM_UP_USER = "WarmUp";

/**
 * Waits until `count` greetings arrived, then until two more checkpoints completed: exactly-once
 * output is committed at checkpoints, so a greeting written twice would be visible by then.
 */
export async function waitForGreetingsAndSettle(
  pipeline: Pipeline,
  collector: GreetingsCollector,
  count: number,
  timeoutMs: number,
): Promise<void> {
  await collector.waitForCount(count, timeoutMs);
  const checkpoints = await pipeline.statefun.checkpoints();
  await waitUntil(async () => (await pipeline.statefun.checkpoints()) >= checkpoints + 2, {
    timeoutMs: 60_000,
    what: "two more completed checkpoints",
  });
}

/**
 * Sends one visit of {@link WARM_UP_USER} and waits for its greeting, then plays the steps:
 * consecutive visits go in one produce call, in order; a pause is a real sleep. Returns every
 * user's greetings, the warm-up user's included.
 */
export async function runOnRealRuntime(
  pipeline: Pipeline,
  collector: GreetingsCollector,
  scenario: FidelityScenario,
  note: (message: string) => void = () => {},
): Promise<Map<string, string[]>> {
  const producer = await RequestsProducer.connect(pipeline.bootstrapServers);
  try {
    // The pauses must measure the time between two visits as the function sees them, so the
    // pipeline has to be answering before the first one.
    await producer.sendNames([WARM_UP_USER]);
    await collector.waitForCount(1, 120_000);
    note("warm-up greeting arrived; playing the scenario");

    let visits: string[] = [];
    const flush = async () => {
      await producer.sendNames(visits);
      visits = [];
    };
    for (const step of scenario.steps) {
      if ("send" in step) {
        visits.push(step.send);
      } else {
        await flush();
        await sleep(step.pause);
      }
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  const expectedCount =
    1 + Object.values(scenario.expected).reduce((sum, list) => sum + list.length, 0);
  await waitForGreetingsAndSettle(pipeline, collector, expectedCount, 120_000);
  return collector.byUser();
}
