#!/usr/bin/env node
/**
 * `pnpm demo`: the walkthrough on one machine without Kafka or Flink. A stream of names,
 * like the generator's, goes to the greeter through @statefun-ts/testing, whose virtual
 * clock follows real time; the greetings print as the generator prints them.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createNamePicker, formatLine, seededRandom } from "@statefun-ts/generator";
import {
  bindGreeter,
  bindGreeterWithTimer,
  bindGreeterWithTtl,
  GREETER_TYPENAME,
  GREETS_EGRESS,
  GreetRequestType,
  GreetResponseType,
  SeenCountType,
} from "@statefun-ts/greeter";
import { type Logger, StatefulFunctions, stderrLogger } from "@statefun-ts/sdk";
import { TestRuntime } from "@statefun-ts/testing";
import { formatBanner, formatForgotten, formatGreeting, formatSummary } from "./demo-format.js";
import { type DemoOptions, parseDemoOptions, USAGE, UsageError } from "./demo-options.js";

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function bindSolution(options: DemoOptions, logger: Logger): StatefulFunctions {
  const functions = new StatefulFunctions();
  const { forgetAfterMs } = options;
  switch (options.solution) {
    case "classic":
      return bindGreeter(functions, logger);
    case "ttl":
      return bindGreeterWithTtl(functions, logger, { forgetAfterMs });
    case "timer":
      return bindGreeterWithTimer(functions, logger, { forgetAfterMs });
  }
}

async function run(options: DemoOptions): Promise<void> {
  const seed = options.seed ?? Math.floor(Math.random() * 4_294_967_296);
  for (const line of formatBanner(options, seed)) print(line);

  const logger = stderrLogger("warn");
  const runtime = new TestRuntime({ functions: bindSolution(options, logger), logger });
  const pick = createNamePicker(options.names, seededRandom(seed));
  const nameWidth = Math.max(...options.names.map((name) => name.length));
  const lastSeen = new Map<string, number>();
  let sent = 0;
  let greeted = 0;

  const stop = new AbortController();
  const onSignal = (signal: string) => () => {
    print(formatLine("stopping", `on ${signal}`));
    stop.abort();
  };
  const onInt = onSignal("SIGINT");
  const onTerm = onSignal("SIGTERM");
  process.once("SIGINT", onInt);
  process.once("SIGTERM", onTerm);

  const summary = () => ({
    sent,
    greeted,
    remembered: lastSeen.size,
    names: options.names.length,
    virtualMs: runtime.now,
  });

  const start = performance.now();
  let nextSummary = options.summaryIntervalMs;
  try {
    while (!stop.signal.aborted && (options.count === undefined || sent < options.count)) {
      if (sent > 0) {
        try {
          await sleep(options.intervalMs, undefined, { signal: stop.signal });
        } catch {
          break; // Ctrl-C while waiting
        }
      }
      // The virtual clock follows real time: delayed messages and expirations happen as they would.
      const elapsed = Math.round(performance.now() - start);
      await runtime.advance(Math.max(0, elapsed - runtime.now));
      for (const [name, seenAt] of [...lastSeen]) {
        if (runtime.state(GREETER_TYPENAME, name, "seen_count", SeenCountType) === undefined) {
          lastSeen.delete(name);
          print(formatForgotten(name, nameWidth, runtime.now - seenAt));
        }
      }

      const name = pick();
      await runtime.send({
        typename: GREETER_TYPENAME,
        id: name,
        value: { name },
        valueType: GreetRequestType,
      });
      sent++;
      lastSeen.set(name, runtime.now);
      for (const record of runtime.takeKafka(GREETS_EGRESS, GreetResponseType)) {
        greeted++;
        print(formatGreeting(record.value.name, record.value.greeting, nameWidth));
      }
      if (elapsed >= nextSummary) {
        print(formatSummary(summary()));
        nextSummary += options.summaryIntervalMs;
      }
    }
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
  print(formatSummary(summary(), "final"));
}

async function main(): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseDemoOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`demo: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    print(USAGE);
    return 0;
  }
  try {
    await run(options);
    return 0;
  } catch (error) {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
