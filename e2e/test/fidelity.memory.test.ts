/**
 * The fidelity scenarios on `@statefun-ts/testing` (virtual clock: a pause advances it). The same
 * scenarios, with the same expected greetings, run on the real runtime in fidelity.e2e.test.ts.
 */
import { describe, expect, it } from "vitest";
import { runOnTestRuntime } from "../src/drive-test-runtime.js";
import { expectedGreetings, FIDELITY_SCENARIOS } from "../src/scenarios.js";

describe("the fidelity scenarios on the in-memory test runtime", () => {
  for (const scenario of FIDELITY_SCENARIOS) {
    it(scenario.name, async () => {
      const greetings = await runOnTestRuntime(scenario);
      expect(Object.fromEntries(greetings)).toEqual(
        Object.fromEntries(expectedGreetings(scenario)),
      );
    });
  }
});
