/**
 * One fresh pipeline per scenario, and nothing left behind: every test file calls
 * {@link scenarioLifecycle} once; each test starts its own pipeline (the job reads `names` from
 * the earliest record, so a broker is never shared between scenarios), and whatever a test
 * started is stopped after it, passed or failed.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Logger, stopAll } from "@statefun-ts/runtime-local";
import {
  type Pipeline,
  type PipelineOptions,
  startPipeline,
} from "@statefun-ts/walkthrough/pipeline";
import { afterAll, afterEach, beforeEach } from "vitest";
import { GreetingsCollector } from "./greetings-collector.js";

/** Where the suite writes its results (ignored by git). */
export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** Progress lines of the suite, on stderr so they show while a scenario runs. */
export function progress(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

/** The pipeline's progress lines, prefixed. */
export const suiteLogger: Logger = {
  info: (message) => progress(message),
  warn: (message) => progress(`warning: ${message}`),
};

/** What a test uses to start its scenario. */
export interface Scenario {
  /** Starts a fresh pipeline for this test; it is stopped after the test. */
  start(options?: PipelineOptions): Promise<Pipeline>;
  /** Starts reading the greetings of `pipeline`; stopped after the test. */
  collect(pipeline: Pipeline): Promise<GreetingsCollector>;
  /** Runs `cleanup` after the test, before the pipeline stops (newest first). */
  defer(cleanup: () => unknown): void;
  /** Logs a progress line with the seconds since the test started. */
  note(message: string): void;
}

interface Timing {
  readonly file: string;
  readonly test: string;
  readonly state: string;
  readonly totalSeconds: number;
  readonly pipelineStartSeconds: number;
}

/**
 * Registers the hooks of a file of scenarios and returns the {@link Scenario} handle its tests
 * use. Prints each test's time (and writes it to `e2e/results/`, for the suite's final table).
 */
export function scenarioLifecycle(file: string): Scenario {
  let pipelines: Pipeline[] = [];
  let cleanups: (() => unknown)[] = [];
  let testStarted = 0;
  let pipelineSeconds = 0;
  const timings: Timing[] = [];

  beforeEach(() => {
    testStarted = Date.now();
    pipelineSeconds = 0;
  });

  afterEach(async (context) => {
    const failed = context.task.result?.state === "fail";
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        progress(`cleanup failed: ${(error as Error).message}`);
      }
    }
    cleanups = [];
    for (const pipeline of pipelines) {
      await pipeline.stop();
      if (failed) {
        progress(
          `kept the files of the failed scenario in ${pipeline.workDir}: logs ${JSON.stringify(pipeline.logFiles)}`,
        );
      } else {
        pipeline.removeFiles();
      }
    }
    pipelines = [];
    const totalSeconds = (Date.now() - testStarted) / 1000;
    const timing: Timing = {
      file,
      test: context.task.name,
      state: failed ? "failed" : "passed",
      totalSeconds,
      pipelineStartSeconds: pipelineSeconds,
    };
    timings.push(timing);
    progress(
      `${failed ? "FAILED" : "passed"} "${context.task.name}" in ${totalSeconds.toFixed(1)} s ` +
        `(starting the pipeline took ${pipelineSeconds.toFixed(1)} s)`,
    );
  }, 120_000);

  afterAll(async () => {
    // Anything a crashed test left running (runtime-local tracks every JVM it started).
    await stopAll();
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(RESULTS_DIR, `timings-${file}.json`),
      `${JSON.stringify(timings, null, 2)}\n`,
    );
  }, 120_000);

  return {
    async start(options = {}) {
      const started = Date.now();
      const pipeline = await startPipeline({ logger: suiteLogger, ...options });
      pipelines.push(pipeline);
      pipelineSeconds += (Date.now() - started) / 1000;
      progress(
        `pipeline up in ${((Date.now() - started) / 1000).toFixed(1)} s (files in ${pipeline.workDir})`,
      );
      return pipeline;
    },
    async collect(pipeline) {
      const collector = await GreetingsCollector.start(pipeline.bootstrapServers);
      cleanups.push(() => collector.stop());
      return collector;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    note(message) {
      progress(`+${((Date.now() - testStarted) / 1000).toFixed(1)} s ${message}`);
    },
  };
}
