/**
 * Scenarios 4 and 7: the fidelity scenarios (the classic walkthrough, and the exercise solved
 * with TTL and with a timer) on the real runtime, where a pause is a real sleep. The same data,
 * with the same expected greetings, runs on the in-memory runtime in fidelity.memory.test.ts.
 */
import { describe, expect, it } from "vitest";
import { runOnRealRuntime, WARM_UP_USER } from "../src/drive-real-runtime.js";
import { scenarioLifecycle } from "../src/scenario-lifecycle.js";
import { expectedGreetings, FIDELITY_SCENARIOS } from "../src/scenarios.js";

const scenario = scenarioLifecycle("fidelity");

describe("the fidelity scenarios on the real runtime", () => {
  for (const script of FIDELITY_SCENARIOS) {
    it(script.name, async () => {
      const pipeline = await scenario.start({
        solution: script.solution,
        ...(script.forgetAfterMs === undefined ? {} : { forgetAfterMs: script.forgetAfterMs }),
      });
      const collector = await scenario.collect(pipeline);
      const greetings = await runOnRealRuntime(pipeline, collector, script, scenario.note);

      expect(greetings.get(WARM_UP_USER)).toEqual([`Welcome ${WARM_UP_USER}`]);
      greetings.delete(WARM_UP_USER);
      expect(Object.fromEntries(greetings)).toEqual(Object.fromEntries(expectedGreetings(script)));
      expect(collector.undecodable).toEqual([]);
      expect(await pipeline.statefun.exceptions()).toEqual([]);
    });
  }
});
