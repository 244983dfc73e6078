/** Runs a {@link FidelityScenario} on `@statefun-ts/testing`, the in-memory runtime with a virtual clock. */

import {
  bindGreeter,
  bindGreeterWithTimer,
  bindGreeterWithTtl,
  GREETER_TYPENAME,
  GREETS_EGRESS,
  GreetRequestType,
  GreetResponseType,
} from "@statefun-ts/greeter";
import { messageBuilder, StatefulFunctions, silentLogger } from "@statefun-ts/sdk";
import { TestRuntime } from "@statefun-ts/testing";
import type { FidelityScenario } from "./scenarios.js";

function functionsFor(scenario: FidelityScenario): StatefulFunctions {
  const functions = new StatefulFunctions();
  const options =
    scenario.forgetAfterMs === undefined ? {} : { forgetAfterMs: scenario.forgetAfterMs };
  switch (scenario.solution) {
    case "classic":
      return bindGreeter(functions, silentLogger);
    case "ttl":
      return bindGreeterWithTtl(functions, silentLogger, options);
    case "timer":
      return bindGreeterWithTimer(functions, silentLogger, options);
  }
}

/**
 * Sends each visit as the Kafka ingress would (a GreetRequest to `example/greeter`, id = name),
 * advances the virtual clock for each pause, and returns every user's greetings from the
 * `example/greets` egress, in order.
 */
export async function runOnTestRuntime(scenario: FidelityScenario): Promise<Map<string, string[]>> {
  const runtime = new TestRuntime({ functions: functionsFor(scenario), logger: silentLogger });
  for (const step of scenario.steps) {
    if ("send" in step) {
      await runtime.send(
        messageBuilder({
          typename: GREETER_TYPENAME,
          id: step.send,
          value: { name: step.send },
          valueType: GreetRequestType,
        }),
      );
    } else {
      await runtime.advance(step.pause);
    }
  }
  const greetings = new Map<string, string[]>();
  for (const record of runtime.takeKafka(GREETS_EGRESS, GreetResponseType)) {
    const user = record.key ?? "";
    greetings.set(user, [...(greetings.get(user) ?? []), record.value.greeting]);
  }
  return greetings;
}
