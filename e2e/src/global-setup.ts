/**
 * Before the suite: Java 17+ is there, the runtime jars are resolved (Maven runs the first time,
 * ~310 MB), and the packages are built. Each failure stops the run with what to do. After the
 * suite: a table of every scenario's time.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  consoleLogger,
  detectJava,
  ensureJars,
  RuntimeLocalError,
} from "@statefun-ts/runtime-local";

const root = fileURLToPath(new URL("../../", import.meta.url));
const resultsDir = join(root, "e2e", "results");

const BUILT = ["greeter/dist/server.js", "generator/dist/main.js", "walkthrough/dist/pipeline.js"];

export async function setup(): Promise<() => void> {
  const unbuilt = BUILT.filter((file) => !existsSync(join(root, file)));
  if (unbuilt.length > 0) {
    throw new Error(
      `pnpm e2e runs the built packages: run \`pnpm build\` first (missing ${unbuilt.join(", ")})`,
    );
  }
  try {
    await detectJava();
    // Runs Maven only when the jars are missing; says what to install when Maven is missing.
    await ensureJars({ logger: consoleLogger });
  } catch (error) {
    if (error instanceof RuntimeLocalError) {
      throw new Error(`the end-to-end suite needs the real runtime: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
  mkdirSync(resultsDir, { recursive: true });
  for (const file of readdirSync(resultsDir)) {
    if (file.startsWith("timings-")) rmSync(join(resultsDir, file));
  }
  const started = Date.now();

  return teardownTimings(started);
}

interface Timing {
  readonly file: string;
  readonly test: string;
  readonly state: string;
  readonly totalSeconds: number;
  readonly pipelineStartSeconds: number;
}

function teardownTimings(started: number): () => void {
  return () => {
    if (!existsSync(resultsDir)) return;
    const timings: Timing[] = readdirSync(resultsDir)
      .filter((file) => file.startsWith("timings-") && file.endsWith(".json"))
      .flatMap((file) => JSON.parse(readFileSync(join(resultsDir, file), "utf8")) as Timing[]);
    if (timings.length === 0) return;
    const lines = timings.map(
      (t) =>
        `  ${t.state.padEnd(6)} ${t.totalSeconds.toFixed(1).padStart(6)} s  (pipeline start ${t.pipelineStartSeconds.toFixed(1).padStart(5)} s)  ${t.file}: ${t.test}`,
    );
    process.stderr.write(
      `\n[e2e] scenario timings:\n${lines.join("\n")}\n[e2e] whole suite: ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`,
    );
  };
}
